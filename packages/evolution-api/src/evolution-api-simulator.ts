import {
  asciiWords,
  BaseProviderSimulator,
  creationTimes,
  DAY_MS,
  DIGITS,
  fakeInstanceFactory,
  identities,
  jsonResponse,
  LOWER_HEX,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  pictureUrl,
  type SeededRandom,
  type SimulatorCredential,
  type SimulatorRequestContext,
  type SimulatorStatusHook,
  statusText,
  uniquePhones,
} from '@switchboard/runtime/simulator';
import type { EvolutionApiError, EvolutionApiInstance } from './evolution-api-client.js';
import { metadata } from './generated/evolution-api-metadata.gen.js';

/**
 * The states a listed instance can be in, as the server writes them: `connecting` while a QR code is
 * shown, `open` once connected, `close` after a disconnection, with Baileys' reason code when the
 * server gave up reconnecting (401 logged out from the phone, 403 forbidden, 440 replaced by another
 * session); a `close` with no code is an instance created and never connected.
 */
export const EVOLUTION_API_STATES = [
  { connectionStatus: 'open', disconnectionReasonCode: null },
  { connectionStatus: 'connecting', disconnectionReasonCode: null },
  { connectionStatus: 'close', disconnectionReasonCode: null },
  { connectionStatus: 'close', disconnectionReasonCode: 401 },
  { connectionStatus: 'close', disconnectionReasonCode: 403 },
  { connectionStatus: 'close', disconnectionReasonCode: 440 },
] as const;

