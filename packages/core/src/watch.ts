import {
  AbortError,
  type Clock,
  type Instance,
  type InstanceStatus,
  isInstanceStatus,
  NotFoundError,
  ProviderError,
  RateLimitError,
  SwitchboardError,
  systemClock,
  TimeoutError,
  ValidationError,
} from '@switchboard/runtime';
import { type AccountIdentity, describeValue } from './instance-filter.js';

/** The `Instance` fields a watch compares; `raw` is left out, so provider-side noise never counts as a change. */
export type InstanceField = Exclude<keyof Instance, 'raw'>;

/** In the order a `changed` event lists them. */
export const INSTANCE_FIELDS: readonly InstanceField[] = Object.freeze([
  'provider',
  'account',
  'id',
  'name',
  'status',
  'providerStatus',
  'phone',
  'profile',
  'createdAt',
  'updatedAt',
  'expiresAt',
]);

/** What a watch needs of an instance: the common fields, `raw` of any type. */
export type WatchableInstance = Instance<string, unknown>;

/** First seen. An account's first poll yields each of its instances as `added`. */
export interface InstanceAddedEvent<Item = Instance> {
  type: 'added';
  instance: Item;
}

/** Some `Instance` field differs from the last poll's (`raw` is not compared). */
export interface InstanceChangedEvent<Item = Instance> {
  type: 'changed';
  instance: Item;
  /** The state the previous poll saw. */
  previous: Item;
  /** The fields that differ, in `INSTANCE_FIELDS` order; never empty. */
  changes: InstanceField[];
}

/**
 * No longer listed (`instance` is its last state), or no longer matching the filter (`instance` is
 * its new, non-matching state).
 */
export interface InstanceRemovedEvent<Item = Instance> {
  type: 'removed';
  instance: Item;
}

/** One poll of the account completed; its `added`, `changed` and `removed` events came before it. */
export interface AccountSyncedEvent<Provider extends string = string> {
  type: 'synced';
  account: string;
  provider: Provider;
}

/**
 * One poll of the account failed. The account keeps its last known instances (a failed poll never
 * yields `removed`) and is polled again with backoff.
 */
export interface AccountFailedEvent<Provider extends string = string> {
  type: 'failed';
  account: string;
  provider: Provider;
  /** Carries `provider` and `account` too. */
  error: SwitchboardError;
}

/** What `watch()` yields: a union discriminated by `type`. */
export type WatchEvent<Item = Instance, Provider extends string = string> =
  | InstanceAddedEvent<Item>
  | InstanceChangedEvent<Item>
  | InstanceRemovedEvent<Item>
  | AccountSyncedEvent<Provider>
  | AccountFailedEvent<Provider>;

export type WatchEventType = WatchEvent['type'];

export interface WatchOptions {
  /** How often each account is polled, in milliseconds, jittered. Default 30 000, at least 1 000. */
  intervalMs?: number;
  /** Aborting it ends the stream; no request is sent after that, and one in flight is aborted. */
  signal?: AbortSignal;
}

export interface WaitForStatusOptions {
  /** Rejects with `TimeoutError` after this many milliseconds. Default 120 000. */
  timeoutMs?: number;
  /** How often each account is polled, in milliseconds. Default 5 000, at least 1 000. */
  intervalMs?: number;
  /** Rejects with `AbortError` when it aborts. */
  signal?: AbortSignal;
}

