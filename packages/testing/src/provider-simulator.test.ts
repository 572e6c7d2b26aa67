import { builtInProvidersByKey } from '@switchboard/providers';
import { ValidationError } from '@switchboard/runtime';
import type { SimulatorFault } from '@switchboard/runtime/simulator';
import { describe, expect, it } from 'vitest';
import { itemsOf, LIST_PATHS, listRequest, SUCCESS_STATUS } from './__fixtures__/list-request.js';
import { createManualClock } from './__fixtures__/manual-clock.js';
import { createSimulators } from './create-simulators.js';
import { DEFAULT_BASE_URLS, DEMO_TOKENS, SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';

/**
 * The error body each of these providers sends; any other provider's fault body must carry the message
 * (spec-conformance checks its shape against the spec).
 */
const ERROR_BODIES: Partial<Record<SimulatedProvider, (message: string) => unknown>> = {
  'z-api': (message) => ({ error: 'Service Unavailable', message }),
  ryzeapi: (message) => ({ success: false, error: { message } }),
  hypersender: (message) => ({ message }),
  wachat: (message) => ({ success: false, message }),
};

function setup(provider: SimulatedProvider, options: Parameters<typeof createSimulators>[0] = {}) {
  const simulators = createSimulators({ counts: { [provider]: 3 }, rateLimit: false, ...options });
  const simulator = simulators[provider];
  const call = (signal?: AbortSignal) => {
    const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
    return simulators.fetch(url, { ...init, ...(signal ? { signal } : {}) });
  };
  return { simulators, simulator, call };
}

describe.each(SIMULATED_PROVIDERS)('%s simulator: fault injection', (provider) => {
  it('answers the next N requests with an injected status and headers, then serves again', async () => {
    const { simulator, call } = setup(provider);
    const fault = simulator.injectFault({
      type: 'status',
      status: 503,
      headers: { 'Retry-After': '3' },
      times: 2,
    });
    for (const remaining of [1, 0]) {
      const response = await call();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('3');
      const body: unknown = await response.json();
      const expected = ERROR_BODIES[provider];
      if (expected === undefined) expect(JSON.stringify(body)).toContain('Service Unavailable');
      else expect(body).toEqual(expected('Service Unavailable'));
      expect(fault.remaining).toBe(remaining);
    }
    const healthy = await call();
    expect(healthy.status).toBe(SUCCESS_STATUS[provider]);
    expect(simulator.requests.map((entry) => [entry.status, entry.fault])).toEqual([
      [503, 'status'],
      [503, 'status'],
      [SUCCESS_STATUS[provider], null],
    ]);
  });

  it('plays queued faults in the order they were injected', async () => {
    const { simulator, call } = setup(provider);
    simulator.injectFault({ type: 'status', status: 500 });
    simulator.injectFault({ type: 'status', status: 429, headers: { 'Retry-After': '1' } });
    simulator.injectFault({ type: 'drop-connection' });
    expect((await call()).status).toBe(500);
    expect((await call()).status).toBe(429);
    await expect(call()).rejects.toThrow(TypeError);
    expect((await call()).status).toBe(SUCCESS_STATUS[provider]);
  });

  it('sends a malformed JSON body under a JSON content type', async () => {
    const { simulator, call } = setup(provider);
    simulator.injectFault({ type: 'malformed-json' });
    const response = await call();
    expect(response.status).toBe(SUCCESS_STATUS[provider]);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('sends valid JSON of the wrong shape, or the body it is given', async () => {
    const { simulator, call } = setup(provider);
    simulator.injectFault({ type: 'wrong-shape' });
    const drifted = await call();
    expect(drifted.status).toBe(SUCCESS_STATUS[provider]);
    const body = await drifted.json();
    expect(() => {
      const items = itemsOf(provider, body);
      if (!Array.isArray(items)) throw new Error('no list');
    }).toThrow();
    simulator.injectFault({ type: 'wrong-shape', body: { surprise: true }, status: 200 });
    const custom = await call();
    expect(custom.status).toBe(200);
    expect(await custom.json()).toEqual({ surprise: true });
  });

  it('drops the connection: fetch rejects as a network error, handle gives Response.error()', async () => {
    const { simulator, simulators, call } = setup(provider);
    simulator.injectFault({ type: 'drop-connection', times: 2 });
    const failure = await call().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect(((failure as TypeError).cause as Error).message).toBe('other side closed');
    const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
    const response = await simulators.handle(new Request(url, init));
    expect(response.type).toBe('error');
    expect(simulator.requests.map((entry) => [entry.outcome, entry.status])).toEqual([
      ['dropped', null],
      ['dropped', null],
    ]);
  });

  it('sends a string body as text, an HTML error page for instance', async () => {
    const { simulator, call } = setup(provider);
    simulator.injectFault({ type: 'status', status: 502, body: '<html><body>Bad gateway</body></html>' });
    const response = await call();
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toContain('Bad gateway');
  });

  it('keeps an Infinity fault until it is cancelled, and reset() clears every fault', async () => {
    const { simulator, call } = setup(provider);
    const fault = simulator.injectFault({ type: 'status', status: 500, times: Number.POSITIVE_INFINITY });
    for (let index = 0; index < 5; index++) expect((await call()).status).toBe(500);
    fault.cancel();
    expect((await call()).status).toBe(SUCCESS_STATUS[provider]);
    simulator.injectFault({ type: 'status', status: 500, times: 3 });
    simulator.reset();
    expect((await call()).status).toBe(SUCCESS_STATUS[provider]);
    expect(simulator.requests).toHaveLength(1);
  });

  it('adds latency by the clock, and the answer comes only once it has passed', async () => {
    const clock = createManualClock();
    const { simulator, call } = setup(provider, { clock });
    simulator.injectFault({ type: 'latency', ms: 5_000 });
    let settled = false;
    const pending = call().then((response) => {
      settled = true;
      return response;
    });
    await clock.advance(4_999);
    expect(settled).toBe(false);
    expect(simulator.inFlight).toBe(1);
    expect(simulator.requests[0]?.outcome).toBe('pending');
    await clock.advance(1);
    expect((await pending).status).toBe(SUCCESS_STATUS[provider]);
    expect(simulator.requests[0]).toMatchObject({ outcome: 'response', durationMs: 5_000, fault: null });
    // Used up: the next request is immediate.
    await expect(call()).resolves.toBeInstanceOf(Response);
  });

  it('stops waiting as soon as the request aborts, and logs it as aborted', async () => {
    const clock = createManualClock();
    const { simulator, call } = setup(provider, { clock });
    simulator.injectFault({ type: 'latency', ms: 60_000 });
    const controller = new AbortController();
    const pending = call(controller.signal);
    await clock.advance(10);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pending).toBe(0);
    expect(simulator.inFlight).toBe(0);
    expect(simulator.requests[0]).toMatchObject({ outcome: 'aborted', status: null, durationMs: 10 });
  });

  it('never answers a request whose signal already aborted', async () => {
    const { simulator, call } = setup(provider);
    await expect(call(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(simulator.requests[0]?.outcome).toBe('aborted');
  });

  it('logs method, path, query, masked headers, status, start and duration', async () => {
    const clock = createManualClock();
    const { simulator, simulators } = setup(provider, { clock, latencyMs: 25 });
    const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken, 'extra=yes');
    const pending = simulators.fetch(url, {
      ...init,
      headers: { ...(init.headers as object), 'x-trace': 't-1' },
    });
    await clock.advance(25);
    await pending;
    const [entry] = simulator.requests;
    expect(entry).toMatchObject({
      sequence: 1,
      provider,
      method: 'GET',
      path: LIST_PATHS[provider],
      status: SUCCESS_STATUS[provider],
      outcome: 'response',
      credential: 'account',
      startedAt: clock.now() - 25,
      durationMs: 25,
    });
    expect(entry?.query.extra).toBe('yes');
    expect(entry?.headers['x-trace']).toBe('t-1');
    const { auth } = builtInProvidersByKey[provider].metadata;
    const credentialHeader = auth.scheme === 'bearer' ? 'authorization' : auth.header.toLowerCase();
    expect(entry?.headers[credentialHeader]).toBe(
      auth.scheme === 'bearer' ? 'Bearer [redacted]' : '[redacted]',
    );
    expect(JSON.stringify(simulators.requests)).not.toContain(simulator.accountToken);
  });

  it('tracks requests in flight and the most at once', async () => {
    const clock = createManualClock();
    const { simulator, call } = setup(provider, { clock, latencyMs: 100 });
    expect(simulator.requests).toHaveLength(0);
    const pending = Promise.all([call(), call(), call(), call()]);
    await clock.advance(0);
    expect(simulator.inFlight).toBe(4);
    await clock.advance(100);
    await pending;
    expect(simulator.inFlight).toBe(0);
    expect(simulator.maxInFlight).toBe(4);
    const followUp = call();
    await clock.advance(100);
    await followUp;
    expect(simulator.maxInFlight).toBe(4);
    simulator.clearRequests();
    expect(simulator.maxInFlight).toBe(0);
    expect(simulator.requests).toHaveLength(0);
  });
});

describe('fault validation', () => {
  const simulators = createSimulators();
  it.each([
    [{ type: 'explode' }],
    [{ type: 'status', status: 99 }],
    [{ type: 'status', status: 600 }],
    [{ type: 'status', status: 500, times: 0 }],
    [{ type: 'status', status: 500, times: 1.5 }],
    [{ type: 'latency', ms: -1 }],
    [{ type: 'latency', ms: Number.NaN }],
    [{ type: 'status', status: 500, headers: { 'Retry-After': 3 } }],
  ])('rejects %j with a ValidationError', (fault) => {
    expect(() => simulators.wachat.injectFault(fault as unknown as SimulatorFault)).toThrow(ValidationError);
  });
});

describe('createSimulators', () => {
  it('answers each spec server URL from its own simulator, and no request is made before a call', async () => {
    const simulators = createSimulators({ seed: 4 });
    expect(simulators.requests).toEqual([]);
    expect(simulators.baseUrls).toEqual(DEFAULT_BASE_URLS);
    expect(simulators.tokens).toEqual(DEMO_TOKENS);
    for (const provider of SIMULATED_PROVIDERS) {
      const [url, init] = listRequest(provider, DEFAULT_BASE_URLS[provider], DEMO_TOKENS[provider]);
      const response = await simulators.fetch(url, init);
      expect(response.status).toBe(SUCCESS_STATUS[provider]);
    }
    for (const provider of SIMULATED_PROVIDERS) expect(simulators[provider].requests).toHaveLength(1);
    expect(simulators.requests.map((entry) => entry.provider)).toEqual([...SIMULATED_PROVIDERS]);
  });

  it('takes counts, seed and tokens per provider', () => {
    const simulators = createSimulators({
      seed: 1,
      counts: { 'z-api': 250, ryzeapi: 20, hypersender: 10, wachat: 5 },
      tokens: { wachat: 'my-own-key' },
    });
    expect(simulators['z-api'].instances).toHaveLength(250);
    expect(simulators.ryzeapi.instances).toHaveLength(20);
    expect(simulators.hypersender.instances).toHaveLength(10);
    expect(simulators.wachat.instances).toHaveLength(5);
    expect(simulators.wachat.accountToken).toBe('my-own-key');
    expect(createSimulators({ seed: 1 }).hypersender.instances).toEqual(
      createSimulators({ seed: 1 }).hypersender.instances,
    );
    expect(createSimulators({ seed: 2 }).hypersender.instances).not.toEqual(
      createSimulators({ seed: 1 }).hypersender.instances,
    );
  });

  it('applies the RyzeAPI rate limit given at the top level', async () => {
    const simulators = createSimulators({ rateLimit: { requests: 1, perMs: 60_000 } });
    const [url, init] = listRequest('ryzeapi', simulators.ryzeapi.baseUrl, simulators.ryzeapi.accountToken);
    expect((await simulators.fetch(url, init)).status).toBe(200);
    expect((await simulators.fetch(url, init)).status).toBe(429);
  });

  it('fails a URL that no simulator serves as a network error', async () => {
    const simulators = createSimulators();
    await expect(simulators.fetch('https://example.com/instances')).rejects.toThrow(TypeError);
    await expect(simulators.ryzeapi.fetch('https://app.wachat.net/api/v1/instance/list')).rejects.toThrow(
      TypeError,
    );
    await expect(simulators.ryzeapi.fetch('https://ryzeapi.cloud/apiv2/instance/list')).rejects.toThrow(
      TypeError,
    );
    expect(simulators.requests).toEqual([]);
  });

  it('rejects unknown provider keys and bad options with a ValidationError', () => {
    expect(() => createSimulators({ counts: { twilio: 3 } as never })).toThrow(ValidationError);
    expect(() => createSimulators({ tokens: { 'z-api': '' } })).toThrow(ValidationError);
    expect(() => createSimulators({ latencyMs: -5 })).toThrow(ValidationError);
    expect(() => createSimulators({ counts: { wachat: -1 } })).toThrow(ValidationError);
  });

  it('resets every simulator at once', async () => {
    const simulators = createSimulators({ counts: { wachat: 2 } });
    simulators.wachat.instances.length = 0;
    simulators['z-api'].injectFault({ type: 'status', status: 500 });
    simulators.reset();
    expect(simulators.wachat.instances).toHaveLength(2);
    const [url, init] = listRequest('z-api', DEFAULT_BASE_URLS['z-api'], DEMO_TOKENS['z-api']);
    expect((await simulators.fetch(url, init)).status).toBe(201);
  });
});
