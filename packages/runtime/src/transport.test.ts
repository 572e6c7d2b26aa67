import type { RequestListener } from 'node:http';
import { inspect } from 'node:util';
import createClient from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLoopbackServers } from './__fixtures__/loopback-servers.js';
import type { Clock } from './clock.js';
import {
  AbortError,
  ConnectionError,
  ProviderError,
  RateLimitError,
  ResponseFormatError,
  SwitchboardError,
  TimeoutError,
  ValidationError,
} from './errors.js';
import { createErrorFromResponse } from './http-errors.js';
import type { Logger } from './logger.js';
import {
  backoffDelayMs,
  createTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  isRetryableStatus,
  type TransportOptions,
} from './transport.js';

type Step = Response | Error | ((request: Request) => Response | Promise<Response>);

/** A fetch that answers from a script, one step per call, and records what it was sent. */
function scriptedFetch(...steps: Step[]) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    const step = steps.shift();
    if (step === undefined) throw new Error('the script has no more steps');
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(request) : step;
  });
  return { fetch, requests };
}

/** A fetch that never answers and ignores its signal, as a hung connection would. */
function hangingFetch() {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL): Promise<Response> => {
    requests.push(input as Request);
    return new Promise<Response>(() => {});
  });
  return { fetch, requests };
}

function json(status: number, body: unknown = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

let keyCounter = 0;
/** Each test gets its own rate-limit key, so that the process-wide registry never links two tests. */
function uniqueKey(): string {
  keyCounter += 1;
  return `https://limit-${keyCounter}.test`;
}

function transportWith(fetch: typeof globalThis.fetch, options: Partial<TransportOptions> = {}) {
  return createTransport({
    provider: 'acme',
    account: 'sales',
    secrets: ['tok_secret'],
    fetch,
    random: () => 0,
    ...options,
  });
}

/** Catches the outcome at once, so that a rejection under fake timers is never unhandled. */
function settle<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  const settled = promise.then(
    (value) => {
      state.done = true;
      state.value = value;
    },
    (error: unknown) => {
      state.done = true;
      state.error = error;
    },
  );
  return Object.assign(state, { settled });
}

const URL_LIST = 'https://acme.test/api/instance/list';

