import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  ProviderError,
  RateLimitError,
  ResponseFormatError,
  SwitchboardError,
  type SwitchboardErrorOptions,
} from './errors.js';
import { createRedactor, redactError } from './redact.js';

/**
 * What a provider's error answer means beyond its HTTP status, for providers whose body says more
 * than the status does: Graph answers throttling as HTTP 400 with `error.code` 80007, and an invalid
 * token as `error.code` 190.
 */
export interface ErrorClassification {
  /** The error to raise whatever the status; absent keeps the status's own class. */
  kind?: 'rate_limited' | 'authentication';
  /** The wait the provider announced, in milliseconds (`rate_limited` only). */
  retryAfterMs?: number;
  /** The provider's id of this request, when its body or a header of its own carries one. */
  requestId?: string;
}

/** Reads an error answer; undefined when it says nothing beyond its status. Must not throw. */
export type ErrorClassifier = (response: Response, body: unknown) => ErrorClassification | undefined;

export interface ProviderCallContext {
  provider: string;
  account?: string;
  /** Values to keep out of every message. */
  secrets?: readonly string[];
  /** The caller's signal: a body read that fails after it aborted is an `AbortError`. */
  signal?: AbortSignal;
  /** The provider's own reading of an error answer (its adapter's), applied before the status's. */
  classifyError?: ErrorClassifier;
}

/** The longest provider message an error message quotes; longer ones are cut with `…`. */
const MAX_PROVIDER_MESSAGE_LENGTH = 300;

/** Headers that carry a request id, in the order they are tried. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id'] as const;

/** How errors name where they come from: `acme account "sales"`, or the provider alone. */
export function describeSource(provider: string, account?: string): string {
  return account === undefined || account === ''
    ? provider
    : `${provider} account ${JSON.stringify(account)}`;
}

/** The request id the server sent, if any. */
export function readRequestId(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * The longest wait a `retryAfterMs` reports, about 24.8 days: the longest a timer can wait, so that
 * the value can go straight to `setTimeout`. A server asking for longer (or for 400 digits of
 * seconds) reads as this.
 */
export const MAX_REPORTED_WAIT_MS = 2_147_483_647;

/** `X-RateLimit-Reset` values above this are epoch seconds; smaller ones are seconds from now. */
const EPOCH_SECONDS_THRESHOLD = 1e9;
/** ...and above this, epoch milliseconds. */
const EPOCH_MILLISECONDS_THRESHOLD = 1e12;

function boundedWait(ms: number): number {
  return Math.min(Math.max(0, Math.ceil(ms)), MAX_REPORTED_WAIT_MS);
}

/**
 * How long the server asked to wait, from `retry-after-ms` (milliseconds) or `Retry-After` (seconds
 * or an HTTP date); undefined when it said nothing usable. A date in the past reads as 0, and any
 * ask is at most `MAX_REPORTED_WAIT_MS` (never `Infinity`).
 */
export function parseRetryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms')?.trim();
  if (milliseconds && /^\d+(\.\d+)?$/.test(milliseconds)) return boundedWait(Number(milliseconds));
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return boundedWait(Number(retryAfter) * 1000);
  // An HTTP date names its weekday and month; `Date.parse` alone would also take `-5` as a year.
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return boundedWait(date - now);
}

/**
 * How long the server asked to wait before the next request: `Retry-After` (or `retry-after-ms`),
 * else the reset of a quota it says is spent (`X-RateLimit-Reset`). Read by the transport, to time
 * a retry, and by the errors, for `RateLimitError.retryAfterMs`.
 */
export function parseRequestedWaitMs(headers: Headers, now: number = Date.now()): number | undefined {
  return parseRetryAfterMs(headers, now) ?? parseRateLimitResetMs(headers, now);
}

/**
 * How long until the quota a server says is spent (`X-RateLimit-Remaining: 0`) comes back, from
 * `X-RateLimit-Reset`: seconds from now, epoch seconds (above 1e9, or whenever that reading is still
 * ahead of `now`) or epoch milliseconds (above 1e12). Undefined when something remains, when either header is missing or unreadable, and when
 * the reset is not in the future (a reset in the past says nothing about now). At most
 * `MAX_REPORTED_WAIT_MS`.
 */
export function parseRateLimitResetMs(headers: Headers, now: number = Date.now()): number | undefined {
  const remainingText = headers.get('x-ratelimit-remaining')?.trim();
  const resetText = headers.get('x-ratelimit-reset')?.trim();
  if (!remainingText || !resetText) return undefined;
  const remaining = Number(remainingText);
  const reset = Number(resetText);
  if (!Number.isFinite(remaining) || remaining > 0) return undefined;
  if (!Number.isFinite(reset) || reset < 0) return undefined;
  // Epoch seconds also when, read so, the reset is still ahead: no count of seconds from now gets
  // near today's epoch, but a clock that starts at 0 (a test's) gives epoch resets below 1e9.
  const resetAt =
    reset > EPOCH_MILLISECONDS_THRESHOLD
      ? reset
      : reset > EPOCH_SECONDS_THRESHOLD || reset * 1000 > now
        ? reset * 1000
        : now + reset * 1000;
  if (resetAt <= now) return undefined;
  return boundedWait(resetAt - now);
}