export const DEFAULT_WATCH_INTERVAL_MS = 30_000;
export const DEFAULT_WAIT_INTERVAL_MS = 5_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 120_000;
export const MIN_WATCH_INTERVAL_MS = 1_000;
/** The longest a failing account waits between polls (unless its interval is longer still). */
export const MAX_WATCH_BACKOFF_MS = 300_000;
/** Each delay is drawn from ±10 % of its nominal value, so that accounts polled together drift apart. */
const JITTER_RATIO = 0.1;
/** The longest delay `setTimeout` honours; a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** What a watch polls, once its filter is validated. */
export interface WatchPlan<Item, Provider extends string = string> {
  /** The selected accounts; none means nothing is ever polled. */
  readonly accounts: readonly AccountIdentity<Provider>[];
  /** The exact filter. An instance that stops matching is reported `removed` in its new state. */
  matches(item: Item): boolean;
  /**
   * One listing of the account, narrowed by whatever the filter lets the provider narrow, but not
   * yet by the exact filter (so the watch can see an instance stop matching). Goes through the
   * facade's concurrency limit and the process's rate limits. Rejects with the account's error.
   * `signal` is the same for every poll of one account in one watch, and aborts when it ends.
   */
  pollAccount(account: AccountIdentity<Provider>, signal: AbortSignal): Promise<readonly Item[]>;
}

/**
 * Where a watch gets its instances. The engine knows no adapter: the facade turns a filter into a
 * plan (throwing `ValidationError` for a bad one), and the engine polls, diffs and schedules.
 */
export interface WatchSource<Item, Provider extends string = string, Filter = unknown> {
  plan(filter: Filter | undefined): WatchPlan<Item, Provider>;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** In [0, 1), for jitter. Defaults to `Math.random`. */
  random?: () => number;
}

function fail(field: string, message: string): never {
  throw new ValidationError(`${field} ${message}`, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return true;
  return (
    isRecord(value) &&
    typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function' &&
    typeof value.removeEventListener === 'function'
  );
}

function readOptions(input: unknown, known: readonly string[]): Record<string, unknown> {
  if (input === undefined) return {};
  if (!isRecord(input)) fail('options', `must be an object, got ${describeValue(input)}`);
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) fail(`options.${key}`, `is not an option; the options are ${known.join(', ')}`);
  }
  if (input.signal !== undefined && !isAbortSignal(input.signal)) {
    fail('options.signal', 'must be an AbortSignal');
  }
  return input;
}

function readMilliseconds(value: unknown, field: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum || value > MAX_TIMER_MS) {
    fail(
      field,
      `must be a number of milliseconds from ${minimum} to ${MAX_TIMER_MS}, got ${describeValue(value)}`,
    );
  }
  return value;
}

interface ResolvedWatchOptions {
  readonly intervalMs: number;
  readonly signal: AbortSignal | undefined;
}

interface ResolvedWaitOptions extends ResolvedWatchOptions {
  readonly timeoutMs: number;
}

function resolveWatchOptions(input: unknown): ResolvedWatchOptions {
  const options = readOptions(input, ['intervalMs', 'signal']);
  return {
    intervalMs: readMilliseconds(
      options.intervalMs,
      'options.intervalMs',
      DEFAULT_WATCH_INTERVAL_MS,
      MIN_WATCH_INTERVAL_MS,
    ),
    signal: options.signal as AbortSignal | undefined,
  };
}

function resolveWaitOptions(input: unknown): ResolvedWaitOptions {
  const options = readOptions(input, ['timeoutMs', 'intervalMs', 'signal']);
  return {
    timeoutMs: readMilliseconds(options.timeoutMs, 'options.timeoutMs', DEFAULT_WAIT_TIMEOUT_MS, 1),
    intervalMs: readMilliseconds(
      options.intervalMs,
      'options.intervalMs',
      DEFAULT_WAIT_INTERVAL_MS,
      MIN_WATCH_INTERVAL_MS,
    ),
    signal: options.signal as AbortSignal | undefined,
  };
}

function readStatuses(input: unknown): ReadonlySet<InstanceStatus> {
  const values: unknown[] = Array.isArray(input) ? input : [input];
  if (values.length === 0) fail('status', 'must name at least one status');
  for (const value of values) {
    if (!isInstanceStatus(value)) fail('status', `must be an instance status, got ${describeValue(value)}`);
  }
  return new Set(values as InstanceStatus[]);
}

