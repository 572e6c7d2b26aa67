import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { itemsOf, listRequest, SUCCESS_STATUS } from './__fixtures__/list-request.js';
import { createSimulators } from './create-simulators.js';
import { createSimulatorHandlers } from './msw.js';
import { DEFAULT_BASE_URLS, SIMULATED_PROVIDERS } from './providers.js';

const simulators = createSimulators({ seed: 8 });
const server = setupServer(...createSimulatorHandlers(simulators));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => simulators.reset());
afterAll(() => server.close());

describe('msw handlers', () => {
  it.each(SIMULATED_PROVIDERS)(
    'answer %s at its spec server URL through the global fetch',
    async (provider) => {
      const [url, init] = listRequest(provider, DEFAULT_BASE_URLS[provider], simulators.tokens[provider]);
      const response = await fetch(url, init);
      expect(response.status).toBe(SUCCESS_STATUS[provider]);
      expect(itemsOf(provider, await response.json())).toEqual(simulators.simulator(provider).instances);
      expect(simulators.simulator(provider).requests).toHaveLength(1);
    },
  );
});

describe.each(SIMULATED_PROVIDERS)('msw handlers for %s', (provider) => {
  const call = (init: RequestInit = {}) => {
    const [url, base] = listRequest(provider, DEFAULT_BASE_URLS[provider], simulators.tokens[provider]);
    return fetch(url, { ...base, ...init });
  };

  it('share state with the simulator: a change to its instances shows in the next answer', async () => {
    simulators.simulator(provider).instances.splice(1);
    expect(itemsOf(provider, await (await call()).json())).toHaveLength(1);
  });

  it('turn a dropped connection into a network error', async () => {
    simulators.simulator(provider).injectFault({ type: 'drop-connection' });
    await expect(call()).rejects.toThrow(TypeError);
    expect(simulators.simulator(provider).requests[0]?.outcome).toBe('dropped');
  });

  it('let an abort end the latency wait', async () => {
    const simulator = simulators.simulator(provider);
    simulator.injectFault({ type: 'latency', ms: 60_000 });
    const controller = new AbortController();
    const pending = call({ signal: controller.signal });
    await expect.poll(() => simulator.inFlight).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => simulator.requests[0]?.outcome).toBe('aborted');
  });

  it('serve errors in the provider shape, with their headers', async () => {
    simulators
      .simulator(provider)
      .injectFault({ type: 'status', status: 429, headers: { 'Retry-After': '5' } });
    const response = await call();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // The body is the provider's own error shape, checked beside its simulator.
    expect(await response.json()).toEqual(expect.any(Object));
  });
});
