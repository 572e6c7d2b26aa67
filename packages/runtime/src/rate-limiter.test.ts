import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitError } from './errors.js';
import { getSharedRateLimiter, MAX_RATE_LIMIT_RESET_WAIT_MS, RateLimiter } from './rate-limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

/** True when no half-open window of `perMs` holds more than `requests` of the sorted times. */
function windowsRespected(times: readonly number[], requests: number, perMs: number): boolean {
  for (let index = 0; index + requests < times.length; index++) {
    if (times[index + requests]! - times[index]! < perMs) return false;
  }
  return true;
}

describe('RateLimiter', () => {
  it('lets a burst of 300 through without ever putting more than the limit in one window', async () => {
    const limiter = new RateLimiter({ requests: 10, perMs: 1000 });
    const startedAt = Date.now();
    const grantedAt: number[] = [];
    const order: number[] = [];
    const all = Array.from({ length: 300 }, (_, index) =>
      limiter.acquire().then(() => {
        grantedAt.push(Date.now());
        order.push(index);
      }),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.all(all);
    expect(grantedAt).toHaveLength(300);
    expect(windowsRespected(grantedAt, 10, 1000)).toBe(true);
    // It waits no longer than it has to: 30 windows of 10.
    expect(grantedAt.at(-1)! - startedAt).toBe(29_000);
    expect(order).toEqual([...order].sort((left, right) => left - right));
  });

  it('keeps every window under the limit when requests arrive at scattered times', async () => {
    const limiter = new RateLimiter({ requests: 5, perMs: 200 });
    const grantedAt: number[] = [];
    let seed = 7;
    const nextGap = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % 60;
    };
    const pending: Promise<void>[] = [];
    for (let index = 0; index < 120; index++) {
      pending.push(limiter.acquire().then(() => void grantedAt.push(Date.now())));
      await vi.advanceTimersByTimeAsync(nextGap());
    }
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(pending);
    expect(grantedAt).toHaveLength(120);
    expect(windowsRespected(grantedAt, 5, 200)).toBe(true);
  });

  it('honours every limit it holds', async () => {
    const limiter = new RateLimiter({ requests: 3, perMs: 100 });
    limiter.addLimit({ requests: 4, perMs: 1000 });
    limiter.addLimit({ requests: 3, perMs: 100 });
    expect(limiter.limits).toHaveLength(2);
    const grantedAt: number[] = [];
    const all = Array.from({ length: 12 }, () =>
      limiter.acquire().then(() => void grantedAt.push(Date.now())),
    );
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    expect(windowsRespected(grantedAt, 3, 100)).toBe(true);
    expect(windowsRespected(grantedAt, 4, 1000)).toBe(true);
  });

  it('times a settled grant from its answer, so the window ends after the server counted it', async () => {
    const limiter = new RateLimiter({ requests: 2, perMs: 1000 });
    const firstGrant = await limiter.acquire();
    const secondGrant = await limiter.acquire();
    await vi.advanceTimersByTimeAsync(300);
    limiter.settle(firstGrant);
    limiter.settle(secondGrant);
    let granted = false;
    const third = limiter.acquire().then(() => {
      granted = true;
    });
    // Both answers came at 300 ms, so the window holds them until 1 300 ms, not 1 000 ms.
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await third;
    expect(granted).toBe(true);
  });

  it('trusts its own full window over a whole-second X-RateLimit-Reset', async () => {
    const limiter = new RateLimiter({ requests: 2, perMs: 1000 });
    await limiter.acquire();
    await limiter.acquire();
    // The server rounds its reset up to whole seconds: here almost 2 s away.
    const resetAt = Math.ceil((Date.now() + 1999) / 1000);
    limiter.observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) }));
    let granted = false;
    const next = limiter.acquire().then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(granted).toBe(true);
  });

  it('holds requests until X-RateLimit-Reset once the server says none remain (seconds from now)', async () => {
    const limiter = new RateLimiter({ requests: 100, perMs: 60_000 });
    await limiter.acquire();
    limiter.observe(new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '5' }));
    let granted = false;
    const next = limiter.acquire().then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(granted).toBe(true);
  });

  it('reads a reset above 1e9 as epoch seconds', async () => {
    const limiter = new RateLimiter({ requests: 100, perMs: 60_000 });
    const resetAt = Math.floor(Date.now() / 1000) + 3;
    limiter.observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) }));
    let granted = false;
    const next = limiter.acquire().then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(resetAt * 1000 - Date.now() - 1);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
  });

  it('refuses at once, with the wait, while the server says its quota is spent for over 60 s', async () => {
    const limiter = new RateLimiter({ requests: 1, perMs: 1000 });
    await limiter.acquire();
    // Queued behind the local window when the far reset arrives: it learns at once too.
    const queued = limiter.acquire().catch((error: unknown) => error);
    limiter.observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '86400' }));
    await vi.advanceTimersByTimeAsync(0);
    const error = await queued;
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(86_400_000);
    expect(limiter.blockedForMs()).toBe(86_400_000);
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 86_400_000 });
    // Once less than the cap is left, requests wait again, then go.
    await vi.advanceTimersByTimeAsync(86_400_000 - MAX_RATE_LIMIT_RESET_WAIT_MS);
    let granted = false;
    const waiting = limiter.acquire().then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(MAX_RATE_LIMIT_RESET_WAIT_MS - 1);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(granted).toBe(true);
  });

  it('ignores a reset in the past', async () => {
    const limiter = new RateLimiter({ requests: 100, perMs: 60_000 });
    const past = Math.floor(Date.now() / 1000) - 120;
    limiter.observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(past) }));
    expect(limiter.blockedForMs()).toBe(0);
    await expect(limiter.acquire()).resolves.toBe(Date.now());
  });

  it.each([
    [{ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '30' }],
    [{ 'x-ratelimit-remaining': '0' }],
    [{ 'x-ratelimit-remaining': 'none', 'x-ratelimit-reset': '30' }],
    [{ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'later' }],
  ])('does not hold requests for %j', async (headers) => {
    const limiter = new RateLimiter({ requests: 100, perMs: 60_000 });
    limiter.observe(new Headers(headers));
    let granted = false;
    const next = limiter.acquire().then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    await next;
    expect(granted).toBe(true);
  });

  it('stops a wait when its signal aborts, without holding up those behind it', async () => {
    const limiter = new RateLimiter({ requests: 1, perMs: 1000 });
    await limiter.acquire();
    const controller = new AbortController();
    const reason = new Error('stop');
    const aborted = limiter.acquire(controller.signal).catch((error: unknown) => error);
    const behind = limiter.acquire();
    controller.abort(reason);
    await expect(aborted).resolves.toBe(reason);
    let grantedBehind = false;
    void behind.then(() => {
      grantedBehind = true;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(grantedBehind).toBe(true);
  });

  it('leaves no timer behind when the last waiter aborts, and refuses an aborted signal at once', async () => {
    const limiter = new RateLimiter({ requests: 1, perMs: 1000 });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal).catch(() => 'aborted');
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(aborted).resolves.toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a limit that is not a whole positive number of requests per positive window', () => {
    expect(() => new RateLimiter({ requests: 0, perMs: 1000 })).toThrow(RangeError);
    expect(() => new RateLimiter({ requests: 1.5, perMs: 1000 })).toThrow(RangeError);
    expect(() => new RateLimiter({ requests: 1, perMs: 0 })).toThrow(RangeError);
  });
});

