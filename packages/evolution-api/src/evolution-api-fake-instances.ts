import { ValidationError } from '@switchboard/runtime';
import type { EvolutionApiInstance } from './evolution-api-client.js';

/**
 * The states a listed instance can be in, as the server writes them: `connecting` while a QR code is
 * shown, `open` once connected, `close` after a disconnection, with Baileys' reason code when there
 * was one (401: logged out from the phone, 403: banned, 428: connection closed, 440: replaced).
 */
export const EVOLUTION_API_STATES = [
  { connectionStatus: 'open', disconnectionReasonCode: null },
  { connectionStatus: 'connecting', disconnectionReasonCode: null },
  { connectionStatus: 'close', disconnectionReasonCode: null },
  { connectionStatus: 'close', disconnectionReasonCode: 401 },
  { connectionStatus: 'close', disconnectionReasonCode: 403 },
  { connectionStatus: 'close', disconnectionReasonCode: 440 },
] as const;

export interface EvolutionApiFakeInstanceOptions {
  /** The same seed always yields the same instances. Default 1. */
  seed?: number;
  /** The server's `DATABASE_CONNECTION_CLIENT_NAME`. Default `evolution_exchange`. */
  clientName?: string;
}

/** mulberry32: the same seed gives the same items on every machine; `Math.random` would drift. */
function seededRandom(seed: number): () => number {
  let state = (Math.trunc(seed) ^ 0x45564f4c) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TEAMS = ['sales', 'support', 'billing', 'onboarding', 'marketing', 'logistics', 'store', 'delivery'];
const PLACES = ['sp', 'rio', 'lisbon', 'porto', 'recife', 'bh', 'curitiba', 'salvador'];
const PROFILE_NAMES = ['Atendimento', 'Vendas', 'Suporte', 'Loja', 'Financeiro', 'Entregas'];
const DIGITS = '0123456789';
const UPPER_HEX = '0123456789ABCDEF';
const LOWER_HEX = '0123456789abcdef';
const CUID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const DAY_MS = 86_400_000;
/** Dates come from a fixed span, never from the clock, so that a seed gives the same items every day. */
const FIRST_CREATED_MS = Date.UTC(2025, 0, 1);
const CREATED_SPAN_MS = 600 * DAY_MS;

interface Draw {
  next(): number;
  integer(minimum: number, maximum: number): number;
  chance(probability: number): boolean;
  pick<T>(values: readonly T[]): T;
  text(length: number, alphabet: string): string;
}

function createDraw(seed: number): Draw {
  const next = seededRandom(seed);
  const integer = (minimum: number, maximum: number) =>
    minimum + Math.floor(next() * (maximum - minimum + 1));
  return {
    next,
    integer,
    chance: (probability) => next() < probability,
    pick: (values) => values[integer(0, values.length - 1)] as (typeof values)[number],
    text: (length, alphabet) => {
      let text = '';
      for (let index = 0; index < length; index++) text += alphabet[integer(0, alphabet.length - 1)];
      return text;
    },
  };
}

function uuid(draw: Draw, alphabet: string): string {
  const hex = draw.text(32, alphabet);
  const variant = alphabet[8 + draw.integer(0, 3)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Prisma's `cuid()` ids of the nested rows (`cmx4us29q0003yb7d4ltm6sv4`). */
function cuid(draw: Draw): string {
  return `c${draw.text(24, CUID_ALPHABET)}`;
}

function brazilianMobile(draw: Draw): string {
  return `55${draw.pick(['11', '21', '31', '41', '51', '71', '81'])}9${draw.text(8, DIGITS)}`;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function eventIntegration(draw: Draw, instanceId: string, time: number) {
  if (!draw.chance(0.2)) return null;
  return {
    id: cuid(draw),
    enabled: draw.chance(0.8),
    events: draw.chance(0.5) ? ['MESSAGES_UPSERT', 'CONNECTION_UPDATE'] : ['QRCODE_UPDATED'],
    createdAt: iso(time),
    updatedAt: iso(time),
    instanceId,
  };
}

/**
 * Deterministic, realistic `fetchInstances` items valid against the spec: the same count and seed give
 * the same items. Names are unique, and a list of at least six holds every state of
 * `EVOLUTION_API_STATES` (so every common status: connected, connecting, disconnected, logged_out).
 * Some names hold what the server accepts and a naive client would not: a comma, a space, capitals.
 */
export function createEvolutionApiFakeInstances(
  count: number,
  options: EvolutionApiFakeInstanceOptions = {},
): EvolutionApiInstance[] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new ValidationError('evolution-api fake instances: `count` must be a whole number, 0 or more', {
      field: 'count',
    });
  }
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) {
    throw new ValidationError('evolution-api fake instances: `seed` must be a number', { field: 'seed' });
  }
  const clientName = options.clientName ?? 'evolution_exchange';
  const draw = createDraw(seed);
  const names = new Set<string>();
  const numbers = new Set<string>();
  const created = Array.from(
    { length: count },
    () => FIRST_CREATED_MS + Math.floor(draw.next() * CREATED_SPAN_MS),
  )
    .sort((first, second) => first - second)
    .map((time) => time - (time % 1000) + draw.integer(0, 999));
  const items: EvolutionApiInstance[] = [];
  for (let index = 0; index < count; index++) {
    // The first items go through every state in order; the rest are drawn, mostly connected.
    const state =
      index < EVOLUTION_API_STATES.length
        ? EVOLUTION_API_STATES[index]!
        : draw.chance(0.6)
          ? EVOLUTION_API_STATES[0]
          : draw.pick(EVOLUTION_API_STATES);
    let name = `${draw.pick(TEAMS)}-${draw.pick(PLACES)}`;
    if (index % 7 === 5) name = `${name},east`;
    else if (index % 11 === 9) name = `${name[0]!.toUpperCase()}${name.slice(1).replace('-', ' ')}`;
    for (let ordinal = 2; names.has(name); ordinal++) name = `${name.replace(/-\d+$/, '')}-${ordinal}`;
    names.add(name);
    const id = uuid(draw, LOWER_HEX);
    const createdAt = created[index]!;
    const updatedAt = createdAt + draw.integer(0, 30) * DAY_MS + draw.integer(0, DAY_MS);
    const { connectionStatus, disconnectionReasonCode } = state;
    // An instance that connected once keeps its owner; one still showing its first QR code has none.
    const everConnected = connectionStatus === 'open' || disconnectionReasonCode !== null;
    let number: string | null = null;
    if (draw.chance(0.6)) {
      do number = brazilianMobile(draw);
      while (numbers.has(number));
      numbers.add(number);
    }
    const ownerNumber = number ?? brazilianMobile(draw);
    const business = draw.chance(0.1);
    const disconnectedAt = disconnectionReasonCode === null ? null : updatedAt;
    items.push({
      id,
      name,
      connectionStatus,
      ownerJid: everConnected ? `${ownerNumber}@s.whatsapp.net` : null,
      profileName: everConnected ? draw.pick(PROFILE_NAMES) : null,
      profilePicUrl:
        everConnected && draw.chance(0.7)
          ? `https://pps.whatsapp.net/v/t61.24694-24/${draw.text(9, DIGITS)}_${draw.text(15, DIGITS)}_n.jpg`
          : null,
      integration: business ? 'WHATSAPP-BUSINESS' : 'WHATSAPP-BAILEYS',
      number,
      businessId: business ? draw.text(15, DIGITS) : null,
      token: uuid(draw, UPPER_HEX),
      clientName,
      disconnectionReasonCode,
      disconnectionObject:
        disconnectionReasonCode === null
          ? null
          : JSON.stringify({
              error: { output: { statusCode: disconnectionReasonCode } },
              date: iso(disconnectedAt!),
            }),
      disconnectionAt: disconnectedAt === null ? null : iso(disconnectedAt),
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      Chatwoot: draw.chance(0.25)
        ? {
            id: cuid(draw),
            enabled: true,
            accountId: String(draw.integer(1, 40)),
            token: draw.text(24, LOWER_HEX),
            url: 'https://chatwoot.example.com',
            nameInbox: name,
            signMsg: draw.chance(0.5),
            signDelimiter: null,
            number: null,
            reopenConversation: draw.chance(0.5),
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
      Proxy: draw.chance(0.15)
        ? {
            id: cuid(draw),
            enabled: true,
            host: 'proxy.example.com',
            port: String(draw.pick([3128, 8080, 1080])),
            protocol: draw.pick(['http', 'https', 'socks5']),
            username: `user${draw.integer(1, 99)}`,
            password: draw.text(16, LOWER_HEX),
            createdAt: iso(createdAt),
            updatedAt: iso(createdAt),
            instanceId: id,
          }
        : null,
      Rabbitmq: eventIntegration(draw, id, createdAt),
      Nats: null,
      Sqs: null,
      Websocket: eventIntegration(draw, id, createdAt),
      Setting: {
        id: cuid(draw),
        rejectCall: draw.chance(0.3),
        msgCall: '',
        groupsIgnore: draw.chance(0.4),
        alwaysOnline: false,
        readMessages: false,
        readStatus: false,
        syncFullHistory: false,
        wavoipToken: draw.chance(0.1) ? draw.text(32, LOWER_HEX) : '',
        createdAt: iso(createdAt),
        updatedAt: iso(createdAt),
        instanceId: id,
      },
      _count: everConnected
        ? { Message: draw.integer(0, 5000), Contact: draw.integer(0, 400), Chat: draw.integer(0, 300) }
        : { Message: 0, Contact: 0, Chat: 0 },
    });
  }
  return items;
}
