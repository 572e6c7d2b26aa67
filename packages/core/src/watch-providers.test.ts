import { RateLimitError } from '@switchboard/runtime';
import { createFakeInstances, createSimulators, type Simulators } from '@switchboard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accountOf } from './__fixtures__/simulated-accounts.js';
import {
  type AccountOptions,
  builtInProvidersByKey,
  createSwitchboard,
  PROVIDER_KEYS,
  type ProviderKey,
  type WatchEvent,
} from './index.js';

/** An instance the simulator does not hold yet: one of a larger fake list with the same seed. */
function freshInstance(provider: ProviderKey): never {
  const held = new Set(simulators[provider].instances.map((item) => idOf(provider, item)));
  const candidates = createFakeInstances(provider, 20, { seed: 99 }) as unknown[];
  return candidates.find((item) => !held.has(idOf(provider, item))) as never;
}

/** The id the provider's own adapter reads from a simulator item. */
function idOf(provider: ProviderKey, item: unknown): string {
  return builtInProvidersByKey[provider].adapter.normalize(item as never, 'any').id;
}

/** The common status the provider's own adapter reads from a simulator item. */
function statusOf(provider: ProviderKey, item: unknown): string {
  return builtInProvidersByKey[provider].adapter.normalize(item as never, 'any').status;
}

let simulators: Simulators;

