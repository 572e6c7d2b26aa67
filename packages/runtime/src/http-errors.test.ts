import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  ProviderError,
  RateLimitError,
  ResponseFormatError,
  ValidationError,
} from './errors.js';
import {
  createErrorFromResponse,
  describeSource,
  extractProviderMessage,
  MAX_REPORTED_WAIT_MS,
  parseRateLimitResetMs,
  parseRetryAfterMs,
  readProviderResponse,
  readRequestId,
  redirectOrigin,
} from './http-errors.js';

const TOKEN = 'acme_LEAK_token_77';

function errorFor(status: number, body: unknown, headers: Record<string, string> = {}) {
  const response = new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
  return createErrorFromResponse({ provider: 'acme', account: 'sales', secrets: [TOKEN], response, body });
}

describe('createErrorFromResponse', () => {
  it.each([
    [
      'an absolute Location',
      'https://other.test:8443/login?token=acme_LEAK_token_77',
      'HTTP 302 to https://other.test:8443',
    ],
    ['a relative Location, resolved against the URL answered', '/elsewhere', 'HTTP 302 to https://acme.test'],
    ['no Location', undefined, 'HTTP 302, no valid Location'],
    ['a Location that is not a URL', 'http://[bad', 'HTTP 302, no valid Location'],
  ])('makes a redirect with %s a ProviderError naming only its origin', (_, location, expected) => {
    const response = new Response('moved', {
      status: 302,
      headers: location === undefined ? {} : { location },
    });
    Object.defineProperty(response, 'url', { value: 'https://acme.test/api/instance/list' });
    const error = createErrorFromResponse({
      provider: 'acme',
      account: 'sales',
      secrets: [TOKEN],
      response,
      body: 'moved',
    });
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 302, retryable: false });
    expect(error.message).toBe(`acme account "sales": redirect not followed (${expected})`);
    expect(error.message).not.toContain(TOKEN);
  });

  it('redacts a redirect origin that spells a secret', () => {
    const response = new Response(null, {
      status: 307,
      headers: { location: `https://${TOKEN}.evil.test/` },
    });
    expect(redirectOrigin(response, (text) => text.replaceAll(TOKEN.toLowerCase(), '[redacted]'))).toBe(
      'https://[redacted].evil.test',
    );
  });

  it.each([
    [401, AuthenticationError, 'authentication'],
    [403, PermissionDeniedError, 'permission_denied'],
    [404, NotFoundError, 'not_found'],
    [429, RateLimitError, 'rate_limited'],
    [400, ProviderError, 'provider_error'],
    [422, ProviderError, 'provider_error'],
    [500, ProviderError, 'provider_error'],
    [503, ProviderError, 'provider_error'],
  ])('maps HTTP %i to its class', (status, errorClass, code) => {
    const error = errorFor(status, undefined);
    expect(error).toBeInstanceOf(errorClass);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it('reads like a sentence, with provider, account, status and the provider message', () => {
    const error = errorFor(
      401,
      { success: false, error: { message: 'Invalid token' } },
      { 'x-request-id': 'req_9' },
    );
    expect(error.message).toBe('acme account "sales": authentication failed (HTTP 401): Invalid token');
    expect(error).toMatchObject({
      provider: 'acme',
      account: 'sales',
      status: 401,
      requestId: 'req_9',
      providerMessage: 'Invalid token',
    });
    expect(error.response?.status).toBe(401);
  });

  it('names the provider alone when there is no account', () => {
    const response = new Response(null, { status: 500 });
    const error = createErrorFromResponse({ provider: 'initech', response, body: undefined });
    expect(error.message).toBe('initech: server error (HTTP 500)');
    expect(error.account).toBeUndefined();
  });

  it('gives a 429 its retryAfterMs from Retry-After or retry-after-ms', () => {
    const seconds = errorFor(
      429,
      { message: 'Rate limit exceeded. Try again later.' },
      { 'retry-after': '120' },
    );
    expect(seconds).toBeInstanceOf(RateLimitError);
    expect((seconds as RateLimitError).retryAfterMs).toBe(120_000);
    expect(seconds.message).toBe(
      'acme account "sales": rate limited (HTTP 429, retry after 120000 ms): Rate limit exceeded. Try again later.',
    );
    const milliseconds = errorFor(429, undefined, { 'retry-after-ms': '1500' });
    expect((milliseconds as RateLimitError).retryAfterMs).toBe(1500);
    expect((errorFor(429, undefined) as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it('redacts a token the provider echoes back, and cuts a long message short', () => {
    const echoed = errorFor(401, { message: `token ${TOKEN} is not valid` });
    expect(echoed.message).not.toContain(TOKEN);
    expect(echoed.providerMessage).toBe('token [redacted] is not valid');
    const long = errorFor(500, 'x'.repeat(1000));
    expect(long.providerMessage).toHaveLength(300);
    expect(long.providerMessage?.endsWith('…')).toBe(true);
  });
});

describe('extractProviderMessage', () => {
  it.each([
    [{ success: false, error: { message: 'Instance not found' } }, 'Instance not found'],
    [{ message: 'Unauthenticated.' }, 'Unauthenticated.'],
    [{ error: 'Invalid API key' }, 'Invalid API key'],
    [{ error: 'Not found', message: 'Unable to find matching target' }, 'Unable to find matching target'],
    [{ errors: [{ message: 'first' }, { message: 'second' }] }, 'first'],
    [{ detail: 'Not allowed' }, 'Not allowed'],
    [
      {
        statusCode: 400,
        message: ['all must be a boolean value', 'expand is invalid'],
        error: 'Bad Request',
      },
      'all must be a boolean value; expand is invalid',
    ],
    [{ statusCode: 400, message: [], error: 'Bad Request' }, 'Bad Request'],
    [{ message: 'Unauthorized', statusCode: 401 }, 'Unauthorized'],
    [{ error_description: 'expired' }, 'expired'],
    [
      { status: 404, error: 'Not Found', response: { message: ['Instance "x" not found'] } },
      'Instance "x" not found',
    ],
    [{ status: 400, error: 'Bad Request', response: { message: ['first', 'second'] } }, 'first; second'],
    [{ status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } }, 'Unauthorized'],
    [{ status: 500, error: 'Internal Server Error', response: { message: [] } }, 'Internal Server Error'],
    [
      { statusCode: 400, message: ['name must be a string', ''], error: 'Bad Request' },
      'name must be a string',
    ],
    ['  Bad Gateway  ', 'Bad Gateway'],
    ['<html><body>502</body></html>', undefined],
    ['', undefined],
    [{ success: false }, undefined],
    [[1, 2], undefined],
    [null, undefined],
    [42, undefined],
  ])('reads %j as %j', (body, expected) => {
    expect(extractProviderMessage(body)).toBe(expected);
  });
});

describe('readRequestId', () => {
  it.each(['x-request-id', 'request-id', 'x-correlation-id'])('reads %s', (name) => {
    expect(readRequestId(new Headers({ [name]: 'abc-1' }))).toBe('abc-1');
  });

  it('prefers x-request-id and answers undefined when none is sent', () => {
    expect(readRequestId(new Headers({ 'x-correlation-id': 'c', 'x-request-id': 'r' }))).toBe('r');
    expect(readRequestId(new Headers())).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads seconds, an HTTP date and retry-after-ms, preferring retry-after-ms', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now)).toBe(
      7000,
    );
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  it('reads a date in the past as 0 and nonsense as nothing', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '-5' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': 'x' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('never gives Infinity: an ask of 400 digits, or a date centuries away, reads as the cap', () => {
    expect(MAX_REPORTED_WAIT_MS).toBe(2_147_483_647);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '9'.repeat(400) }), now)).toBe(
      MAX_REPORTED_WAIT_MS,
    );
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '9'.repeat(400) }), now)).toBe(
      MAX_REPORTED_WAIT_MS,
    );
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Fri, 01 Jan 9999 00:00:00 GMT' }), now)).toBe(
      MAX_REPORTED_WAIT_MS,
    );
  });
});