describe('createTransport with fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a Request as openapi-fetch does, and a URL with init, each once', async () => {
    const { fetch, requests } = scriptedFetch(json(200, { a: 1 }), json(200, { b: 2 }));
    const transport = transportWith(fetch);
    const first = await transport(new Request(URL_LIST, { headers: { token: 'tok_secret' } }));
    expect(await first.json()).toEqual({ a: 1 });
    const second = await transport(URL_LIST, { method: 'POST', body: '{"x":1}', headers: { 'x-test': 'y' } });
    expect(second.status).toBe(200);
    expect(requests[0]!.headers.get('token')).toBe('tok_secret');
    expect(requests[1]!.method).toBe('POST');
    expect(requests[1]!.headers.get('x-test')).toBe('y');
    expect(await requests[1]!.text()).toBe('{"x":1}');
  });

  it('passes fields a Request cannot carry (such as a dispatcher) on to the fetch', async () => {
    const { fetch } = scriptedFetch(json(200));
    const dispatcher = { marker: true };
    await transportWith(fetch)(URL_LIST, { dispatcher } as RequestInit);
    expect(fetch.mock.calls[0]![1]).toEqual({ dispatcher });
  });

  it('retries a GET after a 503 once the backoff has passed, not before', async () => {
    const { fetch } = scriptedFetch(json(503), json(200, { ok: true }));
    const outcome = settle(transportWith(fetch)(URL_LIST));
    await vi.advanceTimersByTimeAsync(499);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await outcome.settled;
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(outcome.value?.status).toBe(200);
  });

  it('backs off 0.5 s doubling up to 8 s, with up to a quarter of jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((retry) => backoffDelayMs(retry, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoffDelayMs(1, () => 0.999)).toBe(375);
    expect(backoffDelayMs(6, () => 0.5)).toBe(7000);
  });

  it.each([408, 409, 429, 500, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 422])('does not retry HTTP %i', async (status) => {
    expect(isRetryableStatus(status)).toBe(false);
    const { fetch } = scriptedFetch(json(status));
    const response = await transportWith(fetch)(URL_LIST);
    expect(response.status).toBe(status);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('returns the last response when retries run out, cancelling the bodies it discarded', async () => {
    const cancelled: number[] = [];
    const failing = (attempt: number) =>
      new Response(
        new ReadableStream({
          cancel() {
            cancelled.push(attempt);
          },
        }),
        { status: 500 },
      );
    // The bodies of answers that will be retried are dropped unread; the last one is read whole.
    const { fetch } = scriptedFetch(failing(1), failing(2), json(500, { message: 'still down' }));
    const outcome = settle(transportWith(fetch, { maxRetries: 2 })(URL_LIST));
    await vi.advanceTimersByTimeAsync(1500);
    await outcome.settled;
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(outcome.value?.status).toBe(500);
    expect(await outcome.value?.json()).toEqual({ message: 'still down' });
    expect(cancelled).toEqual([1, 2]);
  });

  it('never retries another method, on an error status or a failed connection', async () => {
    const { fetch } = scriptedFetch(json(503), new TypeError('fetch failed'));
    const transport = transportWith(fetch);
    expect((await transport(URL_LIST, { method: 'POST', body: '{}' })).status).toBe(503);
    await expect(transport(URL_LIST, { method: 'DELETE' })).rejects.toBeInstanceOf(ConnectionError);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('retries a HEAD like a GET', async () => {
    const { fetch } = scriptedFetch(new Response(null, { status: 502 }), new Response(null, { status: 200 }));
    const outcome = settle(transportWith(fetch)(URL_LIST, { method: 'HEAD' }));
    await vi.advanceTimersByTimeAsync(500);
    await outcome.settled;
    expect(outcome.value?.status).toBe(200);
  });

  it.each([
    ['Retry-After seconds', { 'retry-after': '3' }, 3000],
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 1500],
    ['an HTTP date', { 'retry-after': new Date(Date.parse('2026-03-01T12:00:02Z')).toUTCString() }, 2000],
  ])('waits as long as %s asks before retrying', async (_, headers, waitMs) => {
    const { fetch } = scriptedFetch(json(429, {}, headers), json(200));
    const outcome = settle(transportWith(fetch)(URL_LIST));
    await vi.advanceTimersByTimeAsync(waitMs - 1);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await outcome.settled;
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(outcome.value?.status).toBe(200);
  });

  it('hands back at once a 429 that asks for more than 60 s, which then maps to RateLimitError', async () => {
    const { fetch } = scriptedFetch(json(429, { message: 'Rate limit exceeded' }, { 'retry-after': '120' }));
    const response = await transportWith(fetch)(URL_LIST);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(response.status).toBe(429);
    const error = createErrorFromResponse({ provider: 'acme', response, body: await response.json() });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
  });

  describe('waits the server announces', () => {
    it('hands back at once a 429 whose spent quota resets in over 60 s, mapped to RateLimitError', async () => {
      const { fetch } = scriptedFetch(
        json(429, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '120' }),
      );
      const response = await transportWith(fetch)(URL_LIST);
      expect(fetch).toHaveBeenCalledTimes(1);
      const error = createErrorFromResponse({ provider: 'acme', response, body: {} });
      expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000 });
    });

    it('waits out a near reset of a spent quota instead of the backoff', async () => {
      const { fetch } = scriptedFetch(
        json(429, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' }),
        json(200),
      );
      const outcome = settle(transportWith(fetch)(URL_LIST));
      await vi.advanceTimersByTimeAsync(2999);
      expect(fetch).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      await outcome.settled;
      expect(outcome.value?.status).toBe(200);
    });

    it.each([
      ['a Retry-After date in the past', { 'retry-after': 'Sun, 01 Mar 2026 11:00:00 GMT' }],
      ['Retry-After: 0', { 'retry-after': '0' }],
      [
        'a reset in the past',
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Date.parse('2026-03-01T11:00:00Z') / 1000),
        },
      ],
    ])('retries after %s with the normal backoff, not at once', async (_, headers) => {
      const { fetch } = scriptedFetch(json(503, {}, headers), json(200));
      const outcome = settle(transportWith(fetch)(URL_LIST));
      await vi.advanceTimersByTimeAsync(499);
      expect(fetch).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      await outcome.settled;
      expect(fetch).toHaveBeenCalledTimes(2);
    });

    it('hands back a Retry-After of 400 digits at once, with a finite retryAfterMs', async () => {
      const { fetch } = scriptedFetch(json(429, {}, { 'retry-after': '9'.repeat(400) }));
      const response = await transportWith(fetch)(URL_LIST);
      expect(fetch).toHaveBeenCalledTimes(1);
      const error = createErrorFromResponse({ provider: 'acme', response, body: {} }) as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(Number.isFinite(error.retryAfterMs)).toBe(true);
      expect(error.retryAfterMs).toBe(2_147_483_647);
      expect(error.message).toContain('retry after 2147483647 ms');
    });

    it('fails the next requests at once, unsent, after a 200 says the quota is spent for an hour', async () => {
      const { fetch } = scriptedFetch(
        json(200, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3600' }),
        json(200),
      );
      const transport = transportWith(fetch, {
        rateLimit: { requests: 100, perMs: 60_000 },
        rateLimitKey: uniqueKey(),
      });
      expect((await transport(URL_LIST)).status).toBe(200);
      const next = settle(transport(URL_LIST));
      await vi.advanceTimersByTimeAsync(0);
      expect(next.done).toBe(true);
      const error = next.error as RateLimitError;
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({
        retryAfterMs: 3_600_000,
        provider: 'acme',
        account: 'sales',
        retryable: true,
      });
      expect(error.message).toBe(
        'acme account "sales": rate limited: the server said its quota is spent for 3600000 ms more (X-RateLimit-Reset), longer than the 60000 ms the transport waits; GET /api/instance/list was not sent',
      );
      expect(fetch).toHaveBeenCalledTimes(1);
    });
  });

  it('retries a failed connection, then throws ConnectionError with a sanitized cause', async () => {
    const failure = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const { fetch } = scriptedFetch(failure, failure, failure);
    const outcome = settle(transportWith(fetch)(URL_LIST));
    await vi.advanceTimersByTimeAsync(1500);
    await outcome.settled;
    expect(fetch).toHaveBeenCalledTimes(3);
    const error = outcome.error as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      'acme account "sales": connection failed on GET /api/instance/list (fetch failed: other side closed)',
    );
    expect(error.cause).not.toBe(failure);
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect((error.cause as Error).cause).toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it('times an attempt out even when the fetch ignores its signal, and retries it', async () => {
    const { fetch, requests } = hangingFetch();
    const outcome = settle(transportWith(fetch, { timeoutMs: 1000, maxRetries: 1 })(URL_LIST));
    await vi.advanceTimersByTimeAsync(999);
    expect(outcome.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests[0]!.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(500 + 1000);
    await outcome.settled;
    expect(fetch).toHaveBeenCalledTimes(2);
    const error = outcome.error as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'timeout', timeoutMs: 1000, retryable: true, provider: 'acme' });
  });

  it('defaults to a 30 s timeout', async () => {
    const { fetch } = hangingFetch();
    const outcome = settle(transportWith(fetch, { maxRetries: 0 })(URL_LIST));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(outcome.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await outcome.settled;
    expect(outcome.error).toBeInstanceOf(TimeoutError);
  });

  it('does not count time waiting for the rate limiter toward the timeout', async () => {
    const { fetch } = scriptedFetch(
      ...Array.from({ length: 2 }, () => async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return json(200);
      }),
    );
    const transport = transportWith(fetch, {
      timeoutMs: 1000,
      rateLimit: { requests: 1, perMs: 10_000 },
      rateLimitKey: uniqueKey(),
    });
    const first = settle(transport(URL_LIST));
    const second = settle(transport(URL_LIST));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(first.value?.status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(1);
    // The window runs from the first answer (at 600 ms): the second request goes at 10 600 ms and
    // takes 600 ms, 11 200 ms after it was queued, yet within its 1 000 ms timeout.
    await vi.advanceTimersByTimeAsync(1_201);
    await second.settled;
    expect(second.value?.status).toBe(200);
  });

  it('shares the rate limit between transports of one key and token, not across tokens', async () => {
    const key = uniqueKey();
    const { fetch } = scriptedFetch(json(200), json(200), json(200));
    const limit = { rateLimit: { requests: 1, perMs: 1000 }, rateLimitKey: key };
    const first = transportWith(fetch, limit);
    const sameToken = transportWith(fetch, limit);
    const otherToken = transportWith(fetch, { ...limit, secrets: ['another_token'] });
    await first(URL_LIST);
    const waiting = settle(sameToken(URL_LIST));
    await otherToken(URL_LIST);
    await vi.advanceTimersByTimeAsync(999);
    expect(waiting.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting.settled;
    expect(waiting.value?.status).toBe(200);
  });

  it('makes the next request wait when a response says X-RateLimit-Remaining is 0', async () => {
    const { fetch } = scriptedFetch(
      json(200, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '4' }),
      json(200),
    );
    const transport = transportWith(fetch, {
      rateLimit: { requests: 100, perMs: 60_000 },
      rateLimitKey: uniqueKey(),
    });
    await transport(URL_LIST);
    const next = settle(transport(URL_LIST));
    await vi.advanceTimersByTimeAsync(3999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await next.settled;
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  describe('aborting through the caller signal', () => {
    it('refuses an already aborted signal without sending anything', async () => {
      const { fetch } = scriptedFetch(json(200));
      await expect(transportWith(fetch)(URL_LIST, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
        AbortError,
      );
      expect(fetch).not.toHaveBeenCalled();
    });

    it('stops a request in flight at once, even when the fetch ignores the signal', async () => {
      const { fetch, requests } = hangingFetch();
      const controller = new AbortController();
      const outcome = settle(transportWith(fetch)(new Request(URL_LIST, { signal: controller.signal })));
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect(outcome.done).toBe(true);
      expect(outcome.error).toBeInstanceOf(AbortError);
      expect(requests[0]!.signal.aborted).toBe(true);
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('stops a backoff sleep and sends nothing more', async () => {
      const { fetch } = scriptedFetch(json(503), json(200));
      const controller = new AbortController();
      const outcome = settle(transportWith(fetch)(URL_LIST, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(100);
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect(outcome.error).toBeInstanceOf(AbortError);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('stops a wait for the rate limiter and sends nothing', async () => {
      const { fetch } = scriptedFetch(json(200), json(200));
      const transport = transportWith(fetch, {
        rateLimit: { requests: 1, perMs: 5000 },
        rateLimitKey: uniqueKey(),
      });
      await transport(URL_LIST);
      const controller = new AbortController();
      const outcome = settle(transport(URL_LIST, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(100);
      controller.abort(new Error('user left'));
      await vi.advanceTimersByTimeAsync(0);
      expect(outcome.error).toBeInstanceOf(AbortError);
      expect((outcome.error as AbortError).cause).toMatchObject({ message: 'user left' });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(fetch).toHaveBeenCalledTimes(1);
    });
  });

  describe('logging', () => {
    function recordingLogger() {
      const lines: { level: string; message: string }[] = [];
      const logger: Logger = {
        debug: (message) => void lines.push({ level: 'debug', message }),
        info: (message) => void lines.push({ level: 'info', message }),
        warn: (message) => void lines.push({ level: 'warn', message }),
        error: (message) => void lines.push({ level: 'error', message }),
      };
      return { logger, lines };
    }

    it('writes one line per attempt: retries at warn, the final failure at error', async () => {
      const { logger, lines } = recordingLogger();
      const { fetch } = scriptedFetch(json(503), new TypeError('fetch failed'), json(500));
      const outcome = settle(transportWith(fetch, { logger, logLevel: 'debug' })(URL_LIST));
      await vi.advanceTimersByTimeAsync(1500);
      await outcome.settled;
      expect(lines).toEqual([
        {
          level: 'warn',
          message:
            '[switchboard] acme account "sales": GET /api/instance/list -> 503 in 0 ms (attempt 1/3), retrying in 500 ms',
        },
        {
          level: 'warn',
          message:
            '[switchboard] acme account "sales": GET /api/instance/list -> connection in 0 ms (attempt 2/3), retrying in 1000 ms',
        },
        {
          level: 'error',
          message: '[switchboard] acme account "sales": GET /api/instance/list -> 500 in 0 ms (attempt 3/3)',
        },
      ]);
    });

    it('logs a success at debug with its duration, and filters by level (default warn)', async () => {
      const { logger, lines } = recordingLogger();
      const slowOk = async () => {
        await new Promise((resolve) => setTimeout(resolve, 42));
        return json(200);
      };
      const { fetch } = scriptedFetch(slowOk, slowOk, json(401));
      const debugging = settle(transportWith(fetch, { logger, logLevel: 'debug' })(URL_LIST));
      await vi.advanceTimersByTimeAsync(42);
      await debugging.settled;
      expect(lines).toEqual([
        {
          level: 'debug',
          message: '[switchboard] acme account "sales": GET /api/instance/list -> 200 in 42 ms (attempt 1/3)',
        },
      ]);
      const quiet = settle(transportWith(fetch, { logger })(URL_LIST));
      await vi.advanceTimersByTimeAsync(42);
      await quiet.settled;
      await transportWith(fetch, { logger, logLevel: 'off' })(URL_LIST);
      expect(lines).toHaveLength(1);
    });

    it('keeps working when the logger throws', async () => {
      const throwing: Logger = {
        debug: () => {
          throw new Error('broken logger');
        },
        info: () => {},
        warn: () => {},
        error: () => {},
      };
      const { fetch } = scriptedFetch(json(200));
      const response = await transportWith(fetch, { logger: throwing, logLevel: 'debug' })(URL_LIST);
      expect(response.status).toBe(200);
    });
  });

  it('refuses bad options with ValidationError', () => {
    const base = { provider: 'acme', secrets: [] };
    expect(() => createTransport({ ...base, timeoutMs: 0 })).toThrow(ValidationError);
    expect(() => createTransport({ ...base, maxRetries: -1 })).toThrow(ValidationError);
    expect(() => createTransport({ ...base, maxRetries: 1.5 })).toThrow(ValidationError);
    expect(() => createTransport({ ...base, rateLimit: { requests: 0, perMs: 1 } })).toThrow(ValidationError);
    expect(() => createTransport({ ...base, logLevel: 'loud' as never })).toThrow(ValidationError);
    expect(() => createTransport({ ...base, logger: {} as never })).toThrow(ValidationError);
    expect(() => createTransport({ ...base, provider: '' })).toThrow(ValidationError);
    expect(() => createTransport({ ...base, rateLimit: false })).not.toThrow();
  });

  it('turns a URL that cannot be parsed into a ValidationError without echoing secrets', async () => {
    const transport = transportWith(vi.fn());
    const error = await transport('not a url/tok_secret').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).not.toContain('tok_secret');
  });
});

describe('createTransport under openapi-fetch', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps openapi-fetch’s contract: HTTP errors come back as { error, response } after retries', async () => {
    const { fetch } = scriptedFetch(
      json(500, { message: 'down' }),
      json(500, { message: 'down' }),
      json(500, { message: 'still down' }),
    );
    const client = createClient({ baseUrl: 'https://acme.test/api', fetch: transportWith(fetch) });
    const outcome = settle(client.GET('/instance/list' as never));
    await vi.advanceTimersByTimeAsync(1500);
    await outcome.settled;
    const result = outcome.value as { error?: unknown; response: Response };
    expect(result.error).toEqual({ message: 'still down' });
    expect(result.response.status).toBe(500);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('throws the typed error for a failed connection and passes the caller signal', async () => {
    const { fetch } = scriptedFetch(new TypeError('fetch failed'));
    const client = createClient({
      baseUrl: 'https://acme.test/api',
      fetch: transportWith(fetch, { maxRetries: 0 }),
    });
    await expect(client.GET('/instance/list' as never)).rejects.toBeInstanceOf(ConnectionError);
    const controller = new AbortController();
    controller.abort();
    await expect(
      client.GET('/instance/list' as never, { signal: controller.signal } as never),
    ).rejects.toBeInstanceOf(AbortError);
  });
});

describe('createTransport against a real server on 127.0.0.1', () => {
  const listen = useLoopbackServers();

  /** Real timers, with waits other than the attempt timeout shortened, so retries take milliseconds. */
  const quickBackoff: Clock = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms >= 1000 ? ms : Math.min(ms, 5)),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };

  it('retries a dropped connection and then succeeds; throws ConnectionError when every attempt drops', async () => {
    let calls = 0;
    const base = await listen((request, response) => {
      calls += 1;
      if (calls === 1 || request.url?.includes('always-drop')) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const transport = createTransport({ provider: 'initech', secrets: ['tok_real'], clock: quickBackoff });
    const response = await transport(`${base}/instances`);
    expect(await response.json()).toEqual({ ok: true });
    expect(calls).toBe(2);

    calls = 10;
    const error = await transport(`${base}/always-drop`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(calls).toBe(13);
    expect((error as Error).cause).toMatchObject({ name: 'TypeError' });
  });

  it('times out a response slower than timeoutMs', async () => {
    const base = await listen((_request, response) => {
      const timer = setTimeout(() => response.end('late'), 5000);
      response.on('close', () => clearTimeout(timer));
    });
    const transport = createTransport({ provider: 'initech', secrets: [], timeoutMs: 150, maxRetries: 0 });
    const startedAt = Date.now();
    const error = await transport(`${base}/slow`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(SwitchboardError.isInstance(error)).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(4000);
  });
});

describe('secrets never leak', () => {
  /** Characters that percent-encoding changes, so that the encoded spelling is checked too. */
  const TOKEN = 'sk_LEAK_9f8e+/=42';
  const forbidden = [TOKEN, encodeURIComponent(TOKEN), 'LEAK'];
  const pathTokenUrl = `https://z.test/instances/ID1/token/${encodeURIComponent(TOKEN)}/status?token=${encodeURIComponent(TOKEN)}&page=1`;

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function texts(value: unknown): string[] {
    const found = [
      String(value),
      JSON.stringify(value) ?? '',
      inspect(value, { depth: Number.POSITIVE_INFINITY }),
    ];
    let current: unknown = value;
    for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
      const error = current as { message?: unknown; stack?: unknown; cause?: unknown };
      found.push(String(error.message), String(error.stack), JSON.stringify(current) ?? '');
      current = error.cause;
    }
    return found;
  }

  function expectNoLeak(value: unknown): void {
    for (const text of texts(value)) for (const secret of forbidden) expect(text).not.toContain(secret);
  }

  function recordingLogger() {
    const lines: string[] = [];
    const record =
      (level: string) =>
      (message: string, ...details: unknown[]) =>
        void lines.push(`${level} ${message} ${inspect(details)}`);
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    return { logger, lines };
  }

  it('keeps the token out of every error and log line, on every path', async () => {
    const { logger, lines } = recordingLogger();
    const errors: unknown[] = [];
    const make = (fetch: typeof globalThis.fetch, options: Partial<TransportOptions> = {}) =>
      createTransport({
        provider: 'globex',
        account: 'br-main',
        secrets: [TOKEN],
        fetch,
        logger,
        logLevel: 'debug',
        random: () => 0,
        ...options,
      });
    const run = async (promise: Promise<unknown>, advanceMs = 0) => {
      const outcome = settle(promise);
      await vi.advanceTimersByTimeAsync(advanceMs);
      await outcome.settled;
      errors.push(outcome.error ?? outcome.value);
    };
    const leakyNetworkError = () =>
      new TypeError(`fetch failed for ${pathTokenUrl}`, {
        cause: Object.assign(new Error(`socket to /token/${TOKEN} reset`), { code: `E_${TOKEN}` }),
      });

    // A connection that fails on every attempt.
    await run(
      make(scriptedFetch(leakyNetworkError(), leakyNetworkError()).fetch, { maxRetries: 1 })(pathTokenUrl),
      1000,
    );
    // A connection failure of a method that is not retried, thrown as a string.
    const throwsText = () => {
      throw `boom ${TOKEN}`;
    };
    await run(make(scriptedFetch(throwsText).fetch)(pathTokenUrl, { method: 'POST' }));
    // A timeout.
    await run(make(hangingFetch().fetch, { timeoutMs: 100, maxRetries: 0 })(pathTokenUrl), 100);
    // An abort in flight, with a reason that quotes the token.
    const inFlight = new AbortController();
    const aborting = settle(make(hangingFetch().fetch)(pathTokenUrl, { signal: inFlight.signal }));
    inFlight.abort(new Error(`stop ${TOKEN}`));
    await aborting.settled;
    errors.push(aborting.error);
    // An abort during a backoff sleep.
    const sleeping = new AbortController();
    const backingOff = settle(
      make(scriptedFetch(json(503)).fetch)(pathTokenUrl, { signal: sleeping.signal }),
    );
    await vi.advanceTimersByTimeAsync(10);
    sleeping.abort(`string reason ${TOKEN}`);
    await backingOff.settled;
    errors.push(backingOff.error);
    // An abort while waiting for the rate limiter.
    const limited = make(scriptedFetch(json(200)).fetch, { rateLimit: { requests: 1, perMs: 60_000 } });
    await limited(pathTokenUrl);
    const queued = new AbortController();
    const waiting = settle(limited(pathTokenUrl, { signal: queued.signal }));
    queued.abort(new Error(`left ${TOKEN}`));
    await waiting.settled;
    errors.push(waiting.error);
    // A URL that cannot be parsed.
    await run(make(vi.fn())(`nonsense ${TOKEN}`));
    // HTTP errors read through openapi-fetch and readProviderResponse, with bodies echoing the token.
    const { readProviderResponse } = await import('./http-errors.js');
    const echo = (status: number, headers: Record<string, string> = {}) =>
      json(
        status,
        { message: `token ${TOKEN} refused`, error: TOKEN },
        { 'x-request-id': `req-${TOKEN}`, ...headers },
      );
    const client = createClient({
      baseUrl: 'https://z.test',
      fetch: make(
        scriptedFetch(echo(401), echo(429, { 'retry-after': '600' }), echo(500), echo(500), echo(500)).fetch,
      ),
    });
    const context = { provider: 'globex', account: 'br-main', secrets: [TOKEN] };
    for (let call = 0; call < 3; call++) {
      await run(
        readProviderResponse(client.GET(`/instances/ID1/token/${TOKEN}/status` as never), context),
        2000,
      );
    }
    // A body cut off mid-read.
    await run(readProviderResponse(Promise.reject(new TypeError(`terminated ${TOKEN}`)), context));

    expect(errors).toHaveLength(11);
    for (const error of errors) {
      expect(SwitchboardError.isInstance(error)).toBe(true);
      expectNoLeak(error);
    }
    expect(errors.map((error) => (error as SwitchboardError).code)).toEqual([
      'connection',
      'connection',
      'timeout',
      'aborted',
      'aborted',
      'aborted',
      'validation',
      'authentication',
      'rate_limited',
      'provider_error',
      'connection',
    ]);
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) for (const secret of forbidden) expect(line).not.toContain(secret);
    // The redacted token still leaves a readable path behind.
    expect(
      lines.some((line) => line.includes('/instances/ID1/token/[redacted]/status?token=[redacted]&page=1')),
    ).toBe(true);
  });
});

describe('redirects are never followed', () => {
  const listen = useLoopbackServers();
  const listenOn = (host: string, handler: RequestListener) => listen(handler, host);

  /** A provider on 127.0.0.1 that redirects every request to another host, which records what reaches it. */
  async function redirectingProvider(status: number) {
    const stolen: string[] = [];
    const elsewhere = await listenOn('127.0.0.2', (request, response) => {
      stolen.push(`${request.method} ${request.url} token=${request.headers.token ?? ''}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    let provider = 0;
    const base = await listenOn('127.0.0.1', (_request, response) => {
      provider += 1;
      response.writeHead(status, { location: `${elsewhere}/steal?token=tok_secret` }).end('moved');
    });
    return { base, elsewhere, stolen, providerRequests: () => provider };
  }

  it.each([301, 302, 303, 307, 308])(
    'hands back a %i unvisited: openapi-fetch gives { error, response }, readProviderResponse a ProviderError',
    async (status) => {
      const { base, elsewhere, stolen, providerRequests } = await redirectingProvider(status);
      const lines: string[] = [];
      const logger: Logger = {
        debug: () => {},
        info: () => {},
        warn: () => {},
        error: (message) => void lines.push(message),
      };
      const transport = createTransport({
        provider: 'acme',
        account: 'sales',
        secrets: ['tok_secret'],
        logger,
      });
      const client = createClient({ baseUrl: `${base}/api`, fetch: transport });
      // openapi-fetch asks for `redirect: 'follow'` itself; the transport overrides it.
      const raw = await client.GET('/instance/list' as never, { headers: { token: 'tok_secret' } } as never);
      expect(raw.response.status).toBe(status);
      expect(raw.response.headers.get('location')).toContain(elsewhere);
      expect(raw.error).toBe('moved');
      expect((raw as { data?: unknown }).data).toBeUndefined();

      const { readProviderResponse } = await import('./http-errors.js');
      const error = await readProviderResponse(
        client.GET('/instance/list' as never, { headers: { token: 'tok_secret' } } as never),
        { provider: 'acme', account: 'sales', secrets: ['tok_secret'] },
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ status, retryable: false, provider: 'acme', account: 'sales' });
      expect((error as Error).message).toBe(
        `acme account "sales": redirect not followed (HTTP ${status} to ${elsewhere})`,
      );
      expect(providerRequests()).toBe(2);
      expect(stolen).toEqual([]);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(`a redirect to ${elsewhere} not followed`);
      for (const line of lines) expect(line).not.toContain('tok_secret');
    },
  );

  it('does not follow even when the caller asks to', async () => {
    const { base, stolen } = await redirectingProvider(302);
    const transport = createTransport({ provider: 'initech', secrets: [] });
    const response = await transport(`${base}/instances`, { redirect: 'follow' });
    expect(response.status).toBe(302);
    expect(stolen).toEqual([]);
  });

  it('hands back an opaque redirect (status 0, as browsers give) at once, without retrying', async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperties(opaque, {
      status: { value: 0 },
      ok: { value: false },
      type: { value: 'opaqueredirect' },
    });
    const { fetch, requests } = scriptedFetch(opaque);
    const response = await transportWith(fetch)(URL_LIST);
    expect(response.type).toBe('opaqueredirect');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.redirect).toBe('manual');
    const error = createErrorFromResponse({ provider: 'acme', account: 'sales', response, body: '' });
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('redirect not followed (an opaque redirect');
  });
});

/** A clock that moves only when told, with the timers it holds in view. */
function manualClock(start = Date.parse('2026-03-01T12:00:00Z')) {
  let now = start;
  let nextHandle = 0;
  const timers = new Map<number, { at: number; ms: number; callback: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      nextHandle += 1;
      timers.set(nextHandle, { at: now + ms, ms, callback });
      return nextHandle;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  return {
    clock,
    /** The delays of the timers now pending. */
    pendingDelays: () => [...timers.values()].map((timer) => timer.ms),
    advance(ms: number) {
      now += ms;
      const due = [...timers.entries()]
        .filter(([, timer]) => timer.at <= now)
        .sort((a, b) => a[1].at - b[1].at);
      for (const [handle, timer] of due) {
        timers.delete(handle);
        timer.callback();
      }
    },
  };
}

/** Polls a condition on real time, a few milliseconds apart, failing after `limitMs`. */
async function until(condition: () => boolean, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the timeout covers the body, on a hostile server on 127.0.0.1', () => {
  const listen = useLoopbackServers();

  /** Headers at once, then one byte every few milliseconds for as long as the socket stays open. */
  async function tricklingServer() {
    const state = { requests: 0, bytes: [] as number[], closed: 0 };
    const base = await listen((request, response) => {
      const index = state.requests;
      state.requests += 1;
      state.bytes[index] = 0;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[');
      const timer = setInterval(() => {
        state.bytes[index]! += 1;
        response.write(' ');
      }, 5);
      request.socket.on('close', () => {
        clearInterval(timer);
        state.closed += 1;
      });
    });
    return { base, state };
  }

  it('times out a body that trickles, retries it like any timeout, and closes each connection', async () => {
    const { base, state } = await tricklingServer();
    const time = manualClock();
    const transport = createTransport({
      provider: 'umbrella',
      secrets: ['tok_trickle'],
      timeoutMs: 1000,
      maxRetries: 1,
      clock: time.clock,
      random: () => 0,
    });
    const outcome = transport(`${base}/instances`).catch((caught: unknown) => caught);
    await until(() => (state.bytes[0] ?? 0) >= 3);
    time.advance(999);
    expect(state.requests).toBe(1);
    time.advance(1);
    await until(() => time.pendingDelays().includes(500));
    time.advance(500);
    await until(() => (state.bytes[1] ?? 0) >= 3);
    time.advance(1000);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1000, retryable: true, provider: 'umbrella' });
    expect((error as Error).message).toBe(
      'umbrella: the body of the answer to GET /instances was not read whole within 1000 ms',
    );
    expect(state.requests).toBe(2);
    await until(() => state.closed === 2);
  });

  it('lets a caller abort a body being read: AbortError, connection closed', async () => {
    const { base, state } = await tricklingServer();
    const time = manualClock();
    const transport = createTransport({ provider: 'umbrella', secrets: [], clock: time.clock });
    const controller = new AbortController();
    const outcome = transport(`${base}/instances`, { signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    await until(() => (state.bytes[0] ?? 0) >= 2);
    controller.abort();
    expect(await outcome).toBeInstanceOf(AbortError);
    await until(() => state.closed === 1);
    expect(state.requests).toBe(1);
  });

  it('reads a whole body within the timeout and hands it back intact', async () => {
    const base = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items":[');
      setTimeout(() => response.end('1,2,3]}'), 20);
    });
    const response = await createTransport({ provider: 'initech', secrets: [] })(`${base}/list`);
    expect(response.url).toBe(`${base}/list`);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ items: [1, 2, 3] });
  });
});

describe('maxResponseBytes', () => {
  const listen = useLoopbackServers();

  it('refuses a Content-Length over the ceiling before reading, and does not retry', async () => {
    let pulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(10));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { fetch } = scriptedFetch(
      new Response(body, { status: 200, headers: { 'content-length': '5000' } }),
    );
    const error = await transportWith(fetch, { maxResponseBytes: 1000 })(URL_LIST).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).retryable).toBe(false);
    expect((error as Error).message).toBe(
      'acme account "sales": the answer to GET /api/instance/list is 5000 bytes, over maxResponseBytes (1000 bytes); it was not read',
    );
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThanOrEqual(1);
  });

  it('stops a streamed body without Content-Length as soon as the count passes the ceiling', async () => {
    const state = { chunks: 0, closed: false };
    const base = await listen((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(16_384);
      // Bounded: a client that never stops would still end this after 4 MiB.
      const timer = setInterval(() => {
        if (state.chunks >= 256) return response.end();
        state.chunks += 1;
        response.write(chunk);
      }, 1);
      request.socket.on('close', () => {
        clearInterval(timer);
        state.closed = true;
      });
    });
    const transport = createTransport({ provider: 'umbrella', secrets: [], maxResponseBytes: 100_000 });
    const error = await transport(`${base}/instances`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toContain('larger than maxResponseBytes (100000 bytes)');
    await until(() => state.closed);
    expect(state.chunks).toBeLessThan(256);
  });

  it('hands back a body of many chunks intact, joined when small and streamed when over 1 MiB', async () => {
    const chunked = (count: number, size: number) => {
      let sent = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent === count) return controller.close();
            controller.enqueue(new Uint8Array(size).fill(0x61 + (sent % 26)));
            sent += 1;
          },
        }),
      );
    };
    const { fetch } = scriptedFetch(chunked(3, 10), chunked(40, 65_536));
    const transport = transportWith(fetch);
    expect(await (await transport(URL_LIST)).text()).toBe(
      `${'a'.repeat(10)}${'b'.repeat(10)}${'c'.repeat(10)}`,
    );
    const large = new Uint8Array(await (await transport(URL_LIST)).arrayBuffer());
    expect(large.byteLength).toBe(40 * 65_536);
    expect([large[0], large[65_536], large[39 * 65_536]]).toEqual([0x61, 0x62, 0x61 + (39 % 26)]);
  });

  it('defaults to 64 MiB and takes a body at the ceiling exactly', async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(67_108_864);
    const { fetch } = scriptedFetch(new Response('0123456789'), new Response('01234567890'));
    const transport = transportWith(fetch, { maxResponseBytes: 10 });
    expect(await (await transport(URL_LIST)).text()).toBe('0123456789');
    await expect(transport(URL_LIST)).rejects.toBeInstanceOf(ResponseFormatError);
  });

  it('refuses a ceiling that is not a whole number of bytes', () => {
    for (const maxResponseBytes of [0, -1, 1.5, Number.NaN, '10' as never]) {
      expect(() => createTransport({ provider: 'x', secrets: [], maxResponseBytes })).toThrow(
        ValidationError,
      );
    }
    expect(() =>
      createTransport({ provider: 'x', secrets: [], maxResponseBytes: Number.POSITIVE_INFINITY }),
    ).not.toThrow();
  });
});

describe('slots: a concurrency pool taken per attempt', () => {
  /** A pool of `size` slots that records how many are held, and when. */
  function fakePool(size: number) {
    const waiting: (() => void)[] = [];
    const pool = {
      inUse: 0,
      acquired: 0,
      released: 0,
      slots: {
        acquire: vi.fn(
          (signal?: AbortSignal) =>
            new Promise<() => void>((resolve, reject) => {
              const grant = () => {
                pool.inUse += 1;
                pool.acquired += 1;
                resolve(() => {
                  pool.inUse -= 1;
                  pool.released += 1;
                  waiting.shift()?.();
                });
              };
              if (pool.inUse < size) return grant();
              const onAbort = () => reject(signal?.reason);
              signal?.addEventListener('abort', onAbort, { once: true });
              waiting.push(() => {
                signal?.removeEventListener('abort', onAbort);
                grant();
              });
            }),
        ),
      },
    };
    return pool;
  }

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the slot back during a backoff, and takes one again for the retry', async () => {
    const pool = fakePool(1);
    const heldWhileSending: number[] = [];
    const { fetch } = scriptedFetch(
      () => {
        heldWhileSending.push(pool.inUse);
        return json(503);
      },
      () => {
        heldWhileSending.push(pool.inUse);
        return json(200, { ok: true });
      },
    );
    const outcome = settle(transportWith(fetch, { slots: pool.slots })(URL_LIST));
    await vi.advanceTimersByTimeAsync(100);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(pool.inUse).toBe(0);
    await vi.advanceTimersByTimeAsync(400);
    await outcome.settled;
    expect(await outcome.value?.json()).toEqual({ ok: true });
    expect(heldWhileSending).toEqual([1, 1]);
    expect(pool).toMatchObject({ acquired: 2, released: 2, inUse: 0 });
  });

  it('holds the slot until the body is read, and gives it back on a failure too', async () => {
    const pool = fakePool(1);
    let finishBody: (() => void) | undefined;
    const slowBody = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"a":'));
            finishBody = () => {
              controller.enqueue(new TextEncoder().encode('1}'));
              controller.close();
            };
          },
        }),
      );
    const { fetch } = scriptedFetch(slowBody, new TypeError('fetch failed'));
    const transport = transportWith(fetch, { slots: pool.slots, maxRetries: 0 });
    const reading = settle(transport(URL_LIST));
    await vi.advanceTimersByTimeAsync(10);
    expect(reading.done).toBe(false);
    expect(pool.inUse).toBe(1);
    finishBody!();
    await reading.settled;
    expect(pool.inUse).toBe(0);
    expect(await reading.value?.json()).toEqual({ a: 1 });
    await expect(transport(URL_LIST)).rejects.toBeInstanceOf(ConnectionError);
    expect(pool).toMatchObject({ acquired: 2, released: 2, inUse: 0 });
  });

  it('does not count the wait for a slot toward the timeout', async () => {
    const pool = fakePool(1);
    const release = await pool.slots.acquire();
    const { fetch } = scriptedFetch(json(200));
    const outcome = settle(transportWith(fetch, { slots: pool.slots, timeoutMs: 1000 })(URL_LIST));
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetch).not.toHaveBeenCalled();
    release();
    await vi.advanceTimersByTimeAsync(0);
    await outcome.settled;
    expect(outcome.value?.status).toBe(200);
  });

  it('holds no slot while waiting for the rate limiter', async () => {
    const pool = fakePool(1);
    const { fetch } = scriptedFetch(json(200), json(200));
    const transport = transportWith(fetch, {
      slots: pool.slots,
      rateLimit: { requests: 1, perMs: 10_000 },
      rateLimitKey: uniqueKey(),
    });
    await transport(URL_LIST);
    const queued = settle(transport(URL_LIST));
    await vi.advanceTimersByTimeAsync(5000);
    expect(pool.inUse).toBe(0);
    expect(pool.slots.acquire).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    await queued.settled;
    expect(queued.value?.status).toBe(200);
    expect(pool).toMatchObject({ acquired: 2, released: 2 });
  });

  it('stops a wait for a slot on abort, sending nothing', async () => {
    const pool = fakePool(1);
    await pool.slots.acquire();
    const { fetch } = scriptedFetch(json(200));
    const controller = new AbortController();
    const outcome = settle(
      transportWith(fetch, { slots: pool.slots })(URL_LIST, { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user left'));
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome.error).toBeInstanceOf(AbortError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses a pool without acquire', () => {
    expect(() => createTransport({ provider: 'x', secrets: [], slots: {} as never })).toThrow(
      ValidationError,
    );
  });
});

describe('withOptions: one call’s timeout and retries on the same transport', () => {
  /** Lets the promises the clock's callbacks started run to their next wait. */
  async function flush(): Promise<void> {
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  }

  it('counts the transport’s requests and its derivative’s against one rate-limit window', async () => {
    const time = manualClock();
    const { fetch } = scriptedFetch(json(200), json(200), json(200));
    const transport = transportWith(fetch, {
      clock: time.clock,
      rateLimit: { requests: 1, perMs: 1000 },
      rateLimitKey: uniqueKey(),
    });
    await transport(URL_LIST);
    const second = settle(transport.withOptions({ timeoutMs: 5000, maxRetries: 0 })(URL_LIST));
    const third = settle(transport(URL_LIST));
    await flush();
    time.advance(999);
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    time.advance(1);
    await until(() => second.done);
    expect(second.value?.status).toBe(200);
    await flush();
    // One request a second, whichever of the two functions sent it.
    expect(fetch).toHaveBeenCalledTimes(2);
    time.advance(1000);
    await until(() => third.done);
    expect(third.value?.status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('takes its slots from the transport’s pool and logs through its logger, redacted', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') });
    try {
      let inUse = 0;
      let acquired = 0;
      const slots = {
        acquire: async () => {
          inUse += 1;
          acquired += 1;
          return () => {
            inUse -= 1;
          };
        },
      };
      const lines: string[] = [];
      const logger: Logger = {
        debug: (line) => lines.push(line),
        info: (line) => lines.push(line),
        warn: (line) => lines.push(line),
        error: (line) => lines.push(line),
      };
      const { fetch } = scriptedFetch(json(200), json(500, { message: 'tok_secret refused' }));
      const transport = transportWith(fetch, { slots, logger, logLevel: 'debug' });
      await transport(URL_LIST);
      const response = await transport.withOptions({ maxRetries: 0 })(
        `https://acme.test/api/tok_secret/list`,
      );
      expect(response.status).toBe(500);
      expect({ acquired, inUse }).toEqual({ acquired: 2, inUse: 0 });
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('-> 500');
      expect(lines.join('\n')).not.toContain('tok_secret');
    } finally {
      vi.useRealTimers();
    }
  });

  it('applies its own timeout and retries, and leaves the transport’s as they were', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') });
    try {
      const failing = scriptedFetch(json(503), json(503), json(503), json(503));
      const transport = transportWith(failing.fetch, { maxRetries: 2 });
      const once = await transport.withOptions({ maxRetries: 0 })(URL_LIST);
      expect(once.status).toBe(503);
      expect(failing.fetch).toHaveBeenCalledTimes(1);
      const thrice = settle(transport(URL_LIST));
      await vi.advanceTimersByTimeAsync(1500);
      await thrice.settled;
      expect(thrice.value?.status).toBe(503);
      expect(failing.fetch).toHaveBeenCalledTimes(4);

      const hanging = hangingFetch();
      const slow = transportWith(hanging.fetch, { timeoutMs: 10_000, maxRetries: 0 });
      const quick = settle(slow.withOptions({ timeoutMs: 20 })(URL_LIST));
      await vi.advanceTimersByTimeAsync(20);
      await quick.settled;
      expect(quick.error).toBeInstanceOf(TimeoutError);
      expect(quick.error).toMatchObject({ timeoutMs: 20, provider: 'acme', account: 'sales' });
      // A derivative's derivative keeps what it did not change.
      const retried = settle(slow.withOptions({ timeoutMs: 20 }).withOptions({ maxRetries: 1 })(URL_LIST));
      await vi.advanceTimersByTimeAsync(20 + 500 + 20);
      await retried.settled;
      expect(retried.error).toMatchObject({ code: 'timeout', timeoutMs: 20 });
      expect(hanging.requests).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses overrides createTransport would refuse, naming the field', () => {
    const transport = transportWith(scriptedFetch().fetch);
    const bad: [unknown, string][] = [
      [{ timeoutMs: 0 }, 'timeoutMs'],
      [{ timeoutMs: Number.NaN }, 'timeoutMs'],
      [{ timeoutMs: '5' }, 'timeoutMs'],
      [{ maxRetries: -1 }, 'maxRetries'],
      [{ maxRetries: 1.5 }, 'maxRetries'],
      [null, 'overrides'],
    ];
    for (const [overrides, field] of bad) {
      let thrown: unknown;
      try {
        transport.withOptions(overrides as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, inspect(overrides)).toBeInstanceOf(ValidationError);
      expect(thrown).toMatchObject({ field, provider: 'acme' });
    }
    expect(() => transport.withOptions({})).not.toThrow();
  });
});
