import { abortErrorFor } from './abort-scope.js';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Bounds the requests in flight. Slots are handed out first come, first served, and a caller still
 * waiting for one leaves the queue as soon as its signal aborts. Time spent here is spent before
 * the transport starts its per-attempt timer, so it never counts towards `timeoutMs`.
 */
export class ConcurrencyLimiter {
  readonly limit: number;
  #active = 0;
  readonly #waiting: Waiter[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Takes a slot, and gives the function that hands it back (once; later calls do nothing): the
   * transport's `slots`, so that each attempt holds one and a retry's backoff holds none.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.#acquire(signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release();
    };
  }

  async run<Result>(task: () => Promise<Result>, signal?: AbortSignal): Promise<Result> {
    await this.#acquire(signal);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortErrorFor(signal));
    if (this.#active < this.limit) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#waiting.indexOf(waiter);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(abortErrorFor(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#waiting.push(waiter);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (!next) {
      this.#active -= 1;
      return;
    }
    // The slot passes straight to the next waiter, so `active` does not change.
    if (next.onAbort) next.signal?.removeEventListener('abort', next.onAbort);
    next.resolve();
  }
}
