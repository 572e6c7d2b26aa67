import { describe, expect, it } from 'vitest';
import { ryzeApiProvider } from './ryzeapi-provider.js';
import { createRyzeApiSimulator } from './ryzeapi-simulator.js';

function listWith(filter: { names?: string[] }) {
  const simulator = createRyzeApiSimulator({ count: 6, seed: 11, rateLimit: false });
  const { adapter } = ryzeApiProvider;
  const client = adapter.createClient({
    token: simulator.accountToken,
    fetch: simulator.fetch,
    maxRetries: 0,
    rateLimit: false,
  });
  const result = adapter.listPage(client, { account: 'r', page: { number: 1 }, filter, settings: {} });
  return { simulator, result };
}

describe('ryzeApiProvider', () => {
  it('reads the 404 for one unknown name as a listing of nothing', async () => {
    const { simulator, result } = listWith({ names: ['No such instance'] });
    await expect(result).resolves.toEqual({ instances: [], next: null });
    expect(simulator.requests.map((request) => [request.query.instanceName, request.status])).toEqual([
      ['No such instance', 404],
    ]);
  });

  it('does not push down a name with a comma, which the API would split', async () => {
    const { simulator, result } = listWith({ names: ['Sales, North'] });
    await result;
    expect(simulator.requests.map((request) => request.query.instanceName)).toEqual([undefined]);
  });

  it('pushes several names as one comma-joined instanceName', async () => {
    const { simulator, result } = listWith({ names: ['sales', 'support'] });
    await result;
    expect(simulator.requests.map((request) => request.query.instanceName)).toEqual(['sales,support']);
  });

  it('declares its environment variables, its header auth and its rate limit', () => {
    expect(ryzeApiProvider.environment).toEqual({ token: 'RYZEAPI_TOKEN', baseUrl: 'RYZEAPI_BASE_URL' });
    expect(ryzeApiProvider.metadata.auth).toEqual({ scheme: 'header', header: 'token' });
    expect(ryzeApiProvider.metadata.rateLimit).toEqual({ requests: 100, perMs: 60_000 });
  });
});
