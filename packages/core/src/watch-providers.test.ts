import { RateLimitError } from '@switchboard/runtime';
import { createSimulators, type Simulators } from '@switchboard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSwitchboard, PROVIDER_KEYS, type ProviderKey, type WatchEvent } from './index.js';

type Item = Record<string, unknown>;

/**
 * How a test changes each provider's raw items: where the id sits, and how to connect or drop one.
 * Every other step (remove, add, fail) is the same on every provider.
 */
const RAW: Record<string, { id: string; name: string; setConnected(item: Item, connected: boolean): void }> =
  {
    'z-api': {
      id: 'id',
      name: 'name',
      setConnected: (item, connected) => Object.assign(item, { whatsappConnected: connected }),
    },
    ryzeapi: {
      id: 'id',
      name: 'name',
      setConnected: (item, connected) => {
        const state = connected ? 'connected' : 'disconnected';
        item.status = state;
        if (item.connection && typeof item.connection === 'object') (item.connection as Item).state = state;
      },
    },
    hypersender: {
      id: 'id',
      name: 'name',
      setConnected: (item, connected) => Object.assign(item, { status: connected ? 'WORKING' : 'STOPPED' }),
    },
    wachat: {
      id: 'apiInstanceName',
      name: 'instanceName',
      setConnected: (item, connected) => {
        const state = connected ? 'open' : 'close';
        Object.assign(item, { state, status: state, isConnected: connected });
      },
    },
  };

let simulators: Simulators;

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  simulators = createSimulators({ seed: 5, counts: { 'z-api': 3, ryzeapi: 3, hypersender: 3, wachat: 3 } });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** Reads a watch in the background, as a `for await` loop would. */
function startWatch(provider: ProviderKey) {
  const switchboard = createSwitchboard({
    accounts: PROVIDER_KEYS.filter((key) => key in RAW).map((key) => ({
      provider: key,
      token: simulators.tokens[key as keyof Simulators['tokens']],
      baseUrl: simulators.baseUrls[key as keyof Simulators['baseUrls']],
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

describe.each(PROVIDER_KEYS.filter((key) => key in RAW))('watch() on %s', (provider) => {
  const raw = RAW[provider]!;
  const items = () => simulators[provider as keyof Simulators['tokens']].instances as unknown as Item[];

  it('yields added, changed, removed, failed and synced as the simulator changes', async () => {
    const watch = startWatch(provider);
    await advance(0);
    const ids = items().map((item) => String(item[raw.id]));
    expect(summarize(watch.events)).toEqual([...ids.map((id) => `added ${id}`), 'synced']);
    expect(
      watch.events.every((event) => event.type === 'synced' || event.instance.provider === provider),
    ).toBe(true);

    // One instance drops (or connects), the last goes away, a new one appears.
    const first = items()[0]!;
    const wasConnected = watch.events.some(
      (event) =>
        event.type === 'added' && event.instance.id === ids[0] && event.instance.status === 'connected',
    );
    raw.setConnected(first, !wasConnected);
    const gone = items().pop()!;
    const fresh = structuredClone(items()[1]!);
    fresh[raw.id] = `${String(fresh[raw.id])}-new`;
    fresh[raw.name] = `${String(fresh[raw.name])} new`;
    items().push(fresh);
    await advance(30_000);
    const second = summarize(watch.events.slice(ids.length + 1));
    expect(second[0]).toMatch(new RegExp(`^changed ${ids[0]} .*status`));
    expect(second.slice(1)).toEqual([
      `added ${String(fresh[raw.id])}`,
      `removed ${String(gone[raw.id])}`,
      'synced',
    ]);

    // Three failed polls (30 s, 60 s, 120 s of backoff apart), no removed, then back.
    simulators[provider as keyof Simulators['tokens']].injectFault({ type: 'status', status: 503, times: 3 });
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
    const simulator = simulators[provider as keyof Simulators['tokens']];
    simulator.injectFault({ type: 'status', status: 429, headers: { 'Retry-After': '150' } });
    await advance(30_000);
    const failed = watch.events.at(-1);
    expect(failed?.type).toBe('failed');
    if (failed?.type !== 'failed') return;
    expect(RateLimitError.isInstance(failed.error)).toBe(true);
    expect((failed.error as RateLimitError).retryAfterMs).toBe(150_000);
    const requests = simulator.requests.length;
    await advance(149_000);
    expect(simulator.requests.length).toBe(requests);
    await advance(1_000);
    expect(simulator.requests.length).toBe(requests + 1);
    expect(watch.events.at(-1)?.type).toBe('synced');
    watch.controller.abort();
    await watch.done;
    await advance(60_000);
    expect(simulator.requests.length).toBe(requests + 1);
  });
});
