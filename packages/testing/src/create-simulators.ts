import {
  createHypersenderSimulator,
  type HypersenderSimulator,
  type HypersenderSimulatorOptions,
} from '@switchboard/hypersender/simulator';
import { type Clock, ValidationError } from '@switchboard/runtime';
import {
  connectionDroppedError,
  type FetchFunction,
  type ProviderSimulator,
  type SimulatorChurnOptions,
  type SimulatorRequestLogEntry,
} from '@switchboard/runtime/simulator';
import {
  createRyzeApiSimulator,
  type RyzeApiSimulator,
  type RyzeApiSimulatorOptions,
  type SimulatorRateLimit,
} from '@switchboard/ryzeapi/simulator';
import {
  createWachatSimulator,
  type WachatSimulator,
  type WachatSimulatorOptions,
} from '@switchboard/wachat/simulator';
import {
  createZApiSimulator,
  type ZApiSimulator,
  type ZApiSimulatorOptions,
} from '@switchboard/z-api/simulator';
import type { RequestHandler } from 'msw';
import { simulatorHandlers } from './msw-handlers.js';
import { isSimulatedProvider, SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';

export interface SimulatorsOptions {
  /** Seeds every simulator's fake instances (each provider draws its own stream from it). Default 1. */
  seed?: number;
  /** Fake instances per provider; the defaults are 12, 8, 8 and 6. */
  counts?: Partial<Record<SimulatedProvider, number>>;
  /** Account tokens per provider; defaults to `DEMO_TOKENS`. */
  tokens?: Partial<Record<SimulatedProvider, string>>;
  /** Latency added to every request of every simulator, in milliseconds. Default 0. */
  latencyMs?: number;
  clock?: Clock;
  /**
   * Every simulator changes its instances every `intervalMs` (status changes, instances appearing and
   * disappearing), each from its own stream of `seed` (default: the `seed` above, else 1).
   */
  churn?: SimulatorChurnOptions;
  /** RyzeAPI's server-side limit (the only provider that documents one). Default 100 per minute. */
  rateLimit?: SimulatorRateLimit | false;
  /** Any simulator option, per provider; it wins over the shared options above. */
  providers?: {
    'z-api'?: ZApiSimulatorOptions;
    ryzeapi?: RyzeApiSimulatorOptions;
    hypersender?: HypersenderSimulatorOptions;
    wachat?: WachatSimulatorOptions;
  };
}

export interface Simulators {
  readonly 'z-api': ZApiSimulator;
  readonly ryzeapi: RyzeApiSimulator;
  readonly hypersender: HypersenderSimulator;
  readonly wachat: WachatSimulator;
  /** The four, in the order of `SIMULATED_PROVIDERS`. */
  readonly all: readonly ProviderSimulator[];
  /** Each simulator's account token. */
  readonly tokens: Readonly<Record<SimulatedProvider, string>>;
  /** Each simulator's base URL in fetch and msw mode (the specs' server URLs unless overridden). */
  readonly baseUrls: Readonly<Record<SimulatedProvider, string>>;
  /** A fetch that routes each URL to the simulator serving it; a URL none serves fails as a network error. */
  readonly fetch: FetchFunction;
  /** msw handlers of all four simulators. */
  readonly handlers: RequestHandler[];
  /** Answers a request with the simulator that serves its URL. */
  handle(request: Request): Promise<Response>;
  /** The simulator serving a URL, if any. */
  simulatorFor(url: string | URL): ProviderSimulator | undefined;
  /** Every simulator's log merged, ordered by arrival time. */
  readonly requests: readonly SimulatorRequestLogEntry[];
  clearRequests(): void;
  /** Resets all four simulators. */
  reset(): void;
  /** Stops every simulator's churn. */
  stopChurn(): void;
}

function assertKnownProviders(record: object | undefined, field: string): void {
  if (record === undefined) return;
  if (typeof record !== 'object' || record === null) {
    throw new ValidationError(`createSimulators: \`${field}\` must be an object keyed by provider`, {
      field,
    });
  }
  for (const key of Object.keys(record)) {
    if (!isSimulatedProvider(key)) {
      throw new ValidationError(
        `createSimulators: unknown provider ${JSON.stringify(key)} in \`${field}\`; expected ${SIMULATED_PROVIDERS.join(', ')}`,
        { field: `${field}.${key}` },
      );
    }
  }
}

function sharedOptions(options: SimulatorsOptions, provider: SimulatedProvider) {
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

/**
 * One stateful simulator per provider, answering at each spec's server URL: use `fetch` as a client's
 * `fetch` option, `handlers` with msw, or serve them over HTTP with `startSimulatorServer`.
 */
export function createSimulators(options: SimulatorsOptions = {}): Simulators {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('createSimulators: options must be an object', { field: 'options' });
  }
  assertKnownProviders(options.counts, 'counts');
  assertKnownProviders(options.tokens, 'tokens');
  assertKnownProviders(options.providers, 'providers');
  const providers = options.providers ?? {};
  const zApi = createZApiSimulator({ ...sharedOptions(options, 'z-api'), ...providers['z-api'] });
  const ryzeapi = createRyzeApiSimulator({
    ...sharedOptions(options, 'ryzeapi'),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...providers.ryzeapi,
  });
  const hypersender = createHypersenderSimulator({
    ...sharedOptions(options, 'hypersender'),
    ...providers.hypersender,
  });
  const wachat = createWachatSimulator({ ...sharedOptions(options, 'wachat'), ...providers.wachat });
  const all: readonly ProviderSimulator[] = [zApi, ryzeapi, hypersender, wachat];
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

  const record = <T>(read: (simulator: ProviderSimulator) => T): Record<SimulatedProvider, T> => ({
    'z-api': read(zApi),
    ryzeapi: read(ryzeapi),
    hypersender: read(hypersender),
    wachat: read(wachat),
  });

  return {
    'z-api': zApi,
    ryzeapi,
    hypersender,
    wachat,
    all,
    tokens: record((simulator) => simulator.accountToken),
    baseUrls: record((simulator) => simulator.baseUrl),
    fetch,
    get handlers() {
      return all.flatMap((simulator) => simulatorHandlers(simulator));
    },
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
}
