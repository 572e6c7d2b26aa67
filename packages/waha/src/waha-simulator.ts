import {
  ALPHANUMERIC,
  asciiWords,
  BaseProviderSimulator,
  CREATED_SPAN_MS,
  DIGITS,
  FIRST_CREATED_MS,
  fakeInstanceFactory,
  hashText,
  identities,
  jsonResponse,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  requireStatusMapping,
  type SeededRandom,
  type SimulatorRequestContext,
  statusHookFromMapping,
  statusPlan,
  statusText,
  uniquePhones,
} from '@switchboard/runtime/simulator';
import { metadata } from './generated/waha-metadata.gen.js';
import type { WahaSession, WahaSessionConfig, WahaSessionStatus } from './waha-client.js';

/** Every status WAHA documents; the first sessions of a fake list cycle through all of them. */
export const WAHA_STATUSES: readonly WahaSessionStatus[] = [
  'STOPPED',
  'STARTING',
  'SCAN_QR_CODE',
  'PASSKEY_REQUIRED',
  'PASSKEY_CONFIRMATION_REQUIRED',
  'WORKING',
  'FAILED',
];

/** What the simulated server says it is, in its 500 bodies and single-session answers. */
const SERVER_VERSION = { version: '2026.7.1', engine: 'NOWEB', tier: 'CORE' } as const;

const WEBHOOK_EVENTS = ['message', 'message.any', 'message.ack', 'session.status', 'presence.update'];

function fakeConfig(random: SeededRandom, name: string): WahaSessionConfig | null {
  // The server stores `config || null`: a session started without one lists `config: null`.
  if (random.chance(0.15)) return null;
  const webhooks = Array.from({ length: random.integer(0, 2) }, (_, index) => ({
    url: `https://hooks.example.com/waha/${name}/${index + 1}`,
    events: random.shuffle(WEBHOOK_EVENTS).slice(0, random.integer(1, 3)),
    hmac: random.chance(0.5) ? { key: random.text(32, ALPHANUMERIC) } : null,
    retries: random.chance(0.5)
      ? {
          delaySeconds: 2,
          attempts: random.integer(3, 15),
          policy: random.pick(['linear', 'exponential', 'constant'] as const),
        }
      : null,
    customHeaders: random.chance(0.4)
      ? [{ name: 'Authorization', value: `Bearer ${random.text(40, ALPHANUMERIC)}` }]
      : null,
  }));
  return {
    metadata: { 'team.id': random.text(6, DIGITS) },
    proxy: random.chance(0.25)
      ? {
          server: `proxy-${random.integer(1, 9)}.example.net:${random.pick([3128, 8080, 1080])}`,
          username: `user${random.text(4, DIGITS)}`,
          password: random.text(16, ALPHANUMERIC),
        }
      : null,
    debug: random.chance(0.1),
    noweb: { markOnline: true, store: { enabled: random.chance(0.7), fullSync: random.chance(0.2) } },
    webhooks,
  };
}

function createWahaSessions(random: SeededRandom, count: number): WahaSession[] {
  const statuses = statusPlan(random, WAHA_STATUSES, count);
  const phones = uniquePhones(random, count);
  return identities(random, count).map((identity, index) => {
    const status = statuses[index] as WahaSessionStatus;
    // Session names may hold letters, digits, `-` and `_` only (WAHA's SessionName validation).
    const name = [...asciiWords(identity.team), ...asciiWords(identity.place)]
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .concat(identity.ordinal > 1 ? `-${identity.ordinal}` : '');
    const phone = phones[index] as string;
    // Only a session that is or was logged in knows its account; a STOPPED one lists `me: null`.
    const loggedIn = status === 'WORKING' || (status === 'FAILED' && random.chance(0.5));
    return {
      name,
      me: loggedIn
        ? {
            id: `${phone}@c.us`,
            lid: `${random.text(15, DIGITS)}@lid`,
            jid: `${phone}:${random.integer(1, 40)}@s.whatsapp.net`,
            pushName: `${identity.team} ${identity.place}`,
          }
        : null,
      presence: status === 'WORKING' ? {} : null,
      timestamps: {
        activity:
          status === 'STOPPED' ? null : FIRST_CREATED_MS + Math.floor(random.next() * CREATED_SPAN_MS),
      },
      status,
      config: fakeConfig(random, name),
    };
  });
}

/**
 * Deterministic, realistic sessions valid against the spec: the same count and seed give the same
 * sessions, names are unique within a list, and a list of seven or more holds every status.
 */
export const createFakeInstances: (count: number, options?: { seed?: number }) => WahaSession[] =
  fakeInstanceFactory('waha', createWahaSessions);

/** The API key the simulator accepts unless told otherwise; an obviously fake value. */
export const demoToken = 'demo-waha-api-key';

/** Sessions the simulator holds when the caller names no count. */
export const defaultInstanceCount = 8;

/**
 * What WAHA derives from a status, so that a session whose status a test or churn sets reads as the
 * server would show it: a STOPPED session has no `me`, `presence` or activity; one waiting for a QR
 * code or a passkey is not logged in; a WORKING one is, as an `@c.us` id.
 */
