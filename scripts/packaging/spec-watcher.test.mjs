import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSpecWatcher, providerOfSpecFile } from './spec-watcher.mjs';

/** A stand-in for fs.watch: the test emits the events. */
function fakeWatch() {
  const state = { listener: null, closed: false, folder: null };
  const watch = (folder, listener) => {
    state.folder = folder;
    state.listener = listener;
    return {
      close() {
        state.closed = true;
      },
    };
  };
  return { watch, state, emit: (fileName, eventType = 'change') => state.listener(eventType, fileName) };
}

/** A regeneration the test finishes by hand, to hold one in flight. */
function controllableRegenerate() {
  const calls = [];
  const regenerate = vi.fn(
    (provider) =>
      new Promise((resolve, reject) => {
        calls.push({ provider, resolve, reject });
      }),
  );
  return { regenerate, calls };
}

describe('providerOfSpecFile', () => {
  it('names the provider of a spec file and ignores every other file', () => {
    expect(providerOfSpecFile('acme.openapi.yaml')).toBe('acme');
    expect(providerOfSpecFile('specs/globex-api.openapi.yml')).toBe('globex-api');
    expect(providerOfSpecFile('.acme.openapi.yaml.swp')).toBeNull();
    expect(providerOfSpecFile('acme.openapi.yaml~')).toBeNull();
    expect(providerOfSpecFile('redocly.yaml')).toBeNull();
    expect(providerOfSpecFile(null)).toBeNull();
  });
});

describe('createSpecWatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('regenerates a provider once after a burst of events on its spec', async () => {
    const { watch, state, emit } = fakeWatch();
    const regenerate = vi.fn(async () => {});
    const watcher = createSpecWatcher({
      specsFolder: '/repo/specs',
      regenerate,
      listProviders: () => [],
      debounceMs: 100,
      watch,
    });
    expect(state.folder).toBe('/repo/specs');
    emit('acme.openapi.yaml', 'rename');
    await vi.advanceTimersByTimeAsync(50);
    emit('acme.openapi.yaml');
    emit('acme.openapi.yaml');
    await vi.advanceTimersByTimeAsync(99);
    expect(regenerate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(regenerate.mock.calls).toEqual([['acme']]);
    await watcher.close();
  });

  it('regenerates only the providers whose spec changed, each on its own timer', async () => {
    const { watch, emit } = fakeWatch();
    const regenerate = vi.fn(async () => {});
    const watcher = createSpecWatcher({
      specsFolder: 'specs',
      regenerate,
      listProviders: () => [],
      debounceMs: 100,
      watch,
    });
    emit('initech.openapi.yaml');
    emit('.initech.openapi.yaml.swp');
    emit('redocly.yaml');
    await vi.advanceTimersByTimeAsync(60);
    emit('globex-api.openapi.yaml');
    await vi.advanceTimersByTimeAsync(40);
    expect(regenerate.mock.calls).toEqual([['initech']]);
    await vi.advanceTimersByTimeAsync(60);
    expect(regenerate.mock.calls).toEqual([['initech'], ['globex-api']]);
    await watcher.close();
  });

  it('never runs two regenerations of one provider at once, and runs once more for changes made meanwhile', async () => {
    const { watch, emit } = fakeWatch();
    const { regenerate, calls } = controllableRegenerate();
    const events = [];
    const watcher = createSpecWatcher({
      specsFolder: 'specs',
      regenerate,
      listProviders: () => [],
      debounceMs: 10,
      watch,
      onEvent: (event, provider) => events.push(`${event} ${provider}`),
    });
    emit('umbrella.openapi.yaml');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    emit('umbrella.openapi.yaml');
    await vi.advanceTimersByTimeAsync(10);
    emit('umbrella.openapi.yaml');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(1);
    calls[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    calls[1].resolve();
    await watcher.idle();
    expect(calls).toHaveLength(2);
    expect(events.filter((event) => !event.startsWith('queued'))).toEqual([
      'started umbrella',
      'done umbrella',
      'started umbrella',
      'done umbrella',
    ]);
    await watcher.close();
  });

  it('reports a failed regeneration and keeps watching', async () => {
    const { watch, emit } = fakeWatch();
    const { regenerate, calls } = controllableRegenerate();
    const failures = [];
    const watcher = createSpecWatcher({
      specsFolder: 'specs',
      regenerate,
      listProviders: () => [],
      debounceMs: 10,
      watch,
      onEvent: (event, provider, error) => {
        if (event === 'failed') failures.push([provider, error.message]);
      },
    });
    emit('acme.openapi.yaml');
    await vi.advanceTimersByTimeAsync(10);
    calls[0].reject(new Error('the spec does not parse'));
    await watcher.idle();
    expect(failures).toEqual([['acme', 'the spec does not parse']]);
    emit('acme.openapi.yaml');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(2);
    calls[1].resolve();
    await watcher.close();
  });

  it('regenerates every provider when the platform names no file', async () => {
    const { watch, emit } = fakeWatch();
    const regenerate = vi.fn(async () => {});
    const watcher = createSpecWatcher({
      specsFolder: 'specs',
      regenerate,
      listProviders: () => ['acme', 'initech'],
      debounceMs: 10,
      watch,
    });
    emit(null);
    await vi.advanceTimersByTimeAsync(10);
    expect(regenerate.mock.calls).toEqual([['acme'], ['initech']]);
    await watcher.close();
  });

  it('stops watching on close and drops regenerations not started yet', async () => {
    const { watch, state, emit } = fakeWatch();
    const regenerate = vi.fn(async () => {});
    const watcher = createSpecWatcher({
      specsFolder: 'specs',
      regenerate,
      listProviders: () => [],
      debounceMs: 10,
      watch,
    });
    emit('initech.openapi.yaml');
    await watcher.close();
    await vi.advanceTimersByTimeAsync(50);
    expect(state.closed).toBe(true);
    expect(regenerate).not.toHaveBeenCalled();
  });
});
