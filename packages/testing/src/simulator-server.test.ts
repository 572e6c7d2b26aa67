import { ValidationError } from '@switchboard/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { itemsOf, LIST_PATHS, listRequest, SUCCESS_STATUS } from './__fixtures__/list-request.js';
import { createSpecValidator } from './__fixtures__/spec-validator.js';
import { createSimulators } from './create-simulators.js';
import { SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';
import { type SimulatorServer, startSimulatorServer } from './simulator-server.js';

const servers: SimulatorServer[] = [];

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
    expect(server.baseUrls).toMatchObject({
      'z-api': server.origin,
      ryzeapi: `${server.origin}/api`,
      hypersender: `${server.origin}/api/whatsapp/v1`,
      wachat: `${server.origin}/api/v1`,
    });
    // Every provider has an address of its own, its real base path or `/<key>` before it.
    const urls = Object.entries(server.baseUrls);
    expect(new Set(urls.map(([, url]) => url)).size).toBe(urls.length);
    for (const [provider, url] of urls) {
      const { basePath } = server.simulators[provider as SimulatedProvider];
      expect([`${server.origin}${basePath}`, `${server.origin}/${provider}${basePath}`]).toContain(url);
    }
    expect(server.tokens).toEqual(server.simulators.tokens);
  });

  it.each(SIMULATED_PROVIDERS)(
    'serves %s over real HTTP, with the same items and spec-valid bodies',
    async (provider) => {
      const server = await start({
        seed: 3,
        counts: { 'z-api': 250, ryzeapi: 20, hypersender: 10, wachat: 5 },
      });
      const [url, init] = listRequest(provider, server.baseUrls[provider], server.tokens[provider]);
      const response = await fetch(url, init);
      expect(response.status).toBe(SUCCESS_STATUS[provider]);
      const body: unknown = await response.json();
      const expected = server.simulators[provider].instances;
      expect(itemsOf(provider, body)).toEqual(provider === 'z-api' ? expected.slice(0, 100) : expected);
      expect(
        createSpecValidator(provider).validateBody(LIST_PATHS[provider], 'get', response.status, body),
      ).toBeUndefined();
      expect(server.simulators[provider].requests).toHaveLength(1);
      for (const other of SIMULATED_PROVIDERS.filter((name) => name !== provider)) {
        expect(server.simulators[other].requests).toHaveLength(0);
      }
    },
  );

  it('routes the nested prefixes apart: RyzeAPI /api, Wachat /api/v1, Hypersender /api/whatsapp/v1', async () => {
    const server = await start();
    const ryze = await fetch(`${server.origin}/api/instance/list`, {
      headers: { token: server.tokens.ryzeapi },
    });
    const wachat = await fetch(`${server.origin}/api/v1/instance/list`, {
      headers: { authorization: `Bearer ${server.tokens.wachat}` },
    });
    const hypersender = await fetch(`${server.origin}/api/whatsapp/v1/instances`, {
      headers: { authorization: `Bearer ${server.tokens.hypersender}` },
    });
    expect([ryze.status, wachat.status, hypersender.status]).toEqual([200, 200, 200]);
    expect(await ryze.json()).toHaveProperty('meta');
    expect(await wachat.json()).toHaveProperty('count');
    expect(Array.isArray(await hypersender.json())).toBe(true);
  });

  it('keeps the RyzeAPI headers and status over HTTP', async () => {
    const server = await start({ rateLimit: { requests: 2, perMs: 60_000 } });
    const [url, init] = listRequest(
      'ryzeapi',
      server.baseUrls.ryzeapi,
      server.tokens.ryzeapi,
      'instanceName=ghost',
    );
    expect((await fetch(url, init)).status).toBe(404);
    expect((await fetch(url, init)).headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await fetch(url, init);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({
      success: false,
      error: { message: 'Rate limit exceeded. Try again later.' },
    });
  });

  it('destroys the socket for a dropped connection: the client sees a network error', async () => {
    const server = await start();
    server.simulators.wachat.injectFault({ type: 'drop-connection' });
    const [url, init] = listRequest('wachat', server.baseUrls.wachat, server.tokens.wachat);
    await expect(fetch(url, init)).rejects.toThrow(TypeError);
    expect((await fetch(url, init)).status).toBe(200);
    expect(server.simulators.wachat.requests.map((entry) => entry.outcome)).toEqual(['dropped', 'response']);
  });

  it('sends a malformed JSON body as it is', async () => {
    const server = await start();
    server.simulators.hypersender.injectFault({ type: 'malformed-json' });
    const [url, init] = listRequest('hypersender', server.baseUrls.hypersender, server.tokens.hypersender);
    const response = await fetch(url, init);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('stops the latency wait when the client goes away, and logs the request as aborted', async () => {
    const server = await start();
    const simulator = server.simulators['z-api'];
    simulator.injectFault({ type: 'latency', ms: 60_000 });
    const controller = new AbortController();
    const [url, init] = listRequest('z-api', server.baseUrls['z-api'], server.tokens['z-api']);
    const pending = fetch(url, { ...init, signal: controller.signal });
    await expect.poll(() => simulator.inFlight).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => simulator.requests[0]?.outcome).toBe('aborted');
    expect(simulator.inFlight).toBe(0);
  });

  it('answers a path no simulator serves with 404 and a non-GET with 405', async () => {
    const server = await start();
    const unknown = await fetch(`${server.origin}/api/v2/whatever`, {
      headers: { token: server.tokens.ryzeapi },
    });
    expect(unknown.status).toBe(404);
    const post = await fetch(`${server.baseUrls.wachat}/instance/list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokens.wachat}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(post.status).toBe(405);
  });

  it('serves simulators it is given, and logs what they received', async () => {
    const simulators = createSimulators({ counts: { wachat: 2 } });
    const server = await start({ simulators });
    expect(server.simulators).toBe(simulators);
    const [url, init] = listRequest('wachat', server.baseUrls.wachat, server.tokens.wachat);
    await fetch(url, init);
    expect(simulators.wachat.requests[0]).toMatchObject({ path: '/instance/list', status: 200 });
  });

  it('closes, and further requests fail', async () => {
    const server = await startSimulatorServer();
    const [url, init] = listRequest('wachat', server.baseUrls.wachat, server.tokens.wachat);
    expect((await fetch(url, init)).status).toBe(200);
    await server.close();
    await server.close();
    await expect(fetch(url, init)).rejects.toThrow(TypeError);
  });

  it('rejects a bad port with a ValidationError', async () => {
    await expect(startSimulatorServer({ port: -1 })).rejects.toThrow(ValidationError);
    await expect(startSimulatorServer({ port: 70_000 })).rejects.toThrow(ValidationError);
  });
});
