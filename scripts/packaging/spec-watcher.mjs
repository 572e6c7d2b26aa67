// The logic of `pnpm generate:watch`: turns file events in specs/ into one regeneration per provider
// once its spec has been quiet for `debounceMs`, never two of the same provider at once (a change that
// arrives during a run queues one more run). The watcher, the timers and the regeneration are
// injected, so that the tests drive them without touching the file system or waiting.
import { watch as watchFolder } from 'node:fs';

const SPEC_FILE = /^(?<provider>[a-z0-9-]+)\.openapi\.ya?ml$/;

/** The provider whose spec a file name is, or null for any other file (editor swap files, configs). */
export function providerOfSpecFile(fileName) {
  if (typeof fileName !== 'string') return null;
  return SPEC_FILE.exec(fileName.split(/[\\/]/).pop() ?? '')?.groups?.provider ?? null;
}

/**
 * @param {object} options
 * @param {string} options.specsFolder
 * @param {(provider: string) => Promise<unknown>} options.regenerate  rejects when generation fails
 * @param {() => string[]} options.listProviders  every provider with a spec, for events without a name
 * @param {number} [options.debounceMs]
 * @param {(message: string, provider: string) => void} [options.onEvent]  'queued', 'started', 'done', 'failed'
 * @param {typeof watchFolder} [options.watch]
 * @param {typeof setTimeout} [options.setTimer]
 * @param {typeof clearTimeout} [options.clearTimer]
 */
export function createSpecWatcher({
  specsFolder,
  regenerate,
  listProviders,
  debounceMs = 150,
  onEvent = () => {},
  watch = watchFolder,
  setTimer = setTimeout,
  clearTimer = clearTimeout,
}) {
  const timers = new Map();
  const running = new Set();
  const pending = new Set();
  const runs = new Set();

  async function run(provider) {
    if (running.has(provider)) {
      pending.add(provider);
      return;
    }
    running.add(provider);
    onEvent('started', provider);
    try {
      await regenerate(provider);
      onEvent('done', provider);
    } catch (error) {
      onEvent('failed', provider, error);
    } finally {
      running.delete(provider);
    }
    if (pending.delete(provider)) await run(provider);
  }

  function schedule(provider) {
    clearTimer(timers.get(provider));
    timers.set(
      provider,
      setTimer(() => {
        timers.delete(provider);
        const runPromise = run(provider);
        runs.add(runPromise);
        runPromise.finally(() => runs.delete(runPromise));
      }, debounceMs),
    );
    onEvent('queued', provider);
  }

  const watcher = watch(specsFolder, (_eventType, fileName) => {
    // Some platforms report no file name: every spec may have changed then.
    if (fileName === null || fileName === undefined) {
      for (const provider of listProviders()) schedule(provider);
      return;
    }
    const provider = providerOfSpecFile(String(fileName));
    if (provider) schedule(provider);
  });

  return {
    /** Stops watching and drops the regenerations not started yet; waits for the running ones. */
    async close() {
      watcher.close();
      for (const timer of timers.values()) clearTimer(timer);
      timers.clear();
      pending.clear();
      await Promise.all([...runs]);
    },
    /** Resolves when no regeneration is running or queued behind a running one. */
    async idle() {
      while (runs.size > 0) await Promise.all([...runs]);
    },
  };
}
