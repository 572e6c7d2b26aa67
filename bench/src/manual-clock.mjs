// Virtual time for a whole process: `setTimeout`, `clearTimeout` and `Date.now` are replaced, so that
// everything reading the globals at call time (the runtime's `systemClock`: the watch's schedule, the
// rate limiter, the transport's timers; the simulators' rate-limit windows) runs on it. Minutes pass
// in milliseconds of real time; the work between two timers runs for real, on real promises.
import { setImmediate as realSetImmediate } from 'node:timers';

/** A binary min-heap of timers, by due time and then by creation. */
class TimerHeap {
  #items = [];

  get size() {
    return this.#items.length;
  }

  push(timer) {
    const items = this.#items;
    items.push(timer);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(items[index], items[parent])) break;
      [items[index], items[parent]] = [items[parent], items[index]];
      index = parent;
    }
  }

  peek() {
    return this.#items[0];
  }

  pop() {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < items.length && before(items[left], items[smallest])) smallest = left;
        if (right < items.length && before(items[right], items[smallest])) smallest = right;
        if (smallest === index) break;
        [items[index], items[smallest]] = [items[smallest], items[index]];
        index = smallest;
      }
    }
    return top;
  }
}

function before(left, right) {
  return left.at < right.at || (left.at === right.at && left.id < right.id);
}

/**
 * Installs the clock and returns `{ now, advance(ms), activity(), uninstall() }`. `advance` runs
 * every timer due within `ms`, in order, letting the real work each one starts settle before the
 * next (until a few turns of the event loop pass with nothing new); `activity()` counts timers
 * set, which is how it tells that nothing new happened.
 */
export function installManualClock({ startMs = Date.UTC(2026, 0, 1) } = {}) {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };
  const heap = new TimerHeap();
  let now = startMs;
  let sequence = 0;
  let activity = 0;
  let turns = 0;
  let externalActivity = () => 0;

  globalThis.setTimeout = (callback, ms = 0, ...args) => {
    activity += 1;
    const delay = Number.isFinite(Number(ms)) ? Math.max(0, Number(ms)) : 0;
    const timer = {
      id: ++sequence,
      at: now + delay,
      callback: () => callback(...args),
      cancelled: false,
      unref() {
        return timer;
      },
      ref() {
        return timer;
      },
      hasRef() {
        return true;
      },
      [Symbol.toPrimitive]() {
        return timer.id;
      },
    };
    heap.push(timer);
    return timer;
  };
  globalThis.clearTimeout = (timer) => {
    if (timer === null || typeof timer !== 'object') return;
    timer.cancelled = true;
    // The heap keeps a cancelled timer until it is due; its closure (a request, a response) must
    // not stay alive with it, or the heap figures would count the clock's memory, not the watch's.
    timer.callback = undefined;
  };
  Date.now = () => now;

  const turn = () => {
    turns += 1;
    return new Promise((resolve) => realSetImmediate(resolve));
  };
  /** Lets the real work in flight finish: until two turns in a row start nothing new. */
  async function settle() {
    let quiet = 0;
    let last = activity + externalActivity();
    for (let turns = 0; quiet < 2 && turns < 10_000; turns++) {
      await turn();
      const current = activity + externalActivity();
      quiet = current === last ? quiet + 1 : 0;
      last = current;
    }
  }

  return {
    get now() {
      return now;
    },
    /** Event-loop turns `settle` has waited so far: the clock's own cost, to tell apart from the work's. */
    get turns() {
      return turns;
    },
    /** Waits `count` empty turns, to measure what one costs on this machine. */
    async idleTurns(count) {
      for (let index = 0; index < count; index++) await turn();
    },
    /** Counts more activity (requests started and answered) that `settle` waits on. */
    watchActivity(read) {
      externalActivity = read;
    },
    settle,
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await settle();
        const next = heap.peek();
        if (next === undefined || next.at > target) break;
        heap.pop();
        if (next.cancelled) continue;
        now = Math.max(now, next.at);
        next.callback();
      }
      now = target;
      await settle();
    },
    /** Advances until `promise` settles (or `limitMs` of virtual time pass), and returns it. */
    async runUntil(promise, { stepMs = 1_000, limitMs = 3_600_000 } = {}) {
      let settled = false;
      promise.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      for (let elapsed = 0; !settled && elapsed < limitMs; elapsed += stepMs) await this.advance(stepMs);
      return promise;
    },
    uninstall() {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
      Date.now = real.now;
    },
  };
}
