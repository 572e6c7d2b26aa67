import type { Clock } from '@switchboard/runtime';

export interface ManualClock extends Clock {
  /** Moves time forward, firing the timers that fall due, in order. */
  advance(ms: number): Promise<void>;
  /** Timers waiting to fire. */
  readonly pending: number;
}

/** A clock that moves only when told, so latency and rate-limit windows need no real waiting. */
export function createManualClock(start = Date.UTC(2026, 0, 1, 12)): ManualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= target)
          .sort(([, first], [, second]) => first.at - second.at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        // Let the code waiting on that timer run before the next one fires.
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = target;
      await new Promise((resolve) => setImmediate(resolve));
    },
    get pending() {
      return timers.size;
    },
  };
}
