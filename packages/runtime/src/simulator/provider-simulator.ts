import { type Clock, systemClock } from '../clock.js';
import { ValidationError } from '../errors.js';
import { describeBaseUrlProblem } from '../option-checks.js';
import {
  type MutableLogEntry,
  maskHeaders,
  readQuery,
  type SimulatorCredential,
  type SimulatorRequestLogEntry,
} from './request-log.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';
import {
  assertChurnOptions,
  type SimulatorChange,
  type SimulatorChurnOptions,
  type SimulatorStatusHook,
} from './simulator-changes.js';
import { FaultQueue, type InjectedFault, type SimulatorFault } from './simulator-faults.js';

/** The changes a simulator remembers; older ones are forgotten first. */
const MAX_CHANGES = 1000;

/** A `fetch` in the shape of the platform's, so it can be passed wherever a `fetch` option is taken. */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Options every simulator takes. */
export interface ProviderSimulatorOptions<Item = unknown> {
  /** Seeds the fake instances. Default 1. */
  seed?: number;
  /** How many fake instances to hold; ignored when `instances` is given. Defaults differ per provider. */
  count?: number;
  /** The exact items to serve instead of generated ones (copied; `reset()` goes back to them). */
  instances?: readonly Item[];
  /** The account token the simulator accepts. Defaults to the provider's demo token. */
  accountToken?: string;
  /** Where the simulator answers in fetch and msw mode. Defaults to the spec's server URL. */
  baseUrl?: string;
  /** Latency added to every request, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Time for timestamps, latency and rate-limit windows; vitest's fake timers also apply to the default. */
  clock?: Clock;
  /** Starts churn at once: instances change status, appear and disappear every `intervalMs`. */
  churn?: SimulatorChurnOptions;
}

/** An instance's id as a test names it: the id the common model reads (`Instance.id`), or its text for a numeric one. */
export type SimulatorInstanceId = string | number;

/**
 * What a provider's simulator tells the base about itself: its key, where it answers by default, the
 * token it accepts by default and how it makes fake items when the caller gives none.
 */
export interface ProviderSimulatorDefinition<Key extends string, Item> {
  readonly provider: Key;
  /** The spec's server URL. */
  readonly defaultBaseUrl: string;
  readonly demoToken: string;
  readonly defaultInstanceCount: number;
  createFakeInstances(count: number, options: { seed?: number }): Item[];
  /** The item's id, which `update` and `remove` look it up by. */
  instanceId(item: Item): SimulatorInstanceId;
  /** How the item's status is read and set. */
  readonly status: SimulatorStatusHook<Item>;
  /** Sets the name the common model reads (with any field the provider keeps equal to it); default `name`. */
  setName?(item: Item, name: string): void;
}

/** What a provider's endpoint code sees of a request. */
export interface SimulatorRequestContext {
  readonly request: Request;
  readonly url: URL;
  /** The path under the base URL: `/instances`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The simulator's clock reading when the request arrived. */
  readonly now: number;
  /** Records in the request log how the credential was judged. */
  setCredential(credential: SimulatorCredential): void;
}

