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
      expect(itemsOf(provider, await response.json())).toEqual(simulators[provider].instances);
      expect(simulators[provider].requests).toHaveLength(1);
    },
  );

  it('share state with the simulator: a change to its instances shows in the next answer', async () => {
    simulators.wachat.instances.splice(1);
    const [url, init] = listRequest('wachat', DEFAULT_BASE_URLS.wachat, simulators.tokens.wachat);
    expect(((await (await fetch(url, init)).json()) as { count: number }).count).toBe(1);
  });

  it('turn a dropped connection into a network error', async () => {
    simulators.hypersender.injectFault({ type: 'drop-connection' });
    const [url, init] = listRequest(
      'hypersender',
      DEFAULT_BASE_URLS.hypersender,
      simulators.tokens.hypersender,
    );
    await expect(fetch(url, init)).rejects.toThrow(TypeError);
    expect(simulators.hypersender.requests[0]?.outcome).toBe('dropped');
  });

  it('let an abort end the latency wait', async () => {
    simulators.ryzeapi.injectFault({ type: 'latency', ms: 60_000 });
    const controller = new AbortController();
    const [url, init] = listRequest('ryzeapi', DEFAULT_BASE_URLS.ryzeapi, simulators.tokens.ryzeapi);
    const pending = fetch(url, { ...init, signal: controller.signal });
    await expect.poll(() => simulators.ryzeapi.inFlight).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect.poll(() => simulators.ryzeapi.requests[0]?.outcome).toBe('aborted');
  });

  it('serve errors in the provider shape, with their headers', async () => {
    simulators['z-api'].injectFault({ type: 'status', status: 429, headers: { 'Retry-After': '5' } });
    const [url, init] = listRequest('z-api', DEFAULT_BASE_URLS['z-api'], simulators.tokens['z-api']);
    const response = await fetch(url, init);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ error: 'Too Many Requests', message: 'Too Many Requests' });
  });
});
