import { abortReason, type Clock, MAX_TIMER_MS, sleep, systemClock } from './clock.js';
import {
  AbortError,
  ConnectionError,
  RateLimitError,
  ResponseFormatError,
  SwitchboardError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import { describeSource, isRedirectResponse, parseRequestedWaitMs, redirectOrigin } from './http-errors.js';
import { LOG_LEVELS, type Logger, type LogLevel } from './logger.js';
import type { RateLimit } from './provider-adapter.js';
import { getSharedRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createRedactor, redactError, redactUrlPath } from './redact.js';

export interface TransportOptions {
  /** Names the provider in errors and log lines. */
  provider: string;
  account?: string;
  /** Values that must never be printed: the token, and anything else the caller knows is secret. */
  secrets: readonly string[];
  /** Defaults to `globalThis.fetch`, looked up at each request (so that msw and similar apply). */
  fetch?: typeof fetch;
  /**
   * Per attempt, in milliseconds, from when the request goes out until its body is read whole
   * (headers and body; time waiting for the rate limiter or a slot does not count). Default 30 000.
   */
  timeoutMs?: number;
  /**
   * The largest body an answer may have, in bytes: a larger one (by `Content-Length`, or counted as
   * it arrives) is a `ResponseFormatError`, stopped before it is read whole. Default 64 MiB.
   */
  maxResponseBytes?: number;
  /**
   * A concurrency pool: each attempt takes a slot before it goes out and gives it back once its body
   * is read or it failed, never holding it through a backoff or a rate-limit wait.
   */
  slots?: TransportSlots;
  /** Retries of a failed GET or HEAD. Default 2. Other methods are never retried. */
  maxRetries?: number;
  /** The client-side limit; null, false or absent for none. */
  rateLimit?: RateLimit | null | false;
  /**
   * What the rate limit is shared by besides the credential: the base URL. Defaults to the origin
   * of each request's URL.
   */
  rateLimitKey?: string;
  /**
   * The credential the rate limit is shared by; only a fingerprint of it is kept. Defaults to `secrets`
   * (the token is normally the only one).
   */
  rateLimitToken?: string;
  logger?: Logger;
  /** Default 'warn'. */
  logLevel?: LogLevel;
  /** Time, for tests. Defaults to `Date.now` and the global timers. */
  clock?: Clock;
  /** The jitter's source, for tests: returns a number in [0, 1). Defaults to `Math.random`. */
  random?: () => number;
}

/** What one call may change of a transport (`TransportFetch.withOptions`); absent keeps the transport's. */
export interface TransportCallOptions {
  /** Per attempt, in milliseconds, as `TransportOptions.timeoutMs`. */
  timeoutMs?: number;
  /** Retries of a failed GET or HEAD, as `TransportOptions.maxRetries`. */
  maxRetries?: number;
}

/** The fetch `createTransport` returns. */
export type TransportFetch = typeof fetch & {
  /**
   * The same transport with another timeout or retry count, for one call: it shares this one's rate
   * limiter, slots, logger, redaction, body ceiling and underlying fetch, so a call that overrides
   * them still counts against the account's rate-limit window and concurrency. Cheap: nothing is
   * built but the function. Throws `ValidationError` for a value `createTransport` would refuse.
   */
  withOptions(overrides: TransportCallOptions): TransportFetch;
};

/** A pool of concurrency slots the transport takes one from per attempt (core's `concurrency`). */
export interface TransportSlots {
  /**
   * Resolves with the function that gives the slot back (called exactly once) when one is free;
   * rejects when the signal aborts first.
   */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** 64 MiB: far above any listing page, far below what buffering would make a problem. */
export const DEFAULT_MAX_RESPONSE_BYTES = 67_108_864;
export const DEFAULT_MAX_RETRIES = 2;
/** The first backoff; each retry doubles it, up to `MAX_BACKOFF_MS`. */
export const INITIAL_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
/** The longest `Retry-After` the transport waits out; a longer one is handed to the caller at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

const LOG_LEVEL_RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Fields of `RequestInit` a `Request` carries itself; anything else (undici's `dispatcher`…) is passed on. */
const REQUEST_FIELDS = new Set([
  'body',
  'cache',
  'credentials',
  'duplex',
  'headers',
  'integrity',
  'keepalive',
  'method',
  'mode',
  'priority',
  'redirect',
  'referrer',
  'referrerPolicy',
  'signal',
  'window',
]);

/** Whether a response status is worth another attempt of an idempotent request. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The wait before retry `retry` (1-based): 0.5 s doubling up to 8 s, less up to a quarter at random
 * so that many clients failing together do not retry in lockstep.
 */
export function backoffDelayMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_BACKOFF_MS * 2 ** (retry - 1), MAX_BACKOFF_MS);
  return Math.round(base * (1 - random() * 0.25));
}

