/**
 * `concurrency` bounds requests in flight, and a retry's backoff holds no slot: an account waiting to
 * retry lets the others go first (API.md, Transport).
 */
import { createSimulators } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { accountOf } from './__fixtures__/simulated-accounts.js';
import { createSwitchboard, PROVIDER_KEYS, type ProviderKey } from './index.js';

describe('concurrency and backoff', () => {
  const [failing, healthy] = PROVIDER_KEYS as readonly ProviderKey[] as [ProviderKey, ProviderKey];

  it('lets another account go while one waits to retry, with one slot', async () => {
    const simulators = createSimulators({ seed: 2, rateLimit: false });
    // Retry-After: 1 s keeps the first account's backoff long enough to see who goes meanwhile.
    simulators[failing].injectFault({ type: 'status', status: 503, headers: { 'Retry-After': '1' } });
    const switchboard = createSwitchboard({
      accounts: [accountOf(simulators, failing), accountOf(simulators, healthy)],
      fetch: simulators.fetch,
      concurrency: 1,
      maxRetries: 1,
      logLevel: 'off',
    });
    const { failures } = await switchboard.listInstancesSettled();
    expect(failures).toEqual([]);
    const answered = (status: number | null) => (status !== null && status < 300 ? 'ok' : String(status));
    const order = simulators.requests.map((request) => `${request.provider} ${answered(request.status)}`);
    expect(order.slice(0, 3)).toEqual([`${failing} 503`, `${healthy} ok`, `${failing} ok`]);
  });

  it('never has more attempts in flight than `concurrency`, retries included', async () => {
    const simulators = createSimulators({ seed: 2, rateLimit: false, latencyMs: 5 });
    for (const provider of PROVIDER_KEYS) {
      simulators[provider].injectFault({ type: 'status', status: 500, headers: { 'retry-after-ms': '1' } });
    }
    const switchboard = createSwitchboard({
      accounts: PROVIDER_KEYS.map((provider) => accountOf(simulators, provider)),
      fetch: simulators.fetch,
      concurrency: 2,
      maxRetries: 1,
      logLevel: 'off',
    });
    const { failures } = await switchboard.listInstancesSettled();
    expect(failures).toEqual([]);
    const mostInFlight = Math.max(...PROVIDER_KEYS.map((provider) => simulators[provider].maxInFlight));
    expect(mostInFlight).toBeLessThanOrEqual(2);
    const starts = simulators.requests.map((request) => ({
      start: request.startedAt,
      end: request.startedAt + (request.durationMs ?? 0),
    }));
    const busiest = Math.max(
      ...starts.map(
        ({ start }) => starts.filter((other) => other.start <= start && other.end > start).length,
      ),
    );
    expect(busiest).toBeLessThanOrEqual(2);
  });
});
