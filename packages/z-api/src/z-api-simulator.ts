import {
  asciiWords,
  BaseProviderSimulator,
  creationTimes,
  DAY_MS,
  fakeInstanceFactory,
  identities,
  jsonResponse,
  LOWER_HEX,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  readBearerToken,
  type SeededRandom,
  type SimulatorRequestContext,
  type SimulatorStatusHook,
  statusPlan,
  statusText,
  UPPER_HEX,
} from '@switchboard/runtime/simulator';
import { metadata } from './generated/z-api-metadata.gen.js';
import type { ZApiInstance, ZApiInstancePage } from './z-api-client.js';

/** Every status value the provider documents; the first items of a fake list cycle through all of them. */
export const ZAPI_CONNECTION_STATES = [
  { phoneConnected: true, whatsappConnected: true },
  { phoneConnected: true, whatsappConnected: false },
  { phoneConnected: false, whatsappConnected: false },
] as const;

function createZApiInstances(random: SeededRandom, count: number): ZApiInstance[] {
  const tenant = random.text(24, LOWER_HEX);
  const states = statusPlan(random, ZAPI_CONNECTION_STATES, count);
  const created = creationTimes(random, count);
  return identities(random, count).map((identity, index) => {
    const id = random.text(32, UPPER_HEX);
    const callbackBase = `https://hooks.${asciiWords(identity.team).join('').toLowerCase()}.example.com/z-api/${id}`;
    // Unset callbacks are empty strings in Z-API's example; about half the instances set them.
    const callback = (event: string): string => (random.chance(0.5) ? `${callbackBase}/${event}` : '');
    const createdAt = created[index] as number;
    const state = states[index] as (typeof ZAPI_CONNECTION_STATES)[number];
    return {
      token: random.text(24, UPPER_HEX),
      tenant,
      created: new Date(createdAt).toISOString(),
      due: createdAt + random.pick([30, 90, 365, 730]) * DAY_MS + random.integer(0, DAY_MS),
      paymentStatus: random.pick(['PAID', 'PAID', 'TRIAL', 'PENDING', 'OVERDUE']),
      deliveryCallbackUrl: callback('delivery'),
      receivedCallbackUrl: callback('received'),
      disconnectedCallbackUrl: callback('disconnected'),
      messageStatusCallbackUrl: callback('message-status'),
      receivedAndDeliveryCallbackUrl: callback('received-and-delivery'),
      presenceChatCallbackUrl: callback('presence-chat'),
      connectedCallbackUrl: callback('connected'),
      receivedStatusCallbackUrl: callback('received-status'),
      phoneConnected: state.phoneConnected,
      whatsappConnected: state.whatsappConnected,
      name: `${identity.team} ${identity.place}${identity.ordinal > 1 ? ` ${identity.ordinal}` : ''}`,
      id,
    };
  });
}

/**
 * Deterministic, realistic list items valid against the spec: the same count and seed give the same
 * items, names are unique within a list, and a list at least as long as the status values holds each.
 */
export const createFakeInstances: (count: number, options?: { seed?: number }) => ZApiInstance[] =
  fakeInstanceFactory('z-api', createZApiInstances);

/** The token the simulator accepts unless told otherwise; an obviously fake value. */
export const demoToken = 'demo-z-api-partner-token';

/** Instances the simulator holds when the caller names no count. */
export const defaultInstanceCount = 12;

/** Z-API has no status field but two booleans; churn moves them together through the documented pairs. */
const zApiStatusHook: SimulatorStatusHook<ZApiInstance> = {
  values: ZAPI_CONNECTION_STATES,
  read: (instance) => ({
    phoneConnected: instance.phoneConnected,
    whatsappConnected: instance.whatsappConnected,
  }),
  write: (instance, value) => {
    const state = value as (typeof ZAPI_CONNECTION_STATES)[number];
    instance.phoneConnected = state.phoneConnected;
    instance.whatsappConnected = state.whatsappConnected;
  },
};
const zApiSimulatorDefinition: ProviderSimulatorDefinition<'z-api', ZApiInstance> = {
  provider: 'z-api',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  instanceId: (instance: ZApiInstance) => instance.id,
  status: zApiStatusHook,
};

export type ZApiSimulatorOptions = ProviderSimulatorOptions<ZApiInstance>;