beforeEach(() => {
  // A real epoch: X-RateLimit-Reset is epoch seconds, and near 1970 they would read as a delay.
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  simulators = createSimulators({
    seed: 5,
    counts: Object.fromEntries(PROVIDER_KEYS.map((provider) => [provider, 3])),
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Reads a watch in the background, as a `for await` loop would. */
function startWatch(provider: ProviderKey) {
  const switchboard = createSwitchboard({
    accounts: PROVIDER_KEYS.map((key) => ({
      ...accountOf(simulators, key),
      baseUrl: simulators.baseUrls[key],
    })),
    fetch: simulators.fetch,
    maxRetries: 0,
    logLevel: 'off',
  });
  const controller = new AbortController();
  const events: WatchEvent[] = [];
  const done = (async () => {
    for await (const event of switchboard.watch({ provider }, { signal: controller.signal }))
      events.push(event);
  })();
  return { events, controller, done };
}

/** Advances fake time in small steps, so that the simulators' answers (real promises) come in between. */
async function advance(ms: number): Promise<void> {
  const step = 100;
  for (let elapsed = 0; elapsed < ms; elapsed += step)
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - elapsed));
  await vi.advanceTimersByTimeAsync(0);
}

function summarize(events: readonly WatchEvent[]): string[] {
  return events.map((event) => {
    if (event.type === 'synced') return 'synced';
    if (event.type === 'failed') return `failed ${event.error.code}`;
    if (event.type === 'changed') return `changed ${event.instance.id} ${event.changes.join(',')}`;
    return `${event.type} ${event.instance.id}`;
  });
}

describe.each(PROVIDER_KEYS)('watch() on %s', (provider) => {
  const simulator = () => simulators[provider];
  const items = () => simulator().instances as readonly unknown[];

  it('yields added, changed, removed, failed and synced as the simulator changes', async () => {
    const watch = startWatch(provider);
    await advance(0);
    const ids = items().map((item) => idOf(provider, item));
    expect(summarize(watch.events)).toEqual([...ids.map((id) => `added ${id}`), 'synced']);
    expect(
      watch.events.every(
        (event) => ('instance' in event ? event.instance.provider : event.provider) === provider,
      ),
    ).toBe(true);

    // One instance changes status, the last goes away, a new one appears.
    const first = items()[0]!;
    const otherStatus = simulator().statusValues.find((value) => {
      const probe = structuredClone(first);
      simulator().setStatus(ids[0]!, value);
      const differs = statusOf(provider, first) !== statusOf(provider, probe);
      simulator().setStatus(ids[0]!, simulator().statusOf(probe as never));
      return differs;
    });
    expect(otherStatus, 'a status value that reads as another common status').toBeDefined();
    simulator().setStatus(ids[0]!, otherStatus);
    const gone = simulator().remove(ids.at(-1)!);
    const fresh = simulator().add(freshInstance(provider));
    await advance(30_000);
    const second = summarize(watch.events.slice(ids.length + 1));
    expect(second[0]).toMatch(new RegExp(`^changed ${ids[0]} .*status`));
    expect(second.slice(1)).toEqual([
      `added ${idOf(provider, fresh)}`,
      `removed ${idOf(provider, gone)}`,
      'synced',
    ]);

    // Three failed polls (30 s, 60 s, 120 s of backoff apart), no removed, then back.
    simulator().injectFault({ type: 'status', status: 503, times: 3 });
    const before = watch.events.length;
    await advance(30_000 + 30_000 + 60_000);
    expect(summarize(watch.events.slice(before))).toEqual([
      'failed provider_error',
      'failed provider_error',
      'failed provider_error',
    ]);
    await advance(120_000);
    expect(summarize(watch.events.slice(before + 3))).toEqual(['synced']);

    watch.controller.abort();
    await watch.done;
  });

  it('honours a 429’s Retry-After beyond the transport’s cap as the next delay', async () => {
    const watch = startWatch(provider);
    await advance(0);
    simulator().injectFault({ type: 'status', status: 429, headers: { 'Retry-After': '150' } });
    await advance(30_000);
    const failed = watch.events.at(-1);
    expect(failed?.type).toBe('failed');
    if (failed?.type !== 'failed') return;
    expect(RateLimitError.isInstance(failed.error)).toBe(true);
    expect((failed.error as RateLimitError).retryAfterMs).toBe(150_000);
    const requests = simulator().requests.length;
    await advance(149_000);
    expect(simulator().requests.length).toBe(requests);
    await advance(1_000);
    expect(simulator().requests.length).toBe(requests + 1);
    expect(watch.events.at(-1)?.type).toBe('synced');
    watch.controller.abort();
    await watch.done;
    await advance(60_000);
    expect(simulator().requests.length).toBe(requests + 1);
  });
});

/** The first provider whose spec declares a rate limit: its simulator enforces one too. */
const LIMITED = PROVIDER_KEYS.find((key) => builtInProvidersByKey[key].metadata.rateLimit !== null)!;

describe(`watching a rate-limited token (${LIMITED})`, () => {
  it('two watches and listings of one token never send more than its limit in any window, and draw no 429', async () => {
    // A real epoch: the simulator's X-RateLimit-Reset is in epoch seconds, which near 0 would read
    // as seconds from now.
    vi.setSystemTime(Date.UTC(2026, 0, 1));
    const limit = { requests: 10, perMs: 60_000 };
    // A token of its own: the client-side limiter is shared per base URL and token across the process.
    const token = 'token-of-the-rate-limit-test';
    const limited = createSimulators({
      seed: 6,
      counts: { [LIMITED]: 2 },
      tokens: { [LIMITED]: token },
      rateLimit: limit,
    });
    const switchboard = createSwitchboard({
      accounts: Array.from(
        { length: 6 },
        (_, index) =>
          ({
            ...accountOf(limited, LIMITED),
            label: `limited-${index}`,
            token,
            baseUrl: limited.baseUrls[LIMITED],
            rateLimit: limit,
          }) as AccountOptions,
      ),
      fetch: limited.fetch,
      maxRetries: 0,
      logLevel: 'off',
    });
    const controller = new AbortController();
    const failures: string[] = [];
    const drain = async (stream: AsyncIterable<WatchEvent>) => {
      for await (const event of stream) if (event.type === 'failed') failures.push(event.error.code);
    };
    const watches = [
      drain(switchboard.watch(undefined, { intervalMs: 5_000, signal: controller.signal })),
      drain(switchboard.watch({ account: 'limited-0' }, { intervalMs: 1_000, signal: controller.signal })),
    ];
    const listings: Promise<unknown>[] = [];
    for (let minute = 0; minute < 5; minute++) {
      listings.push(switchboard.listInstances());
      await advance(60_000);
    }
    await advance(120_000);
    controller.abort();
    await Promise.all([...watches, ...listings]);

    const times = limited[LIMITED].requests
      .map((request) => request.startedAt)
      .sort((left, right) => left - right);
    const busiest = Math.max(
      ...times.map((start) => times.filter((time) => time >= start && time < start + limit.perMs).length),
    );
    expect(busiest).toBeLessThanOrEqual(limit.requests);
    expect(limited[LIMITED].requests.filter((request) => request.status === 429)).toEqual([]);
    expect(failures).toEqual([]);
    // Seven minutes at 10 a minute: the limit is used, not just respected.
    expect(times.length).toBeGreaterThanOrEqual(60);
  });
});
