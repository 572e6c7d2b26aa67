import { type Clock, systemClock, ValidationError } from '@switchboard/runtime';
import type { WhatsAppCloudPhoneNumber } from './whatsapp-cloud-client.js';
import { createWhatsAppCloudFakePhoneNumbers, type FakeRandom } from './whatsapp-cloud-fake-instances.js';
import {
  answerPhoneNumbers,
  businessUseCaseUsage,
  type GraphErrorDetails,
  graphErrorBody,
} from './whatsapp-cloud-graph-endpoint.js';
import { BUSINESS_USE_CASE_USAGE_HEADER, TRACE_ID_HEADER } from './whatsapp-cloud-graph-errors.js';

/** The token the simulator accepts unless told otherwise, and that `switchboard demo` uses. Opens nothing real. */
export const demoToken = 'demo-whatsapp-cloud-system-user-token';
/** The business account the simulator serves unless told otherwise. */
export const DEMO_BUSINESS_ACCOUNT_ID = '102290129340398';
/** A demo account needs its business account id beside its token. */
export const demoAccountOptions: Readonly<Record<string, unknown>> = Object.freeze({
  businessAccountId: DEMO_BUSINESS_ACCOUNT_ID,
});
/** Enough numbers for three pages of Graph's largest limit (100, 100, 50). */
export const defaultInstanceCount = 250;
export const DEFAULT_BASE_URL = 'https://graph.facebook.com';

/** A small seeded source (mulberry32), so that a seed gives the same numbers on every machine. */
function createSeededRandom(seed: number): FakeRandom {
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (minimum: number, maximum: number): number =>
    minimum + Math.floor(next() * (maximum - minimum + 1));
  return {
    integer,
    chance: (probability) => next() < probability,
    pick: <T>(values: readonly T[]): T => values[integer(0, values.length - 1)] as T,
    shuffle: <T>(values: readonly T[]): T[] => {
      const copy = [...values];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = integer(0, index);
        [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
      }
      return copy;
    },
  };
}

/** Deterministic fake phone numbers covering every status; the same seed always gives the same ones. */
export function createFakeInstances(
  count: number,
  options: { seed?: number } = {},
): WhatsAppCloudPhoneNumber[] {
  if (!(Number.isSafeInteger(count) && count >= 0)) {
    throw new ValidationError('whatsapp-cloud fake instances: `count` must be a whole number, 0 or more', {
      field: 'count',
    });
  }
  return createWhatsAppCloudFakePhoneNumbers(createSeededRandom(options.seed ?? 1), count);
}

export interface WhatsAppCloudSimulatorOptions {
  /** Seeds the fake numbers. Default 1. */
  seed?: number;
  /** How many fake numbers to hold; ignored when `instances` is given. Default 250. */
  count?: number;
  /** The exact numbers to serve instead of generated ones (copied; `reset()` goes back to them). */
  instances?: readonly WhatsAppCloudPhoneNumber[];
  /** The access token the simulator accepts. Default `demoToken`. */
  accountToken?: string;
  /** The business account whose numbers it serves; any other id answers Graph's 404. */
  businessAccountId?: string;
  /** Where it answers in fetch mode. Default Graph's own URL. */
  baseUrl?: string;
  /**
   * Graph's business use case limit: more than `calls` requests within `perMs` answer HTTP 400 with
   * error code 80007 and the wait in `X-Business-Use-Case-Usage`. Default: no limit.
   */
  businessUseCaseLimit?: { calls: number; perMs: number };
  /** Time for the limit's window. Defaults to the system clock (vitest's fake timers apply). */
  clock?: Clock;
}

/** A Graph throttling answer to serve in place of the simulator's own, for the next `times` requests. */
export interface GraphThrottlingFault {
  /** 80007 (business account), 4 (application), 17, 32, 613 or 130429. Default 80007. */
  code?: number;
  /** Default 400, as Graph sends most throttling. */
  status?: number;
  /** `estimated_time_to_regain_access`, in minutes; absent sends no usage header. */
  minutesToRegain?: number;
  /** Default 1. */
  times?: number;
}

/** One request the simulator received; the credential is judged, never kept. */
export interface WhatsAppCloudSimulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly credential: 'valid' | 'invalid' | 'missing' | null;
  readonly status: number;
}

const THROTTLING_MESSAGES: Readonly<Record<number, string>> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80007: '(#80007) Rate limit issues',
  130429: '(#130429) Rate limit hit',
};

const PATH = /^\/(v\d+\.\d+)\/([^/]+)\/phone_numbers\/?$/;

