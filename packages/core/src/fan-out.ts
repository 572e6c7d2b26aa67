import {
  AbortError,
  ConnectionError,
  createRedactor,
  type ListPageResult,
  ProviderError,
  redactText,
  SwitchboardError,
  TimeoutError,
} from '@switchboard/runtime';

/** Pages requested ahead per account while the caller is still reading the current one. */
export const DEFAULT_PAGE_LOOKAHEAD = 2;

function abortErrorFor(signal: AbortSignal): AbortError {
  return new AbortError('The listing was aborted', { cause: signal.reason });
}

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

/**
 * An abort controller that also aborts when its parent does. A child of another scope registers
 * with it rather than listening to its signal, so a call over many accounts adds one listener to
 * the caller's signal, not one per account (which Node reports as a possible leak past ten).
 */
export class AbortScope {
  readonly #controller = new AbortController();
  readonly #children = new Set<AbortScope>();
  readonly #detach: () => void;

  constructor(parent?: AbortSignal | AbortScope) {
    if (parent instanceof AbortScope) {
      if (parent.signal.aborted) this.#controller.abort(parent.signal.reason);
      else parent.#children.add(this);
      this.#detach = () => parent.#children.delete(this);
    } else if (parent) {
      const onParentAbort = () => this.abort(parent.reason);
      if (parent.aborted) this.#controller.abort(parent.reason);
      else parent.addEventListener('abort', onParentAbort, { once: true });
      this.#detach = () => parent.removeEventListener('abort', onParentAbort);
    } else {
      this.#detach = () => {};
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.#controller.signal.aborted) return;
    this.#controller.abort(reason);
    for (const child of this.#children) child.abort(this.#controller.signal.reason);
    this.#children.clear();
  }

  /** Stops listening to the parent, so that a long-lived parent does not collect listeners. */
  dispose(): void {
    this.#detach();
  }
}

export interface PageWalk<Raw> {
  /** Fetches one page (1-based), through the limiter. */
  fetchPage(page: number, signal: AbortSignal): Promise<ListPageResult<Raw>>;
  /** The most pages requested at once beyond the one being read. */
  lookahead: number;
  /** The scope of the whole call; the walk aborts with it. */
  scope: AbortScope;
}

const ignoreRejection = () => {};

/**
 * Yields an account's pages in order. Page 1 says how many pages there are; while the caller reads
 * page n, pages up to n + lookahead are requested, so a stream keeps moving without buffering the
 * whole listing. Stopping early (a `break`, an error) aborts the requests still in flight.
 */
export async function* walkPages<Raw>(walk: PageWalk<Raw>): AsyncGenerator<Raw[], void, undefined> {
  const controller = new AbortScope(walk.scope);
  const ahead: Promise<ListPageResult<Raw>>[] = [];
  let walkedToTheEnd = false;
  try {
    const first = await walk.fetchPage(1, controller.signal);
    // A provider with no instances may report 0 pages; page 1 is the whole answer then.
    const pageCount = Number.isSafeInteger(first.pageCount) && first.pageCount > 1 ? first.pageCount : 1;
    let nextPage = 2;
    const requestAhead = () => {
      while (nextPage <= pageCount && ahead.length < walk.lookahead) {
        const page = walk.fetchPage(nextPage, controller.signal);
        // Awaited in order below; until then a failure must not count as unhandled.
        page.catch(ignoreRejection);
        ahead.push(page);
        nextPage += 1;
      }
    };
    requestAhead();
    yield first.items;
    while (ahead.length > 0) {
      const page = await ahead.shift()!;
      requestAhead();
      yield page.items;
    }
    walkedToTheEnd = true;
  } finally {
    // Only a walk stopped early has requests left in flight; building an AbortError for every
    // finished walk cost more than the rest of the walk on one-page providers.
    if (!walkedToTheEnd) controller.abort(new AbortError('The page walk stopped'));
    controller.dispose();
  }
}

export interface AccountContext {
  provider: string;
  account: string;
  token: string;
}

function isDomException(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/**
 * Makes any failure of an account a `SwitchboardError` that names the provider and the account.
 * Adapters already throw typed errors; this covers what slips past them (a bare fetch `TypeError`,
 * a `DOMException`) and fills in the account where an error left it out. Messages are redacted of
 * the token in case a wrapped error quoted it.
 */
export function toAccountError(error: unknown, context: AccountContext): SwitchboardError {
  if (SwitchboardError.isInstance(error)) {
    const writable = error as {
      provider: string | undefined;
      account: string | undefined;
      message: string;
      stack?: string;
      providerMessage: string | undefined;
      requestId: string | undefined;
    };
    if (writable.provider === undefined) writable.provider = context.provider;
    if (writable.account === undefined) writable.account = context.account;
    // Adapters build HTTP errors without the account's token, so an error body that echoes it
    // ("Invalid token abc…") would otherwise reach the message, the stack and `toJSON`.
    const redact = createRedactor([context.token]);
    writable.message = redact(writable.message);
    if (typeof writable.stack === 'string') writable.stack = redact(writable.stack);
    if (typeof writable.providerMessage === 'string')
      writable.providerMessage = redact(writable.providerMessage);
    if (typeof writable.requestId === 'string') writable.requestId = redact(writable.requestId);
    return error;
  }
  const options = { provider: context.provider, account: context.account, cause: error };
  const where = `${context.provider} account ${JSON.stringify(context.account)}`;
  const detail =
    error instanceof Error && error.message ? `: ${redactText(error.message, [context.token])}` : '';
  if (isDomException(error, 'AbortError'))
    return new AbortError(`The request to ${where} was aborted`, options);
  if (isDomException(error, 'TimeoutError'))
    return new TimeoutError(`The request to ${where} timed out`, options);
  // fetch rejects with a TypeError when the network fails.
  if (error instanceof TypeError) return new ConnectionError(`Could not reach ${where}${detail}`, options);
  return new ProviderError(`Listing ${where} failed${detail}`, options);
}

export { abortErrorFor };
