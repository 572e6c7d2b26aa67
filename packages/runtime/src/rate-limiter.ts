import { abortReason, type Clock, systemClock } from './clock.js';
import { RateLimitError } from './errors.js';
import { fingerprint } from './hash.js';
import { parseRateLimitResetMs } from './http-errors.js';
import type { RateLimit } from './provider-adapter.js';

/**
 * The longest a server's `X-RateLimit-Reset` may hold requests back. Beyond it (a daily quota, a
 * wrong clock) `acquire` fails at once with a `RateLimitError` carrying the wait, the same rule as
 * for `Retry-After`, so that nothing hangs silently and the caller decides.
 */
export const MAX_RATE_LIMIT_RESET_WAIT_MS = 60_000;

/**
 * `X-RateLimit-Reset` is in whole seconds, rounded up: a per-minute window that reopens in 59.2 s is
 * announced as 60 s away, or 61 s by the time the answer is read. That much past the cap is the
 * rounding of a one-minute window, not a longer quota, so it is waited out.
 */
const RESET_ROUNDING_MS = 2_000;

interface Waiter {
  resolve(grantedAt: number): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * A sliding-window limiter: it records when it let each request go and lets the next one go only
 * when, for every limit it holds, fewer than `requests` went out in the last `perMs`. So no window of
 * `perMs`, wherever it starts, ever carries more than `requests` (a fixed window would allow twice
 * that across a boundary). Callers wait in arrival order. It also honours a server that says its
 * quota is spent (`X-RateLimit-Remaining: 0`) by holding every request until `X-RateLimit-Reset`,
 * or, when that is more than `MAX_RATE_LIMIT_RESET_WAIT_MS` away, by refusing them (those waiting
 * included) with a `RateLimitError` whose `retryAfterMs` says how long is left.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #limits: RateLimit[] = [];
  /** When each recent request was let go, oldest first; older than the longest window are dropped. */
  #grants: number[] = [];
  #blockedUntil = 0;
  readonly #queue: Waiter[] = [];
  #timer: unknown;
  #timerSet = false;

  constructor(limit: RateLimit, clock: Clock = systemClock) {
    this.#clock = clock;
    this.addLimit(limit);
  }

  /** The limits in force; a request goes only when all of them allow it. */
  get limits(): readonly RateLimit[] {
    return this.#limits;
  }

