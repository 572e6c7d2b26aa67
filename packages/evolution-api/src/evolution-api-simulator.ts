import { ValidationError } from '@switchboard/runtime';
import type { EvolutionApiError, EvolutionApiInstance } from './evolution-api-client.js';
import { createEvolutionApiFakeInstances } from './evolution-api-fake-instances.js';
import { metadata } from './generated/evolution-api-metadata.gen.js';

export {
  createEvolutionApiFakeInstances,
  EVOLUTION_API_STATES,
  type EvolutionApiFakeInstanceOptions,
} from './evolution-api-fake-instances.js';

/** The global key the simulator accepts unless told otherwise, and that `switchboard demo` uses. */
export const demoToken = 'evolution-demo-global-key';
export const defaultInstanceCount = 6;

/** How the simulator judged the `apikey` of a request. */
export type EvolutionApiCredential = 'account' | 'instance' | 'invalid' | 'missing';

/** What one request to the list endpoint is answered with. */
export interface EvolutionApiAnswer {
  status: number;
  body: unknown;
  /** Null when the request never reached the auth guard (an unknown route). */
  credential: EvolutionApiCredential | null;
}

export interface EvolutionApiRequestParts {
  method: string;
  /** The path under the base URL (`/instance/fetchInstances`). */
  path: string;
  /** The query as sent, for the `Cannot GET /…?…` message of an unknown route. */
  search: string;
  query: URLSearchParams;
  /** The `apikey` header, or null when absent. */
  apikey: string | null;
}

const LIST_PATH = metadata.listOperation.path;
const QUERY_KEYS = ['instanceName', 'instanceId', 'number'] as const;

/** Evolution's error body: `message` is an array of strings, or the string `Unauthorized` for a 401. */
export function evolutionApiErrorBody(
  status: number,
  error: string,
  message: string | string[],
): EvolutionApiError {
  return { status, error, response: { message } };
}

function notFound(what: string): EvolutionApiAnswer {
  return {
    status: 404,
    body: evolutionApiErrorBody(404, 'Not Found', [`Instance "${what}" not found`]),
    credential: 'account',
  };
}

function unauthorized(credential: EvolutionApiCredential): EvolutionApiAnswer {
  // The guard's UnauthorizedException() carries no words of its own, so `message` is the status text.
  return { status: 401, body: evolutionApiErrorBody(401, 'Unauthorized', 'Unauthorized'), credential };
}

/**
 * Express reads `?instanceName=a&instanceName=b` as an array, which Prisma refuses as a filter value:
 * an unhandled error, so a 500 whose message is the error's text (our reading of the server).
 */
function repeatedParameter(query: URLSearchParams): string | undefined {
  return QUERY_KEYS.find((key) => query.getAll(key).length > 1);
}

/**
 * `GET /instance/fetchInstances` as the v2.3.6 server answers it (instance.router.ts,
 * instance.controller.ts, monitor.service.ts, auth.guard.ts, main.ts):
 * - an unknown route or another method is a 404 `Cannot <METHOD> <url>` (Express has no 405);
 * - no `apikey` (or an empty one) is a 401; the global key sees every instance; an instance's own
 *   `token` sees that instance only, narrowed by `instanceName` and `instanceId` (`number` is ignored),
 *   and a filter that leaves it nothing is a 401, not a 404; any other key is a 401;
 * - with the global key, `instanceId` wins over `number` and either makes `instanceName` ignored;
 *   each is one exact, case-sensitive value (a comma is part of a name); an empty value is no filter;
 *   one that finds nothing is a 404 `Instance "<value>" not found` with `message` an array;
 * - the answer is a bare array in the order the instances were created.
 */
