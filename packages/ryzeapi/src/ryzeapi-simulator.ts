import { ValidationError } from '@switchboard/runtime';
import {
  ALPHANUMERIC,
  AWS_KEY_ALPHABET,
  asciiWords,
  BASE36,
  BaseProviderSimulator,
  creationTimes,
  DAY_MS,
  DIGITS,
  fakeInstanceFactory,
  identities,
  isoSeconds,
  jsonResponse,
  LOWER_HEX,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  pictureUrl,
  requireStatusMapping,
  type SeededRandom,
  type SimulatorRequestContext,
  statusHookFromMapping,
  statusPlan,
  uniquePhones,
} from '@switchboard/runtime/simulator';
import { metadata } from './generated/ryzeapi-metadata.gen.js';
import type { RyzeApiConnectionState, RyzeApiInstance, RyzeApiInstanceList } from './ryzeapi-client.js';

/** Every status value the provider documents; the first items of a fake list cycle through all of them. */
export const RYZEAPI_CONNECTION_STATES: readonly RyzeApiConnectionState[] = [
  'connected',
  'connecting',
  'disconnected',
  'loggedout',
];

const RYZE_EVENTS = [
  'message.exchange',
  'message.status',
  'connection.update',
  'presence.update',
  'call.received',
];

function createRyzeApiInstances(random: SeededRandom, count: number): RyzeApiInstance[] {
  const states = statusPlan(random, RYZEAPI_CONNECTION_STATES, count);
  const created = creationTimes(random, count);
  const phones = uniquePhones(random, count);
  return identities(random, count).map((identity, index) => {
    const state = states[index] as RyzeApiConnectionState;
    const name = [...asciiWords(identity.team), ...asciiWords(identity.place)]
      .join('-')
      .toLowerCase()
      .concat(identity.ordinal > 1 ? `-${identity.ordinal}` : '');
    // A logged-out session may never have been paired; a connecting one may be pairing for the first time.
    const hasNumber = state === 'connected' || state === 'disconnected' || random.chance(0.4);
    const phone = phones[index] as string;
    const numberJid = hasNumber
      ? `${phone}${random.chance(0.3) ? `:${random.integer(1, 40)}` : ''}@s.whatsapp.net`
      : null;
    const isBusiness = hasNumber && random.chance(0.35);
    const chatwootEnabled = random.chance(0.4);
    const proxyEnabled = random.chance(0.25);
    const s3Enabled = random.chance(0.3);
    const webhookEnabled = random.chance(0.7);
    const websocketEnabled = random.chance(0.4);
    const createdAt = created[index] as number;
    const displayName = `${identity.team} ${identity.place}`;
    const instance: RyzeApiInstance = {
      id: random.text(24, LOWER_HEX),
      name,
      token: random.uuid(),
      status: state,
      connection: {
        state,
        numberJid,
        presenceStatus: state === 'connected' ? random.pick(['available', 'unavailable']) : 'unavailable',
        displayStatus: {
          connected: 'Active',
          connecting: 'Connecting',
          disconnected: 'Disconnected',
          loggedout: 'Logged out',
        }[state],
      },
      profile: hasNumber
        ? {
            name: displayName,
            pictureUrl: random.chance(0.8) ? pictureUrl(random) : '',
            isBusiness,
            businessName: isBusiness ? `${identity.team} ${identity.place} Ltda` : '',
          }
        : { name: '', pictureUrl: '', isBusiness: false, businessName: '' },
      proxy: proxyEnabled
        ? {
            enabled: true,
            host: `proxy-${random.integer(1, 9)}.example.net`,
            port: random.pick([3128, 8080, 1080]),
            protocol: random.pick(['http', 'https', 'socks5']),
            username: `user${random.text(4, DIGITS)}`,
            password: random.text(16, ALPHANUMERIC),
          }
        : { enabled: false, host: null, port: null, protocol: null, username: null, password: null },
      webhook: webhookEnabled
        ? {
            enabled: true,
            url: `https://${name}.example.com/webhook`,
            events: random.shuffle(RYZE_EVENTS).slice(0, random.integer(1, 3)),
          }
        : { enabled: false, url: null, events: [] },
      websocket: {
        enabled: websocketEnabled,
        events: websocketEnabled ? random.shuffle(RYZE_EVENTS).slice(0, random.integer(1, 3)) : [],
        mediaBase64: websocketEnabled && random.chance(0.3),
      },
      // The docs: without Chatwoot the four flags are still sent (all false) and `apiToken` is absent.
      chatwoot: chatwootEnabled
        ? {
            enabled: true,
            status: random.pick(['active', 'active', 'paused']),
            bridgeIntegrationId: `int_${random.text(9, BASE36)}`,
            baseUrl: 'https://chatwoot.example.com',
            accountId: random.integer(1, 40),
            inboxName: `WhatsApp - ${displayName}`,
            apiToken: `sk_live_${random.text(24, ALPHANUMERIC)}`,
            signMessages: random.chance(0.5),
            ignoreGroups: random.chance(0.5),
            startAsPending: random.chance(0.3),
            reopenResolved: random.chance(0.6),
          }
        : {
            enabled: false,
            signMessages: false,
            ignoreGroups: false,
            startAsPending: false,
            reopenResolved: false,
          },
      settings: {
        autoRejectCalls: random.chance(0.3),
        callRejectMessage: random.chance(0.3) ? 'We cannot take calls here; please send a message.' : '',
        ignoreGroupMessages: random.chance(0.4),
        keepOnlineStatus: random.chance(0.3),
        autoReadMessages: random.chance(0.3),
        disableHistorySync: random.chance(0.6),
        ignoreStatus: random.chance(0.5),
      },
      s3: s3Enabled
        ? {
            enabled: true,
            region: random.pick(['us-east-1', 'sa-east-1', 'eu-west-1']),
            bucket: `${name}-media`,
            accessKey: `AKIA${random.text(16, AWS_KEY_ALPHABET)}`,
            secretKey: random.text(40, ALPHANUMERIC),
            endpoint: random.chance(0.5) ? null : 'https://s3.example-storage.com',
            pathPrefix: random.chance(0.5) ? `whatsapp/${name}/` : null,
          }
        : {
            enabled: false,
            region: null,
            bucket: null,
            accessKey: null,
            secretKey: null,
            endpoint: null,
            pathPrefix: null,
          },
      createdAt: isoSeconds(createdAt),
      updatedAt: isoSeconds(createdAt + random.integer(0, 60) * DAY_MS + random.integer(0, DAY_MS)),
    };
    return instance;
  });
}

