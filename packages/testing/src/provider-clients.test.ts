import { createHypersenderClient } from '@switchboard/hypersender';
import { ConnectionError } from '@switchboard/runtime';
import { createRyzeApiClient } from '@switchboard/ryzeapi';
import { createWachatClient } from '@switchboard/wachat';
import { createZApiClient } from '@switchboard/z-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulators } from './create-simulators.js';
import { startSimulatorServer } from './simulator-server.js';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * The simulators now answer as the providers do without the headers their clients must send (issue 17:
 * Z-API's Content-Type, Hypersender's Accept). Until the clients send them themselves, these tests add
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
const hypersenderHeaders = { accept: 'application/json' };

describe('the raw provider clients against the simulators', () => {
  it('Z-API: the client takes the 201 page as data and can walk every page', async () => {
    const simulators = createSimulators({ counts: { 'z-api': 250 } });
    const client = createZApiClient({
      token: simulators.tokens['z-api'],
      fetch: withClientHeaders(simulators.fetch, zApiHeaders),
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
    expect(seen).toEqual(simulators['z-api'].instances.map((item) => item.id));
    expect(simulators['z-api'].requests.map((entry) => entry.query.page)).toEqual(['1', '2', '3']);
  });

  it('Z-API: a wrong token comes back as { error, response } with 401', async () => {
    const simulators = createSimulators();
    const client = createZApiClient({
      token: 'wrong',
      fetch: withClientHeaders(simulators.fetch, zApiHeaders),
      maxRetries: 0,
    });
    const { data, error, response } = await client.GET('/instances', {
      params: { query: { page: 1, pageSize: 5 } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ error: 'Unauthorized' });
  });

  it('RyzeAPI: the client retries an injected 503 and gets the list; the log shows both attempts', async () => {
    const simulators = createSimulators({ counts: { ryzeapi: 4 } });
    simulators.ryzeapi.injectFault({ type: 'status', status: 503, headers: { 'Retry-After': '0' } });
    const client = createRyzeApiClient({
      token: simulators.tokens.ryzeapi,
      fetch: simulators.fetch,
      rateLimit: false,
    });
    const { data } = await client.GET('/instance/list');
    expect(data?.meta.total).toBe(4);
    expect(simulators.ryzeapi.requests.map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('RyzeAPI: the comma filter goes through as one value and follows the documented rules', async () => {
    const simulators = createSimulators({ counts: { ryzeapi: 3 } });
    const [first, second] = simulators.ryzeapi.instances;
    const client = createRyzeApiClient({
      token: simulators.tokens.ryzeapi,
      fetch: simulators.fetch,
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

  it('RyzeAPI: a client that keeps to the limit never draws a 429; one that does not is refused', async () => {
    vi.useFakeTimers();
    const limit = { requests: 3, perMs: 1_000 };
    const simulators = createSimulators({ counts: { ryzeapi: 1 }, rateLimit: limit });
    const polite = createRyzeApiClient({
      token: simulators.tokens.ryzeapi,
      fetch: simulators.fetch,
      rateLimit: limit,
    });
    const burst = Promise.all(Array.from({ length: 7 }, () => polite.GET('/instance/list')));
    await vi.advanceTimersByTimeAsync(3_000);
    const results = await burst;
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(simulators.ryzeapi.requests.map((entry) => entry.status)).not.toContain(429);

    simulators.reset();
    const rude = createRyzeApiClient({
      token: simulators.tokens.ryzeapi,
      fetch: simulators.fetch,
      rateLimit: false,
      maxRetries: 0,
    });
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => rude.GET('/instance/list')))).map(
      (result) => result.response.status,
    );
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('Hypersender: the client sends filter[phone] with its + encoded, so the exact match finds it', async () => {
    const simulators = createSimulators({ counts: { hypersender: 5 } });
    const target = simulators.hypersender.instances[3]!;
    const client = createHypersenderClient({
      token: simulators.tokens.hypersender,
      fetch: withClientHeaders(simulators.fetch, hypersenderHeaders),
    });
    const { data } = await client.GET('/instances', {
      params: { query: { 'filter[phone]': target.phone, 'filter[status]': target.status } },
    });
    expect(data).toEqual([target]);
    expect(simulators.hypersender.requests[0]?.query['filter[phone]']).toBe(target.phone);
  });

  it('Hypersender: an invalid status filter comes back as a 422 error body', async () => {
    const simulators = createSimulators();
    const client = createHypersenderClient({
      token: simulators.tokens.hypersender,
      fetch: withClientHeaders(simulators.fetch, hypersenderHeaders),
    });
    const { error, response } = await client.GET('/instances', {
      params: { query: { 'filter[status]': 'working' as never } },
    });
    expect(response.status).toBe(422);
    expect(error).toMatchObject({ message: 'The selected filter.status is invalid.' });
  });

  it('Wachat: 403 for a restricted subscription, and a dropped connection throws ConnectionError after retries', async () => {
    const simulators = createSimulators({ counts: { wachat: 2 } });
    const client = createWachatClient({
      token: simulators.tokens.wachat,
      fetch: simulators.fetch,
      maxRetries: 1,
    });
    simulators.wachat.restrictedTokens.add(simulators.tokens.wachat);
    expect((await client.GET('/instance/list')).response.status).toBe(403);
    simulators.wachat.restrictedTokens.clear();
    vi.useFakeTimers();
    simulators.wachat.injectFault({ type: 'drop-connection', times: 2 });
    const pending = client.GET('/instance/list').catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    const failure = await pending;
    expect(ConnectionError.isInstance(failure)).toBe(true);
    expect(String((failure as Error).message)).not.toContain(simulators.tokens.wachat);
    expect(simulators.wachat.requests.map((entry) => entry.outcome)).toEqual([
      'response',
      'dropped',
      'dropped',
    ]);
  });

  it('every client works against the HTTP server at its base URL', async () => {
    const server = await startSimulatorServer({
      counts: { 'z-api': 3, ryzeapi: 3, hypersender: 3, wachat: 3 },
    });
    try {
      const zApi = createZApiClient({
        token: server.tokens['z-api'],
        baseUrl: server.baseUrls['z-api'],
        fetch: withClientHeaders(globalThis.fetch, zApiHeaders),
      });
      const ryze = createRyzeApiClient({ token: server.tokens.ryzeapi, baseUrl: server.baseUrls.ryzeapi });
      const hypersender = createHypersenderClient({
        token: server.tokens.hypersender,
        baseUrl: server.baseUrls.hypersender,
        fetch: withClientHeaders(globalThis.fetch, hypersenderHeaders),
      });
      const wachat = createWachatClient({ token: server.tokens.wachat, baseUrl: server.baseUrls.wachat });
      const [zApiPage, ryzeList, hypersenderList, wachatList] = await Promise.all([
        zApi.GET('/instances', { params: { query: { page: 1, pageSize: 10 } } }),
        ryze.GET('/instance/list'),
        hypersender.GET('/instances'),
        wachat.GET('/instance/list'),
      ]);
      expect(zApiPage.data?.content).toHaveLength(3);
      expect(ryzeList.data?.instances).toHaveLength(3);
      expect(hypersenderList.data).toHaveLength(3);
      expect(wachatList.data?.count).toBe(3);
    } finally {
      await server.close();
    }
  });
});