export function answerFetchInstances(
  instances: readonly EvolutionApiInstance[],
  globalKey: string,
  request: EvolutionApiRequestParts,
): EvolutionApiAnswer {
  const path = request.path.length > 1 ? request.path.replace(/\/$/, '') : request.path;
  if (request.method.toUpperCase() !== 'GET' || path !== LIST_PATH) {
    return {
      status: 404,
      body: evolutionApiErrorBody(404, 'Not Found', [
        `Cannot ${request.method.toUpperCase()} ${request.path}${request.search}`,
      ]),
      credential: null,
    };
  }
  const key = request.apikey ?? '';
  if (key === '') return unauthorized('missing');
  const repeated = repeatedParameter(request.query);
  if (repeated !== undefined) {
    return {
      status: 500,
      body: evolutionApiErrorBody(
        500,
        'Internal Server Error',
        `Invalid value for argument \`${repeated === 'instanceId' ? 'id' : repeated === 'instanceName' ? 'name' : repeated}\`: expected a string, not a list.`,
      ),
      credential: key === globalKey ? 'account' : 'instance',
    };
  }
  const instanceName = request.query.get('instanceName') ?? '';
  const instanceId = request.query.get('instanceId') ?? '';
  const number = request.query.get('number') ?? '';
  if (key !== globalKey) {
    const own = instances.filter(
      (instance) =>
        instance.token === key &&
        (instanceName === '' || instance.name === instanceName) &&
        (instanceId === '' || instance.id === instanceId),
    );
    if (own.length > 0) return { status: 200, body: own, credential: 'instance' };
    const known = instances.some((instance) => instance.token === key);
    return unauthorized(known ? 'instance' : 'invalid');
  }
  if (instanceId !== '' || number !== '') {
    const found =
      instanceId !== ''
        ? instances.find((instance) => instance.id === instanceId)
        : instances.find((instance) => instance.number === number);
    if (found === undefined) return notFound(instanceId !== '' ? instanceId : number);
    return { status: 200, body: [found], credential: 'account' };
  }
  if (instanceName !== '') {
    const found = instances.find((instance) => instance.name === instanceName);
    if (found === undefined) return notFound(instanceName);
    return { status: 200, body: [found], credential: 'account' };
  }
  return { status: 200, body: [...instances], credential: 'account' };
}

export interface EvolutionApiSimulatorOptions {
  /** Seeds the fake instances. Default 1. */
  seed?: number;
  /** How many fake instances to hold; ignored when `instances` is given. Default 6 (every state). */
  count?: number;
  /** The exact items to serve instead of generated ones (copied; `reset()` goes back to them). */
  instances?: readonly EvolutionApiInstance[];
  /** The server's global key (`AUTHENTICATION_API_KEY`). Default `demoToken`. */
  accountToken?: string;
  /** Where the simulator answers. Default the spec's server, `http://localhost:8080`. */
  baseUrl?: string;
}

/** A stateful Evolution API server: mutate `instances` and the next request sees the change. */
export class EvolutionApiSimulator {
  readonly provider = 'evolution-api' as const;
  readonly baseUrl: string;
  readonly accountToken: string;
  readonly instances: EvolutionApiInstance[];
  readonly #initial: readonly EvolutionApiInstance[];
  readonly #basePath: string;

  constructor(options: EvolutionApiSimulatorOptions = {}) {
    const accountToken = options.accountToken ?? demoToken;
    if (typeof accountToken !== 'string' || accountToken.trim() === '') {
      throw new ValidationError('evolution-api simulator: `accountToken` must be a non-empty string', {
        field: 'accountToken',
      });
    }
    this.accountToken = accountToken;
    const base = new URL(options.baseUrl ?? metadata.defaultBaseUrl);
    this.#basePath = base.pathname.replace(/\/+$/, '');
    this.baseUrl = `${base.origin}${this.#basePath}`;
    this.#initial = (
      options.instances ??
      createEvolutionApiFakeInstances(options.count ?? defaultInstanceCount, { seed: options.seed ?? 1 })
    ).map((instance) => structuredClone(instance));
    this.instances = this.#initial.map((instance) => structuredClone(instance));
  }

  reset(): void {
    this.instances.splice(
      0,
      this.instances.length,
      ...this.#initial.map((instance) => structuredClone(instance)),
    );
  }

  readonly handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(this.#basePath)
      ? url.pathname.slice(this.#basePath.length) || '/'
      : url.pathname;
    const answer = answerFetchInstances(this.instances, this.accountToken, {
      method: request.method,
      path,
      search: url.search,
      query: url.searchParams,
      apikey: request.headers.get('apikey'),
    });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  };

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    this.handle(new Request(input, init));
}

export function createSimulator(options: EvolutionApiSimulatorOptions = {}): EvolutionApiSimulator {
  return new EvolutionApiSimulator(options);
}

/** Deterministic fake list items covering every state. */
export function createFakeInstances(count: number, options: { seed?: number } = {}): EvolutionApiInstance[] {
  return createEvolutionApiFakeInstances(count, options);
}