  /**
   * Adds a limit (two clients sharing one base URL and token may have been given different ones: both
   * are honoured). A limit already held is not added twice.
   */
  addLimit(limit: RateLimit): void {
    assertRateLimit(limit);
    if (this.#limits.some((held) => held.requests === limit.requests && held.perMs === limit.perMs)) return;
    this.#limits.push({ requests: limit.requests, perMs: limit.perMs });
  }

  /**
   * Resolves when a request may go, with the time it was let go (hand it to `settle` when the
   * response arrives); rejects with the signal's reason if the signal aborts first, and with a
   * `RateLimitError` (no provider or account: the caller adds them) while the server's quota is
   * spent for longer than `MAX_RATE_LIMIT_RESET_WAIT_MS`.
   */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const now = this.#clock.now();
    const blocked = this.#farBlock(now);
    if (blocked) return Promise.reject(blocked);
    if (this.#queue.length === 0 && this.#waitMs(now) === 0) {
      this.#grants.push(now);
      return Promise.resolve(now);
    }
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index !== -1) this.#queue.splice(index, 1);
          if (this.#queue.length === 0) this.#cancelTimer();
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /**
   * Moves a grant to now, when its response (or failure) arrives. A server counts a request when it
   * arrives, after the client let it go; timing the window from the answer keeps the client's window
   * ending after the server's, so a burst that fills the window draws no 429 however latency varies.
   */
  settle(grantedAt: number): void {
    const now = this.#clock.now();
    const index = countUpTo(this.#grants, grantedAt) - 1;
    if (index >= 0 && this.#grants[index] === grantedAt) this.#grants.splice(index, 1);
    // Every grant was made at or before now, so the list stays sorted.
    this.#grants.push(now);
  }

  /**
   * Reads a response's `X-RateLimit-Remaining` and `X-RateLimit-Reset`: when the server says nothing
   * remains, later requests wait until the reset, or fail at once when it is more than
   * `MAX_RATE_LIMIT_RESET_WAIT_MS` away (see `acquire`). A reset in the past is ignored. A near
   * reset is also ignored while this limiter's own window is full, which already explains the
   * server's answer and frees a slot no earlier than the server does (see `settle`): the reset, in
   * whole seconds, would add up to a second to every window.
   */
  observe(headers: Headers): void {
    const now = this.#clock.now();
    const waitMs = parseRateLimitResetMs(headers, now);
    if (waitMs === undefined) return;
    if (waitMs <= MAX_RATE_LIMIT_RESET_WAIT_MS + RESET_ROUNDING_MS && this.#ownWindowIsFull(now)) return;
    const blockedUntil = now + waitMs;
    if (blockedUntil <= this.#blockedUntil) return;
    this.#blockedUntil = blockedUntil;
    // Those already waiting learn at once, rather than when their old turn comes.
    if (this.#queue.length > 0) this.#pump();
  }

  /** How long the server's spent quota still holds requests back from `now` (0 when it does not). */
  blockedForMs(now: number = this.#clock.now()): number {
    return Math.max(0, this.#blockedUntil - now);
  }

  /** The error for a server block longer than the limiter waits out, or undefined. */
  #farBlock(now: number): RateLimitError | undefined {
    const waitMs = this.blockedForMs(now);
    if (waitMs <= MAX_RATE_LIMIT_RESET_WAIT_MS + RESET_ROUNDING_MS) return undefined;
    return new RateLimitError(
      `the server's quota is spent (X-RateLimit-Remaining: 0) for ${waitMs} ms more, ` +
        `over the ${MAX_RATE_LIMIT_RESET_WAIT_MS} ms a request waits`,
      { retryAfterMs: waitMs },
    );
  }

  /** True when dropping this limiter would change nothing: no one waits and no window holds a grant. */
  isIdle(): boolean {
    const now = this.#clock.now();
    return this.#queue.length === 0 && now >= this.#blockedUntil && this.#pruneAndCount(now) === 0;
  }

  #ownWindowIsFull(now: number): boolean {
    this.#pruneAndCount(now);
    return this.#limits.some(({ requests, perMs }) => countAfter(this.#grants, now - perMs) >= requests);
  }

  /** How long from `now` until a request may go (0 when it may go now). */
  #waitMs(now: number): number {
    let waitUntil = this.#blockedUntil;
    const grantCount = this.#pruneAndCount(now);
    if (grantCount > 0) {
      for (const { requests, perMs } of this.#limits) {
        const inWindow = countAfter(this.#grants, now - perMs);
        if (inWindow >= requests) {
          // The `requests`-th most recent grant has to leave the window before another may enter.
          const freedAt = this.#grants[this.#grants.length - requests]! + perMs;
          if (freedAt > waitUntil) waitUntil = freedAt;
        }
      }
    }
    return Math.max(0, waitUntil - now);
  }

  #pruneAndCount(now: number): number {
    const longestWindow = Math.max(...this.#limits.map((limit) => limit.perMs));
    const firstKept = countUpTo(this.#grants, now - longestWindow);
    if (firstKept > 0) this.#grants = this.#grants.slice(firstKept);
    return this.#grants.length;
  }

  #pump(): void {
    this.#cancelTimer();
    while (this.#queue.length > 0) {
      const now = this.#clock.now();
      const blocked = this.#farBlock(now);
      if (blocked) {
        for (const waiter of this.#queue.splice(0)) {
          if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
          waiter.reject(blocked);
        }
        return;
      }
      const waitMs = this.#waitMs(now);
      if (waitMs > 0) {
        this.#timerSet = true;
        this.#timer = this.#clock.setTimeout(() => {
          this.#timerSet = false;
          this.#pump();
        }, waitMs);
        return;
      }
      const waiter = this.#queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      this.#grants.push(now);
      waiter.resolve(now);
    }
  }

  #cancelTimer(): void {
    if (!this.#timerSet) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timerSet = false;
  }
}

/** How many of the sorted `values` are at most `bound`. */
function countUpTo(values: readonly number[], bound: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many of the sorted `values` are above `bound`. */
function countAfter(values: readonly number[], bound: number): number {
  return values.length - countUpTo(values, bound);
}

function assertRateLimit(limit: RateLimit): void {
  if (
    typeof limit !== 'object' ||
    limit === null ||
    !Number.isInteger(limit.requests) ||
    limit.requests < 1 ||
    !Number.isFinite(limit.perMs) ||
    limit.perMs <= 0
  ) {
    throw new RangeError(
      'a rate limit needs a whole number of `requests` (1 or more) per a positive `perMs`',
    );
  }
}

/** When this many limiters exist, idle ones are dropped as new ones are made. */
const REGISTRY_PRUNE_SIZE = 256;

/** One registry per clock, so that tests with their own clock never share state with real traffic. */
const registries = new WeakMap<Clock, Map<string, RateLimiter>>();

export interface SharedRateLimiterOptions {
  /** What the limit belongs to besides the credential, usually the base URL. */
  key: string;
  /** The credential; only a fingerprint of it is kept, as part of the registry key. */
  token: string;
  limit: RateLimit;
  clock?: Clock;
}

/**
 * The process-wide limiter for one base URL and credential: every client and transport made for the
 * same pair shares it, so that together they stay under the provider's limit.
 */
export function getSharedRateLimiter(options: SharedRateLimiterOptions): RateLimiter {
  const clock = options.clock ?? systemClock;
  let registry = registries.get(clock);
  if (!registry) {
    registry = new Map();
    registries.set(clock, registry);
  }
  const registryKey = `${options.key}\u0000${fingerprint(options.token)}`;
  const existing = registry.get(registryKey);
  if (existing) {
    existing.addLimit(options.limit);
    return existing;
  }
  if (registry.size >= REGISTRY_PRUNE_SIZE) {
    for (const [key, limiter] of registry) if (limiter.isIdle()) registry.delete(key);
  }
  const limiter = new RateLimiter(options.limit, clock);
  registry.set(registryKey, limiter);
  return limiter;
}
