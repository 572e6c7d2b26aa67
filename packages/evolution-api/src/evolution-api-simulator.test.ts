import { describe, expect, it, vi } from 'vitest';
import recordedList from './__fixtures__/evolution-api-recorded-list.json' with { type: 'json' };
import { evolutionApiAdapter } from './evolution-api-adapter.js';
import type { EvolutionApiInstance } from './evolution-api-client.js';
import {
  createFakeInstances,
  createSimulator,
  defaultInstanceCount,
  demoToken,
  EVOLUTION_API_STATES,
  evolutionApiStatusHook,
} from './evolution-api-simulator.js';

const GLOBAL_KEY = 'simulated-global-key';
const recorded = recordedList as unknown as EvolutionApiInstance[];

function serverWithRecordedList() {
  return createSimulator({ instances: recorded, accountToken: GLOBAL_KEY });
}

async function call(
  query = '',
  apikey: string | null = GLOBAL_KEY,
  init: RequestInit = {},
  path = '/instance/fetchInstances',
) {
  const simulator = serverWithRecordedList();
  const headers = new Headers(init.headers);
  if (apikey !== null) headers.set('apikey', apikey);
  const response = await simulator.fetch(`http://localhost:8080${path}${query}`, { ...init, headers });
  return { status: response.status, body: (await response.json()) as unknown };
}

const namesOf = (body: unknown) => (body as EvolutionApiInstance[]).map((instance) => instance.name);

describe('the Evolution API simulator, GET /instance/fetchInstances', () => {
  it('lists every instance for the global key, as a bare array in creation order', async () => {
    const { status, body } = await call();
    expect(status).toBe(200);
    expect(body).toEqual(recorded);
  });

  it('finds one exact, case-sensitive name; a comma is part of it', async () => {
    expect(namesOf((await call('?instanceName=sales-br')).body)).toEqual(['sales-br']);
    expect(namesOf((await call('?instanceName=ops%2Ceast')).body)).toEqual(['ops,east']);
    expect(namesOf((await call('?instanceName=Sales%20BR')).body)).toEqual(['Sales BR']);
    expect(namesOf((await call('?instanceName=')).body)).toHaveLength(5);
  });

  it.each([
    ['?instanceName=sales', 'sales'],
    ['?instanceName=SALES-BR', 'SALES-BR'],
    ['?instanceName=sales-br,support-br', 'sales-br,support-br'],
    ['?instanceId=00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000'],
    ['?number=%2B5511999990001', '+5511999990001'],
  ])('answers %s with the 404 body naming %j', async (query, value) => {
    expect(await call(query)).toEqual({
      status: 404,
      body: { status: 404, error: 'Not Found', response: { message: [`Instance "${value}" not found`] } },
    });
  });

  it('finds by instanceId and by number as stored; either makes instanceName ignored', async () => {
    const byId = await call('?instanceId=13ee3625-78c6-440d-aa0e-55e682650759');
    expect(namesOf(byId.body)).toEqual(['support-br']);
    expect(namesOf((await call('?number=5511999990001')).body)).toEqual(['sales-br']);
    expect(namesOf((await call('?number=5511999990001&instanceName=support-br')).body)).toEqual(['sales-br']);
    // instanceId wins over number.
    const both = await call('?instanceId=13ee3625-78c6-440d-aa0e-55e682650759&number=5511999990001');
    expect(namesOf(both.body)).toEqual(['support-br']);
  });

  it('lets an instance token see only its own instance, and answers 401 when a filter names another', async () => {
    expect(namesOf((await call('', 'TOKEN-SALES-BR')).body)).toEqual(['sales-br']);
    expect(namesOf((await call('?instanceName=sales-br', 'TOKEN-SALES-BR')).body)).toEqual(['sales-br']);
    // `number` is not read for an instance token.
    expect(namesOf((await call('?number=5511999990002', 'TOKEN-SALES-BR')).body)).toEqual(['sales-br']);
    const unauthorized = {
      status: 401,
      body: { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } },
    };
    expect(await call('?instanceName=support-br', 'TOKEN-SALES-BR')).toEqual(unauthorized);
    expect(await call('?instanceName=ghost', 'TOKEN-SALES-BR')).toEqual(unauthorized);
    expect(await call('?instanceId=13ee3625-78c6-440d-aa0e-55e682650759', 'TOKEN-SALES-BR')).toEqual(
      unauthorized,
    );
  });

  it.each([
    ['no apikey', null],
    ['an empty apikey', ''],
    ['an unknown apikey', 'wrong'],
  ])('answers %s with 401 and the string message', async (_, apikey) => {
    expect(await call('', apikey)).toEqual({
      status: 401,
      body: { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } },
    });
  });

  it('answers another method or path with Express’s 404, not a 405', async () => {
    expect(await call('?x=1', GLOBAL_KEY, { method: 'POST' })).toEqual({
      status: 404,
      body: {
        status: 404,
        error: 'Not Found',
        response: { message: ['Cannot POST /instance/fetchInstances?x=1'] },
      },
    });
    expect((await call('', GLOBAL_KEY, {}, '/instance/list')).body).toMatchObject({
      response: { message: ['Cannot GET /instance/list'] },
    });
  });

  it('answers a repeated filter with a 500 whose message is a string', async () => {
    const { status, body } = await call('?instanceName=a&instanceName=b');
    expect(status).toBe(500);
    expect(body).toMatchObject({
      status: 500,
      error: 'Internal Server Error',
      response: { message: expect.any(String) },
    });
  });

  it('sees changes to its instances, and reset() brings back the first ones', async () => {
    const simulator = serverWithRecordedList();
    simulator.instances.splice(0, 4);
    const list = async () =>
      namesOf(
        await (
          await simulator.fetch('http://localhost:8080/instance/fetchInstances', {
            headers: { apikey: GLOBAL_KEY },
          })
        ).json(),
      );
    expect(await list()).toEqual(['Sales BR']);
    simulator.reset();
    expect(await list()).toHaveLength(5);
  });

  it('serves under a base URL with a path, and defaults to the demo key and every state', async () => {
    const simulator = createSimulator({ baseUrl: 'http://127.0.0.1:9999/evolution/' });
    expect(simulator.baseUrl).toBe('http://127.0.0.1:9999/evolution');
    expect(simulator.accountToken).toBe(demoToken);
    expect(simulator.instances).toHaveLength(defaultInstanceCount);
    const response = await simulator.fetch('http://127.0.0.1:9999/evolution/instance/fetchInstances', {
      headers: { apikey: demoToken },
    });
    expect(response.status).toBe(200);
  });
});

