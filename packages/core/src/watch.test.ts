import {
  AbortError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  SwitchboardError,
  TimeoutError,
  ValidationError,
} from '@switchboard/runtime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FakeInstance,
  type FakeProvider,
  FakeWatchBackend,
  fakeInstance,
} from './__fixtures__/fake-watch-source.js';
import type { InstanceFilter } from './instance-filter.js';
import {
  createWatch,
  instanceChanges,
  MAX_WATCH_BACKOFF_MS,
  type WatchEvent,
  type WatchOptions,
  waitForInstanceStatus,
} from './watch.js';

type Event = WatchEvent<FakeInstance, FakeProvider>;

/** Jitter of exactly zero, so that every delay is its nominal value. */
const noJitter = () => 0.5;

let backend: FakeWatchBackend;

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  backend = new FakeWatchBackend([
    { label: 'main', provider: 'alpha' },
    { label: 'second', provider: 'beta' },
  ]);
});

afterEach(() => {
  vi.useRealTimers();
});

/** Reads a watch in the background into `events`, as a `for await` loop would. */
function startWatch(
  filter?: InstanceFilter<FakeProvider>,
  options: WatchOptions = {},
  random: () => number = noJitter,
) {
  const controller = new AbortController();
  const events: Event[] = [];
  const stream = createWatch(backend.source({ random }), filter, { signal: controller.signal, ...options });
  const done = (async () => {
    for await (const event of stream) events.push(event);
  })();
  return { events, controller, done, stream };
}

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

function summarize(events: readonly Event[]): string[] {
  return events.map((event) => {
    switch (event.type) {
      case 'added':
      case 'removed':
        return `${event.type} ${event.instance.account}/${event.instance.id}`;
      case 'changed':
        return `changed ${event.instance.account}/${event.instance.id} ${event.changes.join(',')}`;
      case 'synced':
        return `synced ${event.account}`;
      case 'failed':
        return `failed ${event.account} ${event.error.code}`;
      default:
        return 'unknown event';
    }
  });
}

