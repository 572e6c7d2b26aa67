import { inspect } from 'node:util';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  type Instance,
  type ListPageResult,
  type PageRequest,
  ProviderError,
  ResponseFormatError,
  SwitchboardError,
  TimeoutError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeferred, type Deferred, settleMicrotasks } from './__fixtures__/fake-adapter.js';
import { AbortScope } from './abort-scope.js';
import { toAccountError } from './account-error.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { walkPages } from './page-walk.js';

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

/** A page of fake instances with these ids. */
function page(ids: readonly string[], navigation: Omit<ListPageResult, 'instances'>): ListPageResult {
  return {
    instances: ids.map((id) => ({
      provider: 'fake',
      account: 'fake',
      id,
      name: null,
      status: 'unknown' as const,
      providerStatus: null,
      phone: null,
      profile: { name: null, pictureUrl: null, isBusiness: null },
      createdAt: null,
      updatedAt: null,
      expiresAt: null,
      raw: id,
    })),
    ...navigation,
  };
}

function walk(
  fetchPage: (request: PageRequest, signal: AbortSignal) => Promise<ListPageResult>,
  overrides: { lookahead?: number; maxPages?: number; scope?: AbortScope } = {},
) {
  return walkPages({
    fetchPage,
    lookahead: overrides.lookahead ?? 2,
    maxPages: overrides.maxPages ?? 10_000,
    scope: overrides.scope ?? new AbortScope(),
    provider: 'fake',
    account: 'main',
  });
}

async function idsOf(pages: AsyncIterable<Instance[]>): Promise<string[]> {
  const ids: string[] = [];
  for await (const instances of pages) for (const instance of instances) ids.push(instance.id);
  return ids;
}