/**
 * Deterministic, realistic list items valid against the spec: the same count and seed give the same
 * items, names are unique within a list, and a list at least as long as the status values holds each.
 */
export const createFakeInstances: (count: number, options?: { seed?: number }) => RyzeApiInstance[] =
  fakeInstanceFactory('ryzeapi', createRyzeApiInstances);

/** The token the simulator accepts unless told otherwise; an obviously fake value. */
export const demoToken = 'demo-ryzeapi-account-token';

/** Instances the simulator holds when the caller names no count. */
export const defaultInstanceCount = 8;

/** The text RyzeAPI shows beside each connection state. */
const RYZEAPI_DISPLAY_STATUSES: Readonly<Record<RyzeApiConnectionState, string>> = {
  connected: 'Active',
  connecting: 'Connecting',
  disconnected: 'Disconnected',
  loggedout: 'Logged out',
};
const ryzeApiSimulatorDefinition: ProviderSimulatorDefinition<'ryzeapi', RyzeApiInstance> = {
  provider: 'ryzeapi',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  instanceId: (instance: RyzeApiInstance) => instance.id,
  status: statusHookFromMapping<RyzeApiInstance>(requireStatusMapping(metadata.status), (instance, value) => {
    const state = value as RyzeApiConnectionState;
    instance.connection = {
      ...instance.connection,
      displayStatus: RYZEAPI_DISPLAY_STATUSES[state],
      ...(state === 'connected' ? {} : { presenceStatus: 'unavailable' }),
    };
  }),
};