/** A message as text: a string, or the non-empty strings of an array joined with `; `. */
function messageText(candidate: unknown): string | undefined {
  if (typeof candidate === 'string') return candidate.trim() === '' ? undefined : candidate;
  if (!Array.isArray(candidate)) return undefined;
  const parts = candidate.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return parts.length === 0 ? undefined : parts.join('; ');
}

/** A classifier that throws must not hide the error it was asked about: its reading is then dropped. */
function classify(
  context: ProviderCallContext & { body: unknown },
  response: Response,
): ErrorClassification | undefined {
  try {
    return context.classifyError?.(response, context.body);
  } catch {
    return undefined;
  }
}

function validWait(milliseconds: number | undefined): number | undefined {
  return milliseconds !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0
    ? boundedWait(milliseconds)
    : undefined;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === '' ? undefined : text;
}

function firstText(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    const text = messageText(candidate);
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * The provider's own words about an error, from the body shapes providers use:
 * `{ success: false, error: { message } }`, `{ message }`, `{ status, error, response: { message } }`,
 * `{ error: "text" }`, `{ errors: [{ message }] }`, `{ detail }`, `{ error_description }`, or a short
 * text body (an HTML error page is not a message). A message that is an array of strings (Nest's
 * validation errors, a 404 of that Express shape) is joined with `; `.
 */
export function extractProviderMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text === '' || text.startsWith('<')) return undefined;
    return text;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const nestedError = typeof record.error === 'object' && record.error !== null ? record.error : undefined;
  const nestedMessage = nestedError ? (nestedError as Record<string, unknown>).message : undefined;
  const errors = record.errors;
  const firstListed = Array.isArray(errors) ? errors[0] : undefined;
  const listedMessage =
    typeof firstListed === 'object' && firstListed !== null
      ? (firstListed as Record<string, unknown>).message
      : firstListed;
  // Some servers put their words under `response`, beside an `error` that only repeats the status text.
  const nestedResponse =
    typeof record.response === 'object' && record.response !== null ? record.response : undefined;
  const responseMessage = nestedResponse ? (nestedResponse as Record<string, unknown>).message : undefined;
  return firstText(
    nestedMessage,
    record.message,
    responseMessage,
    record.error,
    listedMessage,
    record.detail,
    record.error_description,
    record.msg,
  );
}

function tidyProviderMessage(text: string, redact: (text: string) => string): string {
  const oneLine = redact(text).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_PROVIDER_MESSAGE_LENGTH
    ? `${oneLine.slice(0, MAX_PROVIDER_MESSAGE_LENGTH - 1)}…`
    : oneLine;
}

/**
 * Whether a response is a redirect the transport did not follow: a 3xx, or the opaque redirect
 * (status 0, type `opaqueredirect`) that browsers give for `redirect: 'manual'`.
 */
