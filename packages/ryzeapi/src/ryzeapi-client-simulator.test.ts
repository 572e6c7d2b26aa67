import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRyzeApiClient } from './ryzeapi-client.js';
import { createRyzeApiSimulator } from './ryzeapi-simulator.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the raw client against the simulator', () => {
  it('the client retries an injected 503 and gets the list; the log shows both attempts', async () => {
    const simulator = createRyzeApiSimulator({ count: 4 });
    simulator.injectFault({ type: 'status', status: 503, headers: { 'Retry-After': '0' } });
    const client = createRyzeApiClient({
      token: simulator.accountToken,
      fetch: simulator.fetch,
      rateLimit: false,
    });
    const { data } = await client.GET('/instance/list');
    expect(data?.meta.total).toBe(4);
    expect(simulator.requests.map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('the comma filter goes through as one value and follows the documented rules', async () => {
    const simulator = createRyzeApiSimulator({ count: 3 });
    const [first, second] = simulator.instances;
    const client = createRyzeApiClient({
      token: simulator.accountToken,
      fetch: simulator.fetch,
      rateLimit: false,
    });
    const several = await client.GET('/instance/list', {
      params: { query: { instanceName: `${first!.name}, ghost ,${second!.name}` } },
    });
    expect(several.data?.instances.map((item) => item.name)).toEqual([first!.name, second!.name]);
    const missing = await client.GET('/instance/list', { params: { query: { instanceName: 'ghost' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ success: false, error: { message: 'Instance not found' } });
  });

  it('a client that keeps to the limit never draws a 429; one that does not is refused', async () => {
    vi.useFakeTimers();
    const limit = { requests: 3, perMs: 1_000 };
    const simulator = createRyzeApiSimulator({ count: 1, rateLimit: limit });
    const polite = createRyzeApiClient({
      token: simulator.accountToken,
      fetch: simulator.fetch,
      rateLimit: limit,
    });
    const burst = Promise.all(Array.from({ length: 7 }, () => polite.GET('/instance/list')));
    await vi.advanceTimersByTimeAsync(3_000);
    const results = await burst;
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(simulator.requests.map((entry) => entry.status)).not.toContain(429);

    simulator.reset();
    const rude = createRyzeApiClient({
      token: simulator.accountToken,
      fetch: simulator.fetch,
      rateLimit: false,
      maxRetries: 0,
    });
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => rude.GET('/instance/list')))).map(
      (result) => result.response.status,
    );
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