describe('getSharedRateLimiter', () => {
  const token = 'shared_LEAK_token';

  it('shares one limiter per key and token, and keeps tokens apart', () => {
    const limit = { requests: 2, perMs: 1000 };
    const first = getSharedRateLimiter({ key: 'https://shared.test/api', token, limit });
    const again = getSharedRateLimiter({ key: 'https://shared.test/api', token, limit });
    const otherToken = getSharedRateLimiter({ key: 'https://shared.test/api', token: 'other', limit });
    const otherKey = getSharedRateLimiter({ key: 'https://other.test/api', token, limit });
    expect(again).toBe(first);
    expect(otherToken).not.toBe(first);
    expect(otherKey).not.toBe(first);
  });

  it('never holds the token itself', () => {
    const limiter = getSharedRateLimiter({
      key: 'https://inspect.test',
      token,
      limit: { requests: 1, perMs: 10 },
    });
    expect(inspect(limiter, { showHidden: true, depth: Number.POSITIVE_INFINITY })).not.toContain('LEAK');
    expect(JSON.stringify(limiter)).not.toContain('LEAK');
  });

  it('makes two clients on one key share the window', async () => {
    const key = 'https://window.test/api';
    const first = getSharedRateLimiter({ key, token, limit: { requests: 2, perMs: 1000 } });
    const second = getSharedRateLimiter({ key, token, limit: { requests: 2, perMs: 1000 } });
    await first.acquire();
    await second.acquire();
    let granted = false;
    const third = first.acquire().then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await third;
    expect(granted).toBe(true);
  });
});
