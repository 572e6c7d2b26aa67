import type { HypersenderInstance, HypersenderInstanceStatus } from '@switchboard/hypersender';
import { ValidationError } from '@switchboard/runtime';
import type { RyzeApiConnectionState, RyzeApiInstance } from '@switchboard/ryzeapi';
import type { WachatInstance } from '@switchboard/wachat';
import type { ZApiInstance } from '@switchboard/z-api';
import {
  isSimulatedProvider,
  SIMULATED_PROVIDERS,
  type SimulatedInstanceByProvider,
  type SimulatedProvider,
} from './providers.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

export interface FakeInstanceOptions {
  /** The same seed always yields the same instances. Default 1. */
  seed?: number;
}

/** Every status value each provider documents; the first items of a list cycle through all of them. */
export const ZAPI_CONNECTION_STATES = [
  { phoneConnected: true, whatsappConnected: true },
  { phoneConnected: true, whatsappConnected: false },
  { phoneConnected: false, whatsappConnected: false },
] as const;
export const RYZEAPI_CONNECTION_STATES: readonly RyzeApiConnectionState[] = [
  'connected',
  'connecting',
  'disconnected',
  'loggedout',
];
export const HYPERSENDER_STATUSES: readonly HypersenderInstanceStatus[] = [
  'STOPPED',
  'STARTING',
  'WORKING',
  'SCAN_QR_CODE',
  'FAILED',
  'PENDING',
];
export const WACHAT_STATES = ['open', 'connecting', 'close'] as const;

const TEAMS = [
  'Sales',
  'Support',
  'Billing',
  'Onboarding',
  'Marketing',
  'Logistics',
  'Concierge',
  'Retention',
  'Collections',
  'Partners',
  'Store',
  'Delivery',
] as const;
const PLACES = [
  'São Paulo',
  'Rio',
  'Lisbon',
  'Jakarta',
  'Cairo',
  'Mexico City',
  'Lagos',
  'Porto',
  'Bandung',
  'Alexandria',
  'Recife',
  'Monterrey',
] as const;

/** Calling codes and national number shapes, so that phones look like the countries these providers serve. */
const PHONE_PLANS: readonly ((random: SeededRandom) => string)[] = [
  (random) =>
    `55${random.pick(['11', '21', '31', '41', '51', '61', '71', '81'])}9${random.text(8, '0123456789')}`,
  (random) => `20${random.pick(['10', '11', '12', '15'])}${random.text(8, '0123456789')}`,
  (random) => `628${random.integer(11, 59)}${random.text(7, '0123456789')}`,
  (random) => `52${random.pick(['55', '33', '81'])}${random.text(8, '0123456789')}`,
  (random) => `3519${random.pick(['1', '2', '3', '6'])}${random.text(7, '0123456789')}`,
  (random) => `234${random.pick(['80', '81', '90'])}${random.text(8, '0123456789')}`,
];

const DIGITS = '0123456789';
const UPPER_HEX = '0123456789ABCDEF';
const LOWER_HEX = '0123456789abcdef';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const AWS_KEY_ALPHABET = '234567ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const DAY_MS = 86_400_000;
/** Dates are drawn from a fixed span, never from the clock, so that a seed gives the same items every day. */
const FIRST_CREATED_MS = Date.UTC(2024, 0, 1);
const CREATED_SPAN_MS = 700 * DAY_MS;

interface Identity {
  team: string;
  place: string;
  /** 1 for the first use of a team and place pair, then 2, 3… */
  ordinal: number;
}

/** Unique team-and-place pairs: names built from them never collide within one list. */
function identities(random: SeededRandom, count: number): Identity[] {
  const seen = new Map<string, number>();
  const result: Identity[] = [];
  for (let index = 0; index < count; index++) {
    const team = random.pick(TEAMS);
    const place = random.pick(PLACES);
    const key = `${team}|${place}`;
    const ordinal = (seen.get(key) ?? 0) + 1;
    seen.set(key, ordinal);
    result.push({ team, place, ordinal });
  }
  return result;
}

function asciiWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .filter((word) => word !== '');
}

/**
 * The status of each item: the first ones go through every documented value (in a seeded order), so
 * that any list at least as long as the value list shows them all; the rest are drawn at random.
 */
function statusPlan<T>(random: SeededRandom, values: readonly T[], count: number): T[] {
  const cycle = random.shuffle(values);
  return Array.from({ length: count }, (_, index) =>
    index < cycle.length ? (cycle[index] as T) : random.pick(values),
  );
}

