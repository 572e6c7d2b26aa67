import type { BuiltInProviders } from '@switchboard/providers';
import { type Clock, ValidationError } from '@switchboard/runtime';
import {
  connectionDroppedError,
  type FetchFunction,
  type ProviderSimulator,
  type SimulatorChurnOptions,
  type SimulatorRequestLogEntry,
} from '@switchboard/runtime/simulator';
import {
  builtInSimulatedProviders,
  type RawItemOf,
  type SimulatedProvider,
  type SimulatedProviderEntry,
} from './providers.js';

/** A provider key: one of the registry's, or one a `registry` option adds. */
// `string & {}` keeps the built-in keys offered by editors beside any other string.
export type SimulatorKey = SimulatedProvider | (string & {});

/** Any simulator option, as each provider's simulator takes it (`rateLimit`, `restrictedTokens`…). */
export type ProviderSimulatorOptionsRecord = Readonly<Record<string, unknown>>;

export interface SimulatorsOptions {
  /** Seeds every simulator's fake instances (each provider draws its own stream from it). Default 1. */
  seed?: number;
  /** Fake instances per provider; each provider's simulator has its own default. */
  counts?: Partial<Record<SimulatorKey, number>>;
  /** Account tokens per provider; each defaults to the provider's demo token. */
  tokens?: Partial<Record<SimulatorKey, string>>;
  /** Latency added to every request of every simulator, in milliseconds. Default 0. */
  latencyMs?: number;
  clock?: Clock;
  /**
   * Every simulator changes its instances every `intervalMs` (status changes, instances appearing and
   * disappearing), each from its own stream of `seed` (default: the `seed` above, else 1).
   */
  churn?: SimulatorChurnOptions;
  /** A server-side rate limit, for the simulators of providers that document one; `false` turns it off. */
  rateLimit?: { requests: number; perMs: number } | false;
  /** Any simulator option, per provider; it wins over the shared options above. */
  providers?: Partial<Record<SimulatorKey, ProviderSimulatorOptionsRecord>>;
  /**
   * The providers to simulate, from `loadSimulatedProviders(definitions)`; defaults to the built-in
   * registry. Pass `[...builtInSimulatedProviders, ...await loadSimulatedProviders([mine])]` to add one.
   */
  registry?: readonly SimulatedProviderEntry[];
}

/** What every composition of simulators offers, whatever its providers. */
export interface SimulatorsComposition {
  /** Every simulator, in the registry's order. */
  readonly all: readonly ProviderSimulator[];
  /** The provider keys, in the registry's order. */
  readonly providers: readonly string[];
  /** The simulator of a provider, by key; a `ValidationError` for a key it does not simulate. */
  simulator(provider: string): ProviderSimulator;
  /** Each simulator's account token. */
  readonly tokens: Readonly<Record<SimulatedProvider, string>> & Readonly<Record<string, string>>;
  /** Each simulator's base URL in fetch and msw mode (the specs' server URLs unless overridden). */
  readonly baseUrls: Readonly<Record<SimulatedProvider, string>> & Readonly<Record<string, string>>;
  /** The account options a demo account of each provider needs beyond its token (often none). */
  readonly accountOptions: Readonly<Record<SimulatedProvider, Readonly<Record<string, unknown>>>> &
    Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** A fetch that routes each URL to the simulator serving it; a URL none serves fails as a network error. */
  readonly fetch: FetchFunction;
  /** Answers a request with the simulator that serves its URL. */
  handle(request: Request): Promise<Response>;
  /** The simulator serving a URL, if any. */
  simulatorFor(url: string | URL): ProviderSimulator | undefined;
  /** Every simulator's log merged, ordered by arrival time. */
  readonly requests: readonly SimulatorRequestLogEntry[];
  clearRequests(): void;
  /** Resets every simulator. */
  reset(): void;
  /** Stops every simulator's churn. */
  stopChurn(): void;
}

/** One simulator per built-in provider, by key (`simulators[key]`), and the composition's own members. */
export type Simulators = {
  readonly [Key in SimulatedProvider]: ProviderSimulator<Key, RawItemOf<BuiltInProviders[Key]>>;
} & SimulatorsComposition;

function assertKnownProviders(record: object | undefined, field: string, keys: readonly string[]): void {
  if (record === undefined) return;
  if (typeof record !== 'object' || record === null) {
    throw new ValidationError(`createSimulators: \`${field}\` must be an object keyed by provider`, {
      field,
    });
  }
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) {
      throw new ValidationError(
        `createSimulators: unknown provider ${JSON.stringify(key)} in \`${field}\`; expected ${keys.join(', ')}`,
        { field: `${field}.${key}` },
      );
    }
  }
}