/** The server-side limit: `requests` per sliding window of `perMs`, per token. */
export interface SimulatorRateLimit {
  requests: number;
  perMs: number;
}

/** RyzeAPI's documented limit: 100 requests per minute. */
export const RYZEAPI_RATE_LIMIT: Readonly<SimulatorRateLimit> = { requests: 100, perMs: 60_000 };

export interface RyzeApiSimulatorOptions extends ProviderSimulatorOptions<RyzeApiInstance> {
  /**
   * Defaults to the documented 100 per minute; scale it down (`{ requests: 5, perMs: 200 }`) to
   * exercise the limit quickly, or `false` to turn it off.
   */
  rateLimit?: SimulatorRateLimit | false;
}

export const RYZEAPI_MESSAGES = {
  invalidToken: 'Invalid token',
  notFound: 'Instance not found',
  rateLimited: 'Rate limit exceeded. Try again later.',
} as const;

function assertRateLimit(rateLimit: unknown): asserts rateLimit is SimulatorRateLimit | false {
  if (rateLimit === false) return;
  const candidate = rateLimit as SimulatorRateLimit;
  if (
    typeof rateLimit !== 'object' ||
    rateLimit === null ||
    !Number.isInteger(candidate.requests) ||
    candidate.requests < 1 ||
    !Number.isFinite(candidate.perMs) ||
    candidate.perMs <= 0
  ) {
    throw new ValidationError(
      'ryzeapi simulator: `rateLimit` must be false or { requests, perMs } with a whole number of requests and a positive perMs',
      { field: 'rateLimit' },
    );
  }
}

function instancesFoundMessage(total: number): string {
  return total === 1 ? '1 Instance found' : `${total} Instances found`;
}

/**
 * RyzeAPI's `GET /instance/list` (under `/api`).
 *
 * - Auth: the `token` header. The account token sees every instance and honours `instanceName`; an
 *   instance token (an item's own `token`) sees only that instance and ignores the filter. A missing
 *   or unknown token is 401 `Invalid token`.
 * - `instanceName`, per the docs' filter rules: names are split on commas and trimmed; one name that
 *   does not exist is 404 `Instance not found`; with several, the unknown ones are ignored; a value
 *   of only commas and spaces is an empty list with no error. Our reading of the edges: an empty
 *   value (`?instanceName=`) is no filter; a name repeated counts once, so `a,a` is one name.
 *   Names match exactly (case-sensitive); items come back in account order.
 * - `message` is "1 Instance found", else "<N> Instances found" (0 included); `meta.total` is the count.
 * - Rate limit: `requests` per sliding `perMs` per token value (100 a minute by default), counted
 *   before auth so that bad tokens are limited too; the one over the limit is 429 `Rate limit exceeded.
 *   Try again later.` with `Retry-After` (whole seconds, rounded up) and, so that a scaled-down window
 *   needs no whole-second waits, `retry-after-ms`. A 429 does not use up the window. Every answer of
 *   the endpoint carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`: the
 *   epoch second (rounded up) when the oldest request in the window leaves it, freeing a slot.
 * - Errors are `{ success: false, error: { message } }`.
 */
export class RyzeApiSimulator extends BaseProviderSimulator<'ryzeapi', RyzeApiInstance> {
  protected readonly successStatus = 200;
  #rateLimit: SimulatorRateLimit | false;
  /** Arrival times of the requests each token value made in the current window, oldest first. */
  #windows = new Map<string, number[]>();

  constructor(options: RyzeApiSimulatorOptions = {}) {
    super(ryzeApiSimulatorDefinition, options);
    const rateLimit = options.rateLimit ?? RYZEAPI_RATE_LIMIT;
    assertRateLimit(rateLimit);
    this.#rateLimit = rateLimit === false ? false : { ...rateLimit };
  }

  /** The limit in force; setting it starts every window afresh. */
  get rateLimit(): SimulatorRateLimit | false {
    return this.#rateLimit;
  }

