import {
  ALPHANUMERIC,
  asciiWords,
  BaseProviderSimulator,
  creationTimes,
  fakeInstanceFactory,
  identities,
  jsonResponse,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  requireStatusMapping,
  type SeededRandom,
  type SimulatorRequestContext,
  statusHookFromMapping,
  statusPlan,
  uniquePhones,
} from '@switchboard/runtime/simulator';
import { metadata } from './generated/hypersender-metadata.gen.js';
import type { HypersenderInstance, HypersenderInstanceStatus } from './hypersender-client.js';

/** Every status value the provider documents; the first items of a fake list cycle through all of them. */
export const HYPERSENDER_STATUSES: readonly HypersenderInstanceStatus[] = [
  'STOPPED',
  'STARTING',
  'WORKING',
  'SCAN_QR_CODE',
  'FAILED',
  'PENDING',
];

/** Hypersender gives no token before an instance has ever connected (`null if not yet connected`). */
const HYPERSENDER_NEVER_CONNECTED: readonly HypersenderInstanceStatus[] = ['SCAN_QR_CODE', 'PENDING'];

function createHypersenderInstances(random: SeededRandom, count: number): HypersenderInstance[] {
  const statuses = statusPlan(random, HYPERSENDER_STATUSES, count);
  const created = creationTimes(random, count);
  const phones = uniquePhones(random, count);
  return identities(random, count).map((identity, index) => {
    const status = statuses[index] as HypersenderInstanceStatus;
    const createdAt = created[index] as number;
    return {
      id: random.uuid(),
      name: `${[...asciiWords(identity.team), ...asciiWords(identity.place)].join('')}${identity.ordinal > 1 ? identity.ordinal : ''}`,
      phone: `+${phones[index] as string}`,
      service_type: 'whatsapp',
      status,
      access_token: HYPERSENDER_NEVER_CONNECTED.includes(status)
        ? null
        : `${random.integer(100, 999)}|${random.text(48, ALPHANUMERIC)}`,
      // Hypersender's timestamps carry no zone: `2025-05-26T10:12:45`.
      created_at: new Date(createdAt).toISOString().slice(0, 19),
    };
  });
}

/**
 * Deterministic, realistic list items valid against the spec: the same count and seed give the same
 * items, names are unique within a list, and a list at least as long as the status values holds each.
 */
export const createFakeInstances: (count: number, options?: { seed?: number }) => HypersenderInstance[] =
  fakeInstanceFactory('hypersender', createHypersenderInstances);

/** The token the simulator accepts unless told otherwise; an obviously fake value. */
export const demoToken = '1|demo-hypersender-api-token';

/** Instances the simulator holds when the caller names no count. */
export const defaultInstanceCount = 8;

const hypersenderSimulatorDefinition: ProviderSimulatorDefinition<'hypersender', HypersenderInstance> = {
  provider: 'hypersender',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  instanceId: (instance: HypersenderInstance) => instance.id,
  status: statusHookFromMapping<HypersenderInstance>(requireStatusMapping(metadata.status)),
};

export type HypersenderSimulatorOptions = ProviderSimulatorOptions<HypersenderInstance>;

/**
 * Laravel answers JSON only to a request whose Accept asks for it (`application/json`, `*\/json` or a
 * `+json` type); fetch's default `*\/*` does not.
 */
function acceptsJson(headers: Headers): boolean {
  const accept = headers.get('accept') ?? '';
  return accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase() ?? '')
    .some((type) => type.endsWith('/json') || type.endsWith('+json'));
}

/** Laravel's redirect of an unauthenticated browser request: a 302 to the login page, with its small HTML body. */
function loginRedirect(url: URL): Response {
  const location = `${url.origin}/login`;
  const body = `<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset="UTF-8" />\n        <meta http-equiv="refresh" content="0;url='${location}'" />\n\n        <title>Redirecting to ${location}</title>\n    </head>\n    <body>\n        Redirecting to <a href="${location}">${location}</a>.\n    </body>\n</html>`;
  return new Response(body, {
    status: 302,
    headers: { location, 'content-type': 'text/html; charset=utf-8' },
  });
}

/** A validation failure as a page, for a request that did not ask for JSON. */
function validationPage(message: string): Response {
  return new Response(
    `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Unprocessable Content</title></head>\n<body><h1>422 | Unprocessable Content</h1><p>${message}</p></body>\n</html>`,
    { status: 422, headers: { 'content-type': 'text/html; charset=UTF-8' } },
  );
}