/** The public face of a simulator, whatever its provider. */
export interface ProviderSimulator<Key extends string = string, Item = unknown> {
  readonly provider: Key;
  /** Where it answers in fetch and msw mode, e.g. `https://api.acme.test/api`. */
  readonly baseUrl: string;
  /** The path part of `baseUrl` (`/api`), which `startSimulatorServer` keeps under its own origin. */
  readonly basePath: string;
  /** The items it serves, as the spec shapes them. Mutate freely: the next request sees the change. */
  readonly instances: Item[];
  readonly accountToken: string;
  /** Latency added to every request, in milliseconds. */
  latencyMs: number;
  /** Every request received since the last reset, in arrival order. */
  readonly requests: readonly SimulatorRequestLogEntry[];
  /** Requests being answered right now. */
  readonly inFlight: number;
  /** The most requests that were ever in flight at once since the last reset. */
  readonly maxInFlight: number;
  /**
   * Answers one request. msw handlers, `fetch` and the HTTP server all go through it. A dropped
   * connection comes back as `Response.error()`; an abort of `request.signal` rejects with its reason.
   */
  handle(request: Request): Promise<Response>;
  /** Whether a URL is under this simulator's base URL. */
  serves(url: string | URL): boolean;
  /** A fetch that answers from this simulator, with no network and no msw. */
  readonly fetch: FetchFunction;
  injectFault(fault: SimulatorFault): InjectedFault;
  clearFaults(): void;
  clearRequests(): void;
  /** Adds an item (a copy) at the end of the list; its id must be new. */
  add(item: Item): Item;
  /** Merges `patch` into the item with that id, in place, and returns it. */
  update(id: SimulatorInstanceId, patch: Partial<Item>): Item;
  /** Sets an item's status, in the provider's vocabulary, with what the provider derives from it. */
  setStatus(id: SimulatorInstanceId, status: unknown): Item;
  /** Takes the item with that id out of the list and returns it. */
  remove(id: SimulatorInstanceId): Item;
  /** Every status value the provider documents, in its own vocabulary, as `setStatus` takes them. */
  readonly statusValues: readonly unknown[];
  /** An item's status in the provider's vocabulary. */
  statusOf(item: Item): unknown;
  /** Gives the item at `index` (0 for the first) the name the common model reads, whatever its field. */
  renameInstance(index: number, name: string): Item;
  /** An item's id, as `update`, `setStatus` and `remove` take it (the provider's own id field). */
  idOf(item: Item): SimulatorInstanceId;
  /** Every change `add`, `update`, `setStatus`, `remove` and churn made since the last reset. */
  readonly changes: readonly SimulatorChange[];
  /** Changes the instances every `intervalMs` on the simulator's clock until `stopChurn()`. */
  startChurn(options: SimulatorChurnOptions): void;
  stopChurn(): void;
  readonly churning: boolean;
  /** Back to the first instances, no faults, an empty log and fresh rate-limit windows; churn restarts from its seed. */
  reset(): void;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Server Error' : status >= 400 ? 'Client Error' : 'OK');
}

/** The error undici's fetch throws when the other side hangs up, so that callers see what they would for real. */
export function connectionDroppedError(): TypeError {
  const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  return new TypeError('fetch failed', { cause });
}

function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  return new DOMException('This operation was aborted', 'AbortError');
}