  set rateLimit(rateLimit: SimulatorRateLimit | false) {
    assertRateLimit(rateLimit);
    this.#rateLimit = rateLimit === false ? false : { ...rateLimit };
    this.#windows.clear();
  }

  protected override resetState(): void {
    this.#windows.clear();
  }

  protected respond(context: SimulatorRequestContext): Response {
    const path = context.path.replace(/\/+$/, '') || '/';
    if (path !== '/instance/list') return this.errorResponse(404, 'Route not found');
    if (context.request.method !== 'GET') {
      return this.errorResponse(405, 'Method not allowed', { allow: 'GET' });
    }
    const token = context.request.headers.get('token')?.trim() ?? '';
    const limit = this.#admit(token, context.now);
    if (!limit.admitted) {
      return this.errorResponse(429, RYZEAPI_MESSAGES.rateLimited, limit.headers);
    }
    if (token === '') {
      context.setCredential('missing');
      return this.errorResponse(401, RYZEAPI_MESSAGES.invalidToken, limit.headers);
    }
    let visible: RyzeApiInstance[];
    if (token === this.accountToken) {
      context.setCredential('account');
      const filtered = this.#applyNameFilter(context.query.get('instanceName'));
      if (filtered === 'not-found') return this.errorResponse(404, RYZEAPI_MESSAGES.notFound, limit.headers);
      visible = filtered;
    } else {
      const own = this.instances.find((instance) => instance.token === token);
      if (own === undefined) {
        context.setCredential('invalid');
        return this.errorResponse(401, RYZEAPI_MESSAGES.invalidToken, limit.headers);
      }
      context.setCredential('instance');
      visible = [own];
    }
    const body: RyzeApiInstanceList = {
      success: true,
      message: instancesFoundMessage(visible.length),
      instances: visible,
      meta: { total: visible.length },
    };
    return jsonResponse(200, body, limit.headers);
  }

  #applyNameFilter(raw: string | null): RyzeApiInstance[] | 'not-found' {
    if (raw === null || raw === '') return [...this.instances];
    const names = new Set(
      raw
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    );
    const found = this.instances.filter((instance) => names.has(instance.name));
    if (names.size === 1 && found.length === 0) return 'not-found';
    return found;
  }

  /** Counts the request against its token's window, or refuses it; the headers say where the window stands. */
  #admit(token: string, now: number): { admitted: boolean; headers: Record<string, string> } {
    const rateLimit = this.#rateLimit;
    if (rateLimit === false) return { admitted: true, headers: {} };
    const window = (this.#windows.get(token) ?? []).filter((time) => time > now - rateLimit.perMs);
    this.#windows.set(token, window);
    const admitted = window.length < rateLimit.requests;
    if (admitted) window.push(now);
    const oldest = window[0] ?? now;
    const freedAt = oldest + rateLimit.perMs;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(rateLimit.requests),
      'X-RateLimit-Remaining': String(Math.max(0, rateLimit.requests - window.length)),
      'X-RateLimit-Reset': String(Math.ceil(freedAt / 1000)),
    };
    if (!admitted) {
      const waitMs = Math.max(0, freedAt - now);
      headers['Retry-After'] = String(Math.ceil(waitMs / 1000));
      headers['retry-after-ms'] = String(waitMs);
    }
    return { admitted, headers };
  }

  protected errorBody(_status: number, message: string): unknown {
    return { success: false, error: { message } };
  }

  protected wrongShapeBody(): unknown {
    // The items under `data` instead of `instances`, and no `meta`.
    return { success: true, data: [...this.instances] };
  }

  protected successBody(): unknown {
    return {
      success: true,
      message: instancesFoundMessage(this.instances.length),
      instances: this.instances,
      meta: { total: this.instances.length },
    };
  }
}

export function createRyzeApiSimulator(options: RyzeApiSimulatorOptions = {}): RyzeApiSimulator {
  return new RyzeApiSimulator(options);
}

/** The module's `createSimulator`, as `ProviderSimulatorModule` names it. */
export const createSimulator = createRyzeApiSimulator;