/** Laravel, which Hypersender runs on, trims input and turns empty strings into null (no filter). */
function readFilter(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(`filter[${name}]`)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Hypersender's `GET /instances` (under `/api/whatsapp/v1`).
 *
 * - Auth: `Authorization: Bearer <token>`; otherwise 401 `{ message: 'Unauthenticated.' }` (Laravel's).
 *   A request whose Accept does not ask for JSON gets what a browser would: a 302 to the login page
 *   for a bad token, and an HTML page for a validation error (422).
 * - Filters, as the docs list them: `filter[uuid]` exact; `filter[name]` partial and case-insensitive
 *   (a SQL `LIKE`); `filter[phone]` exact, E.164 with its `+`. Note that a `+` sent unencoded in a
 *   query string decodes to a space, as on the real server, so `filter[phone]=+20…` matches nothing:
 *   encode it as `%2B`. `filter[status]` must be one of the six statuses, exactly (case-sensitive,
 *   one value); anything else is 422 with Laravel's validation body `{ message, errors }`.
 *   Values are trimmed and an empty one filters nothing, as Laravel's middleware does.
 * - The answer is a bare JSON array with no envelope and no paging.
 */
export class HypersenderSimulator extends BaseProviderSimulator<'hypersender', HypersenderInstance> {
  protected readonly successStatus = 200;

  constructor(options: HypersenderSimulatorOptions = {}) {
    super(hypersenderSimulatorDefinition, options);
  }

  protected respond(context: SimulatorRequestContext): Response {
    const path = context.path.replace(/\/+$/, '') || '/';
    if (path !== '/instances')
      return this.errorResponse(404, `The route ${path.slice(1)} could not be found.`);
    if (context.request.method !== 'GET') {
      return this.errorResponse(
        405,
        `The ${context.request.method} method is not supported for route instances. Supported methods: GET, HEAD.`,
        {
          allow: 'GET, HEAD',
        },
      );
    }
    const token = context.request.headers
      .get('authorization')
      ?.match(/^Bearer\s+(.+)$/i)?.[1]
      ?.trim();
    const wantsJson = acceptsJson(context.request.headers);
    if (token === undefined || token !== this.accountToken) {
      context.setCredential(token === undefined ? 'missing' : 'invalid');
      // Laravel sends a guest that does not ask for JSON to the login page.
      if (!wantsJson) return loginRedirect(context.url);
      return this.errorResponse(401, 'Unauthenticated.');
    }
    context.setCredential('account');
    const status = readFilter(context.query, 'status');
    if (status !== undefined && !(HYPERSENDER_STATUSES as readonly string[]).includes(status)) {
      const message = 'The selected filter.status is invalid.';
      if (!wantsJson) return validationPage(message);
      return jsonResponse(422, { message, errors: { 'filter.status': [message] } });
    }
    const uuid = readFilter(context.query, 'uuid');
    const name = readFilter(context.query, 'name')?.toLowerCase();
    const phone = readFilter(context.query, 'phone');
    const matches: HypersenderInstance[] = this.instances.filter(
      (instance) =>
        (uuid === undefined || instance.id === uuid) &&
        (name === undefined || instance.name.toLowerCase().includes(name)) &&
        (phone === undefined || instance.phone === phone) &&
        (status === undefined || instance.status === (status as HypersenderInstanceStatus)),
    );
    return jsonResponse(200, matches);
  }

  protected errorBody(_status: number, message: string): unknown {
    return { message };
  }

  protected override defaultErrorMessage(status: number): string {
    // Laravel's own wording for the statuses faults usually answer with.
    const laravel: Record<number, string> = {
      429: 'Too Many Attempts.',
      500: 'Server Error',
      503: 'Service Unavailable',
    };
    return laravel[status] ?? super.defaultErrorMessage(status);
  }

  protected wrongShapeBody(): unknown {
    // A Laravel API resource collection: the array wrapped in `data`.
    return { data: [...this.instances] };
  }

  protected successBody(): unknown {
    return this.instances;
  }
}

export function createHypersenderSimulator(options: HypersenderSimulatorOptions = {}): HypersenderSimulator {
  return new HypersenderSimulator(options);
}

/** The module's `createSimulator`, as `ProviderSimulatorModule` names it. */
export const createSimulator = createHypersenderSimulator;