const ZAPI_MESSAGES = {
  /** Z-API's documented answer to a request without its content type. */
  unsupportedMediaType:
    'make sure to add the Content-Type of the object you are sending in the request headers, mostly application/json',
} as const;

/** `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
function sendsJsonContentType(headers: Headers): boolean {
  const mediaType = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** A whole number above 0 written plainly: `1`, `25`; not `0`, `-1`, `1.5`, `1e2` or ``. */
function readPositiveInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const number = Number(value.trim());
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/**
 * Z-API's partner endpoint `GET /instances`.
 *
 * - `Content-Type: application/json` is required, even on this GET (Z-API's own example sends it);
 *   without it the answer is 415 with Z-API's documented message, before the token is looked at.
 * - Auth: `Authorization: Bearer <partner token>`; anything else is 401.
 * - `page` and `pageSize` are required positive integers; otherwise 400 with a JSON body naming the
 *   parameter (Z-API does not document that body: `{ error, message }` here).
 * - `query` (documented as a number, but it "searches by instance name and id"): our reading is a
 *   case-insensitive substring match on the name, or an exact, case-insensitive match on the id.
 *   A blank query filters nothing.
 * - The page comes back with status 201, as the docs show: `{ total, totalPage, pageSize, page, content }`,
 *   where `total` counts every match, `totalPage` is `ceil(total / pageSize)` (0 when nothing matches)
 *   and a page past the end has an empty `content`.
 * - Another method on `/instances` is 405, as the docs list; any other path is 404.
 */
export class ZApiSimulator extends BaseProviderSimulator<'z-api', ZApiInstance> {
  protected readonly successStatus = 201;

  constructor(options: ZApiSimulatorOptions = {}) {
    super(zApiSimulatorDefinition, options);
  }

  protected respond(context: SimulatorRequestContext): Response {
    const path = context.path.replace(/\/+$/, '') || '/';
    if (path !== '/instances') return this.errorResponse(404, `Cannot ${context.request.method} ${path}`);
    if (context.request.method !== 'GET') {
      return this.errorResponse(405, `Method ${context.request.method} is not allowed; use GET`, {
        allow: 'GET',
      });
    }
    if (!sendsJsonContentType(context.request.headers)) {
      return this.errorResponse(415, ZAPI_MESSAGES.unsupportedMediaType);
    }
    const token = readBearerToken(context.request.headers);
    if (token === undefined) {
      context.setCredential('missing');
      return this.errorResponse(401, 'Missing partner token: send Authorization: Bearer <token>');
    }
    if (token !== this.accountToken) {
      context.setCredential('invalid');
      return this.errorResponse(401, 'Invalid partner token');
    }
    context.setCredential('account');
    const page = readPositiveInteger(context.query.get('page'));
    if (page === undefined) {
      return this.errorResponse(400, '`page` is required and must be a positive integer');
    }
    const pageSize = readPositiveInteger(context.query.get('pageSize'));
    if (pageSize === undefined) {
      return this.errorResponse(400, '`pageSize` is required and must be a positive integer');
    }
    const matches = this.#search(context.query.get('query'));
    const body: ZApiInstancePage = {
      total: matches.length,
      totalPage: Math.ceil(matches.length / pageSize),
      pageSize,
      page,
      content: matches.slice((page - 1) * pageSize, page * pageSize),
    };
    return jsonResponse(this.successStatus, body);
  }

  #search(query: string | null): ZApiInstance[] {
    const text = query?.trim().toLowerCase() ?? '';
    if (text === '') return [...this.instances];
    return this.instances.filter(
      (instance) => instance.name.toLowerCase().includes(text) || instance.id.toLowerCase() === text,
    );
  }

  protected errorBody(status: number, message: string): unknown {
    return { error: statusText(status), message };
  }

  protected wrongShapeBody(): unknown {
    // The items with no page envelope around them.
    return [...this.instances];
  }

  protected successBody(): unknown {
    return {
      total: this.instances.length,
      totalPage: this.instances.length === 0 ? 0 : 1,
      pageSize: Math.max(1, this.instances.length),
      page: 1,
      content: this.instances,
    };
  }
}

export function createZApiSimulator(options: ZApiSimulatorOptions = {}): ZApiSimulator {
  return new ZApiSimulator(options);
}

/** The module's `createSimulator`, as `ProviderSimulatorModule` names it. */
export const createSimulator = createZApiSimulator;
