import { ValidationError } from '@switchboard/runtime';
import {
  BaseProviderSimulator,
  fakeInstanceFactory,
  jsonResponse,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  readBearerToken,
  requireStatusMapping,
  type SimulatorFault,
  type SimulatorRequestContext,
  statusHookFromMapping,
  statusText,
} from '@switchboard/runtime/simulator';
import { metadata } from './generated/whatsapp-cloud-metadata.gen.js';
import type { WhatsAppCloudPhoneNumber } from './whatsapp-cloud-client.js';
import { createWhatsAppCloudFakePhoneNumbers } from './whatsapp-cloud-fake-instances.js';
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
/**
 * The list path of the demo account, under the base URL: the spec's `/{Version}/{WABA-ID}/phone_numbers`
 * with its parameters filled in, for suites that send a list request by hand.
 */
export const demoListPath = `/v23.0/${DEMO_BUSINESS_ACCOUNT_ID}/phone_numbers`;
/** A demo account needs its business account id beside its token. */
export const demoAccountOptions: Readonly<Record<string, unknown>> = Object.freeze({
  businessAccountId: DEMO_BUSINESS_ACCOUNT_ID,
});
/**
 * One page's worth, each status among them, as the other simulators hold: a listing of the default
 * set is one request. `count: 250` gives three pages of Graph's largest limit (100, 100, 50).
 */
export const defaultInstanceCount = 12;

/** Deterministic fake phone numbers covering every status; the same seed always gives the same ones. */
export const createFakeInstances: (count: number, options?: { seed?: number }) => WhatsAppCloudPhoneNumber[] =
  fakeInstanceFactory('whatsapp-cloud', createWhatsAppCloudFakePhoneNumbers);

const whatsAppCloudSimulatorDefinition: ProviderSimulatorDefinition<
  'whatsapp-cloud',
  WhatsAppCloudPhoneNumber
> = {
  provider: 'whatsapp-cloud',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  instanceId: (number) => number.id,
  // The verified name is the one name a number has (the common model's name and profile name).
  setName: (number, name) => {
    number.verified_name = name;
  },
  // A number that is not live yet has not verified its code and sends from the sandbox, as Graph shows it.
  status: statusHookFromMapping<WhatsAppCloudPhoneNumber>(
    requireStatusMapping(metadata.status),
    (number, value) => {
      if (value === 'PENDING' || value === 'UNVERIFIED') {
        number.code_verification_status = 'NOT_VERIFIED';
        number.account_mode = 'SANDBOX';
      } else if (value === 'LINKED' || value === 'CONNECTED') {
        number.code_verification_status = 'VERIFIED';
        number.account_mode = 'LIVE';
      }
    },
  ),
};

export interface WhatsAppCloudSimulatorOptions extends ProviderSimulatorOptions<WhatsAppCloudPhoneNumber> {
  /** The business account whose numbers it serves; any other id answers Graph's 404. */
  businessAccountId?: string;
  /**
   * Graph's business use case limit: more than `calls` requests within `perMs` answer HTTP 400 with
   * error code 80007 and the wait in `X-Business-Use-Case-Usage`. Default: no limit.
   */
  businessUseCaseLimit?: { calls: number; perMs: number };
}

/** A Graph throttling answer, as `graphThrottlingFault` builds it. */
export interface GraphThrottlingFaultOptions {
  /** 80007 (business account), 4 (application), 17, 32, 613 or 130429. Default 80007. */
  code?: number;
  /** Default 400, the status Graph sends most throttling with. */
  status?: number;
  /** `estimated_time_to_regain_access` in the usage header, in minutes; absent sends no usage header. */
  minutesToRegain?: number;
  /** The business the usage header names. Default the demo business account. */
  businessAccountId?: string;
  /** Default 1. */
  times?: number;
}

const THROTTLING_MESSAGES: Readonly<Record<number, string>> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80007: '(#80007) Rate limit issues',
  130429: '(#130429) Rate limit hit',
};

/**
 * A simulator fault that answers as Graph throttles: its error body with a throttling code, under
 * HTTP 400 unless told otherwise, and the wait in `X-Business-Use-Case-Usage` when one is given.
 */
export function graphThrottlingFault(options: GraphThrottlingFaultOptions = {}): SimulatorFault {
  const code = options.code ?? 80007;
  return {
    type: 'status',
    status: options.status ?? 400,
    body: graphErrorBody(
      { message: THROTTLING_MESSAGES[code] ?? `(#${code}) Rate limit reached`, code, isTransient: true },
      'AXsimThrottled',
    ),
    headers: {
      [TRACE_ID_HEADER]: 'AXsimThrottled',
      ...(options.minutesToRegain === undefined
        ? {}
        : {
            [BUSINESS_USE_CASE_USAGE_HEADER]: businessUseCaseUsage(
              options.businessAccountId ?? DEMO_BUSINESS_ACCOUNT_ID,
              100,
              options.minutesToRegain,
            ),
          }),
    },
    ...(options.times === undefined ? {} : { times: options.times }),
  };
}

/** The Graph error a status stands for when a fault names only the status. */
function graphErrorForStatus(status: number, message: string): GraphErrorDetails {
  if (status === 401) return { message, code: 190 };
  if (status === 403) return { message, code: 200 };
  if (status === 404) return { message, type: 'GraphMethodException', code: 803 };
  if (status === 429) return { message, code: 4, isTransient: true };
  if (status >= 500) return { message, type: 'GraphMethodException', code: 2, isTransient: true };
  return { message, code: 100 };
}

