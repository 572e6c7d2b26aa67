import type { WhatsAppCloudPhoneNumber } from './whatsapp-cloud-client.js';

/** Every field of a phone number, in the order Graph writes them. */
export const PHONE_NUMBER_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'status',
  'quality_rating',
  'country_code',
  'country_dial_code',
  'code_verification_status',
  'unified_cert_status',
  'account_mode',
  'host_platform',
  'messaging_limit_tier',
  'is_official_business_account',
  'username',
] as const satisfies readonly (keyof WhatsAppCloudPhoneNumber)[];

/**
 * What Graph answers when `fields` is not sent: a default subset, here the one of the published
 * single-number example (and of the `fields` parameter's own example). The rest (`account_mode`,
 * `messaging_limit_tier`, `username`…) comes only when asked, which is why a client names every field.
 */
const DEFAULT_PHONE_NUMBER_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'status',
  'quality_rating',
] as const satisfies readonly (keyof WhatsAppCloudPhoneNumber)[];

const GRAPH_DEFAULT_LIMIT = 25;
const GRAPH_MAX_LIMIT = 100;

/** A Graph error body, `{ error: { message, type, code, error_subcode?, fbtrace_id, … } }`. */
export interface GraphErrorDetails {
  message: string;
  type?: string;
  code: number;
  subcode?: number;
  isTransient?: boolean;
}

export function graphErrorBody(details: GraphErrorDetails, traceId: string): unknown {
  return {
    error: {
      message: details.message,
      type: details.type ?? 'OAuthException',
      code: details.code,
      ...(details.subcode === undefined ? {} : { error_subcode: details.subcode }),
      ...(details.isTransient === undefined ? {} : { is_transient: details.isTransient }),
      fbtrace_id: traceId,
    },
  };
}

/**
 * The `X-Business-Use-Case-Usage` value for one business: its call count as a percentage of the
 * allowance and the minutes before a throttled business may call again (0 when it is not throttled).
 */
export function businessUseCaseUsage(
  businessAccountId: string,
  callPercent: number,
  minutesToRegain: number,
): string {
  return JSON.stringify({
    [businessAccountId]: [
      {
        type: 'whatsapp',
        call_count: Math.min(100, Math.round(callPercent)),
        total_cputime: Math.min(100, Math.round(callPercent / 4)),
        total_time: Math.min(100, Math.round(callPercent / 3)),
        estimated_time_to_regain_access: minutesToRegain,
      },
    ],
  });
}

/**
 * Cursors name the id an answer ended (or started) at, opaque as Graph's are: base64 of `cursor:<id>`,
 * so that a walk stays right while numbers change state between pages.
 */
function encodeCursor(id: string): string {
  // Through UTF-8, so that an id outside Latin-1 (a test's own) still makes a cursor.
  return btoa(String.fromCharCode(...new TextEncoder().encode(`cursor:${id}`)));
}

function decodeCursor(cursor: string): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(cursor), (char) => char.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
  return text.startsWith('cursor:') && text.length > 'cursor:'.length
    ? text.slice('cursor:'.length)
    : undefined;
}

export type GraphAnswer =
  | { kind: 'error'; status: number; error: GraphErrorDetails }
  | { kind: 'page'; body: { data: Partial<WhatsAppCloudPhoneNumber>[]; paging?: unknown } };

export interface PhoneNumbersQuery {
  /** The request URL, for `paging.next` and `paging.previous`. */
  url: URL;
  query: URLSearchParams;
}

function invalidParameter(message: string): GraphAnswer {
  return { kind: 'error', status: 400, error: { message: `(#100) ${message}`, code: 100 } };
}

const KNOWN_PHONE_NUMBER_FIELDS: ReadonlySet<string> = new Set(PHONE_NUMBER_FIELDS);