describe('parseRateLimitResetMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const spent = (reset: string) =>
    parseRateLimitResetMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), now);

  it('reads seconds from now, epoch seconds and epoch milliseconds', () => {
    expect(spent('5')).toBe(5000);
    expect(spent(String(now / 1000 + 90))).toBe(90_000);
    expect(spent(String(now + 1500))).toBe(1500);
  });

  it('reads epoch seconds on a clock that starts at 0, as a test clock does', () => {
    const early = 60_000;
    const at = (reset: string) =>
      parseRateLimitResetMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), early);
    expect(at('120')).toBe(60_000);
    expect(at('5')).toBe(5000);
  });

  it('ignores a reset in the past or now, a quota not spent, and nonsense; caps a huge one', () => {
    expect(spent(String(now / 1000 - 30))).toBeUndefined();
    expect(spent('0')).toBeUndefined();
    expect(spent('-4')).toBeUndefined();
    expect(spent('later')).toBeUndefined();
    expect(spent('9'.repeat(400))).toBeUndefined();
    expect(spent('1e15')).toBe(MAX_REPORTED_WAIT_MS);
    expect(
      parseRateLimitResetMs(new Headers({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': '5' }), now),
    ).toBeUndefined();
    expect(parseRateLimitResetMs(new Headers({ 'x-ratelimit-reset': '5' }), now)).toBeUndefined();
  });
});

describe('createErrorFromResponse and a spent quota', () => {
  it('gives a 429 without Retry-After the wait of its X-RateLimit-Reset', () => {
    const response = new Response('', {
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '120' },
    });
    const error = createErrorFromResponse({ provider: 'acme', response, body: '' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
  });
});

describe('describeSource', () => {
  it('quotes the account', () => {
    expect(describeSource('globex', 'br "main"')).toBe('globex account "br \\"main\\""');
    expect(describeSource('globex')).toBe('globex');
  });
});

describe('readProviderResponse', () => {
  const context = { provider: 'umbrella', account: 'ops', secrets: [TOKEN] };

  it('returns the data of a successful call', async () => {
    const response = new Response('{}', { status: 200 });
    await expect(
      readProviderResponse(Promise.resolve({ data: { ok: 1 }, response }), context),
    ).resolves.toEqual({
      data: { ok: 1 },
      response,
    });
  });

  it('throws the typed error of an HTTP error result', async () => {
    const response = new Response('', { status: 403 });
    const call = Promise.resolve({ error: { message: 'Subscription restriction' }, response });
    const error = await readProviderResponse(call, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toBe(
      'umbrella account "ops": permission denied (HTTP 403): Subscription restriction',
    );
  });

  it('makes a body too large for a string (RangeError from text()) a ResponseFormatError', async () => {
    const huge = new Response('{}', { status: 200 });
    // What V8 throws past its longest string; a real one would take over 512 MiB to provoke.
    huge.text = () => Promise.reject(new RangeError('Invalid string length'));
    huge.json = huge.text;
    const call = (async () => ({ data: await huge.json(), response: huge }))();
    const error = await readProviderResponse(call, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as Error).message).toBe('umbrella account "ops" answered with a body too large to read');
    const nodeError = Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), {
      code: 'ERR_STRING_TOO_LONG',
    });
    await expect(readProviderResponse(Promise.reject(nodeError), context)).rejects.toBeInstanceOf(
      ResponseFormatError,
    );
  });

  it('maps a body that is not JSON, a cut-off body and an abort to typed errors', async () => {
    const syntax = await readProviderResponse(
      Promise.reject(new SyntaxError('Unexpected token < in "<x>"')),
      context,
    )
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(syntax).toBeInstanceOf(ResponseFormatError);
    expect((syntax as Error).cause).toBeUndefined();

    const cutOff = await readProviderResponse(Promise.reject(new TypeError(`terminated ${TOKEN}`)), context)
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(cutOff).toBeInstanceOf(ConnectionError);
    expect(JSON.stringify((cutOff as Error).cause, ['message'])).not.toContain(TOKEN);

    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    const aborted = await readProviderResponse(Promise.reject(abort), context)
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(aborted).toBeInstanceOf(AbortError);
  });

  it('lets typed errors and unknown errors through unchanged', async () => {
    const typed = new ValidationError('bad');
    await expect(readProviderResponse(Promise.reject(typed), context)).rejects.toBe(typed);
    const other = new RangeError('other');
    await expect(readProviderResponse(Promise.reject(other), context)).rejects.toBe(other);
  });
});