const PATH = /^\/(v\d+\.\d+)\/([^/]+)\/phone_numbers\/?$/;

/**
 * A stateful simulator of Graph's `GET /{Version}/{WABA-ID}/phone_numbers`, faithful to the published
 * behaviour: a bearer token (401 with code 190 otherwise), `fields` (a default subset without it,
 * code 100 for a field the node lacks), `limit` 1 to 100 (25 by default; outside answers code 100 with
 * HTTP 400), `after` and `before` cursors with `paging.cursors`, `paging.next` and `paging.previous`,
 * Graph's error body with an `fbtrace_id` (also in `x-fb-trace-id`), `X-Business-Use-Case-Usage` on
 * every answer, and throttling as code 80007 under HTTP 400 (`graphThrottlingFault` for others).
 * Graph also takes the token as an `access_token` query parameter; this simulator asks for the header
 * only, so that no credential can reach its request log.
 */
export class WhatsAppCloudSimulator extends BaseProviderSimulator<
  'whatsapp-cloud',
  WhatsAppCloudPhoneNumber
> {
  protected readonly successStatus = 200;
  readonly businessAccountId: string;
  readonly #limit: { calls: number; perMs: number } | undefined;
  #callTimes: number[] = [];
  #traceSequence = 0;

  constructor(options: WhatsAppCloudSimulatorOptions = {}) {
    super(whatsAppCloudSimulatorDefinition, options);
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
        'whatsapp-cloud simulator: `businessUseCaseLimit` must be { calls, perMs }: a whole number of calls, 1 or more, and a positive perMs',
        { field: 'businessUseCaseLimit' },
      );
    }
    this.#limit = limit;
  }

  /** Serves Graph throttling errors for the next `times` requests, in place of the real answer. */
  throttle(options: Omit<GraphThrottlingFaultOptions, 'businessAccountId'> = {}): void {
    this.injectFault(graphThrottlingFault({ ...options, businessAccountId: this.businessAccountId }));
  }

  protected override resetState(): void {
    this.#callTimes = [];
    this.#traceSequence = 0;
  }

  protected respond(context: SimulatorRequestContext): Response {
    const traceId = `AXsim${String(++this.#traceSequence).padStart(8, '0')}`;
    const error = (
      status: number,
      details: GraphErrorDetails,
      headers: Record<string, string> = {},
    ): Response =>
      jsonResponse(status, graphErrorBody(details, traceId), {
        [TRACE_ID_HEADER]: traceId,
        'www-authenticate': 'OAuth "Facebook Platform"',
        ...headers,
      });
    const token = readBearerToken(context.request.headers);
    if (token === undefined) {
      context.setCredential('missing');
      return error(401, { message: 'An active access token must be used to query information.', code: 190 });
    }
    if (token !== this.accountToken) {
      context.setCredential('invalid');
      return error(401, { message: 'Invalid OAuth access token', code: 190, subcode: 463 });
    }
    context.setCredential('account');
    const match = PATH.exec(context.path);
    if (match === null)
      return error(400, { message: `Unknown path components: ${context.path}`, code: 2500 });
    if (context.request.method !== 'GET') {
      return error(400, {
        message: `Unsupported ${context.request.method.toLowerCase()} request.`,
        code: 100,
      });
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
    const usage = this.#useCall(context.now);
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
    const usageHeader = {
      [BUSINESS_USE_CASE_USAGE_HEADER]: businessUseCaseUsage(businessAccountId, usage.percent, 0),
    };
    const answer = answerPhoneNumbers(this.instances, { url: context.url, query: context.query });
    if (answer.kind === 'error') return error(answer.status, answer.error, usageHeader);
    return jsonResponse(this.successStatus, answer.body, { [TRACE_ID_HEADER]: traceId, ...usageHeader });
  }

  protected errorBody(status: number, message: string): unknown {
    return graphErrorBody(graphErrorForStatus(status, message), 'AXsimFault');
  }

  protected override defaultErrorMessage(status: number): string {
    return status === 429 ? THROTTLING_MESSAGES[4]! : statusText(status);
  }

  protected wrongShapeBody(): unknown {
    // The numbers keyed by id, as if Graph had answered a map instead of a connection.
    return { data: Object.fromEntries(this.instances.map((number) => [number.id, number])) };
  }

  protected successBody(): unknown {
    return { data: this.instances };
  }

  /** Counts a call against the business use case limit, in a sliding window. */
  #useCall(now: number): { percent: number; throttledMinutes: number } {
    const limit = this.#limit;
    if (limit === undefined) return { percent: 1, throttledMinutes: 0 };
    this.#callTimes = this.#callTimes.filter((time) => time > now - limit.perMs);
    if (this.#callTimes.length >= limit.calls) {
      const regainAt = this.#callTimes[0]! + limit.perMs;
      return { percent: 100, throttledMinutes: Math.max(1, Math.ceil((regainAt - now) / 60_000)) };
    }
    this.#callTimes.push(now);
    return { percent: (this.#callTimes.length / limit.calls) * 100, throttledMinutes: 0 };
  }
}

export function createWhatsAppCloudSimulator(
  options: WhatsAppCloudSimulatorOptions = {},
): WhatsAppCloudSimulator {
  return new WhatsAppCloudSimulator(options);
}

/** The module's `createSimulator`, as `ProviderSimulatorModule` names it. */
export const createSimulator = createWhatsAppCloudSimulator;