function validateOptions(options: TransportOptions): void {
  const fail = (field: string, expectation: string): never => {
    throw new ValidationError(`transport: \`${field}\` ${expectation}`, { field });
  };
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  if (typeof options.provider !== 'string' || options.provider === '')
    fail('provider', 'must be a non-empty string');
  if (!Array.isArray(options.secrets)) fail('secrets', 'must be an array of strings');
  const { rateLimit, logLevel, logger } = options;
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    fail('fetch', 'must be a fetch function');
  validateTransportLimits(options, (field, expectation) => fail(field, expectation));
  if (rateLimit !== undefined && rateLimit !== null && rateLimit !== false) {
    if (
      typeof rateLimit !== 'object' ||
      !Number.isInteger(rateLimit.requests) ||
      rateLimit.requests < 1 ||
      !Number.isFinite(rateLimit.perMs) ||
      rateLimit.perMs <= 0
    ) {
      fail(
        'rateLimit',
        'must be false or { requests, perMs } with a whole number of requests and a positive perMs',
      );
    }
  }
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel))
    fail('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  if (logger !== undefined) {
    const methods = ['debug', 'info', 'warn', 'error'] as const;
    if (
      typeof logger !== 'object' ||
      logger === null ||
      methods.some((name) => typeof logger[name] !== 'function')
    ) {
      fail('logger', 'must have debug, info, warn and error methods');
    }
  }
}

/** Checks `timeoutMs` and `maxRetries`, the options `withOptions` can change too. */
function validateCallOptions(
  options: { timeoutMs?: unknown; maxRetries?: unknown },
  fail: (field: string, expectation: string) => Error,
): void {
  const { timeoutMs, maxRetries } = options;
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)
  ) {
    throw fail('timeoutMs', 'must be a positive number of milliseconds');
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && (maxRetries as number) >= 0)) {
    throw fail('maxRetries', 'must be a whole number, 0 or more');
  }
}

/**
 * Checks the transport options a raw client passes on (`timeoutMs`, `maxRetries`,
 * `maxResponseBytes`, `slots`), shared by `createTransport` and `resolveClientSetup` (which words its
 * errors its own way).
 */
export function validateTransportLimits(
  options: { timeoutMs?: unknown; maxRetries?: unknown; maxResponseBytes?: unknown; slots?: unknown },
  fail: (field: string, expectation: string) => Error,
): void {
  validateCallOptions(options, fail);
  const { maxResponseBytes, slots } = options;
  if (
    maxResponseBytes !== undefined &&
    !(
      (Number.isSafeInteger(maxResponseBytes) && (maxResponseBytes as number) > 0) ||
      maxResponseBytes === Number.POSITIVE_INFINITY
    )
  ) {
    throw fail('maxResponseBytes', 'must be a whole number of bytes, 1 or more (or Infinity)');
  }
  if (
    slots !== undefined &&
    (typeof slots !== 'object' || slots === null || typeof (slots as TransportSlots).acquire !== 'function')
  ) {
    throw fail('slots', 'must have an acquire(signal) method');
  }
}

/** Both signals in one: aborts when either does, with that one's reason. */
function eitherSignal(first: AbortSignal, second: AbortSignal): { signal: AbortSignal; release(): void } {
  const any = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  // AbortSignal.any holds its sources weakly, so the caller's signal keeps governing the body read.
  if (typeof any === 'function') return { signal: any.call(AbortSignal, [first, second]), release: () => {} };
  const controller = new AbortController();
  const forward = (source: AbortSignal) => () => controller.abort(source.reason);
  const onFirst = forward(first);
  const onSecond = forward(second);
  if (first.aborted) controller.abort(first.reason);
  else if (second.aborted) controller.abort(second.reason);
  first.addEventListener('abort', onFirst, { once: true });
  second.addEventListener('abort', onSecond, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      first.removeEventListener('abort', onFirst);
      second.removeEventListener('abort', onSecond);
    },
  };
}