/** `fields` as Graph reads it: comma-separated, blanks ignored; undefined names the unknown field. */
function readFields(text: string | null): { fields: readonly string[] } | { unknown: string } {
  if (text === null || text.trim() === '') return { fields: DEFAULT_PHONE_NUMBER_FIELDS };
  const asked = text
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  const unknown = asked.find((field) => !KNOWN_PHONE_NUMBER_FIELDS.has(field));
  if (unknown !== undefined) return { unknown };
  // Graph always includes the id, whatever was asked.
  return { fields: ['id', ...asked.filter((field) => field !== 'id')] };
}

/** Only the asked fields, in Graph's order; a field the number has no value for is left out. */
function project(
  number: WhatsAppCloudPhoneNumber,
  asked: ReadonlySet<string>,
): Partial<WhatsAppCloudPhoneNumber> {
  const item: Record<string, unknown> = {};
  for (const field of PHONE_NUMBER_FIELDS) {
    if (asked.has(field) && number[field] !== undefined) item[field] = number[field];
  }
  return item as Partial<WhatsAppCloudPhoneNumber>;
}

/**
 * One page of `GET /{Version}/{WABA-ID}/phone_numbers`, as Graph answers it: `limit` 1 to 100 (25 when
 * absent), `after` / `before` cursors, `paging.cursors` on every non-empty page and `paging.next` /
 * `paging.previous` only while there is more that way; an empty page is `{ data: [] }`.
 */
export function answerPhoneNumbers(
  numbers: readonly WhatsAppCloudPhoneNumber[],
  request: PhoneNumbersQuery,
): GraphAnswer {
  const { query } = request;
  const fields = readFields(query.get('fields'));
  if ('unknown' in fields) {
    return invalidParameter(
      `Tried accessing nonexisting field (${fields.unknown}) on node type (WhatsAppBusinessPhoneNumber)`,
    );
  }
  const limitText = query.get('limit');
  let limit = GRAPH_DEFAULT_LIMIT;
  if (limitText !== null) {
    limit = /^\d+$/.test(limitText.trim()) ? Number(limitText.trim()) : Number.NaN;
    if (!(Number.isSafeInteger(limit) && limit >= 1 && limit <= GRAPH_MAX_LIMIT)) {
      return invalidParameter(`The parameter limit must be between 1 and ${GRAPH_MAX_LIMIT}`);
    }
  }
  const after = query.get('after');
  const before = query.get('before');
  let start = 0;
  let end = numbers.length;
  if (after !== null) {
    const id = decodeCursor(after);
    const index = id === undefined ? -1 : numbers.findIndex((number) => number.id === id);
    if (index === -1) return invalidParameter('The after cursor is not valid');
    start = index + 1;
    end = Math.min(numbers.length, start + limit);
  } else if (before !== null) {
    const id = decodeCursor(before);
    const index = id === undefined ? -1 : numbers.findIndex((number) => number.id === id);
    if (index === -1) return invalidParameter('The before cursor is not valid');
    end = index;
    start = Math.max(0, end - limit);
  } else {
    end = Math.min(numbers.length, limit);
  }
  const page = numbers.slice(start, end);
  if (page.length === 0) return { kind: 'page', body: { data: [] } };
  const first = page[0]!;
  const last = page[page.length - 1]!;
  const link = (direction: 'after' | 'before', cursor: string): string => {
    const url = new URL(request.url);
    url.searchParams.delete('after');
    url.searchParams.delete('before');
    url.searchParams.set('limit', String(limit));
    url.searchParams.set(direction, cursor);
    // Graph's own links also carry `access_token`; these never do, so no body echoes a credential.
    url.searchParams.delete('access_token');
    return url.toString();
  };
  const paging: Record<string, unknown> = {
    cursors: { before: encodeCursor(first.id), after: encodeCursor(last.id) },
  };
  if (start > 0) paging.previous = link('before', encodeCursor(first.id));
  if (end < numbers.length) paging.next = link('after', encodeCursor(last.id));
  // One set per request, not per number.
  const asked: ReadonlySet<string> = new Set(fields.fields);
  return { kind: 'page', body: { data: page.map((number) => project(number, asked)), paging } };
}