const PROFILE_NAMES = ['Atendimento', 'Vendas', 'Suporte', 'Loja', 'Financeiro', 'Entregas'] as const;
const CUID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Prisma's `cuid()` ids of the nested rows (`cmx4us29q0003yb7d4ltm6sv4`). */
function cuid(random: SeededRandom): string {
  return `c${random.text(24, CUID_ALPHABET)}`;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** RabbitMQ, NATS, SQS or WebSocket: null unless the instance turned it on. */
function eventIntegration(random: SeededRandom, instanceId: string, time: number) {
  if (!random.chance(0.2)) return null;
  return {
    id: cuid(random),
    enabled: random.chance(0.8),
    events: random.chance(0.5) ? ['MESSAGES_UPSERT', 'CONNECTION_UPDATE'] : ['QRCODE_UPDATED'],
    createdAt: iso(time),
    updatedAt: iso(time),
    instanceId,
  };
}

/**
 * A name as people create them (`sales-sao-paulo`), and now and then one the server accepts and a
 * naive client would not: a comma (`…,east`), or capitals and a space (`Sales Rio`).
 */
function instanceName(team: string, place: string, ordinal: number, index: number): string {
  const words = [...asciiWords(team), ...asciiWords(place)];
  const suffix = ordinal > 1 ? `-${ordinal}` : '';
  if (index % 11 === 9) return `${words.join(' ')}${suffix}`;
  const name = `${words.join('-').toLowerCase()}${suffix}`;
  return index % 7 === 5 ? `${name},east` : name;
}

function createEvolutionApiInstances(random: SeededRandom, count: number): EvolutionApiInstance[] {
  const created = creationTimes(random, count);
  const phones = uniquePhones(random, count);
  return identities(random, count).map((identity, index) => {
    // The first items go through every state in order; the rest are drawn, mostly connected.
    const state =
      index < EVOLUTION_API_STATES.length
        ? EVOLUTION_API_STATES[index]!
        : random.chance(0.6)
          ? EVOLUTION_API_STATES[0]
          : random.pick(EVOLUTION_API_STATES);
    const { connectionStatus, disconnectionReasonCode } = state;
    const name = instanceName(identity.team, identity.place, identity.ordinal, index);
    const id = random.uuid();
    const createdAt = (created[index] as number) + random.integer(0, 999);
    const updatedAt = createdAt + random.integer(0, 30) * DAY_MS + random.integer(0, DAY_MS);
    // An instance that connected once keeps its owner; one never connected has none.
    const everConnected = connectionStatus === 'open' || disconnectionReasonCode !== null;
    const phone = phones[index] as string;
    // `number` is only what the instance was created with, which is optional.
    const number = random.chance(0.6) ? phone : null;
    const business = random.chance(0.1);
    const disconnectedAt = disconnectionReasonCode === null ? null : updatedAt;
    return {
      id,
      name,
      connectionStatus,
      ownerJid: everConnected ? `${phone}@s.whatsapp.net` : null,
      profileName: everConnected ? random.pick(PROFILE_NAMES) : null,
      profilePicUrl: everConnected && random.chance(0.7) ? pictureUrl(random) : null,
      integration: business ? 'WHATSAPP-BUSINESS' : 'WHATSAPP-BAILEYS',
      number,
      businessId: business ? random.text(15, DIGITS) : null,
      token: random.uuid().toUpperCase(),
      clientName: 'evolution_exchange',
      disconnectionReasonCode,
      // The server stores `JSON.stringify(lastDisconnect)`: a string holding JSON.
      disconnectionObject:
        disconnectedAt === null
          ? null
          : JSON.stringify({
              error: { output: { statusCode: disconnectionReasonCode } },
              date: iso(disconnectedAt),
            }),
      disconnectionAt: disconnectedAt === null ? null : iso(disconnectedAt),
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      Chatwoot: random.chance(0.25)
        ? {
            id: cuid(random),
            enabled: true,
            accountId: String(random.integer(1, 40)),
            token: random.text(24, LOWER_HEX),
            url: 'https://chatwoot.example.com',
            nameInbox: name,
            signMsg: random.chance(0.5),
            signDelimiter: null,
            number: null,
            reopenConversation: random.chance(0.5),
            conversationPending: false,
            mergeBrazilContacts: true,
            importContacts: false,
            importMessages: false,
            daysLimitImportMessages: 3,
            organization: null,
            logo: null,
            ignoreJids: [],
            createdAt: iso(createdAt),
            updatedAt: iso(createdAt),
            instanceId: id,
          }
        : null,
      Proxy: random.chance(0.15)
        ? {
            id: cuid(random),
            enabled: true,
            host: 'proxy.example.com',
            port: String(random.pick([3128, 8080, 1080])),
            protocol: random.pick(['http', 'https', 'socks5']),
            username: `user${random.integer(1, 99)}`,
            password: random.text(16, LOWER_HEX),
            createdAt: iso(createdAt),
            updatedAt: iso(createdAt),
            instanceId: id,
          }
        : null,
      Rabbitmq: eventIntegration(random, id, createdAt),
      Nats: null,
      Sqs: null,
      Websocket: eventIntegration(random, id, createdAt),
      Setting: {
        id: cuid(random),
        rejectCall: random.chance(0.3),
        msgCall: '',
        groupsIgnore: random.chance(0.4),
        alwaysOnline: false,
        readMessages: false,
        readStatus: false,
        syncFullHistory: false,
        wavoipToken: random.chance(0.1) ? random.text(32, LOWER_HEX) : '',
        createdAt: iso(createdAt),
        updatedAt: iso(createdAt),
        instanceId: id,
      },
      _count: everConnected
        ? { Message: random.integer(0, 5000), Contact: random.integer(0, 400), Chat: random.integer(0, 300) }
        : { Message: 0, Contact: 0, Chat: 0 },
    };
  });
}

/**
 * Deterministic, realistic `fetchInstances` items valid against the spec: the same count and seed give
 * the same items. Names, ids, tokens and numbers are unique, and a list of six or more holds every
 * state of `EVOLUTION_API_STATES` (so every common status: connected, connecting, disconnected,
 * logged_out).
 */
export const createFakeInstances: (count: number, options?: { seed?: number }) => EvolutionApiInstance[] =
  fakeInstanceFactory('evolution-api', createEvolutionApiInstances);

/** The global key the simulator accepts unless told otherwise; an obviously fake value. */
export const demoToken = 'demo-evolution-api-global-key';

/** Instances the simulator holds when the caller names no count: one of each state. */
export const defaultInstanceCount = EVOLUTION_API_STATES.length;

/** An instance's state in the server's own terms: two columns, since `close` alone does not say why. */
export type EvolutionApiState = (typeof EVOLUTION_API_STATES)[number];

/**
 * Reads and writes an instance's state as the server does: `connectionStatus` with Baileys'
 * `disconnectionReasonCode`, so that a logged-out instance (`close`, 401) is a state of its own. Writing
 * a state also writes what the server writes with it: the disconnection's time and object on a close
 * with a code, none on a reconnection, and an owner once connected.
 */
export const evolutionApiStatusHook: SimulatorStatusHook<EvolutionApiInstance> = {
  values: EVOLUTION_API_STATES,
  read: (item) => ({
    connectionStatus: item.connectionStatus,
    disconnectionReasonCode: item.disconnectionReasonCode,
  }),
  write: (item, value) => {
    const { connectionStatus, disconnectionReasonCode } = value as EvolutionApiState;
    item.connectionStatus = connectionStatus;
    item.disconnectionReasonCode = disconnectionReasonCode;
    if (disconnectionReasonCode === null) {
      item.disconnectionAt = null;
      item.disconnectionObject = null;
    } else {
      // The server stamps the disconnection with its own clock; the item's last update stands in.
      item.disconnectionAt = item.updatedAt;
      item.disconnectionObject = JSON.stringify({
        error: { output: { statusCode: disconnectionReasonCode } },
      });
    }
    if (connectionStatus === 'open' && item.ownerJid === null && item.number !== null) {
      item.ownerJid = `${item.number}@s.whatsapp.net`;
    }
  },
};

const evolutionApiSimulatorDefinition: ProviderSimulatorDefinition<'evolution-api', EvolutionApiInstance> = {
  provider: 'evolution-api',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  // The common model's id, and the `{instance}` of every later path.
  instanceId: (instance) => instance.name,
  // No setName: the default renames `name`, which is also the id (the server keeps names unique), so
  // a rename moves the instance's path.
  status: evolutionApiStatusHook,
};

export type EvolutionApiSimulatorOptions = ProviderSimulatorOptions<EvolutionApiInstance>;

const QUERY_KEYS = ['instanceName', 'instanceId', 'number'] as const;

/**
 * A self-hosted Evolution API v2 server's `GET /instance/fetchInstances`, as v2.3.6 answers it
 * (instance.router.ts, instance.controller.ts, monitor.service.ts, auth.guard.ts, main.ts).
 * `accountToken` is the server's global key (`AUTHENTICATION_API_KEY`).
 *
 * - Another path or method is Express's 404 `Cannot <METHOD> <url>` (there is no 405).
 * - No `apikey`, an empty or unknown one: 401 with `message` the string `Unauthorized`.
 * - The global key lists every instance, in the order they were created. Filters, each one exact,
 *   case-sensitive value (a comma is part of a name; an empty value is no filter): `instanceId` wins
 *   over `number`, and either makes `instanceName` ignored; one that finds nothing is a 404
 *   `Instance "<value>" not found`, `message` an array.
 * - An instance's own `token` lists that instance only, narrowed by `instanceName` and `instanceId`
 *   (`number` is not read): a filter that leaves it nothing is a 401, not a 404.
 * - A filter given twice (`?instanceName=a&instanceName=b`) reaches Prisma as a list, which it
 *   refuses: a 500 whose `message` is the error's text (our reading of what the server does).
 */
export class EvolutionApiSimulator extends BaseProviderSimulator<'evolution-api', EvolutionApiInstance> {
  protected readonly successStatus = 200;

  constructor(options: EvolutionApiSimulatorOptions = {}) {
    super(evolutionApiSimulatorDefinition, options);
  }

  protected respond(context: SimulatorRequestContext): Response {
    const path = context.path.length > 1 ? context.path.replace(/\/$/, '') : context.path;
    const method = context.request.method.toUpperCase();
    if (method !== 'GET' || path !== metadata.listOperation.path) {
      return this.errorResponse(404, `Cannot ${method} ${context.path}${context.url.search}`);
    }
    const key = context.request.headers.get('apikey') ?? '';
    if (key === '') return this.#unauthorized(context, 'missing');
    const isGlobalKey = key === this.accountToken;
    const instances = this.instances;
    const own = isGlobalKey ? [] : instances.filter((instance) => instance.token === key);
    if (!isGlobalKey && own.length === 0) return this.#unauthorized(context, 'invalid');
    context.setCredential(isGlobalKey ? 'account' : 'instance');
    const repeated = QUERY_KEYS.find((name) => context.query.getAll(name).length > 1);
    if (repeated !== undefined) {
      return this.errorResponse(
        500,
        `Invalid value for argument \`${repeated}\`: expected a String, provided a List.`,
      );
    }
    const instanceName = context.query.get('instanceName') ?? '';
    const instanceId = context.query.get('instanceId') ?? '';
    const number = context.query.get('number') ?? '';
    if (!isGlobalKey) {
      const visible = own.filter(
        (instance) =>
          (instanceName === '' || instance.name === instanceName) &&
          (instanceId === '' || instance.id === instanceId),
      );
      return visible.length === 0 ? this.#unauthorized(context, 'instance') : jsonResponse(200, visible);
    }
    let found: EvolutionApiInstance | undefined;
    let sought: string;
    if (instanceId !== '') {
      sought = instanceId;
      found = instances.find((instance) => instance.id === instanceId);
    } else if (number !== '') {
      sought = number;
      found = instances.find((instance) => instance.number === number);
    } else if (instanceName !== '') {
      sought = instanceName;
      found = instances.find((instance) => instance.name === instanceName);
    } else {
      return jsonResponse(200, [...instances]);
    }
    if (found === undefined) {
      return this.errorResponse(404, `Instance "${sought}" not found`);
    }
    return jsonResponse(200, [found]);
  }

  #unauthorized(context: SimulatorRequestContext, credential: SimulatorCredential): Response {
    context.setCredential(credential);
    // The guard's UnauthorizedException() has no words of its own: `message` is the status text.
    return this.errorResponse(401, 'Unauthorized');
  }

  protected errorBody(status: number, message: string): EvolutionApiError {
    // Exceptions carry their words as an array; a 401, or an unexpected error's text, as a string.
    const words = status === 401 || status >= 500 ? message : [message];
    return { status, error: statusText(status), response: { message: words } };
  }

  protected wrongShapeBody(): unknown {
    // What the published description says the list answers: its 200 schema is an object
    // (`status`, `response`), and its example items have the v1 shape (`instance.instanceName`).
    return {
      status: 200,
      response: this.instances.map((instance) => ({
        instance: {
          instanceName: instance.name,
          instanceId: instance.id,
          owner: instance.ownerJid,
          status: instance.connectionStatus,
        },
      })),
    };
  }

  protected successBody(): unknown {
    return this.instances;
  }
}

export function createEvolutionApiSimulator(
  options: EvolutionApiSimulatorOptions = {},
): EvolutionApiSimulator {
  return new EvolutionApiSimulator(options);
}

/** The module's `createSimulator`, as `ProviderSimulatorModule` names it. */
export const createSimulator = createEvolutionApiSimulator;