describe('createErrorFromResponse with a provider classifier', () => {
  const graphThrottling = (response: Response, body: unknown) => {
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    if (code === 80007) return { kind: 'rate_limited' as const, retryAfterMs: 120_000, requestId: 'AXtrace' };
    if (code === 190) return { kind: 'authentication' as const };
    return response.headers.has('x-fb-trace-id')
      ? { requestId: response.headers.get('x-fb-trace-id')! }
      : undefined;
  };
  const errorWith = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    createErrorFromResponse({
      provider: 'graph-gateway',
      account: 'meta',
      secrets: [TOKEN],
      response: new Response(JSON.stringify(body), { status, headers }),
      body,
      classifyError: graphThrottling,
    });

  it('makes a 400 whose body says throttling a RateLimitError with the announced wait, keeping the status', () => {
    const error = errorWith(400, { error: { message: '(#80007) Rate limit issues', code: 80007 } });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 400,
      retryAfterMs: 120_000,
      requestId: 'AXtrace',
      retryable: true,
    });
    expect(error.message).toBe(
      'graph-gateway account "meta": rate limited (HTTP 400, retry after 120000 ms): (#80007) Rate limit issues',
    );
  });

  it('makes a 400 or a 403 the classifier calls authentication an AuthenticationError', () => {
    expect(errorWith(400, { error: { message: 'Invalid OAuth access token', code: 190 } })).toBeInstanceOf(
      AuthenticationError,
    );
    expect(errorWith(403, { error: { message: 'expired', code: 190 } }).code).toBe('authentication');
  });

  it('keeps the status class when the classifier says nothing, and takes its request id', () => {
    const error = errorWith(
      403,
      { error: { message: 'no permission', code: 200 } },
      { 'x-fb-trace-id': 'AXheader' },
    );
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.requestId).toBe('AXheader');
    expect(errorWith(500, { error: { code: 2 } })).toBeInstanceOf(ProviderError);
  });

  it('ignores a classifier that throws or announces a wait that is not a duration', () => {
    const throwing = createErrorFromResponse({
      provider: 'graph-gateway',
      response: new Response('{}', { status: 429, headers: { 'retry-after': '2' } }),
      body: {},
      classifyError: () => {
        throw new Error('classifier bug');
      },
    });
    expect(throwing).toBeInstanceOf(RateLimitError);
    expect((throwing as RateLimitError).retryAfterMs).toBe(2000);
    const nonsense = createErrorFromResponse({
      provider: 'graph-gateway',
      response: new Response('{}', { status: 400 }),
      body: {},
      classifyError: () => ({ kind: 'rate_limited', retryAfterMs: Number.NaN }),
    });
    expect(nonsense).toBeInstanceOf(RateLimitError);
    expect((nonsense as RateLimitError).retryAfterMs).toBeUndefined();
  });
});