describe('watch events', () => {
  it('yields each instance of an account as added on its first poll, then synced', async () => {
    backend.set('main', [fakeInstance('main', 'a'), fakeInstance('main', 'b')]);
    backend.set('second', [fakeInstance('second', 'c', { provider: 'beta' })]);
    const watch = startWatch();
    await advance(0);
    watch.controller.abort();
    await watch.done;
    expect(summarize(watch.events).sort()).toEqual(
      ['added main/a', 'added main/b', 'synced main', 'added second/c', 'synced second'].sort(),
    );
    // An account's events come before its own synced.
    const summary = summarize(watch.events);
    expect(summary.indexOf('added main/b')).toBeLessThan(summary.indexOf('synced main'));
    expect(summary.indexOf('added second/c')).toBeLessThan(summary.indexOf('synced second'));
    const added = watch.events.find((event) => event.type === 'added');
    expect(added).toEqual({ type: 'added', instance: backend.current(added!.instance.account)[0] });
    expect(watch.events.find((event) => event.type === 'synced' && event.account === 'second')).toEqual({
      type: 'synced',
      account: 'second',
      provider: 'beta',
    });
  });

  it('yields changed with the previous state and the fields that differ, raw aside', async () => {
    const before = fakeInstance('main', 'a', { status: 'qr_pending', providerStatus: 'connecting' });
    backend.set('main', [before, fakeInstance('main', 'b')]);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    const after = fakeInstance('main', 'a', {
      status: 'connected',
      providerStatus: 'open',
      profile: { name: 'Sales', pictureUrl: null, isBusiness: null },
    });
    // b only changes in raw, which is not compared.
    backend.set('main', [after, fakeInstance('main', 'b', { raw: { note: 'rebuilt' } })]);
    await advance(30_000);
    watch.controller.abort();
    await watch.done;
    expect(summarize(watch.events)).toEqual([
      'added main/a',
      'added main/b',
      'synced main',
      'changed main/a status,providerStatus,profile',
      'synced main',
    ]);
    expect(watch.events[3]).toEqual({
      type: 'changed',
      instance: after,
      previous: before,
      changes: ['status', 'providerStatus', 'profile'],
    });
  });

  it('compares profile by value, not by identity', () => {
    const previous = fakeInstance('main', 'a', {
      profile: { name: 'A', pictureUrl: null, isBusiness: true },
    });
    const same = fakeInstance('main', 'a', { profile: { name: 'A', pictureUrl: null, isBusiness: true } });
    const other = fakeInstance('main', 'a', { profile: { name: 'A', pictureUrl: null, isBusiness: false } });
    expect(instanceChanges(previous, same)).toEqual([]);
    expect(instanceChanges(previous, other)).toEqual(['profile']);
  });

  it('yields removed with the last state for an instance no longer listed', async () => {
    const gone = fakeInstance('main', 'gone', { status: 'disconnected' });
    backend.set('main', [fakeInstance('main', 'stays'), gone]);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    backend.set('main', [fakeInstance('main', 'stays')]);
    await advance(30_000);
    watch.controller.abort();
    await watch.done;
    expect(summarize(watch.events).slice(3)).toEqual(['removed main/gone', 'synced main']);
    expect(watch.events[3]).toEqual({ type: 'removed', instance: gone });
  });

  it('yields removed with the new state for an instance that stops matching the filter', async () => {
    backend.set('main', [fakeInstance('main', 'a', { status: 'connected' })]);
    const watch = startWatch({ account: 'main', status: 'connected' });
    await advance(0);
    const loggedOut = fakeInstance('main', 'a', { status: 'logged_out' });
    backend.set('main', [loggedOut]);
    await advance(30_000);
    // Matching again is a fresh start: added, not changed.
    backend.set('main', [fakeInstance('main', 'a', { status: 'connected' })]);
    await advance(30_000);
    watch.controller.abort();
    await watch.done;
    expect(summarize(watch.events)).toEqual([
      'added main/a',
      'synced main',
      'removed main/a',
      'synced main',
      'added main/a',
      'synced main',
    ]);
    expect(watch.events[2]).toEqual({ type: 'removed', instance: loggedOut });
  });

  it('yields nothing but synced when nothing changed, and keeps one state per instance', async () => {
    backend.set('main', [fakeInstance('main', 'a'), fakeInstance('main', 'a', { name: 'repeat' })]);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    await advance(30_000);
    await advance(30_000);
    watch.controller.abort();
    await watch.done;
    // A repeated id is the same instance: the first listing of it counts.
    expect(summarize(watch.events)).toEqual(['added main/a', 'synced main', 'synced main', 'synced main']);
  });

  it('yields failed for a poll that fails, keeps the last state, and reports it again on recovery', async () => {
    backend.set('main', [fakeInstance('main', 'a'), fakeInstance('main', 'b')]);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    const error = new ProviderError('main answered 503', { provider: 'alpha', account: 'main', status: 503 });
    backend.fail('main', error);
    // Three failed polls: 30 s, then 30 s, 60 s and 120 s of backoff, doubling from the interval.
    await advance(30_000);
    await advance(30_000);
    await advance(60_000);
    expect(summarize(watch.events).slice(3)).toEqual([
      'failed main provider_error',
      'failed main provider_error',
      'failed main provider_error',
    ]);
    backend.set('main', [fakeInstance('main', 'a'), fakeInstance('main', 'b', { status: 'disconnected' })]);
    await advance(120_000);
    watch.controller.abort();
    await watch.done;
    expect(summarize(watch.events).slice(3)).toEqual([
      'failed main provider_error',
      'failed main provider_error',
      'failed main provider_error',
      'changed main/b status',
      'synced main',
    ]);
    expect(watch.events[3]).toEqual({ type: 'failed', account: 'main', provider: 'alpha', error });
    expect(backend.pollsOf('main').map((poll) => poll.at)).toEqual([0, 30_000, 60_000, 120_000, 240_000]);
  });

  it('goes back to the interval after a success, and caps the backoff at 5 minutes', async () => {
    backend.fail('main', new ProviderError('down', { provider: 'alpha', account: 'main' }));
    const watch = startWatch({ account: 'main' }, { intervalMs: 60_000 });
    await advance(0);
    for (let step = 0; step < 8; step++) await advance(MAX_WATCH_BACKOFF_MS);
    const times = backend.pollsOf('main').map((poll) => poll.at);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    expect(gaps.slice(0, 4)).toEqual([60_000, 120_000, 240_000, MAX_WATCH_BACKOFF_MS]);
    expect(Math.max(...gaps)).toBe(MAX_WATCH_BACKOFF_MS);
    backend.set('main', []);
    const lastPoll = times.at(-1)!;
    await advance(lastPoll + MAX_WATCH_BACKOFF_MS - Date.now());
    const recovered = backend.pollsOf('main').at(-1)!.at;
    await advance(60_000);
    expect(backend.pollsOf('main').at(-1)!.at).toBe(recovered + 60_000);
    watch.controller.abort();
    await watch.done;
  });

  it('honours a rate limit error’s retryAfterMs when it is longer than the backoff', async () => {
    backend.set('main', [fakeInstance('main', 'a')]);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    backend.once('main', {
      error: new RateLimitError('429 from main', {
        provider: 'alpha',
        account: 'main',
        status: 429,
        retryAfterMs: 95_000,
      }),
    });
    await advance(30_000);
    await advance(94_999);
    expect(backend.pollsOf('main').map((poll) => poll.at)).toEqual([0, 30_000]);
    await advance(1);
    expect(backend.pollsOf('main').map((poll) => poll.at)).toEqual([0, 30_000, 125_000]);
    watch.controller.abort();
    await watch.done;
    expect(summarize(watch.events)).toEqual([
      'added main/a',
      'synced main',
      'failed main rate_limited',
      'synced main',
    ]);
  });

  it('keeps the backoff when a rate limit error asks for less', async () => {
    backend.set('main', []);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    backend.once('main', { error: new RateLimitError('429', { retryAfterMs: 1_000 }) });
    await advance(30_000);
    await advance(29_999);
    expect(backend.pollsOf('main')).toHaveLength(2);
    await advance(1);
    expect(backend.pollsOf('main')).toHaveLength(3);
    watch.controller.abort();
    await watch.done;
  });

  it('wraps a failure that is no Switchboard error without quoting it', async () => {
    backend.fail('main', new TypeError('fetch failed for token tok-secret'));
    const watch = startWatch({ account: 'main' });
    await advance(0);
    watch.controller.abort();
    await watch.done;
    const failed = watch.events[0];
    expect(failed?.type).toBe('failed');
    if (failed?.type !== 'failed') return;
    expect(failed.error).toBeInstanceOf(ProviderError);
    expect(failed.error.account).toBe('main');
    expect(failed.error.message).not.toContain('tok-secret');
  });

  it('diffs a 10,000-instance account', async () => {
    const count = 10_000;
    const first = Array.from({ length: count }, (_, index) => fakeInstance('main', `i${index}`));
    backend.set('main', first);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    expect(watch.events.filter((event) => event.type === 'added')).toHaveLength(count);
    // 100 change status, 50 disappear, 50 new ones appear.
    const second = first
      .slice(50)
      .map((instance, index) => (index < 100 ? { ...instance, status: 'disconnected' as const } : instance))
      .concat(Array.from({ length: 50 }, (_, index) => fakeInstance('main', `new${index}`)));
    backend.set('main', second);
    await advance(30_000);
    watch.controller.abort();
    await watch.done;
    const secondPoll = watch.events.slice(count + 1);
    const counts = { added: 0, changed: 0, removed: 0, synced: 0, failed: 0 };
    for (const event of secondPoll) counts[event.type] += 1;
    // Its cost is a bench row (bench/src/watch.mjs), not a timed test: time depends on the machine.
    expect(counts).toEqual({ added: 50, changed: 100, removed: 50, synced: 1, failed: 0 });
  });

  it('jitters each delay within ±10 % of the interval', async () => {
    backend.set('main', []);
    const low = startWatch({ account: 'main' }, { intervalMs: 10_000 }, () => 0);
    await advance(0);
    await advance(9_000);
    low.controller.abort();
    await low.done;
    expect(backend.pollsOf('main').map((poll) => poll.at)).toEqual([0, 9_000]);
    backend.polls.length = 0;
    const high = startWatch({ account: 'main' }, { intervalMs: 10_000 }, () => 0.999_99);
    const start = Date.now();
    await advance(0);
    await advance(10_999);
    expect(backend.pollsOf('main')).toHaveLength(1);
    await advance(1);
    expect(backend.pollsOf('main').map((poll) => poll.at - start)).toEqual([0, 11_000]);
    high.controller.abort();
    await high.done;
  });

  it('polls no account the filter excludes, and none at all for an empty list', async () => {
    const watch = startWatch({ provider: 'beta' });
    await advance(60_000);
    watch.controller.abort();
    await watch.done;
    expect(new Set(backend.polls.map((poll) => poll.account))).toEqual(new Set(['second']));
    backend.polls.length = 0;
    const none = startWatch({ id: [] });
    await advance(60_000);
    none.controller.abort();
    await none.done;
    expect(backend.polls).toEqual([]);
  });
});