export function isRedirectResponse(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/**
 * Where a redirect pointed, as an origin (`https://other.example`), redacted: never its path or
 * query, which may carry a token. Undefined when the runtime hides it (an opaque redirect) or the
 * `Location` header is absent or not a URL.
 */
export function redirectOrigin(
  response: Response,
  redact: (text: string) => string = (text) => text,
): string | undefined {
  const location = response.headers.get('location');
  if (location === null || location.trim() === '') return undefined;
  try {
    const target = response.url === '' ? new URL(location) : new URL(location, response.url);
    return target.origin === 'null' ? undefined : redact(target.origin);
  } catch {
    return undefined;
  }
}

function describeRedirect(response: Response, redact: (text: string) => string): string {
  if (response.type === 'opaqueredirect') {
    return 'redirect not followed (an opaque redirect: the runtime hides its status and target)';
  }
  const origin = redirectOrigin(response, redact);
  return `redirect not followed (HTTP ${response.status}${origin === undefined ? ', no valid Location' : ` to ${origin}`})`;
}

function describeStatus(status: number): string {
  if (status === 401) return 'authentication failed';
  if (status === 403) return 'permission denied';
  if (status === 404) return 'not found';
  if (status === 429) return 'rate limited';
  if (status >= 500) return 'server error';
  if (status >= 400) return 'request rejected';
  return 'unexpected response';
}

/**
 * Maps an HTTP error response to the typed error for its status: a redirect (3xx, or an opaque
 * redirect) `ProviderError` naming the origin it pointed to, 401 `AuthenticationError`, 403
 * `PermissionDeniedError`, 404 `NotFoundError`, 429 `RateLimitError` (with `retryAfterMs`, from
 * `Retry-After` or else a spent quota's `X-RateLimit-Reset`), any
 * other status `ProviderError`; a `classifyError` reading of the body comes first (a provider's
 * throttling codes are a `RateLimitError` whatever the status). The message names provider, account
 * and status and quotes the provider's own message, redacted: `acme account "sales": authentication failed (HTTP 401):
 * Invalid token`. `body` is what openapi-fetch gave as `error` (parsed JSON, or the text).
 */
export function createErrorFromResponse(
  context: ProviderCallContext & { response: Response; body: unknown },
): SwitchboardError {
  const { response, provider, account } = context;
  const redact = createRedactor(context.secrets ?? []);
  const opaque = response.type === 'opaqueredirect';
  const status = response.status;
  const classification = classify(context, response);
  const kind =
    classification?.kind ?? (status === 401 ? 'authentication' : status === 429 ? 'rate_limited' : undefined);
  const requestIdText = emptyToUndefined(classification?.requestId) ?? readRequestId(response.headers);
  const requestId = requestIdText === undefined ? undefined : redact(requestIdText);
  const rawMessage = extractProviderMessage(context.body);
  const providerMessage = rawMessage === undefined ? undefined : tidyProviderMessage(rawMessage, redact);
  const options: SwitchboardErrorOptions = {
    provider,
    ...(account === undefined ? {} : { account }),
    // An opaque redirect's status 0 is no HTTP status.
    ...(opaque ? {} : { status }),
    response,
    ...(requestId === undefined ? {} : { requestId }),
    ...(providerMessage === undefined ? {} : { providerMessage }),
  };
  if (isRedirectResponse(response)) {
    return new ProviderError(
      redact(`${describeSource(provider, account)}: ${describeRedirect(response, redact)}`),
      options,
    );
  }
  const retryAfterMs =
    kind !== 'rate_limited'
      ? undefined
      : (validWait(classification?.retryAfterMs) ?? parseRequestedWaitMs(response.headers));
  const statusText =
    retryAfterMs === undefined ? `HTTP ${status}` : `HTTP ${status}, retry after ${retryAfterMs} ms`;
  const meaning =
    kind === 'authentication'
      ? 'authentication failed'
      : kind === 'rate_limited'
        ? 'rate limited'
        : describeStatus(status);
  const message = redact(
    `${describeSource(provider, account)}: ${meaning} (${statusText})` +
      (providerMessage === undefined ? '' : `: ${providerMessage}`),
  );
  if (kind === 'authentication') return new AuthenticationError(message, options);
  if (kind === 'rate_limited') {
    return new RateLimitError(message, {
      ...options,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 403) return new PermissionDeniedError(message, options);
  if (status === 404) return new NotFoundError(message, options);
  return new ProviderError(message, options);
}

/** What V8 and Node throw for a text longer than a string can hold. */
function isStringTooLong(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code === 'ERR_STRING_TOO_LONG') return true;
  return error instanceof RangeError && /string length|longer than/i.test(error.message);
}

export interface OpenApiFetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws the typed error: HTTP errors by
 * status, a success body that is not JSON (or too large to read as text) as `ResponseFormatError`, a
 * body cut off mid-way as
 * `ConnectionError`, a body read stopped by the caller's signal as `AbortError`. Errors the
 * transport threw (already typed) pass through.
 */
export async function readProviderResponse<Data>(
  call: Promise<OpenApiFetchResult<Data>>,
  context: ProviderCallContext,
): Promise<{ data: Data; response: Response }> {
  const source = describeSource(context.provider, context.account);
  const options = {
    provider: context.provider,
    ...(context.account === undefined ? {} : { account: context.account }),
  };
  let result: OpenApiFetchResult<Data>;
  try {
    result = await call;
  } catch (error) {
    if (SwitchboardError.isInstance(error)) throw error;
    const redact = createRedactor(context.secrets ?? []);
    if (context.signal?.aborted || (error as { name?: unknown } | null)?.name === 'AbortError') {
      throw new AbortError(`${source}: the request was aborted`, {
        ...options,
        cause: redactError(error, redact),
      });
    }
    if (isStringTooLong(error)) {
      // A body past V8's longest string (about 512 MiB) cannot be read as text, let alone parsed.
      throw new ResponseFormatError(`${source} answered with a body too large to read`, options);
    }
    if (error instanceof SyntaxError) {
      // No cause: a JSON parser's message quotes the body, which may hold other instances' secrets.
      throw new ResponseFormatError(`${source} answered with a body that is not JSON`, options);
    }
    if (error instanceof TypeError) {
      throw new ConnectionError(redact(`${source}: the connection failed while reading the response body`), {
        ...options,
        cause: redactError(error, redact),
      });
    }
    throw error;
  }
  if (!result.response.ok) {
    throw createErrorFromResponse({ ...context, response: result.response, body: result.error });
  }
  return { data: result.data as Data, response: result.response };
}
