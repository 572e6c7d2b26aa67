import {
  type AnyProviderDefinition,
  assertProviderDefinition,
  type ClientOptions,
  clientSetupOf,
  createTransport,
  FanOutError,
  type Instance as GenericInstance,
  type InstanceStatus,
  type ProviderAdapter,
  type PushDownFilter,
  redactSecretFields,
  type SwitchboardError,
  type TransportFetch,
} from '@switchboard/runtime';
import { AbortScope, abortErrorFor } from './abort-scope.js';
import { toAccountError } from './account-error.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import {
  type AccountIdentity,
  type CompiledInstanceFilter,
  compileInstanceFilter,
  type InstanceFilter,
} from './instance-filter.js';
import {
  type DefinitionRegistry,
  type ListOptions,
  type ProviderKeyOf,
  type ResolvedAccount,
  type ResolvedListOptions,
  resolveListOptions,
  resolveOptions,
  type SwitchboardOptions,
} from './options.js';
import { DEFAULT_PAGE_LOOKAHEAD, walkPages } from './page-walk.js';
import {
  createWatch,
  type WaitForStatusOptions,
  type WatchEvent,
  type WatchOptions,
  type WatchSource,
  waitForInstanceStatus,
} from './watch.js';

/** The raw item type a definition lists. */
export type RawItemOf<Definition> = Definition extends {
  readonly adapter: ProviderAdapter<string, infer Raw, never, never>;
}
  ? Raw
  : Definition extends { readonly adapter: { normalize(raw: infer Raw, account: string): unknown } }
    ? Raw
    : never;

/** The common `Instance` for each provider of a registry: a union discriminated by `provider`. */
export type InstanceUnionOf<Registry extends DefinitionRegistry> = {
  [Provider in ProviderKeyOf<Registry>]: GenericInstance<Provider, RawItemOf<Registry[Provider]>>;
}[ProviderKeyOf<Registry>];

/** An account's failure in `listInstancesSettled`. */
export interface AccountFailure<Provider extends string = string> {
  /** The account's label. */
  account: string;
  provider: Provider;
  /** Carries `provider` and `account` too. */
  error: SwitchboardError;
}

export interface ListInstancesSettledResult<Item, Provider extends string = string> {
  /** From every account that answered in full, in the order of `accounts`, then page by page. */
  instances: Item[];
  failures: AccountFailure<Provider>[];
}

/** An account as the switchboard sees it, without its token. */
export interface AccountSummary<Provider extends string = string> extends AccountIdentity<Provider> {
  readonly baseUrl: string;
}

export interface Switchboard<Item, Provider extends string = string> {
  /** The configured accounts, labels resolved, tokens left out. */
  readonly accounts: readonly AccountSummary<Provider>[];
  /**
   * Every matching instance of every selected account, in the order of `accounts`. Rejects when
   * an account fails: with that account's error when one failed, with `FanOutError` (its `errors`,
   * and the `instances` that did arrive) when several did.
   */
  listInstances(filter?: InstanceFilter<Provider>, options?: ListOptions): Promise<Item[]>;
  /**
   * Like `listInstances`, but an account's failure is reported in `failures` instead of rejecting.
   * Rejects only with `ValidationError` for bad input and `AbortError` when `signal` aborts.
   */
  listInstancesSettled(
    filter?: InstanceFilter<Provider>,
    options?: ListOptions,
  ): Promise<ListInstancesSettledResult<Item, Provider>>;
  /**
   * Streams matching instances page by page, as they arrive from the accounts. Bad input throws on
   * the first `next()`. After the last instance, the stream throws like `listInstances` if an
   * account failed (a `FanOutError` here has no `instances`: they were already yielded).
   * Breaking out of the loop aborts the requests still in flight.
   */
  instances(filter?: InstanceFilter<Provider>, options?: ListOptions): AsyncGenerator<Item, void, undefined>;
  /**
   * Polls every selected account every `intervalMs` (default 30 000, jittered) and yields what
   * changed: `added`, `changed`, `removed`, then `synced` per poll, or `failed` (the account keeps
   * its last state and is polled again with backoff). Polls share `concurrency` and the rate
   * limits with every other call. Bad input throws on the first `next()`; aborting `signal` or
   * leaving the loop ends the stream with no further request.
   */
  watch(
    filter?: InstanceFilter<Provider>,
    options?: WatchOptions,
  ): AsyncGenerator<WatchEvent<Item, Provider>, void, undefined>;
  /**
   * Resolves with the instance once one matching `target` has one of the statuses, polling every
   * `intervalMs` (default 5 000). Rejects with `NotFoundError` when nothing matches `target`,
   * `TimeoutError` after `timeoutMs` (default 120 000) and `AbortError` on abort.
   */
  waitForStatus(
    target: InstanceFilter<Provider>,
    status: InstanceStatus | readonly InstanceStatus[],
    options?: WaitForStatusOptions,
  ): Promise<Item>;
}

