import {
  AuthenticationError,
  createErrorFromResponse,
  NotFoundError,
  ValidationError,
} from '@switchboard/runtime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeAdapter, FakeBackend, fakeItem, fakeProviders } from './__fixtures__/fake-adapter.js';
import type { SwitchboardOptions } from './options.js';
import { createSwitchboardFromDefinitions } from './switchboard.js';

let backend: FakeBackend;

function registry() {
  return fakeProviders({
    alpha: createFakeAdapter('alpha', backend),
    beta: createFakeAdapter('beta', backend),
  });
}

function create(options: Partial<SwitchboardOptions<ReturnType<typeof registry>>> = {}) {
  return createSwitchboardFromDefinitions(registry(), {
    logLevel: 'off',
    accounts: [
      { provider: 'alpha', token: 'tok-alpha-secret', label: 'main' },
      { provider: 'beta', token: 'tok-beta-secret', label: 'second' },
    ],
    ...options,
  });
}

/**
 * Advances fake time, then a few milliseconds more: the fake adapter answers on a zero-delay
 * timer, which fake timers run a millisecond after it was set.
 */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await vi.advanceTimersByTimeAsync(5);
}

/** The stream's next event, advancing fake time by `ms` while it is awaited. */
async function pull<Value>(stream: AsyncGenerator<Value>, ms = 0): Promise<IteratorResult<Value>> {
  const next = stream.next();
  await advance(ms);
  return next;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  // Jitter of zero: every delay is its nominal value.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  backend = new FakeBackend();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('Switchboard.watch', () => {
  it('yields the facade’s instances as they are added, change and go, per account', async () => {
    backend.setItems('tok-alpha-secret', [fakeItem('a'), fakeItem('b', { state: 'off' })]);
    backend.setItems('tok-beta-secret', [fakeItem('c')]);
    const switchboard = create();
    const controller = new AbortController();
    const events: string[] = [];
    const loop = (async () => {
      for await (const event of switchboard.watch({ account: 'main' }, { signal: controller.signal })) {
        if (event.type === 'synced' || event.type === 'failed') events.push(`${event.type} ${event.account}`);
        else if (event.type === 'changed')
          events.push(`changed ${event.instance.id} ${event.changes.join(',')}`);
        else events.push(`${event.type} ${event.instance.id} ${event.instance.status}`);
      }
    })();
    await advance(0);
    backend.setItems('tok-alpha-secret', [fakeItem('b', { state: 'on' })]);
    await advance(30_000);
    controller.abort();
    await loop;
    expect(events).toEqual([
      'added a connected',
      'added b disconnected',
      'synced main',
      'changed b status,providerStatus',
      'removed a connected',
      'synced main',
    ]);
    expect(backend.callsFor('tok-beta-secret')).toEqual([]);
  });

  it('pushes the filter down and applies the exact filter, reporting an instance that stops matching', async () => {
    backend.setItems('tok-alpha-secret', [
      fakeItem('a', { name: 'Sales' }),
      fakeItem('b', { name: 'sales-2' }),
    ]);
    const switchboard = create();
    const stream = switchboard.watch({ account: 'main', name: 'Sales', status: 'connected' });
    await expect(pull(stream)).resolves.toMatchObject({ value: { type: 'added', instance: { id: 'a' } } });
    await expect(pull(stream)).resolves.toMatchObject({ value: { type: 'synced' } });
    expect(backend.calls[0]!.request.filter.names).toEqual(['Sales']);
    backend.setItems('tok-alpha-secret', [fakeItem('a', { name: 'Sales', state: 'off' })]);
    await expect(pull(stream, 30_000)).resolves.toMatchObject({
      value: { type: 'removed', instance: { id: 'a', status: 'disconnected' } },
    });
    await stream.return(undefined);
  });

  it('reports a failed account with its label and without its token, and keeps its instances', async () => {
    backend.setItems('tok-alpha-secret', [fakeItem('a')]);
    const switchboard = create();
    const stream = switchboard.watch({ account: 'main' });
    await pull(stream);
    await pull(stream);
    // Built as a provider's adapter builds it, by the runtime's helper given the client's secrets.
    backend.failWith('tok-alpha-secret', () =>
      createErrorFromResponse({
        provider: 'alpha',
        response: new Response(null, { status: 401 }),
        body: { message: 'Token tok-alpha-secret refused' },
        secrets: ['tok-alpha-secret'],
      }),
    );
    const { value } = await pull(stream, 30_000);
    expect(value).toMatchObject({ type: 'failed', account: 'main', provider: 'alpha' });
    if (value?.type !== 'failed') return;
    expect(value.error).toBeInstanceOf(AuthenticationError);
    expect(value.error.account).toBe('main');
    expect(value.error.message).not.toContain('tok-alpha-secret');
    expect(JSON.stringify(value.error)).not.toContain('tok-alpha-secret');
    backend.failures.clear();
    await expect(pull(stream, 30_000)).resolves.toMatchObject({ value: { type: 'synced', account: 'main' } });
    await stream.return(undefined);
  });

  it('shares the switchboard’s concurrency with its listings', async () => {
    backend.setItems('tok-alpha-secret', [fakeItem('a')]);
    backend.setItems('tok-beta-secret', [fakeItem('b')]);
    const switchboard = create({ concurrency: 1 });
    const controller = new AbortController();
    const loop = (async () => {
      for await (const _event of switchboard.watch(undefined, { signal: controller.signal })) {
        // Draining the stream is enough.
      }
    })();
    const listing = switchboard.listInstances();
    await advance(0);
    await advance(0);
    await listing;
    await advance(90_000);
    controller.abort();
    await loop;
    expect(backend.maxInFlight).toBe(1);
    expect(backend.calls.length).toBeGreaterThanOrEqual(2 + 2 * 3);
  });

  it('throws bad input on the first next(), with no request', async () => {
    const switchboard = create();
    const stream = switchboard.watch({ provider: 'gamma' } as never, { intervalMs: 500 });
    await expect(stream.next()).rejects.toBeInstanceOf(ValidationError);
    expect(backend.calls).toEqual([]);
  });
});

describe('Switchboard.waitForStatus', () => {
  it('pushes the target down and resolves once the instance has the status', async () => {
    backend.setItems('tok-alpha-secret', [fakeItem('a', { name: 'sales', state: 'off' }), fakeItem('b')]);
    const switchboard = create();
    const ready = switchboard.waitForStatus({ account: 'main', name: 'sales' }, 'connected');
    await advance(0);
    backend.setItems('tok-alpha-secret', [fakeItem('a', { name: 'sales', state: 'on' }), fakeItem('b')]);
    await advance(5_000);
    await expect(ready).resolves.toMatchObject({ account: 'main', id: 'a', status: 'connected' });
    expect(backend.calls.map((call) => call.request.filter.names)).toEqual([['sales'], ['sales']]);
    expect(backend.callsFor('tok-beta-secret')).toEqual([]);
    await advance(60_000);
    expect(backend.calls).toHaveLength(2);
  });

  it('rejects with NotFoundError when nothing matches the target', async () => {
    backend.setItems('tok-alpha-secret', [fakeItem('a')]);
    const switchboard = create();
    const outcome = switchboard.waitForStatus({ account: 'main', id: 'nope' }, 'connected');
    const settled = outcome.catch((error: unknown) => error);
    await advance(0);
    expect(await settled).toBeInstanceOf(NotFoundError);
  });
});