/** Settles with the fetch, or rejects as soon as the signal aborts even if that fetch ignores it. */
function untilAborted(pending: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      pending.then(discard, () => {});
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        // Already rejected by the abort: nobody will read this body.
        if (signal.aborted) discard(response);
        else resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Frees a response nobody will read, so that its connection goes back to the pool. */
function discard(response: Response): void {
  try {
    response.body?.cancel().catch(() => {});
  } catch {
    // A locked or already-consumed body has nothing left to free.
  }
}

/** Messages of an error and its causes, such as `fetch failed: other side closed`. */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current !== undefined && current !== null; depth++) {
    const message =
      typeof current === 'object'
        ? (current as { message?: unknown }).message
        : typeof current === 'string'
          ? current
          : '';
    const code = typeof current === 'object' ? (current as { code?: unknown }).code : undefined;
    const text =
      typeof message === 'string' && message !== '' ? message : typeof code === 'string' ? code : '';
    if (text !== '' && !parts.includes(text)) parts.push(text);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return parts.join(': ');
}

/** Statuses whose response cannot carry a body (the `Response` constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A body read stopped because it passed `maxResponseBytes`. */
class BodyTooLarge extends Error {
  constructor(readonly bytes: number | undefined) {
    super('the response body is larger than maxResponseBytes');
  }
}

/**
 * Reads a body whole while the signal allows, counting bytes. Aborting cancels the reader, which
 * settles a pending read even when the fetch that made the stream ignores its signal, and frees the
 * connection. Chunks are kept as they came, never concatenated here.
 */
async function readBodyChunks(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Uint8Array[]> {
  const reader = body.getReader();
  const onAbort = (): void => {
    reader.cancel(abortReason(signal)).catch(() => {});
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      if (signal.aborted) throw abortReason(signal);
      const { done, value } = await reader.read();
      if (signal.aborted) throw abortReason(signal);
      if (done) return chunks;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw new BodyTooLarge(undefined);
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A stream over chunks already read, letting go of each as it is taken (no copy of the whole). */
function streamOfChunks(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index >= chunks.length) {
        controller.close();
        return;
      }
      const chunk = chunks[index]!;
      chunks[index] = new Uint8Array(0);
      index += 1;
      controller.enqueue(chunk);
    },
  });
}

/** Below this, chunks are joined into one buffer: cheaper to hand over than a stream, and the copy is small. */
const JOIN_CHUNKS_BELOW_BYTES = 1_048_576;

function bodyOf(chunks: Uint8Array[]): BodyInit {
  // A chunk a stream gave is backed by a plain ArrayBuffer, as a body needs.
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  if (total >= JOIN_CHUNKS_BELOW_BYTES) return streamOfChunks(chunks);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/** The same response with its body already read, keeping the URL it answered (redirects resolve against it). */
function rebuildResponse(response: Response, chunks: Uint8Array[]): Response {
  const body = NULL_BODY_STATUSES.has(response.status) || chunks.length === 0 ? null : bodyOf(chunks);
  const rebuilt = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  if (response.url !== '') Object.defineProperty(rebuilt, 'url', { value: response.url });
  return rebuilt;
}

function declaredLength(headers: Headers): number | undefined {
  const text = headers.get('content-length')?.trim();
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

interface AttemptSettings {
  request: Request;
  extension: Record<string, unknown> | undefined;
  callerSignal: AbortSignal;
  timeoutMs: number;
}

/** A transport's timeout and retry count, resolved. */
interface CallSettings {
  timeoutMs: number;
  maxRetries: number;
}

/** What to do with an answer whose headers have arrived. */
type Decision = { retry: false } | { retry: true; delayMs: number };

/** Gives a slot back once, however many paths reach the release. */
function once(release: () => void): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      release();
    } catch {
      // A pool that throws on release must not turn a good response into a failure.
    }
  };
}