describe('the Evolution API simulator, log and faults', () => {
  const LIST = 'http://localhost:8080/instance/fetchInstances';

  it('logs how it judged each key, and masks the key', async () => {
    const simulator = serverWithRecordedList();
    await simulator.fetch(LIST, { headers: { apikey: GLOBAL_KEY } });
    await simulator.fetch(`${LIST}?instanceName=support-br`, { headers: { apikey: 'TOKEN-SALES-BR' } });
    await simulator.fetch(LIST, { headers: { apikey: 'wrong' } });
    await simulator.fetch(LIST);
    expect(simulator.requests.map((entry) => [entry.credential, entry.status])).toEqual([
      ['account', 200],
      ['instance', 401],
      ['invalid', 401],
      ['missing', 401],
    ]);
    expect(JSON.stringify(simulator.requests)).not.toContain(GLOBAL_KEY);
    expect(JSON.stringify(simulator.requests)).not.toContain('TOKEN-SALES-BR');
  });

  it('answers an injected fault in its own error shape: a string for 401 and 5xx, an array otherwise', async () => {
    const simulator = serverWithRecordedList();
    simulator.injectFault({ type: 'status', status: 503 });
    simulator.injectFault({ type: 'status', status: 400 });
    const answer = async () => (await simulator.fetch(LIST, { headers: { apikey: GLOBAL_KEY } })).json();
    expect(await answer()).toEqual({
      status: 503,
      error: 'Service Unavailable',
      response: { message: 'Service Unavailable' },
    });
    expect(await answer()).toEqual({
      status: 400,
      error: 'Bad Request',
      response: { message: ['Bad Request'] },
    });
    expect(await answer()).toHaveLength(5);
  });

  it('drifts, when told to, to what the published description says: an object of v1-shaped items', async () => {
    const simulator = serverWithRecordedList();
    simulator.injectFault({ type: 'wrong-shape' });
    const body = (await (await simulator.fetch(LIST, { headers: { apikey: GLOBAL_KEY } })).json()) as {
      status: number;
      response: unknown[];
    };
    expect(body.status).toBe(200);
    expect(body.response[0]).toEqual({
      instance: { instanceName: 'ops,east', instanceId: recorded[0]?.id, owner: null, status: 'close' },
    });
  });
});