/** Internal knobs, for tests. */
export interface EngineSettings {
  /** Pages requested ahead per account; default 2. */
  pageLookahead?: number;
}

interface AccountRuntime {
  readonly account: ResolvedAccount;
  readonly definition: AnyProviderDefinition;
  readonly adapter: ProviderAdapter<string, unknown, unknown, unknown>;
  readonly client: unknown;
  /**
   * The client's own transport when the client is bound to the runtime's setup (`bindClientSetup`):
   * a call's overrides derive from it, and its errors come redacted. Undefined for a client made by hand.
   */
  readonly transport: TransportFetch | undefined;
  readonly baseUrl: string;
}

type AccountOutcome<Item> =
  | { account: AccountRuntime; instances: Item[]; failure?: undefined }
  | { account: AccountRuntime; instances: Item[]; failure: SwitchboardError };

function describeFailures(failures: readonly SwitchboardError[], accountCount: number): string {
  const parts = failures.map((error) => `${error.account ?? '?'} (${error.provider ?? '?'}): ${error.code}`);
  return `${failures.length} of ${accountCount} accounts failed: ${parts.join('; ')}`;
}

/**
 * The facade over any registry of provider definitions; `createSwitchboard` is this over the built-in
 * providers and the caller's own. Validates options synchronously and creates one raw client per
 * account.
 */