/**
 * A fetch-compatible function that adds, below openapi-fetch: per-attempt timeout, retries with
 * backoff, `Retry-After`, client-side rate limiting, a ceiling on body size, typed errors for
 * connection failures, timeouts and aborts, and redacted logging.
 *
 * It takes `(request)` as openapi-fetch calls it, or `(url, init)`. GET and HEAD are retried on
 * connection errors, timeouts, 408, 409, 429 and 5xx; when the retries run out, an HTTP error status
 * comes back as the last response (openapi-fetch then gives `{ error, response }`), while a
 * connection failure or timeout throws `ConnectionError` or `TimeoutError`. A server asking to wait
 * (`Retry-After`, `retry-after-ms`, or `X-RateLimit-Reset` with `X-RateLimit-Remaining: 0`) more
 * than 60 s gets no wait: its response comes back at once, and `createErrorFromResponse` makes it a
 * `RateLimitError` with `retryAfterMs`; once the rate limiter has seen such a reset, later requests
 * fail at once with that `RateLimitError`, unsent. An ask already past (a date in the past) means
 * the normal backoff. The caller's signal aborts everything (the request, a
 * backoff, a rate-limit wait) with `AbortError`.
 *
 * Each attempt reads its answer's body whole before it returns (the response handed back carries
 * the bytes already read), so the timeout runs from when the request goes out (not while it waits
 * for the rate limiter or a slot) until the body is read: a body that stalls is a `TimeoutError`,
 * retried like any timeout, and its connection is closed. A body over `maxResponseBytes` is a
 * `ResponseFormatError`, refused by its `Content-Length` or stopped as soon as the count passes.
 * With `slots`, each attempt holds one slot from just before it goes out until its body is read,
 * and none while it waits to retry.
 *
 * A redirect is never followed (`redirect: 'manual'` on every request, whatever the caller asked):
 * a 3xx, or a runtime's opaque redirect (status 0), comes back at once, not retried, so a raw client
 * gets `{ error, response }` with that response (its `Location` unvisited) and
 * `createErrorFromResponse` makes it a `ProviderError` naming the redirect's origin.
 *
 * Its `withOptions({ timeoutMs, maxRetries })` gives the same transport with another timeout or
 * retry count (one call's), sharing everything else: one rate-limit window and one slot pool per
 * account, however many calls override them.
 */