describe('walkPages', () => {
  function pagedSource(pageCount: number) {
    const requested: number[] = [];
    const answers = new Map<number, Deferred>();
    const signals: AbortSignal[] = [];
    return {
      requested,
      signals,
      answer(number: number) {
        answers.get(number)!.resolve();
      },
      fetchPage(request: PageRequest, signal: AbortSignal) {
        requested.push(request.number);
        signals.push(signal);
        const deferred = createDeferred();
        answers.set(request.number, deferred);
        return deferred.promise.then(() =>
          page([`item ${request.number}`], {
            next: request.number < pageCount ? { number: request.number + 1 } : null,
            pageCount,
          }),
        );
      },
    };
  }

  it('walks page 1 to pageCount in order, with at most `lookahead` pages ahead', async () => {
    const source = pagedSource(6);
    const pages = walk(source.fetchPage);
    const received: Instance[][] = [];
    const reading = (async () => {
      for await (const instances of pages) received.push(instances);
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
    expect(received.flat().map((instance) => instance.id)).toEqual([
      'item 1',
      'item 2',
      'item 3',
      'item 4',
      'item 5',
      'item 6',
    ]);
  });

  it('treats a page count of 0 or 1 as one page', async () => {
    for (const pageCount of [0, 1]) {
      const ids = await idsOf(walk(async () => page(['only'], { next: null, pageCount })));
      expect(ids).toEqual(['only']);
    }
  });

  it('follows cursors one page after another until there is no next page', async () => {
    const requested: PageRequest[] = [];
    const ids = await idsOf(
      walk(async (request) => {
        requested.push(request);
        const cursor = request.cursor === undefined ? 0 : Number(request.cursor);
        return page([`c${cursor}`], {
          next: cursor < 2 ? { number: request.number + 1, cursor: String(cursor + 1) } : null,
        });
      }),
    );
    expect(ids).toEqual(['c0', 'c1', 'c2']);
    expect(requested).toEqual([{ number: 1 }, { number: 2, cursor: '1' }, { number: 3, cursor: '2' }]);
  });

  it('stops when a cursor repeats, or a page comes back empty', async () => {
    let calls = 0;
    const looping = await idsOf(
      walk(async (request) => {
        calls += 1;
        return page([`p${request.number}`], { next: { number: request.number + 1, cursor: 'same' } });
      }),
    );
    expect(looping).toEqual(['p1', 'p2']);
    expect(calls).toBe(2);
    calls = 0;
    const emptying = await idsOf(
      walk(async (request) => {
        calls += 1;
        return page(request.number < 3 ? [`p${request.number}`] : [], {
          next: { number: request.number + 1, cursor: `after-${request.number}` },
        });
      }),
    );
    expect(emptying).toEqual(['p1', 'p2']);
    expect(calls).toBe(3);
  });

  it('stops a numbered walk on an empty page or once `total` items came, whatever the page count says', async () => {
    const requested: number[] = [];
    const endless = await idsOf(
      walk(async (request) => {
        requested.push(request.number);
        return page([], { next: { number: request.number + 1 }, pageCount: 1_000_000_000, total: 0 });
      }),
    );
    expect(endless).toEqual([]);
    expect(requested).toEqual([1]);
    const counted: number[] = [];
    const ids = await idsOf(
      walk(
        async (request) => {
          counted.push(request.number);
          return page([`t${request.number}`], {
            next: { number: request.number + 1 },
            pageCount: 50,
            total: 2,
          });
        },
        { lookahead: 0 },
      ),
    );
    expect(ids).toEqual(['t1', 't2']);
    expect(counted).toEqual([1, 2]);
  });

  it('fails with ResponseFormatError past maxPages, naming the reason', async () => {
    const announced = await idsOf(
      walk(async (request) => page(['x'], { next: { number: request.number + 1 }, pageCount: 11 }), {
        maxPages: 10,
      }),
    ).catch((error: unknown) => error);
    expect(announced).toBeInstanceOf(ResponseFormatError);
    expect((announced as Error).message).toMatch(/announces 11 pages, more than maxPages \(10\)/);
    let calls = 0;
    const cursorWalk = await idsOf(
      walk(
        async (request) => {
          calls += 1;
          return page([`p${request.number}`], {
            next: { number: request.number + 1, cursor: `${request.number}` },
          });
        },
        { maxPages: 5 },
      ),
    ).catch((error: unknown) => error);
    expect(cursorWalk).toBeInstanceOf(ResponseFormatError);
    expect((cursorWalk as ResponseFormatError).account).toBe('main');
    expect(calls).toBe(5);
  });

  it('adds no listener to the call per page, however long the walk', async () => {
    const controller = new AbortController();
    let added = 0;
    const original = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      added += 1;
      original(...args);
    }) as AbortSignal['addEventListener'];
    const scope = new AbortScope(controller.signal);
    const ids = await idsOf(
      walk(
        async (request) =>
          page([`p${request.number}`], {
            next: request.number < 3_000 ? { number: request.number + 1, cursor: `${request.number}` } : null,
          }),
        { scope },
      ),
    );
    expect(ids).toHaveLength(3_000);
    expect(added).toBe(1);
  });

  it('fails with the first failing page and aborts the pages requested ahead', async () => {
    const signals: AbortSignal[] = [];
    const pages = walk(async (request, signal) => {
      signals.push(signal);
      if (request.number === 2) throw new AuthenticationError('expired');
      if (request.number === 3) await new Promise(() => {});
      return page([`p${request.number}`], { next: { number: request.number + 1 }, pageCount: 5 });
    });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const instances of pages) for (const instance of instances) received.push(instance.id);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthenticationError);
    expect(received).toEqual(['p1']);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('aborts with the scope of the call', async () => {
    const scope = new AbortScope();
    const source = pagedSource(3);
    const pages = walk(source.fetchPage, { scope });
    const first = pages.next();
    await settleMicrotasks();
    scope.abort();
    expect(source.signals[0]!.aborted).toBe(true);
    source.answer(1);
    await first;
  });
});

describe('toAccountError', () => {
  const context = { provider: 'alpha', account: 'main', token: 'tok-123', redactedAtSource: true };

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

  it("redacts a typed error's text only when the account's client is not on the runtime's setup", () => {
    const fromBoundClient = new AuthenticationError('Invalid token tok-123', { providerMessage: 'tok-123?' });
    toAccountError(fromBoundClient, context);
    // Left as built: a helper that forgot to redact must show up in the suites that look for tokens.
    expect(fromBoundClient.message).toContain('tok-123');

    const fromHandMadeClient = new AuthenticationError('Invalid token tok-123', {
      providerMessage: 'tok-123?',
      requestId: 'req-tok-123',
    });
    expect(toAccountError(fromHandMadeClient, { ...context, redactedAtSource: false })).toBe(
      fromHandMadeClient,
    );
    const shown = `${fromHandMadeClient.message} ${fromHandMadeClient.stack} ${JSON.stringify(fromHandMadeClient)} ${inspect(fromHandMadeClient)}`;
    expect(shown).not.toContain('tok-123');
    expect(fromHandMadeClient.message).toContain('[redacted]');
  });

  it('keeps the cause of what it wraps as a redacted copy, never the original', () => {
    const original = new TypeError('fetch failed for tok-123', { cause: new Error('socket tok-123 closed') });
    const wrapped = toAccountError(original, context);
    expect(wrapped.cause).not.toBe(original);
    expect(wrapped.cause).toMatchObject({ name: 'TypeError' });
    expect(inspect(wrapped, { depth: 10 })).not.toContain('tok-123');
  });
});