export function createSwitchboardFromDefinitions<Registry extends DefinitionRegistry>(
  registry: Registry,
  input: SwitchboardOptions<Registry>,
  settings: EngineSettings = {},
): Switchboard<InstanceUnionOf<Registry>, ProviderKeyOf<Registry>> {
  type Provider = ProviderKeyOf<Registry>;
  type Item = InstanceUnionOf<Registry>;

  const providerKeys = Object.keys(registry) as Provider[];
  for (const key of providerKeys) assertProviderDefinition(registry[key], key);
  const options = resolveOptions(input, registry as Readonly<Record<Provider, AnyProviderDefinition>>);
  const lookahead = settings.pageLookahead ?? DEFAULT_PAGE_LOOKAHEAD;
  const limiter = new ConcurrencyLimiter(options.concurrency);
  const { logger, logLevel } = options;
  const debug = (message: string) => {
    if (!logger || logLevel !== 'debug') return;
    try {
      logger.debug(`[switchboard] ${message}`);
    } catch {
      // A logger that throws must not fail the listing.
    }
  };

  const accountRuntimes: AccountRuntime[] = options.accounts.map((account) => {
    const definition = registry[account.provider]!;
    const adapter = definition.adapter;
    const clientOptions: ClientOptions = {
      token: account.token,
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      logLevel,
      account: account.label,
      ...(logger !== undefined && { logger }),
      ...(account.baseUrl !== undefined && { baseUrl: account.baseUrl }),
      ...(options.fetch !== undefined && { fetch: options.fetch }),
      ...(account.rateLimit !== undefined && { rateLimit: account.rateLimit }),
      maxResponseBytes: options.maxResponseBytes,
      ...(adapter.takesConcurrencySlots === true && { slots: limiter }),
    };
    const client = adapter.createClient(clientOptions);
    return {
      account,
      definition,
      adapter,
      client,
      transport: clientSetupOf(client)?.fetch,
      baseUrl: account.baseUrl ?? adapter.metadata.defaultBaseUrl,
    };
  });

  /**
   * One call's transport when it overrides the timeout or retries; the adapter sends that call's
   * requests through it instead of its client's own. It is the client's own transport with those two
   * changed (`withOptions`), so the call still shares the account's rate-limit window and slots.
   */
  function callTransport(runtime: AccountRuntime, call: ResolvedListOptions): typeof fetch | undefined {
    if (call.timeoutMs === undefined && call.maxRetries === undefined) return undefined;
    const overrides = {
      ...(call.timeoutMs !== undefined && { timeoutMs: call.timeoutMs }),
      ...(call.maxRetries !== undefined && { maxRetries: call.maxRetries }),
    };
    // A JavaScript definition may bind a plain fetch, without `withOptions`.
    const { transport } = runtime;
    return typeof transport?.withOptions === 'function'
      ? transport.withOptions(overrides)
      : fallbackCallTransport(runtime, call);
  }

  /**
   * For a client not bound to its setup (a provider defined outside Switchboard that builds its
   * client by hand), whose transport core cannot reach: a transport of the call's own, so the
   * overrides still apply. It keys its rate limit as the runtime's client transport does, so it
   * shares a window with a client built on `resolveClientSetup`.
   */
  function fallbackCallTransport(runtime: AccountRuntime, call: ResolvedListOptions): typeof fetch {
    const { account, adapter } = runtime;
    const rateLimit = account.rateLimit === undefined ? adapter.metadata.rateLimit : account.rateLimit;
    return createTransport({
      provider: account.provider,
      account: account.label,
      secrets: [account.token],
      timeoutMs: call.timeoutMs ?? options.timeoutMs,
      maxRetries: call.maxRetries ?? options.maxRetries,
      rateLimit,
      rateLimitKey: runtime.baseUrl.replace(/\/+$/, ''),
      logLevel,
      maxResponseBytes: options.maxResponseBytes,
      ...(adapter.takesConcurrencySlots === true && { slots: limiter }),
      ...(logger !== undefined && { logger }),
      ...(options.fetch !== undefined && { fetch: options.fetch }),
    });
  }

  /** The account's matching instances, page by page. Errors are raw: the caller labels them. */
  async function* accountInstances(
    runtime: AccountRuntime,
    filter: CompiledInstanceFilter,
    call: ResolvedListOptions,
    scope: AbortScope,
  ): AsyncGenerator<Item[], void, undefined> {
    const { account, adapter, client } = runtime;
    const pushDown: PushDownFilter = filter.pushDown;
    const fetchOverride = callTransport(runtime, call);
    const secretFields = adapter.metadata.secretFields;
    const redact = options.secrets === 'redact' && secretFields.length > 0;
    // Ids seen in this walk: a listing that shifts while it is walked can repeat an item on any later
    // page. Memory is bounded by the account's distinct ids.
    const seenIds = new Set<string>();
    const pages = walkPages<Item>({
      lookahead,
      maxPages: options.maxPages,
      scope,
      provider: account.provider,
      account: account.label,
      fetchPage: (page, pageSignal) => {
        const listPage = () => {
          if (logLevel === 'debug') {
            debug(`listing ${account.provider} account "${account.label}", page ${page.number}`);
          }
          return adapter.listPage(client, {
            account: account.label,
            page,
            filter: pushDown,
            settings: account.settings,
            signal: pageSignal,
            ...(fetchOverride !== undefined && { fetch: fetchOverride }),
          });
        };
        // A client on the runtime's transport takes a slot per attempt itself (none while it backs
        // off); any other holds one for the whole page.
        return adapter.takesConcurrencySlots === true ? listPage() : limiter.run(listPage, pageSignal);
      },
    });
    for await (const page of pages) {
      const matching: Item[] = [];
      for (const instance of page) {
        // An empty id (one provider's documented example has one) identifies nothing, so it is never a repeat.
        if (instance.id !== '') {
          if (seenIds.has(instance.id)) continue;
          seenIds.add(instance.id);
        }
        if (!filter.matches(instance)) continue;
        matching.push(
          redact ? ({ ...instance, raw: redactSecretFields(instance.raw, secretFields) } as Item) : instance,
        );
      }
      yield matching;
    }
  }

  interface PreparedCall {
    filter: CompiledInstanceFilter;
    call: ResolvedListOptions;
    accounts: AccountRuntime[];
  }

  function prepare(filterInput: unknown, callInput: unknown): PreparedCall {
    const call = resolveListOptions(callInput);
    const filter = compileInstanceFilter(filterInput, providerKeys);
    if (call.signal?.aborted) throw abortErrorFor(call.signal);
    const accounts = accountRuntimes.filter((runtime) =>
      filter.selectsAccount({ provider: runtime.account.provider, label: runtime.account.label }),
    );
    return { filter, call, accounts };
  }

  function labelError(error: unknown, runtime: AccountRuntime): SwitchboardError {
    return toAccountError(error, {
      provider: runtime.account.provider,
      account: runtime.account.label,
      token: runtime.account.token,
      redactedAtSource: runtime.transport !== undefined,
    });
  }

  async function settle(prepared: PreparedCall): Promise<AccountOutcome<Item>[]> {
    const { filter, call, accounts } = prepared;
    const operation = new AbortScope(call.signal);
    // Every account's walk has ended once all of them settled; only a call that ends otherwise (the
    // caller aborted) can leave requests in flight. Aborting a finished call built a DOMException per
    // call, which cost more than the rest of the facade's work on a one-page account.
    let settled = false;
    try {
      const outcomes = await Promise.all(
        accounts.map(async (runtime): Promise<AccountOutcome<Item>> => {
          const instances: Item[] = [];
          try {
            for await (const page of accountInstances(runtime, filter, call, operation)) {
              for (const instance of page) instances.push(instance);
            }
            return { account: runtime, instances };
          } catch (error) {
            if (call.signal?.aborted) throw abortErrorFor(call.signal);
            return { account: runtime, instances, failure: labelError(error, runtime) };
          }
        }),
      );
      settled = true;
      if (call.signal?.aborted) throw abortErrorFor(call.signal);
      return outcomes;
    } finally {
      if (!settled) operation.abort();
      operation.dispose();
    }
  }

  const accountSummaries = Object.freeze(
    accountRuntimes.map(
      (runtime): AccountSummary<Provider> =>
        Object.freeze({
          provider: runtime.account.provider as Provider,
          label: runtime.account.label,
          baseUrl: runtime.baseUrl,
        }),
    ),
  );

  function summarize(outcomes: readonly AccountOutcome<Item>[]): ListInstancesSettledResult<Item, Provider> {
    const instances: Item[] = [];
    const failures: AccountFailure<Provider>[] = [];
    for (const outcome of outcomes) {
      if (outcome.failure) {
        failures.push({
          account: outcome.account.account.label,
          provider: outcome.account.account.provider as Provider,
          error: outcome.failure,
        });
      } else {
        for (const instance of outcome.instances) instances.push(instance);
      }
    }
    return { instances, failures };
  }

  async function listInstancesSettled(
    filterInput?: InstanceFilter<Provider>,
    callInput?: ListOptions,
  ): Promise<ListInstancesSettledResult<Item, Provider>> {
    return summarize(await settle(prepare(filterInput, callInput)));
  }

  async function listInstances(
    filterInput?: InstanceFilter<Provider>,
    callInput?: ListOptions,
  ): Promise<Item[]> {
    const prepared = prepare(filterInput, callInput);
    const { instances, failures } = summarize(await settle(prepared));
    if (failures.length === 1) throw failures[0]!.error;
    if (failures.length > 1) {
      const errors = failures.map((failure) => failure.error);
      throw new FanOutError<Item>(describeFailures(errors, prepared.accounts.length), { errors, instances });
    }
    return instances;
  }

  async function* instances(
    filterInput?: InstanceFilter<Provider>,
    callInput?: ListOptions,
  ): AsyncGenerator<Item, void, undefined> {
    const { filter, call, accounts } = prepare(filterInput, callInput);
    const operation = new AbortScope(call.signal);
    type Pull = { index: number; result?: IteratorResult<Item[], void>; error?: unknown; failed: boolean };
    const streams = accounts.map((runtime) => accountInstances(runtime, filter, call, operation));
    const pulls = new Map<number, Promise<Pull>>();
    const pull = (index: number) => {
      pulls.set(
        index,
        streams[index]!.next().then(
          (result): Pull => ({ index, result, failed: false }),
          (error: unknown): Pull => ({ index, error, failed: true }),
        ),
      );
    };
    streams.forEach((_stream, index) => {
      pull(index);
    });
    const failures: SwitchboardError[] = [];
    // True once every account's stream has ended by itself: nothing is then left in flight to abort.
    let exhausted = false;
    try {
      while (pulls.size > 0) {
        const outcome = await Promise.race(pulls.values());
        pulls.delete(outcome.index);
        if (outcome.failed) {
          if (call.signal?.aborted) throw abortErrorFor(call.signal);
          failures.push(labelError(outcome.error, accounts[outcome.index]!));
          continue;
        }
        if (outcome.result!.done) continue;
        // Ask for the account's next page before handing this one out, so it loads meanwhile.
        pull(outcome.index);
        for (const instance of outcome.result!.value) {
          if (call.signal?.aborted) throw abortErrorFor(call.signal);
          yield instance;
        }
      }
      exhausted = true;
      if (call.signal?.aborted) throw abortErrorFor(call.signal);
      if (failures.length === 1) throw failures[0]!;
      if (failures.length > 1) {
        throw new FanOutError<Item>(describeFailures(failures, accounts.length), {
          errors: failures,
          instances: [],
        });
      }
    } finally {
      if (!exhausted) operation.abort();
      operation.dispose();
      // Let every account's walk run its own clean-up before the caller moves on.
      await Promise.allSettled([...pulls.values()]);
      await Promise.allSettled(streams.map((stream) => stream.return(undefined)));
    }
  }

  const runtimesByLabel = new Map(accountRuntimes.map((runtime) => [runtime.account.label, runtime]));
  const pollCall = resolveListOptions(undefined);
  // A watch gives each account one signal for all its polls; one scope per signal, not per poll,
  // spares every poll an abort controller and a listener.
  const pollScopes = new WeakMap<AbortSignal, AbortScope>();

  /** Watching polls each account with one walk of its listing, through the same limiter as listings. */
  const watchSource: WatchSource<Item, Provider, InstanceFilter<Provider>> = {
    plan(filterInput) {
      const filter = compileInstanceFilter(filterInput, providerKeys);
      // The walk keeps every instance the push-down lets through: the watch applies the exact
      // filter itself, so that it can report an instance that stops matching.
      const everyListed: CompiledInstanceFilter = {
        matchesNothing: filter.matchesNothing,
        pushDown: filter.pushDown,
        selectsAccount: (account) => filter.selectsAccount(account),
        matches: () => true,
      };
      const selected = accountRuntimes.filter((runtime) =>
        filter.selectsAccount({ provider: runtime.account.provider, label: runtime.account.label }),
      );
      return {
        accounts: selected.map((runtime) => ({
          label: runtime.account.label,
          provider: runtime.account.provider as Provider,
        })),
        matches: (instance) => filter.matches(instance),
        async pollAccount(account, signal) {
          const runtime = runtimesByLabel.get(account.label)!;
          let scope = pollScopes.get(signal);
          if (scope === undefined) {
            scope = new AbortScope(signal);
            pollScopes.set(signal, scope);
          }
          try {
            const listed: Item[] = [];
            for await (const page of accountInstances(runtime, everyListed, pollCall, scope)) {
              for (const instance of page) listed.push(instance);
            }
            return listed;
          } catch (error) {
            throw labelError(error, runtime);
          }
        },
      };
    },
  };

  function watch(
    filterInput?: InstanceFilter<Provider>,
    watchOptions?: WatchOptions,
  ): AsyncGenerator<WatchEvent<Item, Provider>, void, undefined> {
    return createWatch(watchSource, filterInput, watchOptions);
  }

  function waitForStatus(
    target: InstanceFilter<Provider>,
    status: InstanceStatus | readonly InstanceStatus[],
    waitOptions?: WaitForStatusOptions,
  ): Promise<Item> {
    return waitForInstanceStatus(watchSource, target, status, waitOptions);
  }

  return Object.freeze({
    accounts: accountSummaries,
    listInstances,
    listInstancesSettled,
    instances,
    watch,
    waitForStatus,
  });
}