/**
 * A stateful simulator of Graph's `GET /{Version}/{WABA-ID}/phone_numbers`, faithful to the published
 * behaviour: bearer token (or Graph's `access_token` query parameter), `fields` (a default subset
 * without it), `limit` 1 to 100 (25 by default; outside answers error code 100 with HTTP 400), `after`
 * and `before` cursors with `paging.cursors`, `paging.next` and `paging.previous`, Graph's error body
 * with an `fbtrace_id` (also in `x-fb-trace-id`), `X-Business-Use-Case-Usage` on every answer, and
 * throttling as error code 80007 (or 4…) under HTTP 400.
 */
export class WhatsAppCloudSimulator {
  readonly provider = 'whatsapp-cloud';
  readonly baseUrl: string;
  readonly accountToken: string;
  readonly businessAccountId: string;
  /** The numbers it serves, in listing order. Mutate freely: the next request sees the change. */
  readonly instances: WhatsAppCloudPhoneNumber[];
  readonly #initial: readonly WhatsAppCloudPhoneNumber[];
  readonly #clock: Clock;
  readonly #limit: { calls: number; perMs: number } | undefined;
  #callTimes: number[] = [];
  #faults: {
    fault: Required<Omit<GraphThrottlingFault, 'minutesToRegain'>> & { minutesToRegain?: number };
    remaining: number;
  }[] = [];
  #requests: WhatsAppCloudSimulatorRequest[] = [];
  #traceSequence = 0;

  constructor(options: WhatsAppCloudSimulatorOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('whatsapp-cloud simulator: options must be an object', { field: 'options' });
    }
    const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
      throw new ValidationError('whatsapp-cloud simulator: `baseUrl` must be an absolute http(s) URL', {
        field: 'baseUrl',
      });
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    const token = options.accountToken ?? demoToken;
    if (typeof token !== 'string' || token.trim() === '') {
      throw new ValidationError('whatsapp-cloud simulator: `accountToken` must be a non-empty string', {
        field: 'accountToken',
      });
    }
    this.accountToken = token;
    const businessAccountId = options.businessAccountId ?? DEMO_BUSINESS_ACCOUNT_ID;
    if (typeof businessAccountId !== 'string' || !/^\d+$/.test(businessAccountId)) {
      throw new ValidationError('whatsapp-cloud simulator: `businessAccountId` must be a string of digits', {
        field: 'businessAccountId',
      });
    }
    this.businessAccountId = businessAccountId;
    const limit = options.businessUseCaseLimit;
    if (
      limit !== undefined &&
      !(
        Number.isSafeInteger(limit.calls) &&
        limit.calls >= 1 &&
        Number.isFinite(limit.perMs) &&
        limit.perMs > 0
      )
    ) {
      throw new ValidationError(
        'whatsapp-cloud simulator: `businessUseCaseLimit` must be { calls, perMs } with calls a whole number of 1 or more',
        { field: 'businessUseCaseLimit' },
      );
    }
    this.#limit = limit;
    this.#clock = options.clock ?? systemClock;
    this.#initial = (
      options.instances ??
      createFakeInstances(options.count ?? defaultInstanceCount, { seed: options.seed ?? 1 })
    ).map((number) => structuredClone(number));
    this.instances = this.#initial.map((number) => structuredClone(number));
  }

  /** Every request received since the last reset, in arrival order. */
  get requests(): readonly WhatsAppCloudSimulatorRequest[] {
    return this.#requests;
  }

  /** Serves Graph throttling errors for the next `times` requests, before any other check. */
  throttle(fault: GraphThrottlingFault = {}): void {
    const times = fault.times ?? 1;
    if (!(times === Number.POSITIVE_INFINITY || (Number.isSafeInteger(times) && times >= 1))) {
      throw new ValidationError('whatsapp-cloud simulator: `times` must be a whole number of 1 or more', {
        field: 'times',
      });
    }
    this.#faults.push({
      fault: {
        code: fault.code ?? 80007,
        status: fault.status ?? 400,
        times,
        ...(fault.minutesToRegain === undefined ? {} : { minutesToRegain: fault.minutesToRegain }),
      },
      remaining: times,
    });
  }

  /** Back to the first numbers, no faults, an empty log and a fresh limit window. */
  reset(): void {
    this.instances.splice(
      0,
      this.instances.length,
      ...this.#initial.map((number) => structuredClone(number)),
    );
    this.#faults = [];
    this.#requests = [];
    this.#callTimes = [];
  }

  /** Whether a URL is under this simulator's base URL. */
  serves(url: string | URL): boolean {
    try {
      const parsed = new URL(url);
      return `${parsed.origin}${parsed.pathname}`.startsWith(`${this.baseUrl}/`);
    } catch {
      return false;
    }
  }

  /** Answers one request, as Graph would. */
  readonly handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(this.baseUrl).pathname.replace(/\/+$/, '').length) || '/';
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams)
      if (!(key in query) && key !== 'access_token') query[key] = value;
    const traceId = `AXsim${String(++this.#traceSequence).padStart(8, '0')}`;
    let credential: WhatsAppCloudSimulatorRequest['credential'] = null;
    const respond = (response: Response): Response => {
      this.#requests.push({
        method: request.method.toUpperCase(),
        path,
        query,
        credential,
        status: response.status,
      });
      return response;
    };
    const error = (
      status: number,
      details: GraphErrorDetails,
      headers: Record<string, string> = {},
    ): Response =>
      respond(
        Response.json(graphErrorBody(details, traceId), {
          status,
          headers: {
            [TRACE_ID_HEADER]: traceId,
            'www-authenticate': 'OAuth "Facebook Platform"',
            ...headers,
          },
        }),
      );

    const fault = this.#faults[0];
    if (fault !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.#faults.shift();
      const { code, status, minutesToRegain } = fault.fault;
      return error(
        status,
        { message: THROTTLING_MESSAGES[code] ?? `(#${code}) Rate limit reached`, code, isTransient: true },
        minutesToRegain === undefined
          ? {}
          : {
              [BUSINESS_USE_CASE_USAGE_HEADER]: businessUseCaseUsage(
                this.businessAccountId,
                100,
                minutesToRegain,
              ),
            },
      );
    }

    const token = this.#readToken(request, url);
    credential = token === undefined ? 'missing' : token === this.accountToken ? 'valid' : 'invalid';
    if (credential === 'missing') {
      return error(401, { message: 'An active access token must be used to query information.', code: 190 });
    }
    if (credential === 'invalid') {
      return error(401, { message: 'Invalid OAuth access token', code: 190, subcode: 463 });
    }
    const match = PATH.exec(path);
    if (match === null) {
      return error(400, { message: `Unknown path components: ${path}`, code: 2500 });
    }
    if (request.method.toUpperCase() !== 'GET') {
      return error(400, { message: `Unsupported ${request.method.toLowerCase()} request.`, code: 100 });
    }
    const businessAccountId = match[2]!;
    if (!/^\d+$/.test(businessAccountId)) {
      return error(400, {
        message: `Unsupported get request. Object with ID '${businessAccountId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        type: 'GraphMethodException',
        code: 100,
        subcode: 33,
      });
    }
    if (businessAccountId !== this.businessAccountId) {
      return error(404, {
        message: 'WhatsApp Business Account not found',
        type: 'GraphMethodException',
        code: 803,
      });
    }

    const usage = this.#useCall();
    if (usage.throttledMinutes > 0) {
      return error(
        400,
        { message: THROTTLING_MESSAGES[80007]!, code: 80007, isTransient: true },
        {
          [BUSINESS_USE_CASE_USAGE_HEADER]: businessUseCaseUsage(
            businessAccountId,
            100,
            usage.throttledMinutes,
          ),
        },
      );
    }
    const answer = answerPhoneNumbers(this.instances, { url, query: url.searchParams });
    const usageHeader = businessUseCaseUsage(businessAccountId, usage.percent, 0);
    if (answer.kind === 'error') {
      return error(answer.status, answer.error, { [BUSINESS_USE_CASE_USAGE_HEADER]: usageHeader });
    }
    return respond(
      Response.json(answer.body, {
        headers: { [TRACE_ID_HEADER]: traceId, [BUSINESS_USE_CASE_USAGE_HEADER]: usageHeader },
      }),
    );
  };

  /** A fetch that answers from this simulator, with no network. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (!this.serves(request.url)) {
      throw new TypeError('fetch failed', {
        cause: new Error(`The whatsapp-cloud simulator serves ${this.baseUrl} only`),
      });
    }
    if (request.signal.aborted) throw request.signal.reason;
    return this.handle(request);
  };

  #readToken(request: Request, url: URL): string | undefined {
    const authorization = request.headers.get('authorization');
    const bearer =
      authorization === null ? undefined : /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization.trim())?.[1];
    // Graph also takes the token as a query parameter, and its own `paging.next` links carry it so.
    return bearer?.trim() || url.searchParams.get('access_token')?.trim() || undefined;
  }

  /** Counts a call against the business use case limit. */
  #useCall(): { percent: number; throttledMinutes: number } {
    const limit = this.#limit;
    if (limit === undefined) return { percent: 1, throttledMinutes: 0 };
    const now = this.#clock.now();
    this.#callTimes = this.#callTimes.filter((time) => time > now - limit.perMs);
    if (this.#callTimes.length >= limit.calls) {
      const regainAt = this.#callTimes[0]! + limit.perMs;
      return { percent: 100, throttledMinutes: Math.max(1, Math.ceil((regainAt - now) / 60_000)) };
    }
    this.#callTimes.push(now);
    return { percent: (this.#callTimes.length / limit.calls) * 100, throttledMinutes: 0 };
  }
}

export function createSimulator(options: WhatsAppCloudSimulatorOptions = {}): WhatsAppCloudSimulator {
  return new WhatsAppCloudSimulator(options);
}
