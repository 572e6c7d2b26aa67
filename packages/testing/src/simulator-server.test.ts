import { builtInProvidersByKey } from '@switchboard/providers';
import { ValidationError } from '@switchboard/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import {
  itemsOf,
  LIST_PATHS,
  listRequest,
  REQUEST_PATHS,
  SUCCESS_STATUS,
} from './__fixtures__/list-request.js';
import { createSpecValidator } from './__fixtures__/spec-validator.js';
import { createSimulators } from './create-simulators.js';
import { SIMULATED_PROVIDERS } from './providers.js';
import { type SimulatorServer, startSimulatorServer } from './simulator-server.js';

const servers: SimulatorServer[] = [];

const FIRST = SIMULATED_PROVIDERS[0]!;
const SECOND = SIMULATED_PROVIDERS[1 % SIMULATED_PROVIDERS.length]!;
const LAST = SIMULATED_PROVIDERS.at(-1)!;

/** The path of a provider's real base URL (`/api/v1`), without a trailing slash. */
function basePathOf(provider: (typeof SIMULATED_PROVIDERS)[number]): string {
  return new URL(builtInProvidersByKey[provider].metadata.defaultBaseUrl).pathname.replace(/\/$/, '');
}

async function start(options: Parameters<typeof startSimulatorServer>[0] = {}) {
  const server = await startSimulatorServer(options);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('startSimulatorServer', () => {
  it('listens on 127.0.0.1 with a free port, keeping each real base path', async () => {
    const server = await start({ seed: 1 });
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    // Each keeps its real base path; one whose path an earlier provider holds goes under `/<key>`.
    const taken = new Set<string>();
    for (const provider of SIMULATED_PROVIDERS) {
      const path = basePathOf(provider);
      const mount = taken.has(path) ? `/${provider}${path}` : path;
      taken.add(mount);
      expect(server.baseUrls[provider]).toBe(`${server.origin}${mount}`);
    }
    expect(new Set(Object.values(server.baseUrls)).size).toBe(SIMULATED_PROVIDERS.length);
    expect(server.tokens).toEqual(server.simulators.tokens);
  });

  it.each(SIMULATED_PROVIDERS)(
    'serves %s over real HTTP, with the same items and spec-valid bodies',
    async (provider) => {
      const server = await start({
        seed: 3,
        counts: Object.fromEntries(
          SIMULATED_PROVIDERS.map((key, index) => [key, index === 0 ? 250 : 5 * index]),
        ),
      });
      const [url, init] = listRequest(provider, server.baseUrls[provider], server.tokens[provider]);
      const response = await fetch(url, init);
      expect(response.status).toBe(SUCCESS_STATUS[provider]);
      const body: unknown = await response.json();
      const expected = server.simulators.simulator(provider).instances;
      // A provider that pages answers the first page of 100 that the request asks for.
      const pages = builtInProvidersByKey[provider].metadata.listOperation.paging.style !== 'none';
      expect(itemsOf(provider, body)).toEqual(pages ? expected.slice(0, 100) : expected);
      expect(
        createSpecValidator(provider).validateBody(LIST_PATHS[provider], 'get', response.status, body),
      ).toBeUndefined();
      expect(server.simulators.simulator(provider).requests).toHaveLength(1);
      for (const other of SIMULATED_PROVIDERS.filter((name) => name !== provider)) {
        expect(server.simulators.simulator(other).requests).toHaveLength(0);
      }
    },
  );

  it('routes nested base paths apart: each request reaches its own provider alone', async () => {
    const server = await start();
    for (const provider of SIMULATED_PROVIDERS) {
      const before = SIMULATED_PROVIDERS.map((key) => server.simulators.simulator(key).requests.length);
      const [url, init] = listRequest(provider, server.baseUrls[provider], server.tokens[provider]);
      const response = await fetch(url, init);
      expect(response.status).toBe(SUCCESS_STATUS[provider]);
      expect(Array.isArray(itemsOf(provider, await response.json()))).toBe(true);
      const after = SIMULATED_PROVIDERS.map((key) => server.simulators.simulator(key).requests.length);
      expect(after).toEqual(
        before.map((count, index) => count + (SIMULATED_PROVIDERS[index] === provider ? 1 : 0)),
      );
    }
  });

  it("keeps a rate-limited provider's headers and status over HTTP", async () => {
    const limited = SIMULATED_PROVIDERS.find(
      (provider) => builtInProvidersByKey[provider].metadata.rateLimit !== null,
    );
    expect(limited, 'a provider whose spec documents a rate limit').toBeDefined();
    const provider = limited!;
    const server = await start({ rateLimit: { requests: 2, perMs: 60_000 } });
    const [url, init] = listRequest(provider, server.baseUrls[provider], server.tokens[provider]);
    expect((await fetch(url, init)).status).toBe(SUCCESS_STATUS[provider]);
    expect((await fetch(url, init)).status).toBe(SUCCESS_STATUS[provider]);
    const over = await fetch(url, init);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('content-type')).toMatch(/^application\/json/);
    // The same answer in process: the server passes status, headers and body through as they are.
    const inProcess = createSimulators({ rateLimit: { requests: 2, perMs: 60_000 } });
    const [processUrl, processInit] = listRequest(
      provider,
      inProcess.baseUrls[provider],
      inProcess.tokens[provider],
    );
    for (let request = 0; request < 2; request++) await inProcess.fetch(processUrl, processInit);
    const expected = await inProcess.fetch(processUrl, processInit);
    expect(await over.json()).toEqual(await expected.json());
    for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining']) {
      expect(over.headers.get(name)).toBe(expected.headers.get(name));
    }
  });

  it('destroys the socket for a dropped connection: the client sees a network error', async () => {
    const server = await start();
    server.simulators.simulator(LAST).injectFault({ type: 'drop-connection' });
    const [url, init] = listRequest(LAST, server.baseUrls[LAST], server.tokens[LAST]);
    await expect(fetch(url, init)).rejects.toThrow(TypeError);
    expect((await fetch(url, init)).status).toBe(SUCCESS_STATUS[LAST]);
    expect(server.simulators.simulator(LAST).requests.map((entry) => entry.outcome)).toEqual([
      'dropped',
      'response',
    ]);
  });

  it('sends a malformed JSON body as it is', async () => {
    const server = await start();
    server.simulators.simulator(SECOND).injectFault({ type: 'malformed-json' });
    const [url, init] = listRequest(SECOND, server.baseUrls[SECOND], server.tokens[SECOND]);
    const response = await fetch(url, init);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('stops the latency wait when the client goes away, and logs the request as aborted', async () => {
    const server = await start();
    const simulator = server.simulators.simulator(FIRST);
    simulator.injectFault({ type: 'latency', ms: 60_000 });
    const controller = new AbortController();
    const [url, init] = listRequest(FIRST, server.baseUrls[FIRST], server.tokens[FIRST]);
    const pending = fetch(url, { ...init, signal: controller.signal });
    await expect.poll(() => simulator.inFlight).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => simulator.requests[0]?.outcome).toBe('aborted');
    expect(simulator.inFlight).toBe(0);
  });

  it('answers an unknown path with a client error and a non-GET with 405', async () => {
    const server = await start();
    for (const provider of SIMULATED_PROVIDERS) {
      const [url, init] = listRequest(provider, server.baseUrls[provider], server.tokens[provider]);
      const unknown = await fetch(`${server.baseUrls[provider]}/no-such-endpoint/whatever`, init);
      // A 404, or the 400 an API such as Graph answers an unknown path with: a client error, never a list.
      expect([400, 404], provider).toContain(unknown.status);
      // Only a spec that documents a 405 says how the API answers another method.
      if (!createSpecValidator(provider).documentedStatuses(LIST_PATHS[provider], 'get').includes('405'))
        continue;
      const headers = { ...(init.headers as Record<string, string>), 'content-type': 'application/json' };
      const post = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ hello: 'world' }) });
      expect(post.status, provider).toBe(405);
    }
  });

  it('serves simulators it is given, and logs what they received', async () => {
    const simulators = createSimulators({ counts: { [LAST]: 2 } });
    const server = await start({ simulators });
    expect(server.simulators).toBe(simulators);
    const [url, init] = listRequest(LAST, server.baseUrls[LAST], server.tokens[LAST]);
    await fetch(url, init);
    expect(simulators.simulator(LAST).requests[0]).toMatchObject({
      path: REQUEST_PATHS[LAST],
      status: SUCCESS_STATUS[LAST],
    });
  });

  it('closes, and further requests fail', async () => {
    const server = await startSimulatorServer();
    const [url, init] = listRequest(LAST, server.baseUrls[LAST], server.tokens[LAST]);
    expect((await fetch(url, init)).status).toBe(SUCCESS_STATUS[LAST]);
    await server.close();
    await server.close();
    await expect(fetch(url, init)).rejects.toThrow(TypeError);
  });

  it('rejects a bad port with a ValidationError', async () => {
    await expect(startSimulatorServer({ port: -1 })).rejects.toThrow(ValidationError);
    await expect(startSimulatorServer({ port: 70_000 })).rejects.toThrow(ValidationError);
  });
});
