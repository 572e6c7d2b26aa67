import { describe, expect, it } from 'vitest';
import type { WachatInstance } from './index.js';
import { createWachatSimulator, demoToken, WACHAT_STATES } from './wachat-simulator.js';

const LIST = 'https://app.wachat.net/api/v1/instance/list';

async function list(simulator: ReturnType<typeof createWachatSimulator>, token: string | null = demoToken) {
  const response = await simulator.fetch(LIST, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      success: boolean;
      count: number;
      instances: WachatInstance[];
      message?: string;
    },
  };
}

describe('Wachat simulator: GET /instance/list', () => {
  it('answers { success, count, instances } with every instance of the account', async () => {
    const simulator = createWachatSimulator({ count: 5 });
    const { status, body } = await list(simulator);
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, count: 5, instances: simulator.instances });
  });

  it('counts what it lists, also after the instances change', async () => {
    const simulator = createWachatSimulator({ count: 3 });
    simulator.instances.pop();
    const { body } = await list(simulator);
    expect(body.count).toBe(2);
    expect(body.instances).toHaveLength(2);
  });

  it.each([
    ['a missing key', null],
    ['a wrong key', 'wrong-key'],
  ])('answers %s with 401', async (_case, token) => {
    const { status, body } = await list(createWachatSimulator({ count: 1 }), token);
    expect(status).toBe(401);
    expect(body.success).toBe(false);
    expect(body.message).toMatch(/API key/);
  });

  it('answers a key with a restricted subscription with 403, whether set as an option or later', async () => {
    const simulator = createWachatSimulator({ count: 1, restrictedTokens: ['restricted-key'] });
    const restricted = await list(simulator, 'restricted-key');
    expect(restricted.status).toBe(403);
    expect(restricted.body).toMatchObject({ success: false, message: expect.stringMatching(/subscription/) });
    expect((await list(simulator)).status).toBe(200);
    simulator.restrictedTokens.add(simulator.accountToken);
    expect((await list(simulator)).status).toBe(403);
    expect(simulator.requests.map((entry) => entry.credential)).toEqual([
      'restricted',
      'account',
      'restricted',
    ]);
  });

  it('answers 500 through fault injection, then serves again', async () => {
    const simulator = createWachatSimulator({ count: 1 });
    simulator.injectFault({ type: 'status', status: 500 });
    const failed = await list(simulator);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ success: false, message: 'Internal server error' });
    expect((await list(simulator)).status).toBe(200);
  });

  it('ignores query parameters: the endpoint takes none', async () => {
    const simulator = createWachatSimulator({ count: 3 });
    const response = await simulator.fetch(`${LIST}?instanceName=nothing`, {
      headers: { authorization: `Bearer ${demoToken}` },
    });
    expect(((await response.json()) as { count: number }).count).toBe(3);
  });
});

describe('Wachat simulator: changing instances', () => {
  it('setStatus writes state, status and isConnected together', async () => {
    const simulator = createWachatSimulator({ count: 1 });
    const id = simulator.instances[0]?.id as number;
    const name = simulator.instances[0]?.apiInstanceName as string;
    for (const state of WACHAT_STATES) {
      simulator.setStatus(name, state);
      const { body } = await list(simulator);
      expect(body.instances[0]).toMatchObject({ id, state, status: state, isConnected: state === 'open' });
    }
  });
});
