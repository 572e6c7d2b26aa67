import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  ProviderError,
  SwitchboardError,
  TimeoutError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeferred, type Deferred, settleMicrotasks } from './__fixtures__/fake-adapter.js';
import { AbortScope, ConcurrencyLimiter, toAccountError, walkPages } from './fan-out.js';

describe('ConcurrencyLimiter', () => {
  it('never runs more tasks than its limit, whatever the task durations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 30 }),
        async (limit, ticks) => {
          const limiter = new ConcurrencyLimiter(limit);
          let running = 0;
          let mostRunning = 0;
          await Promise.all(
            ticks.map((tickCount) =>
              limiter.run(async () => {
                running += 1;
                mostRunning = Math.max(mostRunning, running);
                for (let tick = 0; tick < tickCount; tick += 1) await Promise.resolve();
                running -= 1;
              }),
            ),
          );
          expect(mostRunning).toBeLessThanOrEqual(limit);
          expect(mostRunning).toBe(Math.min(limit, ticks.length));
          expect(limiter.active).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('hands slots out first come, first served', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const order: number[] = [];
    const gate = createDeferred();
    const first = limiter.run(async () => {
      await gate.promise;
      order.push(1);
    });
    const rest = [2, 3, 4].map((value) => limiter.run(async () => void order.push(value)));
    expect(limiter.waiting).toBe(3);
    gate.resolve();
    await Promise.all([first, ...rest]);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('releases the slot when a task fails', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.active).toBe(0);
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('takes a waiter out of the queue when its signal aborts, and never runs its task', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const gate = createDeferred();
    const holder = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    expect(limiter.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(limiter.waiting).toBe(0);
    gate.resolve();
    await holder;
    expect(ran).toBe(false);
    expect(limiter.active).toBe(0);
  });

  it('refuses at once when the signal is already aborted', async () => {
    const limiter = new ConcurrencyLimiter(4);
    await expect(limiter.run(async () => 1, AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    expect(limiter.active).toBe(0);
  });
});

describe('AbortScope', () => {
  it('aborts its children, and children of an aborted scope start aborted', () => {
    const root = new AbortScope();
    const child = new AbortScope(root);
    const grandchild = new AbortScope(child);
    root.abort('stop');
    expect([child.signal.aborted, grandchild.signal.aborted]).toEqual([true, true]);
    expect(grandchild.signal.reason).toBe('stop');
    expect(new AbortScope(root).signal.aborted).toBe(true);
  });

  it('follows an external signal and stops following it once disposed', () => {
    const external = new AbortController();
    const followed = new AbortScope(external.signal);
    const disposed = new AbortScope(external.signal);
    disposed.dispose();
    external.abort();
    expect(followed.signal.aborted).toBe(true);
    expect(disposed.signal.aborted).toBe(false);
  });

  it('a disposed child no longer aborts with its parent', () => {
    const root = new AbortScope();
    const child = new AbortScope(root);
    child.dispose();
    root.abort();
    expect(child.signal.aborted).toBe(false);
  });
});

describe('walkPages', () => {
  function pagedSource(pageCount: number) {
    const requested: number[] = [];
    const answers = new Map<number, Deferred>();
    const signals: AbortSignal[] = [];
    return {
      requested,
      signals,
      answer(page: number) {
        answers.get(page)!.resolve();
      },
      fetchPage(page: number, signal: AbortSignal) {
        requested.push(page);
        signals.push(signal);
        const deferred = createDeferred();
        answers.set(page, deferred);
        return deferred.promise.then(() => ({ items: [`item ${page}`], pageCount }));
      },
    };
  }

  it('walks page 1 to pageCount in order, with at most `lookahead` pages ahead', async () => {
    const source = pagedSource(6);
    const pages = walkPages({ fetchPage: source.fetchPage, lookahead: 2, scope: new AbortScope() });
    const received: string[][] = [];
    const reading = (async () => {
      for await (const items of pages) received.push(items);
    })();
    await settleMicrotasks();
    expect(source.requested).toEqual([1]);
    source.answer(1);
    await settleMicrotasks();
    expect(source.requested).toEqual([1, 2, 3]);
    // Pages may answer out of order; they are still yielded in order.
    source.answer(3);
    await settleMicrotasks();
    expect(received).toHaveLength(1);
    source.answer(2);
    await settleMicrotasks();
    expect(received).toHaveLength(3);
    expect(source.requested).toEqual([1, 2, 3, 4, 5]);
    source.answer(4);
    source.answer(5);
    await settleMicrotasks();
    source.answer(6);
    await reading;
    expect(received.flat()).toEqual(['item 1', 'item 2', 'item 3', 'item 4', 'item 5', 'item 6']);
  });

  it('treats a pageCount of 0 or nonsense as one page', async () => {
    for (const pageCount of [0, Number.NaN, 1.5, -3]) {
      const pages = walkPages({
        fetchPage: async () => ({ items: ['only'], pageCount }),
        lookahead: 2,
        scope: new AbortScope(),
      });
      const all: string[] = [];
      for await (const items of pages) all.push(...items);
      expect(all).toEqual(['only']);
    }
  });

  it('fails with the first failing page and aborts the pages requested ahead', async () => {
    const signals: AbortSignal[] = [];
    const pages = walkPages({
      fetchPage: async (page, signal) => {
        signals.push(signal);
        if (page === 2) throw new AuthenticationError('expired');
        if (page === 3) await new Promise(() => {});
        return { items: [page], pageCount: 5 };
      },
      lookahead: 2,
      scope: new AbortScope(),
    });
    const received: number[] = [];
    const failure = await (async () => {
      for await (const items of pages) received.push(...items);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthenticationError);
    expect(received).toEqual([1]);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('aborts with the scope of the call', async () => {
    const scope = new AbortScope();
    const source = pagedSource(3);
    const pages = walkPages({ fetchPage: source.fetchPage, lookahead: 2, scope });
    const first = pages.next();
    await settleMicrotasks();
    scope.abort();
    expect(source.signals[0]!.aborted).toBe(true);
    source.answer(1);
    await first;
  });
});

describe('toAccountError', () => {
  const context = { provider: 'alpha', account: 'main', token: 'tok-123' };

  it('fills in provider and account on a typed error that lacks them, and keeps what it has', () => {
    const bare = new AuthenticationError('Invalid token');
    expect(toAccountError(bare, context)).toBe(bare);
    expect(bare).toMatchObject({ provider: 'alpha', account: 'main' });
    const named = new AuthenticationError('Invalid token', { provider: 'beta', account: 'other' });
    expect(toAccountError(named, context)).toMatchObject({ provider: 'beta', account: 'other' });
  });

  it('types what slips past an adapter, naming the account and hiding the token', () => {
    const connection = toAccountError(new TypeError('fetch failed for tok-123'), context);
    expect(connection).toBeInstanceOf(ConnectionError);
    expect(connection.message).not.toContain('tok-123');
    expect(connection).toMatchObject({ provider: 'alpha', account: 'main' });
    expect(toAccountError(new DOMException('gone', 'AbortError'), context)).toBeInstanceOf(AbortError);
    expect(toAccountError(new DOMException('slow', 'TimeoutError'), context)).toBeInstanceOf(TimeoutError);
    const other = toAccountError('a string', context);
    expect(other).toBeInstanceOf(ProviderError);
    expect(SwitchboardError.isInstance(other)).toBe(true);
  });
});