function sharedOptions(options: SimulatorsOptions, provider: string): Record<string, unknown> {
  const count = options.counts?.[provider];
  const accountToken = options.tokens?.[provider];
  return {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(count === undefined ? {} : { count }),
    ...(accountToken === undefined ? {} : { accountToken }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.churn === undefined ? {} : { churn: { seed: options.seed ?? 1, ...options.churn } }),
  };
}

function assertSimulator(value: unknown, provider: string): asserts value is ProviderSimulator {
  const candidate = value as Partial<ProviderSimulator> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.handle !== 'function' ||
    typeof candidate.serves !== 'function' ||
    candidate.provider !== provider
  ) {
    throw new ValidationError(
      `createSimulators: the simulator entry of ${JSON.stringify(provider)} made something that is not a simulator of that provider`,
      { field: `registry.${provider}` },
    );
  }
}

/**
 * One stateful simulator per provider of the registry, answering at each spec's server URL: use
 * `fetch` as a client's `fetch` option, `@switchboard/testing/msw` with msw, or serve them over HTTP
 * with `startSimulatorServer`.
 */
export function createSimulators(options: SimulatorsOptions = {}): Simulators {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('createSimulators: options must be an object', { field: 'options' });
  }
  const registry = options.registry ?? builtInSimulatedProviders;
  if (!Array.isArray(registry)) {
    throw new ValidationError('createSimulators: `registry` must be a list from loadSimulatedProviders', {
      field: 'registry',
    });
  }
  const keys = registry.map((entry) => entry.definition.key);
  assertKnownProviders(options.counts, 'counts', keys);
  assertKnownProviders(options.tokens, 'tokens', keys);
  assertKnownProviders(options.providers, 'providers', keys);
  const byKey = new Map<string, ProviderSimulator>();
  for (const entry of registry) {
    const key = entry.definition.key;
    const simulator = entry.simulator.createSimulator({
      ...sharedOptions(options, key),
      ...(options.rateLimit === undefined || entry.definition.metadata.rateLimit === null
        ? {}
        : { rateLimit: options.rateLimit }),
      ...options.providers?.[key],
    });
    assertSimulator(simulator, key);
    byKey.set(key, simulator);
  }
  const all: readonly ProviderSimulator[] = Object.freeze([...byKey.values()]);
  // The most specific base path first, should two simulators share an origin.
  const byPathLength = [...all].sort((first, second) => second.basePath.length - first.basePath.length);
  const simulatorFor = (url: string | URL): ProviderSimulator | undefined =>
    byPathLength.find((simulator) => simulator.serves(url));

  const handle = async (request: Request): Promise<Response> => {
    const simulator = simulatorFor(request.url);
    if (simulator === undefined) return Response.error();
    return simulator.handle(request);
  };

  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const simulator = simulatorFor(request.url);
    if (simulator === undefined) {
      throw new TypeError('fetch failed', {
        cause: new Error(`No simulator serves ${new URL(request.url).origin}`),
      });
    }
    const response = await simulator.handle(request);
    if (response.type === 'error') throw connectionDroppedError();
    return response;
  };

  const record = <T>(read: (entry: SimulatedProviderEntry, simulator: ProviderSimulator) => T) =>
    Object.freeze(
      Object.fromEntries(
        registry.map((entry) => [entry.definition.key, read(entry, byKey.get(entry.definition.key)!)]),
      ),
    );

  const composition: SimulatorsComposition = {
    all,
    providers: Object.freeze(keys),
    simulator(provider) {
      const simulator = byKey.get(provider);
      if (simulator === undefined) {
        throw new ValidationError(
          `createSimulators: no simulator of ${JSON.stringify(provider)}; these simulate ${keys.join(', ')}`,
          { field: 'provider' },
        );
      }
      return simulator;
    },
    tokens: record((_, simulator) => simulator.accountToken) as SimulatorsComposition['tokens'],
    baseUrls: record((_, simulator) => simulator.baseUrl) as SimulatorsComposition['baseUrls'],
    accountOptions: record((entry) =>
      Object.freeze({ ...entry.simulator.demoAccountOptions }),
    ) as SimulatorsComposition['accountOptions'],
    fetch,
    handle,
    simulatorFor,
    get requests() {
      return all
        .flatMap((simulator) => simulator.requests)
        .sort((first, second) => first.startedAt - second.startedAt);
    },
    clearRequests() {
      for (const simulator of all) simulator.clearRequests();
    },
    reset() {
      for (const simulator of all) simulator.reset();
    },
    stopChurn() {
      for (const simulator of all) simulator.stopChurn();
    },
  };
  // Onto the composition, not from it: Object.assign would read its getters (`requests`) once.
  for (const key of keys) {
    if (key in composition) {
      throw new ValidationError(`createSimulators: a provider cannot be named ${JSON.stringify(key)}`, {
        field: `registry.${key}`,
      });
    }
  }
  return Object.assign(composition, Object.fromEntries(byKey)) as unknown as Simulators;
}