export function createTransport(options: TransportOptions): TransportFetch {
  validateOptions(options);
  const provider = options.provider;
  const account = options.account;
  const secrets = options.secrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  const redact = createRedactor(secrets);
  const source = describeSource(provider, account);
  const errorOptions = { provider, ...(account === undefined ? {} : { account }) };
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const slots = options.slots;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const logger = options.logger;
  const logRank = LOG_LEVEL_RANK[options.logLevel ?? 'warn'];
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const rateLimit = options.rateLimit ? options.rateLimit : undefined;
  const rateLimitToken = options.rateLimitToken ?? secrets.join('\u0000');
  const limiters = new Map<string, RateLimiter>();

  const limiterFor = (url: string): RateLimiter | undefined => {
    if (!rateLimit) return undefined;
    let key = options.rateLimitKey;
    if (key === undefined) {
      try {
        key = new URL(url).origin;
      } catch {
        key = url;
      }
    }
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = getSharedRateLimiter({ key, token: rateLimitToken, limit: rateLimit, clock });
      limiters.set(key, limiter);
    }
    return limiter;
  };

  const log = (level: Exclude<LogLevel, 'off'>, message: string): void => {
    if (!logger || LOG_LEVEL_RANK[level] > logRank) return;
    try {
      logger[level](redact(`[switchboard] ${message}`));
    } catch {
      // A logger that throws must not turn a good response into a failure.
    }
  };

  const abortError = (what: string, reason: unknown): AbortError =>
    new AbortError(redact(`${source}: ${what} was aborted`), {
      ...errorOptions,
      cause: redactError(reason, redact),
    });

  const requestedWaitMs = (headers: Headers): number | undefined =>
    parseRequestedWaitMs(headers, clock.now());

  const tooLarge = (what: string, bytes: number | undefined): ResponseFormatError =>
    new ResponseFormatError(
      redact(
        bytes === undefined
          ? `${source}: the answer to ${what} is larger than maxResponseBytes (${maxResponseBytes} bytes); reading stopped there`
          : `${source}: the answer to ${what} is ${bytes} bytes, over maxResponseBytes (${maxResponseBytes} bytes); it was not read`,
      ),
      errorOptions,
    );

  /**
   * One attempt, under its own timeout: the request, then (unless `decide` says the answer will be
   * retried, when its body is dropped unread) the whole body.
   */
  async function sendOnce(
    { request, extension, callerSignal, timeoutMs }: AttemptSettings,
    what: string,
    decide: (response: Response) => Decision,
  ): Promise<{ response: Response; decision: Decision }> {
    const timeout = new AbortController();
    let timedOut = false;
    let readingBody = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      timeout.abort(new Error(`no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    const combined = eitherSignal(callerSignal, timeout.signal);
    try {
      // Never follow: fetch drops `Authorization` on a cross-origin redirect, not `token` or `apikey`.
      const attemptRequest = new Request(request, { signal: combined.signal, redirect: 'manual' });
      let pending: Promise<Response>;
      try {
        pending = Promise.resolve(
          extension === undefined ? baseFetch(attemptRequest) : baseFetch(attemptRequest, extension),
        );
      } catch (error) {
        pending = Promise.reject(error);
      }
      const response = await untilAborted(pending, combined.signal);
      const decision = decide(response);
      if (decision.retry || response.body === null) {
        if (decision.retry) discard(response);
        return { response, decision };
      }
      const declared = declaredLength(response.headers);
      if (declared !== undefined && declared > maxResponseBytes) {
        discard(response);
        throw new BodyTooLarge(declared);
      }
      readingBody = true;
      const chunks = await readBodyChunks(response.body, combined.signal, maxResponseBytes);
      return { response: rebuildResponse(response, chunks), decision };
    } catch (error) {
      if (callerSignal.aborted) throw abortError(what, abortReason(callerSignal));
      if (error instanceof BodyTooLarge) throw tooLarge(what, error.bytes);
      if (timedOut) {
        const message = readingBody
          ? `${source}: the body of the answer to ${what} was not read whole within ${timeoutMs} ms`
          : `${source}: no response within ${timeoutMs} ms to ${what}`;
        throw new TimeoutError(redact(message), { ...errorOptions, timeoutMs });
      }
      if (SwitchboardError.isInstance(error)) throw error;
      const detail = describeFailure(error);
      const failed = readingBody ? 'connection failed while reading the answer to' : 'connection failed on';
      throw new ConnectionError(redact(`${source}: ${failed} ${what}${detail ? ` (${detail})` : ''}`), {
        ...errorOptions,
        cause: redactError(error, redact),
      });
    } finally {
      clock.clearTimeout(timer);
      combined.release();
    }
  }

  async function transport(
    { timeoutMs, maxRetries }: CallSettings,
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> {
    let request: Request;
    try {
      request = input instanceof Request && init === undefined ? input : new Request(input, init);
    } catch (error) {
      throw new ValidationError(redact(`${source}: invalid request (${describeFailure(error)})`), {
        ...errorOptions,
        cause: redactError(error, redact),
      });
    }
    let extension: Record<string, unknown> | undefined;
    if (init) {
      for (const [field, value] of Object.entries(init)) {
        if (REQUEST_FIELDS.has(field)) continue;
        extension ??= {};
        extension[field] = value;
      }
    }
    const callerSignal = request.signal;
    const method = request.method.toUpperCase();
    const what = `${method} ${redactUrlPath(request.url, redact)}`;
    const maxAttempts = method === 'GET' || method === 'HEAD' ? maxRetries + 1 : 1;
    const limiter = limiterFor(request.url);
    const settings: AttemptSettings = { request, extension, callerSignal, timeoutMs };

    for (let attempt = 1; ; attempt++) {
      const attemptText = `attempt ${attempt}/${maxAttempts}`;
      if (callerSignal.aborted) {
        log('info', `${source}: ${what} aborted before ${attemptText}`);
        throw abortError(what, abortReason(callerSignal));
      }
      let grantedAt: number | undefined;
      if (limiter) {
        try {
          grantedAt = await limiter.acquire(callerSignal);
        } catch (error) {
          if (!callerSignal.aborted && RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
            const message = `${source}: rate limited: the server said its quota is spent for ${error.retryAfterMs} ms more (X-RateLimit-Reset), longer than the ${MAX_RETRY_AFTER_MS} ms the transport waits; ${what} was not sent`;
            log('error', message);
            throw new RateLimitError(redact(message), { ...errorOptions, retryAfterMs: error.retryAfterMs });
          }
          log('info', `${source}: ${what} aborted while waiting for the rate limit (${attemptText})`);
          throw abortError(what, callerSignal.aborted ? abortReason(callerSignal) : error);
        }
      }
      let releaseSlot: (() => void) | undefined;
      if (slots) {
        try {
          releaseSlot = once(await slots.acquire(callerSignal));
        } catch (error) {
          if (grantedAt !== undefined) limiter?.settle(grantedAt);
          log('info', `${source}: ${what} aborted while waiting for a concurrency slot (${attemptText})`);
          throw abortError(what, callerSignal.aborted ? abortReason(callerSignal) : error);
        }
      }
      const startedAt = clock.now();
      const decide = (response: Response): Decision => {
        const status = response.status;
        if (isRedirectResponse(response) || !isRetryableStatus(status) || attempt >= maxAttempts) {
          return { retry: false };
        }
        const requestedMs = requestedWaitMs(response.headers);
        if (requestedMs !== undefined && requestedMs > MAX_RETRY_AFTER_MS) {
          return { retry: false };
        }
        // No ask, or one already past (a date in the past, a reset now): the normal backoff, so a
        // server answering at once with a stale date is not hammered.
        const delayMs =
          requestedMs === undefined || requestedMs === 0 ? backoffDelayMs(attempt, random) : requestedMs;
        return { retry: true, delayMs };
      };
      let outcome: { response: Response; decision: Decision };
      try {
        outcome = await sendOnce(settings, what, decide);
      } catch (error) {
        releaseSlot?.();
        if (grantedAt !== undefined) limiter?.settle(grantedAt);
        const failure = error as SwitchboardError;
        const line = `${source}: ${what} -> ${failure.code ?? 'error'} in ${clock.now() - startedAt} ms (${attemptText})`;
        if (AbortError.isInstance(error)) {
          log('info', line);
          throw error;
        }
        if (attempt >= maxAttempts || !(SwitchboardError.isInstance(error) && error.retryable)) {
          log('error', line);
          throw error;
        }
        const delayMs = backoffDelayMs(attempt, random);
        log('warn', `${line}, retrying in ${delayMs} ms`);
        await pause(delayMs, callerSignal, what);
        continue;
      }
      releaseSlot?.();

      const { response, decision } = outcome;
      const durationMs = clock.now() - startedAt;
      if (grantedAt !== undefined) limiter?.settle(grantedAt);
      limiter?.observe(response.headers);
      const status = response.status;
      const line = `${source}: ${what} -> ${status} in ${durationMs} ms (${attemptText})`;
      if (decision.retry) {
        log('warn', `${line}, retrying in ${decision.delayMs} ms`);
        await pause(decision.delayMs, callerSignal, what);
        continue;
      }
      if (isRedirectResponse(response)) {
        const origin = redirectOrigin(response, redact);
        log('error', `${line}: a redirect${origin === undefined ? '' : ` to ${origin}`} not followed`);
        return response;
      }
      if (isRetryableStatus(status) && attempt < maxAttempts) {
        log(
          'error',
          `${line}, not retrying: the server asks to wait ${requestedWaitMs(response.headers)} ms`,
        );
        return response;
      }
      // A 404 is also how providers answer a filter that matches nothing, not a failure.
      if (status >= 400 && status !== 404) log('error', line);
      else log(status >= 400 ? 'info' : 'debug', line);
      return response;
    }
  }

  async function pause(delayMs: number, callerSignal: AbortSignal, what: string): Promise<void> {
    try {
      await sleep(clock, delayMs, callerSignal);
    } catch (error) {
      log('info', `${source}: ${what} aborted while waiting to retry`);
      throw abortError(what, error);
    }
  }

  const failOverride = (field: string, expectation: string): never => {
    throw new ValidationError(`transport: \`${field}\` ${expectation}`, { ...errorOptions, field });
  };
  /** One transport function per settings; every one shares the state above. */
  const fetchWith = (settings: CallSettings): TransportFetch =>
    Object.assign(
      (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => transport(settings, input, init),
      {
        withOptions(overrides: TransportCallOptions): TransportFetch {
          if (typeof overrides !== 'object' || overrides === null)
            failOverride('overrides', 'must be an object');
          validateCallOptions(overrides, failOverride);
          return fetchWith({
            timeoutMs:
              overrides.timeoutMs === undefined
                ? settings.timeoutMs
                : Math.min(overrides.timeoutMs, MAX_TIMER_MS),
            maxRetries: overrides.maxRetries ?? settings.maxRetries,
          });
        },
      },
    ) as TransportFetch;

  return fetchWith({
    timeoutMs: Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMER_MS),
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
  });
}