describe('the Evolution API simulator, changes', () => {
  it('sets every state by name, with what the server writes beside it, and the adapter reads each', () => {
    const simulator = createSimulator({ count: 6, seed: 4 });
    const name = simulator.instances[2]!.name;
    const statuses = simulator.statusValues.map((state) => {
      const item = simulator.setStatus(name, state);
      expect(simulator.statusOf(item)).toEqual(state);
      if (item.disconnectionReasonCode === null) expect(item.disconnectionAt).toBeNull();
      else expect(item.disconnectionAt).toBe(item.updatedAt);
      return evolutionApiAdapter.normalize(item, 'e').status;
    });
    expect(statuses).toEqual([
      'connected',
      'connecting',
      'disconnected',
      'logged_out',
      'disconnected',
      'disconnected',
    ]);
    expect(() => simulator.setStatus(name, 'closed')).toThrowError(/unknown status/);
    expect(simulator.changes.filter((change) => change.type === 'changed')).toHaveLength(6);
  });

  it('churns on its clock, the same way for the same seed', () => {
    vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const run = () => {
        const simulator = createSimulator({ count: 6, seed: 4, churn: { intervalMs: 1_000, seed: 9 } });
        vi.advanceTimersByTime(20_000);
        simulator.stopChurn();
        return simulator.instances.map((item) => [item.name, simulator.statusOf(item)]);
      };
      const first = run();
      expect(run()).toEqual(first);
      expect(first).not.toEqual(
        createSimulator({ count: 6, seed: 4 }).instances.map((item) => [
          item.name,
          evolutionApiStatusHook.read(item),
        ]),
      );
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createFakeInstances', () => {
  it('gives the same items for the same seed, and others for another', () => {
    expect(createFakeInstances(20, { seed: 7 })).toEqual(createFakeInstances(20, { seed: 7 }));
    expect(createFakeInstances(20, { seed: 8 })).not.toEqual(createFakeInstances(20, { seed: 7 }));
  });

  it('covers every state in a list of six, with unique names, ids, tokens and numbers', () => {
    for (const seed of [1, 2, 3]) {
      const items = createFakeInstances(60, { seed });
      const states = new Set(
        items.slice(0, 6).map((item) => `${item.connectionStatus}:${item.disconnectionReasonCode}`),
      );
      expect(states).toEqual(
        new Set(
          EVOLUTION_API_STATES.map((state) => `${state.connectionStatus}:${state.disconnectionReasonCode}`),
        ),
      );
      for (const field of ['name', 'id', 'token'] as const) {
        expect(new Set(items.map((item) => item[field])).size).toBe(items.length);
      }
      const numbers = items.map((item) => item.number).filter((number) => number !== null);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(items.some((item) => item.name.includes(','))).toBe(true);
    }
  });

  it('has exactly the fields of a recorded v2.3.6 row, nested rows included', () => {
    const sorted = (value: object | null | undefined) => Object.keys(value ?? {}).sort();
    const [row] = recorded;
    for (const item of createFakeInstances(40, { seed: 3 })) {
      expect(sorted(item)).toEqual(sorted(row));
      expect(sorted(item._count)).toEqual(sorted(row?._count));
      expect(sorted(item.Setting)).toEqual(sorted(row?.Setting));
      expect(item.createdAt! <= item.updatedAt!).toBe(true);
      // Never connected (a first QR code, or created and left): no owner yet.
      const neverConnected =
        item.connectionStatus === 'connecting' ||
        (item.connectionStatus === 'close' && item.disconnectionReasonCode === null);
      if (neverConnected) expect(item.ownerJid).toBeNull();
    }
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => createFakeInstances(-1)).toThrowError(/count/);
    expect(() => createFakeInstances(1.5)).toThrowError(/count/);
  });
});
