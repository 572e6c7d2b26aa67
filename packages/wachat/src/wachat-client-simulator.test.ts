import { ConnectionError } from '@switchboard/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWachatClient } from './wachat-client.js';
import { createWachatSimulator } from './wachat-simulator.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the raw client against the simulator', () => {
  it('403 for a restricted subscription, and a dropped connection throws ConnectionError after retries', async () => {
    const simulator = createWachatSimulator({ count: 2 });
    const client = createWachatClient({
      token: simulator.accountToken,
      fetch: simulator.fetch,
      maxRetries: 1,
    });
    simulator.restrictedTokens.add(simulator.accountToken);
    expect((await client.GET('/instance/list')).response.status).toBe(403);
    simulator.restrictedTokens.clear();
    vi.useFakeTimers();
    simulator.injectFault({ type: 'drop-connection', times: 2 });
    const pending = client.GET('/instance/list').catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    const failure = await pending;
    expect(ConnectionError.isInstance(failure)).toBe(true);
    expect(String((failure as Error).message)).not.toContain(simulator.accountToken);
    expect(simulator.requests.map((entry) => entry.outcome)).toEqual(['response', 'dropped', 'dropped']);
  });
});