function deriveFromStatus(session: WahaSession, value: unknown): void {
  if (value === 'STOPPED') {
    Object.assign(session, { me: null, presence: null, timestamps: { activity: null } });
  } else if (
    value === 'SCAN_QR_CODE' ||
    value === 'PASSKEY_REQUIRED' ||
    value === 'PASSKEY_CONFIRMATION_REQUIRED'
  ) {
    session.me = null;
  } else if (value === 'WORKING' && (session.me === null || session.me === undefined)) {
    // A phone drawn from the name, so the same session always logs in as the same account.
    const digits = `55119${String(hashText(session.name)).padStart(10, '0').slice(-8)}`;
    session.me = { id: `${digits}@c.us`, pushName: session.name };
  }
}

const wahaSimulatorDefinition: ProviderSimulatorDefinition<'waha', WahaSession> = {
  provider: 'waha',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  // The session name is its id in every path, and the name the common model reads.
  instanceId: (session) => session.name,
  status: statusHookFromMapping<WahaSession>(requireStatusMapping(metadata.status), deriveFromStatus),
};

export type WahaSimulatorOptions = ProviderSimulatorOptions<WahaSession>;

/** WAHA's `BooleanString`: `true`, `True` and `1` are true; `false`, `False`, `0` false; else not a boolean. */
function readBooleanString(value: string | null): boolean | undefined {
  if (value === null) return false;
  if (value === 'true' || value === 'True' || value === '1') return true;
  if (value === 'false' || value === 'False' || value === '0') return false;
  return undefined;
}

const SESSION_PATH = /^\/api\/sessions\/([^/]+)$/;

/**
 * A WAHA server's `GET /api/sessions` and `GET /api/sessions/{session}`.
 *
 * - Auth: the `X-Api-Key` header; otherwise 401 `{ message: 'Unauthorized', statusCode: 401 }`.
 * - The list is a bare array with no paging and no filters; STOPPED sessions are left out unless
 *   `all` is true (`true`, `True` or `1`; another value than those and `false`, `False`, `0` is a 400
 *   whose `message` is an array, as class-validator words it).
 * - One session by name, STOPPED ones included, with the server's `engine`; an unknown name is 404
 *   `{ statusCode: 404, message: 'Session not found', error: 'Not Found' }`.
 * - Any other path or method is Nest's 404 `Cannot <METHOD> <path>`; a 500 (injected) is the catch-all
 *   filter's body, which echoes the request.
 */
export class WahaSimulator extends BaseProviderSimulator<'waha', WahaSession> {
  protected readonly successStatus = 200;

  constructor(options: WahaSimulatorOptions = {}) {
    super(wahaSimulatorDefinition, options);
  }

  protected respond(context: SimulatorRequestContext): Response {
    const method = context.request.method.toUpperCase();
    const path = context.path.replace(/\/+$/, '') || '/';
    const session = SESSION_PATH.exec(path);
    if (method !== 'GET' || (path !== '/api/sessions' && session === null)) {
      return this.errorResponse(404, `Cannot ${method} ${context.path}`);
    }
    const key = context.request.headers.get('x-api-key');
    if (key === null || key !== this.accountToken) {
      context.setCredential(key === null ? 'missing' : 'invalid');
      return this.errorResponse(401, 'Unauthorized');
    }
    context.setCredential('account');
    if (session !== null) {
      const name = decodeURIComponent(session[1] as string);
      const found = this.instances.find((candidate) => candidate.name === name);
      if (found === undefined) return this.errorResponse(404, 'Session not found');
      return jsonResponse(200, { ...found, engine: { engine: SERVER_VERSION.engine } });
    }
    const all = readBooleanString(context.query.get('all'));
    if (all === undefined) {
      return jsonResponse(400, {
        statusCode: 400,
        message: ['all must be a boolean value'],
        error: 'Bad Request',
      });
    }
    return jsonResponse(
      200,
      all ? this.instances : this.instances.filter((candidate) => candidate.status !== 'STOPPED'),
    );
  }

  protected errorBody(status: number, message: string): unknown {
    // Nest's UnauthorizedException body has no `error`.
    if (status === 401) return { message, statusCode: status };
    if (status >= 500) {
      return {
        statusCode: status,
        timestamp: new Date(this.clock.now()).toISOString(),
        exception: { message, name: 'Error' },
        request: { path: '/api/sessions?all=true', method: 'GET', body: {}, query: { all: 'true' } },
        version: SERVER_VERSION,
      };
    }
    return { statusCode: status, message, error: statusText(status) };
  }

  protected wrongShapeBody(): unknown {
    // The list wrapped in an envelope, as another gateway (or a proxy in front of WAHA) would answer.
    return { sessions: [...this.instances] };
  }

  protected successBody(): unknown {
    return this.instances;
  }
}

export function createWahaSimulator(options: WahaSimulatorOptions = {}): WahaSimulator {
  return new WahaSimulator(options);
}

/** The module's `createSimulator`, as `ProviderSimulatorModule` names it. */
export const createSimulator = createWahaSimulator;