function sameValue(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  // `profile` is an object rebuilt on every poll: it is compared field by field.
  if (!isRecord(left) || !isRecord(right)) return false;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key], right[key]));
}

/** The `Instance` fields that differ between two states of one instance, `raw` aside. */
export function instanceChanges(previous: WatchableInstance, current: WatchableInstance): InstanceField[] {
  const changes: InstanceField[] = [];
  for (const field of INSTANCE_FIELDS) {
    if (!sameValue(previous[field], current[field])) changes.push(field);
  }
  return changes;
}

function toPollError(error: unknown, account: AccountIdentity): SwitchboardError {
  if (SwitchboardError.isInstance(error)) return error;
  // The facade labels and redacts its errors; anything else is wrapped without quoting its text,
  // which could hold a credential the engine cannot know about.
  return new ProviderError(`Polling ${account.provider} account ${JSON.stringify(account.label)} failed`, {
    provider: account.provider,
    account: account.label,
    cause: error,
  });
}

interface AccountState<Item extends WatchableInstance, Provider extends string> {
  readonly account: AccountIdentity<Provider>;
  /**
   * The last state of every matching instance, by id: the whole memory of a watch. An instance
   * that did not change keeps the object of its last change (`raw` is not compared).
   */
  known: Map<string, Item>;
  consecutiveFailures: number;
  timer: unknown;
  /**
   * Aborts the account's poll in flight when the watch stops. One for the whole watch rather than
   * one per poll: an abort signal costs more to build than a small listing costs to diff.
   */
  readonly controller: AbortController;
}

interface Batch<Item extends WatchableInstance, Provider extends string> {
  readonly state: AccountState<Item, Provider>;
  readonly events: WatchEvent<Item, Provider>[];
  /** How long after its events are read the account is polled again. */
  readonly delayMs: number;
}

/**
 * Polls each account on its own schedule and queues one batch of events per finished poll. An
 * account's next poll is timed from when the reader has taken its last batch, so a slow reader
 * holds at most one batch per account instead of an ever-growing queue.
 */
class PollScheduler<Item extends WatchableInstance, Provider extends string> {
  readonly #plan: WatchPlan<Item, Provider>;
  readonly #intervalMs: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #states: AccountState<Item, Provider>[];
  readonly #queue: Batch<Item, Provider>[] = [];
  #wake: (() => void) | undefined;
  #stopped = false;