describe('ending a watch', () => {
  it('aborting mid-poll aborts that poll, ends the stream and sends nothing more', async () => {
    backend.set('main', [fakeInstance('main', 'a')]);
    const watch = startWatch({ account: 'main' });
    await advance(0);
    backend.hold();
    await advance(30_000);
    expect(backend.pollsOf('main')).toHaveLength(2);
    const inFlight = backend.pollsOf('main')[1]!;
    expect(inFlight.signal.aborted).toBe(false);
    watch.controller.abort();
    await watch.done;
    expect(inFlight.signal.aborted).toBe(true);
    await advance(10 * 60_000);
    expect(backend.pollsOf('main')).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
    expect(summarize(watch.events)).toEqual(['added main/a', 'synced main']);
  });

  it('break ends it with no further request', async () => {
    backend.set('main', [fakeInstance('main', 'a'), fakeInstance('main', 'b')]);
    const seen: Event[] = [];
    const stream = createWatch(backend.source({ random: noJitter }), { account: 'main' });
    const loop = (async () => {
      for await (const event of stream) {
        seen.push(event);
        if (event.type === 'synced') break;
      }
    })();
    await advance(0);
    await loop;
    await advance(10 * 60_000);
    expect(summarize(seen)).toEqual(['added main/a', 'added main/b', 'synced main']);
    expect(backend.pollsOf('main')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('return() queued behind a pending next() ends the stream after that event, with no further request', async () => {
    backend.set('main', []);
    const stream = createWatch(backend.source({ random: noJitter }), { account: 'main' });
    const first = stream.next();
    await advance(0);
    await first;
    backend.hold();
    // The reader asks again; the poll due at 30 s goes out and hangs.
    const pending = stream.next();
    await advance(30_000);
    const inFlight = backend.pollsOf('main')[1]!;
    const returned = stream.return(undefined);
    backend.release();
    await advance(0);
    await expect(pending).resolves.toMatchObject({ value: { type: 'synced' }, done: false });
    await expect(returned).resolves.toEqual({ done: true, value: undefined });
    await advance(10 * 60_000);
    expect(inFlight.signal.aborted).toBe(true);
    expect(backend.pollsOf('main')).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already-aborted signal ends the stream before any request', async () => {
    const controller = new AbortController();
    controller.abort();
    const stream = createWatch(backend.source(), undefined, { signal: controller.signal });
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
    expect(backend.polls).toEqual([]);
  });

  it('a slow reader holds at most one batch per account: the next poll waits for the reader', async () => {
    backend.set('main', [fakeInstance('main', 'a')]);
    const stream = createWatch(backend.source({ random: noJitter }), { account: 'main' });
    await expect(stream.next()).resolves.toMatchObject({ value: { type: 'added' } });
    // The synced event is not read yet: the account's next poll is not even scheduled.
    await advance(5 * 60_000);
    expect(backend.pollsOf('main')).toHaveLength(1);
    await expect(stream.next()).resolves.toMatchObject({ value: { type: 'synced' } });
    const next = stream.next();
    await advance(30_000);
    await expect(next).resolves.toMatchObject({ value: { type: 'synced' } });
    expect(backend.pollsOf('main')).toHaveLength(2);
    await stream.return(undefined);
  });
});

describe('bad input', () => {
  it.each([
    [{ intervalMs: 999 }, 'options.intervalMs'],
    [{ intervalMs: Number.NaN }, 'options.intervalMs'],
    [{ intervalMs: '30s' }, 'options.intervalMs'],
    [{ interval: 30_000 }, 'options.interval'],
    [{ signal: {} }, 'options.signal'],
    ['fast', 'options'],
  ])('options %j throw ValidationError on the first next(), naming %s', async (options, field) => {
    const stream = createWatch(backend.source(), undefined, options as WatchOptions);
    expect(backend.plannedFilters).toEqual([]);
    const next = stream.next();
    await expect(next).rejects.toBeInstanceOf(ValidationError);
    await expect(next).rejects.toMatchObject({ field });
    expect(backend.polls).toEqual([]);
  });

  it('a bad filter throws ValidationError on the first next(), not at the call', async () => {
    const stream = createWatch(backend.source(), {
      status: 'online',
    } as unknown as InstanceFilter<FakeProvider>);
    await expect(stream.next()).rejects.toBeInstanceOf(ValidationError);
    expect(backend.polls).toEqual([]);
  });

  it('accepts the smallest interval', async () => {
    backend.set('main', []);
    const watch = startWatch({ account: 'main' }, { intervalMs: 1_000 });
    await advance(0);
    await advance(1_000);
    watch.controller.abort();
    await watch.done;
    expect(backend.pollsOf('main').map((poll) => poll.at)).toEqual([0, 1_000]);
  });
});

describe('waitForStatus', () => {
  const wait = (
    target: InstanceFilter<FakeProvider>,
    status: Parameters<typeof waitForInstanceStatus>[2],
    options?: Parameters<typeof waitForInstanceStatus>[3],
  ) => waitForInstanceStatus(backend.source({ random: noJitter }), target, status, options);

  it('resolves with the instance once it has one of the statuses, then stops polling', async () => {
    backend.set('main', [
      fakeInstance('main', 'sales', { status: 'qr_pending' }),
      fakeInstance('main', 'other'),
    ]);
    const ready = wait({ account: 'main', id: 'sales' }, ['connected', 'logged_out']);
    await advance(0);
    await advance(5_000);
    const connected = fakeInstance('main', 'sales', { status: 'connected' });
    backend.set('main', [connected, fakeInstance('main', 'other')]);
    await advance(5_000);
    await expect(ready).resolves.toEqual(connected);
    expect(backend.pollsOf('main').map((poll) => poll.at)).toEqual([0, 5_000, 10_000]);
    await advance(60_000);
    expect(backend.polls).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves at once when the first poll already shows the status', async () => {
    backend.set('second', [fakeInstance('second', 'x', { provider: 'beta', status: 'connected' })]);
    const ready = wait({ account: 'second', id: 'x' }, 'connected');
    await advance(0);
    await expect(ready).resolves.toMatchObject({ id: 'x', status: 'connected' });
  });

  it('plans with the target, so the facade can push it down, and polls only its accounts', async () => {
    backend.set('main', [fakeInstance('main', 'sales')]);
    const target = { account: 'main', id: 'sales' };
    const ready = wait(target, 'connected');
    await advance(0);
    await ready;
    expect(backend.plannedFilters).toEqual([target]);
    expect(backend.polls.map((poll) => poll.account)).toEqual(['main']);
  });

  it('rejects with TimeoutError after timeoutMs, aborting the poll and sending nothing more', async () => {
    backend.set('main', [fakeInstance('main', 'sales', { status: 'qr_pending' })]);
    const ready = wait({ account: 'main', id: 'sales' }, 'connected');
    const outcome = ready.catch((error: unknown) => error);
    await advance(119_999);
    expect(backend.polls).toHaveLength(24);
    await advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain('qr_pending');
    await advance(60_000);
    expect(backend.polls).toHaveLength(24);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps polling through failures until the timeout, with the last failure as the cause', async () => {
    const failure = new ProviderError('503', { provider: 'alpha', account: 'main', status: 503 });
    backend.fail('main', failure);
    const outcome = wait({ account: 'main', id: 'sales' }, 'connected', { timeoutMs: 20_000 }).catch(
      (error: unknown) => error,
    );
    await advance(20_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toBe(failure);
    // Backoff from the 5 s interval: 0, 5 s, 15 s.
    expect(backend.polls.map((poll) => poll.at)).toEqual([0, 5_000, 15_000]);
  });

  it('rejects with NotFoundError once every selected account answered with no match', async () => {
    backend.set('main', [fakeInstance('main', 'other')]);
    backend.set('second', []);
    const outcome = wait({ id: 'sales' }, 'connected').catch((error: unknown) => error);
    await advance(0);
    expect(await outcome).toBeInstanceOf(NotFoundError);
    expect(backend.polls).toHaveLength(2);
  });

  it('waits for an account that failed to answer before deciding nothing matches', async () => {
    backend.set('main', []);
    backend.fail('second', new ProviderError('503', { provider: 'beta', account: 'second' }));
    let settled = false;
    const outcome = wait({ id: 'sales' }, 'connected').catch((error: unknown) => {
      settled = true;
      return error;
    });
    await advance(0);
    await advance(5_000);
    expect(settled).toBe(false);
    backend.set('second', []);
    await advance(10_000);
    expect(await outcome).toBeInstanceOf(NotFoundError);
  });

  it('rejects with NotFoundError when the instance disappears while waited for', async () => {
    backend.set('main', [fakeInstance('main', 'sales', { status: 'connecting' })]);
    const outcome = wait({ account: 'main', id: 'sales' }, 'connected').catch((error: unknown) => error);
    await advance(0);
    backend.set('main', []);
    await advance(5_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ account: 'main', provider: 'alpha' });
  });

  it('rejects with NotFoundError without a request when the target selects no account', async () => {
    await expect(wait({ account: 'nowhere' }, 'connected')).rejects.toBeInstanceOf(NotFoundError);
    expect(backend.polls).toEqual([]);
  });

  it('rejects with AbortError on abort, aborting the poll in flight', async () => {
    backend.set('main', [fakeInstance('main', 'sales', { status: 'qr_pending' })]);
    const controller = new AbortController();
    const outcome = wait({ account: 'main', id: 'sales' }, 'connected', { signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    await advance(0);
    backend.hold();
    await advance(5_000);
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(AbortError);
    expect(backend.polls[1]!.signal.aborted).toBe(true);
    await advance(60_000);
    expect(backend.polls).toHaveLength(2);
  });

  it('rejects with AbortError for a signal aborted before the call', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      wait({ account: 'main' }, 'connected', { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(backend.polls).toEqual([]);
  });

  it.each([
    ['online', undefined, 'status'],
    [[], undefined, 'status'],
    ['connected', { intervalMs: 500 }, 'options.intervalMs'],
    ['connected', { timeoutMs: 0 }, 'options.timeoutMs'],
    ['connected', { timeout: 5 }, 'options.timeout'],
  ])(
    'rejects ValidationError for status %j and options %j (%s), before any request',
    async (status, options, field) => {
      const outcome = wait({ account: 'main' }, status as 'connected', options as undefined);
      await expect(outcome).rejects.toBeInstanceOf(ValidationError);
      await expect(outcome).rejects.toMatchObject({ field });
      expect(backend.polls).toEqual([]);
    },
  );

  it('its errors are Switchboard errors with codes', async () => {
    const outcome = wait({ account: 'nowhere' }, 'connected').catch((error: unknown) => error);
    const error = await outcome;
    expect(SwitchboardError.isInstance(error)).toBe(true);
    expect((error as SwitchboardError).code).toBe('not_found');
  });
});