function delay(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function normalizeBaseUrl(baseUrl: string): URL {
  const problem = describeBaseUrlProblem(baseUrl);
  if (problem !== undefined)
    throw new ValidationError(`simulator: \`baseUrl\` ${problem}`, { field: 'baseUrl' });
  const parsed = new URL(baseUrl);
  parsed.pathname = parsed.pathname.replace(/\/+$/, '');
  return parsed;
}

/**
 * What the four simulators share: the request log, fault injection, latency, abort handling, and
 * the two ways in (handle, fetch; msw and the HTTP server go through `handle`). Each provider adds its endpoint in `respond`.
 */
export abstract class BaseProviderSimulator<Key extends string, Item>
  implements ProviderSimulator<Key, Item>
{
  readonly provider: Key;
  readonly baseUrl: string;
  readonly basePath: string;
  readonly instances: Item[];
  readonly accountToken: string;
  latencyMs: number;
  protected readonly clock: Clock;
  readonly #origin: string;
  readonly #initialInstances: readonly Item[];
  readonly #faults = new FaultQueue();
  #requests: MutableLogEntry[] = [];
  #inFlight = 0;
  #maxInFlight = 0;
  readonly #definition: ProviderSimulatorDefinition<Key, Item>;
  #changes: SimulatorChange[] = [];
  #churn: { options: SimulatorChurnOptions; random: SeededRandom; timer: unknown } | undefined;

  protected constructor(
    definition: ProviderSimulatorDefinition<Key, Item>,
    options: ProviderSimulatorOptions<Item>,
  ) {
    const provider = definition.provider;
    this.#definition = definition;
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError(`${provider} simulator: options must be an object`, { field: 'options' });
    }
    this.provider = provider;
    const base = normalizeBaseUrl(options.baseUrl ?? definition.defaultBaseUrl);
    this.#origin = base.origin;
    this.basePath = base.pathname === '/' ? '' : base.pathname;
    this.baseUrl = `${base.origin}${this.basePath}`;
    const accountToken = options.accountToken ?? definition.demoToken;
    if (typeof accountToken !== 'string' || accountToken.trim() === '') {
      throw new ValidationError(`${provider} simulator: \`accountToken\` must be a non-empty string`, {
        field: 'accountToken',
      });
    }
    this.accountToken = accountToken;
    const latencyMs = options.latencyMs ?? 0;
    if (!(Number.isFinite(latencyMs) && latencyMs >= 0)) {
      throw new ValidationError(`${provider} simulator: \`latencyMs\` must be 0 or more`, {
        field: 'latencyMs',
      });
    }
    this.latencyMs = latencyMs;
    this.clock = options.clock ?? systemClock;
    const initial =
      options.instances ??
      definition.createFakeInstances(options.count ?? definition.defaultInstanceCount, {
        seed: options.seed ?? 1,
      });
    this.#initialInstances = initial.map((instance) => structuredClone(instance));
    this.instances = this.#initialInstances.map((instance) => structuredClone(instance));
    if (options.churn !== undefined) this.startChurn(options.churn);
  }

  /** The endpoint itself, once faults and latency have had their say. */
  protected abstract respond(context: SimulatorRequestContext): Response | Promise<Response>;

  /** The provider's error body for a status, as its real API would shape it. */
  protected abstract errorBody(status: number, message: string): unknown;

  /** The status the list endpoint answers with when all goes well. */
  protected abstract readonly successStatus: number;

  /** A plausible but wrong body, as if the provider had changed its API under the client. */
  protected abstract wrongShapeBody(): unknown;

  /** The provider's full success body for the account, which a malformed answer cuts short. */
  protected abstract successBody(): unknown;

  /** The message of an error body when a fault names none. */
  protected defaultErrorMessage(status: number): string {
    return statusText(status);
  }

  /** Provider state beyond the instances (rate-limit windows…), cleared by `reset()`. */
  protected resetState(): void {}

  get requests(): readonly SimulatorRequestLogEntry[] {
    return this.#requests;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  serves(url: string | URL): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (parsed.origin !== this.#origin) return false;
    return (
      this.basePath === '' ||
      parsed.pathname === this.basePath ||
      parsed.pathname.startsWith(`${this.basePath}/`)
    );
  }

  injectFault(fault: SimulatorFault): InjectedFault {
    return this.#faults.add(fault);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  clearRequests(): void {
    this.#requests = [];
    this.#maxInFlight = this.#inFlight;
  }

  reset(): void {
    this.instances.splice(
      0,
      this.instances.length,
      ...this.#initialInstances.map((instance) => structuredClone(instance)),
    );
    this.#faults.clear();
    this.clearRequests();
    this.#changes = [];
    if (this.#churn !== undefined) this.startChurn(this.#churn.options);
    this.resetState();
  }

  get changes(): readonly SimulatorChange[] {
    return this.#changes;
  }

  add(item: Item): Item {
    return this.#add(item, 'test');
  }

  update(id: SimulatorInstanceId, patch: Partial<Item>): Item {
    if (typeof patch !== 'object' || patch === null) {
      throw new ValidationError(`${this.provider} simulator: \`update\` takes an object of fields`, {
        field: 'patch',
      });
    }
    const item = this.#find(id);
    Object.assign(item as object, structuredClone(patch));
    this.#record('changed', item, 'test');
    return item;
  }

  setStatus(id: SimulatorInstanceId, status: unknown): Item {
    const item = this.#find(id);
    this.#writeStatus(item, status);
    this.#record('changed', item, 'test');
    return item;
  }

  renameInstance(index: number, name: string): Item {
    const item = this.instances[index];
    if (!Number.isInteger(index) || item === undefined) {
      throw new ValidationError(
        `${this.provider} simulator: no instance at index ${index}; it holds ${this.instances.length}`,
        { field: 'index' },
      );
    }
    if (typeof name !== 'string') {
      throw new ValidationError(`${this.provider} simulator: a name must be a string`, { field: 'name' });
    }
    if (this.#definition.setName === undefined) (item as { name?: unknown }).name = name;
    else this.#definition.setName(item, name);
    this.#record('changed', item, 'test');
    return item;
  }

  remove(id: SimulatorInstanceId): Item {
    const item = this.#find(id);
    this.instances.splice(this.instances.indexOf(item), 1);
    this.#record('removed', item, 'test');
    return item;
  }

  get churning(): boolean {
    return this.#churn !== undefined;
  }

  get statusValues(): readonly unknown[] {
    return this.#definition.status.values;
  }

  statusOf(item: Item): unknown {
    return this.#definition.status.read(item);
  }

  idOf(item: Item): SimulatorInstanceId {
    return this.#definition.instanceId(item);
  }

  startChurn(options: SimulatorChurnOptions): void {
    assertChurnOptions(options, this.provider);
    this.stopChurn();
    const frozen = Object.freeze({ ...options });
    this.#churn = {
      options: frozen,
      random: createSeededRandom(frozen.seed ?? 1, `${this.provider}:churn`),
      timer: undefined,
    };
    this.#scheduleChurn();
  }

  stopChurn(): void {
    if (this.#churn === undefined) return;
    this.clock.clearTimeout(this.#churn.timer);
    this.#churn = undefined;
  }

  #scheduleChurn(): void {
    const churn = this.#churn;
    if (churn === undefined) return;
    churn.timer = this.clock.setTimeout(() => {
      this.#churnOnce(churn.random);
      this.#scheduleChurn();
    }, churn.options.intervalMs);
    // A churning simulator alone must not keep a process alive (Node's timers have `unref`; others do not).
    (churn.timer as { unref?: () => void } | null)?.unref?.();
  }

  /**
   * One change, drawn from the churn's own random stream: mostly a status change (connect, drop, log
   * out…), sometimes an instance appearing or disappearing, within bounds so that the list neither
   * empties nor grows without end.
   */
  #churnOnce(random: SeededRandom): void {
    const ceiling = Math.max(this.#initialInstances.length * 2, this.#initialInstances.length + 4);
    const roll = random.next();
    if (this.instances.length === 0 || (roll >= 0.6 && roll < 0.8 && this.instances.length < ceiling)) {
      // Fake items from a fresh seed; a few tries in case the new id is taken already.
      for (let attempt = 0; attempt < 8; attempt++) {
        const [candidate] = this.#definition.createFakeInstances(1, {
          seed: random.integer(1, 2_147_483_647),
        });
        if (candidate === undefined || this.#indexOf(this.#definition.instanceId(candidate)) !== -1) continue;
        this.#add(candidate, 'churn');
        return;
      }
      return;
    }
    const item = random.pick(this.instances);
    if (roll >= 0.8 && this.instances.length > 1) {
      this.instances.splice(this.instances.indexOf(item), 1);
      this.#record('removed', item, 'churn');
      return;
    }
    const current = JSON.stringify(this.#definition.status.read(item));
    const others = this.#definition.status.values.filter((value) => JSON.stringify(value) !== current);
    if (others.length === 0) return;
    this.#definition.status.write(item, random.pick(others));
    this.#record('changed', item, 'churn');
  }

  #writeStatus(item: Item, status: unknown): void {
    const known = this.#definition.status.values.some(
      (value) => JSON.stringify(value) === JSON.stringify(status),
    );
    if (!known) {
      throw new ValidationError(
        `${this.provider} simulator: unknown status ${JSON.stringify(status)}; expected one of ${this.#definition.status.values.map((value) => JSON.stringify(value)).join(', ')}`,
        { field: 'status' },
      );
    }
    this.#definition.status.write(item, status);
  }

  #add(item: Item, source: SimulatorChange['source']): Item {
    if (typeof item !== 'object' || item === null) {
      throw new ValidationError(`${this.provider} simulator: \`add\` takes an item object`, {
        field: 'item',
      });
    }
    const copy = structuredClone(item);
    const id = this.#definition.instanceId(copy);
    if (this.#indexOf(id) !== -1) {
      throw new ValidationError(
        `${this.provider} simulator: an instance with id ${JSON.stringify(id)} exists already`,
        {
          field: 'item.id',
        },
      );
    }
    this.instances.push(copy);
    this.#record('added', copy, source);
    return copy;
  }

  #indexOf(id: SimulatorInstanceId): number {
    const wanted = String(id);
    return this.instances.findIndex((item) => String(this.#definition.instanceId(item)) === wanted);
  }

  #find(id: SimulatorInstanceId): Item {
    const index = this.#indexOf(id);
    if (index === -1) {
      throw new ValidationError(`${this.provider} simulator: no instance has the id ${JSON.stringify(id)}`, {
        field: 'id',
      });
    }
    return this.instances[index] as Item;
  }

  #record(type: SimulatorChange['type'], item: Item, source: SimulatorChange['source']): void {
    this.#changes.push(
      Object.freeze({ type, id: this.#definition.instanceId(item), at: this.clock.now(), source }),
    );
    // Bounded, so that a simulator churning for days keeps a steady memory.
    if (this.#changes.length > MAX_CHANGES) this.#changes.splice(0, this.#changes.length - MAX_CHANGES);
  }

  /** An error answer in the provider's own shape. */
  protected errorResponse(status: number, message: string, headers: Record<string, string> = {}): Response {
    return jsonResponse(status, this.errorBody(status, message), headers);
  }

  /** The path under the base path, whatever the origin: the HTTP server serves these under its own. */
  protected relativePath(url: URL): string {
    const path =
      this.basePath !== '' && (url.pathname === this.basePath || url.pathname.startsWith(`${this.basePath}/`))
        ? url.pathname.slice(this.basePath.length)
        : url.pathname;
    return path === '' ? '/' : path;
  }

  readonly handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const entry: MutableLogEntry = {
      sequence: this.#requests.length + 1,
      provider: this.provider,
      method: request.method.toUpperCase(),
      path: this.relativePath(url),
      query: readQuery(url.searchParams),
      headers: maskHeaders(request.headers),
      credential: null,
      fault: null,
      outcome: 'pending',
      status: null,
      startedAt: this.clock.now(),
      durationMs: null,
    };
    this.#requests.push(entry);
    this.#inFlight += 1;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    try {
      if (request.signal.aborted) throw abortReason(request.signal);
      // Both are taken on arrival, so that concurrent requests use up a fault in the order they came.
      const fault = this.#faults.takeAnswer();
      const latencyMs = this.latencyMs + this.#faults.takeLatencyMs();
      if (latencyMs > 0) await delay(this.clock, latencyMs, request.signal);
      let response: Response;
      if (fault === undefined) {
        response = await this.respond({
          request,
          url,
          path: entry.path,
          query: url.searchParams,
          now: this.clock.now(),
          setCredential: (credential) => {
            entry.credential = credential;
          },
        });
      } else {
        entry.fault = fault.type;
        response = this.#faultResponse(fault);
      }
      entry.durationMs = this.clock.now() - entry.startedAt;
      if (response.type === 'error') {
        entry.outcome = 'dropped';
      } else {
        entry.outcome = 'response';
        entry.status = response.status;
      }
      return response;
    } catch (error) {
      entry.durationMs = this.clock.now() - entry.startedAt;
      entry.outcome = request.signal.aborted ? 'aborted' : 'dropped';
      throw error;
    } finally {
      this.#inFlight -= 1;
    }
  };

  readonly fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    if (!this.serves(request.url)) {
      throw new TypeError('fetch failed', {
        cause: new Error(`The ${this.provider} simulator serves ${this.baseUrl} only`),
      });
    }
    const response = await this.handle(request);
    if (response.type === 'error') throw connectionDroppedError();
    return response;
  };

  #faultResponse(fault: SimulatorFault): Response {
    switch (fault.type) {
      case 'status': {
        const headers = { ...fault.headers };
        const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
        if (typeof fault.body === 'string') {
          return new Response(fault.body, {
            status: fault.status,
            headers: hasContentType ? headers : { 'content-type': 'text/plain; charset=utf-8', ...headers },
          });
        }
        const body =
          fault.body === undefined
            ? this.errorBody(fault.status, this.defaultErrorMessage(fault.status))
            : fault.body;
        return new Response(JSON.stringify(body), {
          status: fault.status,
          headers: hasContentType ? headers : { 'content-type': 'application/json', ...headers },
        });
      }
      case 'malformed-json': {
        const text = JSON.stringify(this.successBody());
        // A strict prefix of a JSON object or array is never valid JSON.
        return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
          status: fault.status ?? this.successStatus,
          headers: { 'content-type': 'application/json' },
        });
      }
      case 'wrong-shape':
        return jsonResponse(fault.status ?? this.successStatus, fault.body ?? this.wrongShapeBody());
      case 'drop-connection':
        return Response.error();
      case 'latency':
        // Latency faults are never queued as answers.
        throw new Error('unreachable');
    }
  }
}

/** Reads a bearer token: the scheme word in any case, then the token as sent. */
export function readBearerToken(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization === null) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return match?.[1]?.trim();
}
