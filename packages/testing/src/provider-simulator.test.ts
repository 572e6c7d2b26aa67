import { builtInProvidersByKey } from '@switchboard/providers';
import { ValidationError } from '@switchboard/runtime';
import type { SimulatorFault } from '@switchboard/runtime/simulator';
import { describe, expect, it } from 'vitest';
import {
  credentialHeaderOf,
  itemsOf,
  listRequest,
  REQUEST_PATHS,
  SUCCESS_STATUS,
} from './__fixtures__/list-request.js';
import { createManualClock } from './__fixtures__/manual-clock.js';
import { createSimulators } from './create-simulators.js';
import { DEFAULT_BASE_URLS, DEMO_TOKENS, SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';

/** Roles in the cases below, from the registry. */
const FIRST = SIMULATED_PROVIDERS[0]!;
const LAST = SIMULATED_PROVIDERS.at(-1)!;

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
      // Each provider's own error shape is checked in its package (`<key>-simulator-errors.test.ts`).
      expect(JSON.stringify(await response.json())).toContain('Service Unavailable');
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
    // No list where the spec has one, or items the adapter cannot read.
    const items = itemsOf(provider, body);
    const { adapter } = builtInProvidersByKey[provider];
    expect(() => {
      if (!Array.isArray(items)) throw new Error('no list');
      for (const item of items) adapter.normalize(item as never, provider);
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
      path: REQUEST_PATHS[provider],
      status: SUCCESS_STATUS[provider],
      outcome: 'response',
      credential: 'account',
      startedAt: clock.now() - 25,
      durationMs: 25,
    });
    expect(entry?.query.extra).toBe('yes');
    expect(entry?.headers['x-trace']).toBe('t-1');
    const bearer = builtInProvidersByKey[provider].metadata.auth.scheme === 'bearer';
    expect(entry?.headers[credentialHeaderOf(provider)]).toBe(bearer ? 'Bearer [redacted]' : '[redacted]');
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
    for (const simulator of simulators.all) {
      expect(() => simulator.injectFault(fault as unknown as SimulatorFault)).toThrow(ValidationError);
    }
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
    // A count of its own for each provider, the first beyond two pages of 100.
    const counts = Object.fromEntries(
      SIMULATED_PROVIDERS.map((provider, index) => [provider, index === 0 ? 250 : 5 * index]),
    );
    const simulators = createSimulators({ seed: 1, counts, tokens: { [LAST]: 'my-own-key' } });
    for (const provider of SIMULATED_PROVIDERS) {
      expect(simulators.simulator(provider).instances).toHaveLength(counts[provider]!);
    }
    expect(simulators.simulator(LAST).accountToken).toBe('my-own-key');
    expect(simulators.simulator(FIRST).accountToken).toBe(DEMO_TOKENS[FIRST]);
    for (const provider of SIMULATED_PROVIDERS) {
      expect(createSimulators({ seed: 1 }).simulator(provider).instances).toEqual(
        createSimulators({ seed: 1 }).simulator(provider).instances,
      );
      expect(createSimulators({ seed: 2 }).simulator(provider).instances).not.toEqual(
        createSimulators({ seed: 1 }).simulator(provider).instances,
      );
    }
  });

  it('applies the rate limit given at the top level to the providers whose spec documents one', async () => {
    const simulators = createSimulators({ rateLimit: { requests: 1, perMs: 60_000 } });
    const limited = SIMULATED_PROVIDERS.filter(
      (provider) => builtInProvidersByKey[provider].metadata.rateLimit !== null,
    );
    expect(limited.length).toBeGreaterThan(0);
    for (const provider of SIMULATED_PROVIDERS) {
      const simulator = simulators.simulator(provider);
      const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
      expect((await simulators.fetch(url, init)).status).toBe(SUCCESS_STATUS[provider]);
      expect((await simulators.fetch(url, init)).status).toBe(
        limited.includes(provider) ? 429 : SUCCESS_STATUS[provider],
      );
    }
  });

  it('fails a URL that no simulator serves as a network error', async () => {
    const simulators = createSimulators();
    await expect(simulators.fetch('https://example.com/instances')).rejects.toThrow(TypeError);
    // Each simulator's own fetch serves its base URL only: not another provider's, nor a longer path
    // that merely starts with its base path (`/api` is not `/apiv2`).
    for (const provider of SIMULATED_PROVIDERS) {
      const simulator = simulators.simulator(provider);
      const other = SIMULATED_PROVIDERS.find(
        (key) => DEFAULT_BASE_URLS[key] !== DEFAULT_BASE_URLS[provider],
      )!;
      await expect(simulator.fetch(`${DEFAULT_BASE_URLS[other]}${REQUEST_PATHS[other]}`)).rejects.toThrow(
        TypeError,
      );
      await expect(simulator.fetch(`${simulator.baseUrl}v2${REQUEST_PATHS[provider]}`)).rejects.toThrow(
        TypeError,
      );
    }
    expect(simulators.requests).toEqual([]);
  });

  it('rejects unknown provider keys and bad options with a ValidationError', () => {
    expect(() => createSimulators({ counts: { twilio: 3 } as never })).toThrow(ValidationError);
    expect(() => createSimulators({ tokens: { [FIRST]: '' } })).toThrow(ValidationError);
    expect(() => createSimulators({ latencyMs: -5 })).toThrow(ValidationError);
    expect(() => createSimulators({ counts: { [LAST]: -1 } })).toThrow(ValidationError);
  });

  it('resets every simulator at once', async () => {
    const simulators = createSimulators({ counts: { [LAST]: 2 } });
    simulators.simulator(LAST).instances.length = 0;
    simulators.simulator(FIRST).injectFault({ type: 'status', status: 500 });
    simulators.reset();
    expect(simulators.simulator(LAST).instances).toHaveLength(2);
    const [url, init] = listRequest(FIRST, DEFAULT_BASE_URLS[FIRST], DEMO_TOKENS[FIRST]);
    expect((await simulators.fetch(url, init)).status).toBe(SUCCESS_STATUS[FIRST]);
  });
});