/** Creation times in ascending order, as a provider lists instances in the order they were made. */
function creationTimes(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => FIRST_CREATED_MS + Math.floor(random.next() * CREATED_SPAN_MS))
    .sort((first, second) => first - second)
    .map((time) => time - (time % 1000));
}

function uniquePhones(random: SeededRandom, count: number): string[] {
  const used = new Set<string>();
  const phones: string[] = [];
  while (phones.length < count) {
    const phone = random.pick(PHONE_PLANS)(random);
    if (used.has(phone)) continue;
    used.add(phone);
    phones.push(phone);
  }
  return phones;
}

function isoSeconds(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pictureUrl(random: SeededRandom): string {
  return `https://pps.whatsapp.net/v/t61.24694-24/${random.text(9, DIGITS)}_${random.text(15, DIGITS)}_n.jpg?oh=${random.text(32, LOWER_HEX)}`;
}

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

function createWachatInstances(random: SeededRandom, count: number): WachatInstance[] {
  const states = statusPlan(random, WACHAT_STATES, count);
  const created = creationTimes(random, count);
  const phones = uniquePhones(random, count);
  const tenantTag = `t${random.integer(1, 9)}_${random.text(8, BASE36)}`;
  let nextId = random.integer(10, 90);
  return identities(random, count).map((identity, index) => {
    const state = states[index] as (typeof WACHAT_STATES)[number];
    const instanceName = [...asciiWords(identity.place), ...asciiWords(identity.team)]
      .join('_')
      .toLowerCase()
      .concat(identity.ordinal > 1 ? `_${identity.ordinal}` : '');
    const apiInstanceName = `${tenantTag}_${instanceName}`;
    // An instance that is pairing for the first time has no number yet.
    const paired = state !== 'connecting' || random.chance(0.5);
    const phone = paired ? (phones[index] as string) : null;
    const picture = paired && random.chance(0.75) ? pictureUrl(random) : null;
    const createdAt = created[index] as number;
    nextId += random.integer(1, 5);
    return {
      id: nextId,
      instanceName,
      displayName: instanceName,
      apiInstanceName,
      internalName: apiInstanceName,
      state,
      status: state,
      isConnected: state === 'open',
      number: phone,
      profileName: paired ? instanceName : null,
      profilePictureUrl: picture,
      profilePicUrl: picture,
      owner: phone === null ? null : `${phone}@s.whatsapp.net`,
      integration: 'WHATSAPP-BAILEYS',
      createdAt: new Date(createdAt).toISOString(),
      updatedAt: new Date(
        createdAt + random.integer(0, 90) * DAY_MS + random.integer(0, DAY_MS),
      ).toISOString(),
    };
  });
}

const GENERATORS: {
  [Provider in SimulatedProvider]: (
    random: SeededRandom,
    count: number,
  ) => SimulatedInstanceByProvider[Provider][];
} = {
  'z-api': createZApiInstances,
  ryzeapi: createRyzeApiInstances,
  hypersender: createHypersenderInstances,
  wachat: createWachatInstances,
};

/**
 * Deterministic, realistic list items for a provider, valid against its spec: the same provider, count
 * and seed give the same items. Names are unique within a list, and a list at least as long as the
 * provider's status values holds every one of them (Z-API's connected and disconnected combinations,
 * RyzeAPI's four connection states, Hypersender's six statuses, Wachat's three states).
 */
export function createFakeInstances<Provider extends SimulatedProvider>(
  provider: Provider,
  count: number,
  options: FakeInstanceOptions = {},
): SimulatedInstanceByProvider[Provider][] {
  if (!isSimulatedProvider(provider)) {
    throw new ValidationError(
      `createFakeInstances: unknown provider ${JSON.stringify(provider)}; expected one of ${SIMULATED_PROVIDERS.join(', ')}`,
      { field: 'provider' },
    );
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new ValidationError('createFakeInstances: `count` must be a whole number, 0 or more', {
      field: 'count',
    });
  }
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) {
    throw new ValidationError('createFakeInstances: `seed` must be a finite number', { field: 'seed' });
  }
  const generate = GENERATORS[provider] as (
    random: SeededRandom,
    count: number,
  ) => SimulatedInstanceByProvider[Provider][];
  return generate(createSeededRandom(seed, provider), count);
}