  constructor(plan: WatchPlan<Item, Provider>, intervalMs: number, clock: Clock, random: () => number) {
    this.#plan = plan;
    this.#intervalMs = intervalMs;
    this.#clock = clock;
    this.#random = random;
    this.#states = plan.accounts.map((account) => ({
      account,
      known: new Map(),
      consecutiveFailures: 0,
      timer: undefined,
      controller: new AbortController(),
    }));
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    for (const state of this.#states) void this.#pollAccount(state);
  }

  /** The next batch, or undefined once stopped. */
  async next(): Promise<Batch<Item, Provider> | undefined> {
    while (!this.#stopped) {
      const batch = this.#queue.shift();
      if (batch) return batch;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    return undefined;
  }

  /** The reader has taken the batch's events: the account's next poll is due after its delay. */
  schedule(batch: Batch<Item, Provider>): void {
    if (this.#stopped) return;
    const { state } = batch;
    state.timer = this.#clock.setTimeout(() => {
      state.timer = undefined;
      void this.#pollAccount(state);
    }, batch.delayMs);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const state of this.#states) {
      if (state.timer !== undefined) this.#clock.clearTimeout(state.timer);
      state.timer = undefined;
      state.controller.abort(new AbortError('The watch ended'));
    }
    this.#queue.length = 0;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #jitter(ms: number): number {
    return Math.round(ms * (1 - JITTER_RATIO + 2 * JITTER_RATIO * this.#random()));
  }

  async #pollAccount(state: AccountState<Item, Provider>): Promise<void> {
    if (this.#stopped) return;
    let items: readonly Item[];
    try {
      items = await this.#plan.pollAccount(state.account, state.controller.signal);
    } catch (error) {
      if (this.#stopped) return;
      this.#enqueueFailure(state, toPollError(error, state.account));
      return;
    }
    if (this.#stopped) return;
    let events: WatchEvent<Item, Provider>[];
    try {
      events = this.#diff(state, items);
    } catch (error) {
      // A filter or item that throws is the account's failure, not the end of the watch.
      this.#enqueueFailure(state, toPollError(error, state.account));
      return;
    }
    state.consecutiveFailures = 0;
    events.push({ type: 'synced', account: state.account.label, provider: state.account.provider });
    this.#queue.push({ state, events, delayMs: this.#jitter(this.#intervalMs) });
    this.#notify();
  }

  #enqueueFailure(state: AccountState<Item, Provider>, error: SwitchboardError): void {
    state.consecutiveFailures += 1;
    const cap = Math.max(MAX_WATCH_BACKOFF_MS, this.#intervalMs);
    // 2^31 already exceeds any cap; a larger exponent would only overflow to Infinity.
    const doubling = 2 ** Math.min(state.consecutiveFailures - 1, 31);
    let delayMs = Math.min(this.#jitter(Math.min(this.#intervalMs * doubling, cap)), cap);
    // The provider said when it will answer again; asking sooner would only draw another 429.
    if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
      delayMs = Math.max(delayMs, Math.min(error.retryAfterMs, MAX_TIMER_MS));
    }
    const event: AccountFailedEvent<Provider> = {
      type: 'failed',
      account: state.account.label,
      provider: state.account.provider,
      error,
    };
    this.#queue.push({ state, events: [event], delayMs });
    this.#notify();
  }

  /** The events between the account's last state and this listing; the listing becomes the state. */
  #diff(state: AccountState<Item, Provider>, items: readonly Item[]): WatchEvent<Item, Provider>[] {
    const events: WatchEvent<Item, Provider>[] = [];
    const previousState = state.known;
    const nextState = new Map<string, Item>();
    // Ids listed but no longer matching: reported here in their new state, so not again below.
    let unmatched: Set<string> | undefined;
    for (const instance of items) {
      const id = instance.id;
      if (nextState.has(id) || unmatched?.has(id)) continue;
      const previous = previousState.get(id);
      if (!this.#plan.matches(instance)) {
        if (previous !== undefined) {
          events.push({ type: 'removed', instance });
          unmatched ??= new Set();
          unmatched.add(id);
        }
        continue;
      }
      if (previous === undefined) {
        nextState.set(id, instance);
        events.push({ type: 'added', instance });
        continue;
      }
      const changes = instanceChanges(previous, instance);
      if (changes.length > 0) {
        nextState.set(id, instance);
        events.push({ type: 'changed', instance, previous, changes });
      } else {
        // The state already held stays: it has long moved to the old generation of the heap, while
        // the fresh copy dies young. Keeping every fresh copy instead made the collector promote
        // each account's whole listing once per poll, the largest cost of a watch.
        nextState.set(id, previous);
      }
    }
    for (const [id, instance] of previousState) {
      if (!nextState.has(id) && !unmatched?.has(id)) events.push({ type: 'removed', instance });
    }
    state.known = nextState;
    return events;
  }
}

async function* pollEvents<Item extends WatchableInstance, Provider extends string>(
  plan: WatchPlan<Item, Provider>,
  intervalMs: number,
  signal: AbortSignal | undefined,
  clock: Clock,
  random: () => number,
): AsyncGenerator<WatchEvent<Item, Provider>, void, undefined> {
  if (signal?.aborted) return;
  const scheduler = new PollScheduler(plan, intervalMs, clock, random);
  const onAbort = () => scheduler.stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    scheduler.start();
    for (;;) {
      const batch = await scheduler.next();
      if (batch === undefined) return;
      for (const event of batch.events) {
        yield event;
        if (scheduler.stopped) return;
      }
      scheduler.schedule(batch);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    scheduler.stop();
  }
}

/**
 * The events of the accounts `filter` selects, poll after poll, until `signal` aborts or the
 * reader leaves the loop (then nothing more is sent, and a poll in flight is aborted). Bad input
 * throws `ValidationError` on the first `next()`.
 */
export async function* createWatch<Item extends WatchableInstance, Provider extends string, Filter>(
  source: WatchSource<Item, Provider, Filter>,
  filter: Filter | undefined,
  options?: WatchOptions,
): AsyncGenerator<WatchEvent<Item, Provider>, void, undefined> {
  const { intervalMs, signal } = resolveWatchOptions(options);
  const plan = source.plan(filter);
  yield* pollEvents(plan, intervalMs, signal, source.clock ?? systemClock, source.random ?? Math.random);
}

function describeStatuses(statuses: ReadonlySet<InstanceStatus>): string {
  return [...statuses].join(' or ');
}

/**
 * Resolves with the first instance matching `target` seen with one of `status`, then stops
 * polling. Rejects with `NotFoundError` once every selected account has answered and none lists a
 * match, `TimeoutError` after `timeoutMs`, `AbortError` when `signal` aborts, and `ValidationError`
 * for bad input. Failed polls are retried with backoff until the timeout.
 */
export async function waitForInstanceStatus<Item extends WatchableInstance, Provider extends string, Filter>(
  source: WatchSource<Item, Provider, Filter>,
  target: Filter,
  status: InstanceStatus | readonly InstanceStatus[],
  options?: WaitForStatusOptions,
): Promise<Item> {
  const { timeoutMs, intervalMs, signal } = resolveWaitOptions(options);
  const statuses = readStatuses(status);
  if (target === undefined) fail('target', 'must be an instance filter, such as { account, id }');
  const plan = source.plan(target);
  const clock = source.clock ?? systemClock;
  if (signal?.aborted) throw new AbortError('The wait was aborted', { cause: signal.reason });
  const single = plan.accounts.length === 1 ? plan.accounts[0] : undefined;
  const where = single ? { provider: single.provider, account: single.label } : {};
  if (plan.accounts.length === 0) {
    throw new NotFoundError('No account is selected by the target, so no instance can match it', where);
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const answered = new Set<string>();
  const matching = new Set<string>();
  let lastFailure: SwitchboardError | undefined;
  let lastSeen: Item | undefined;
  const key = (instance: Item) => `${instance.account}\u0000${instance.id}`;
  try {
    for await (const event of pollEvents(
      plan,
      intervalMs,
      controller.signal,
      clock,
      source.random ?? Math.random,
    )) {
      switch (event.type) {
        case 'added':
        case 'changed':
          if (statuses.has(event.instance.status)) return event.instance;
          matching.add(key(event.instance));
          lastSeen = event.instance;
          break;
        case 'removed':
          matching.delete(key(event.instance));
          break;
        case 'failed':
          lastFailure = event.error;
          break;
        case 'synced':
          answered.add(event.account);
          if (answered.size === plan.accounts.length && matching.size === 0) {
            throw new NotFoundError(
              `No instance matches the target in the ${answered.size === 1 ? 'selected account' : `${answered.size} selected accounts`}`,
              where,
            );
          }
          break;
      }
    }
  } finally {
    clock.clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (timedOut) {
    const state = lastSeen ? `; the last status seen was ${lastSeen.status}` : '';
    throw new TimeoutError(
      `No instance matching the target reached ${describeStatuses(statuses)} within ${timeoutMs} ms${state}`,
      { ...where, ...(lastFailure !== undefined && { cause: lastFailure }) },
    );
  }
  throw new AbortError('The wait was aborted', { cause: signal?.reason });
}
