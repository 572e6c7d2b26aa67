import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ValidationError } from './errors.js';
import type { Logger } from './logger.js';
import { assertBaseUrl, assertHeaderSafeToken, isLoopbackUrl } from './option-checks.js';
import type { ProviderMetadata } from './provider-adapter.js';
import { resolveClientSetup } from './provider-client.js';

/** Only what resolveClientSetup reads; the rest of a provider's metadata plays no part here. */
const metadata = {
  defaultBaseUrl: 'https://acme.test/api',
  rateLimit: null,
} satisfies Partial<ProviderMetadata> as unknown as ProviderMetadata;

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

/** Every text an error shows: message, stack, JSON and inspection. */
function textsOf(error: unknown): string {
  const record = error as { message?: unknown; stack?: unknown };
  return [String(record.message), String(record.stack), JSON.stringify(error), inspect(error)].join('\n');
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A token an HTTP header cannot carry: a good one with a control or non-Latin-1 character inside. */
const headerUnsafeToken = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'abcXYZ019_-.'), minLength: 1, maxLength: 12 }),
    fc.oneof(
      fc.constantFrom('\r\n', '\n', '\r', '\u0000', '\t', '\u007f', '\u001b'),
      fc.integer({ min: 0x100, max: 0xd7ff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom('😀', 'ñ̃', 'Ω', '\u2028'),
    ),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019_-. :'), maxLength: 12 }),
  )
  .map(([head, bad, tail]) => `LEAK${head}${bad}${tail}`);

const malformedBaseUrl = fc.oneof(
  fc.constantFrom(
    'ftp://files.test/api',
    'ws://acme.test',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'acme.test/api',
    '/api',
    '',
    'https://',
    'https://acme.test/api?x=1',
    'https://acme.test/api?',
    'https://acme.test/api#frag',
    'https://acme.test/api#',
    'https://acme.test/ap i',
    'https://acme.test/api\n',
    ' https://acme.test/api',
  ),
  fc
    .tuple(
      fc.constantFrom('http', 'https'),
      fc.string({ unit: fc.constantFrom(...'abcd19'), minLength: 1, maxLength: 8 }),
    )
    .map(([scheme, user]) => `${scheme}://${user}:SECRETpw@acme.test/api`),
  fc
    .string({ unit: fc.constantFrom(...'abcd19'), minLength: 1, maxLength: 8 })
    .map((user) => `https://${user}@acme.test/api`),
);

describe('resolveClientSetup', () => {
  it('accepts a good token and base URL, trimming trailing slashes', () => {
    const setup = resolveClientSetup('acme', metadata, {
      token: 'tok_1',
      baseUrl: 'https://acme.test/api//',
    });
    expect(setup.baseUrl).toBe('https://acme.test/api');
    expect(setup.token).toBe('tok_1');
    expect(resolveClientSetup('acme', metadata, { token: 'tok_1' }).baseUrl).toBe('https://acme.test/api');
    // Latin-1 beyond ASCII is what a header can carry.
    expect(() => resolveClientSetup('acme', metadata, { token: 'café' })).not.toThrow();
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['CR LF', 'tok\r\nX-Evil: 1'],
    ['LF', 'tok\nabc'],
    ['NUL', 'tok\u0000abc'],
    ['outside Latin-1', 'tok€abc'],
  ])('refuses a token that is %s, naming the account and the field, not the value', (_, token) => {
    const fetch = vi.fn();
    const error = catchError(() =>
      resolveClientSetup('acme', metadata, {
        token,
        account: 'sales',
        fetch: fetch as typeof globalThis.fetch,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'token', provider: 'acme', account: 'sales' });
    expect((error as Error).message).toMatch(/^acme account "sales": `token` /);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses any header-unsafe token synchronously, never quoting it (fast-check)', () => {
    fc.assert(
      fc.property(headerUnsafeToken, (token) => {
        const fetch = vi.fn();
        const error = catchError(() =>
          resolveClientSetup('acme', metadata, {
            token,
            account: 'sales',
            fetch: fetch as typeof globalThis.fetch,
          }),
        );
        expect(ValidationError.isInstance(error)).toBe(true);
        expect((error as ValidationError).field).toBe('token');
        const shown = textsOf(error);
        expect(shown).not.toContain('LEAK');
        expect(fetch).not.toHaveBeenCalled();
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a malformed base URL synchronously, never quoting it or the token (fast-check)', () => {
    fc.assert(
      fc.property(malformedBaseUrl, (baseUrl) => {
        const fetch = vi.fn();
        const error = catchError(() =>
          resolveClientSetup('acme', metadata, {
            token: 'tok_SECRET_1',
            baseUrl,
            account: 'sales',
            fetch: fetch as typeof globalThis.fetch,
          }),
        );
        expect(ValidationError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ field: 'baseUrl', account: 'sales' });
        const shown = textsOf(error);
        expect(shown).not.toContain('tok_SECRET_1');
        expect(shown).not.toContain('SECRETpw');
        if (baseUrl.length > 3) expect(shown).not.toContain(baseUrl.trim());
        expect(fetch).not.toHaveBeenCalled();
      }),
      { numRuns: 200 },
    );
  });

  it('says which rule a base URL breaks', () => {
    const reason = (baseUrl: string) =>
      (catchError(() => resolveClientSetup('hooli', metadata, { token: 't', baseUrl })) as Error).message;
    expect(reason('https://u:p@hooli.test')).toBe(
      'hooli client: `baseUrl` must not carry credentials (user:password@); pass the token as `token`',
    );
    expect(reason('https://hooli.test/?a=1')).toBe('hooli client: `baseUrl` must not have a query (?…)');
    expect(reason('https://hooli.test/#x')).toBe('hooli client: `baseUrl` must not have a fragment (#…)');
    expect(reason('ftp://hooli.test')).toBe('hooli client: `baseUrl` must be an http(s) URL');
  });

  it('warns once per client, through the logger, of a token sent over plain http to another host', () => {
    const { logger, lines } = recordingLogger();
    resolveClientSetup('hooli', metadata, {
      token: 'tok_plain',
      baseUrl: 'http://hooli.example.test:3000',
      account: 'ops',
      logger,
    });
    expect(lines).toEqual([
      {
        level: 'warn',
        message:
          '[switchboard] hooli account "ops": the base URL is plain http:// to hooli.example.test:3000, so the token travels unencrypted; use https:// (only this machine, 127.0.0.1 or localhost, is exempt)',
      },
    ]);
  });

  it('keeps the warning readable when the token is a short word of it, and never prints the token', () => {
    const { logger, lines } = recordingLogger();
    resolveClientSetup('hooli', metadata, { token: 'tok', baseUrl: 'http://hooli.example.test', logger });
    expect(lines[0]?.message).toContain('so the token travels unencrypted');
    const hostLeak = recordingLogger();
    resolveClientSetup('hooli', metadata, {
      token: 'sekrit99',
      baseUrl: 'http://sekrit99.example.test',
      logger: hostLeak.logger,
    });
    expect(hostLeak.lines[0]?.message).toContain('plain http:// to [redacted].example.test');
  });

  it.each([
    'http://127.0.0.1:3000',
    'http://127.8.9.10',
    'http://localhost:8080',
    'http://[::1]:3000',
    'https://hooli.example.test',
  ])('does not warn for %s', (baseUrl) => {
    const { logger, lines } = recordingLogger();
    resolveClientSetup('hooli', metadata, { token: 't', baseUrl, logger });
    expect(lines).toEqual([]);
  });

  it('respects logLevel for the plain-http warning, and survives a throwing logger', () => {
    const { logger, lines } = recordingLogger();
    const baseUrl = 'http://10.0.0.5:3000';
    resolveClientSetup('hooli', metadata, { token: 't', baseUrl, logger, logLevel: 'error' });
    resolveClientSetup('hooli', metadata, { token: 't', baseUrl, logger, logLevel: 'off' });
    expect(lines).toEqual([]);
    resolveClientSetup('hooli', metadata, { token: 't', baseUrl, logger, logLevel: 'info' });
    expect(lines).toHaveLength(1);
    const throwing = {
      ...logger,
      warn: () => {
        throw new Error('broken');
      },
    };
    expect(() =>
      resolveClientSetup('hooli', metadata, { token: 't', baseUrl, logger: throwing }),
    ).not.toThrow();
  });
});

describe('resolveClientSetup transport options', () => {
  it('passes maxResponseBytes and slots on to the transport, and refuses bad ones', async () => {
    let acquired = 0;
    const slots = {
      acquire: async () => {
        acquired += 1;
        return () => {};
      },
    };
    const fetch = vi.fn(async () => new Response('0123456789'));
    const setup = resolveClientSetup('acme', metadata, { token: 't', fetch, maxResponseBytes: 5, slots });
    await expect(setup.fetch('https://acme.test/api/x')).rejects.toMatchObject({
      code: 'response_format',
    });
    expect(acquired).toBe(1);
    expect(() => resolveClientSetup('acme', metadata, { token: 't', maxResponseBytes: 0 })).toThrow(
      'acme client: `maxResponseBytes` must be a whole number of bytes, 1 or more (or Infinity)',
    );
    expect(() => resolveClientSetup('acme', metadata, { token: 't', slots: {} as never })).toThrow(
      ValidationError,
    );
  });
});

describe('assertHeaderSafeToken and assertBaseUrl', () => {
  it('name the field path the caller gives, such as accounts[2].token', () => {
    const error = catchError(() =>
      assertHeaderSafeToken('a\nb', { field: 'accounts[2].token', provider: 'acme', account: 'sales' }),
    );
    expect(error).toMatchObject({ field: 'accounts[2].token' });
    expect((error as Error).message).toBe(
      'acme account "sales": `accounts[2].token` holds a control character (such as CR, LF, NUL or a tab), which an HTTP header cannot carry',
    );
    expect(() => assertBaseUrl(42, { field: 'accounts[0].baseUrl' })).toThrow(ValidationError);
    expect(() => assertBaseUrl('http://127.0.0.1:4010/api', { field: 'baseUrl' })).not.toThrow();
    expect(() => assertHeaderSafeToken(undefined, { field: 'token' })).toThrow('`token` must be a string');
  });

  it('isLoopbackUrl knows 127.0.0.0/8, ::1 and localhost, in any spelling the URL parser accepts', () => {
    expect(isLoopbackUrl('http://2130706433/')).toBe(true);
    expect(isLoopbackUrl('http://LOCALHOST/')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.example.test/')).toBe(false);
    expect(isLoopbackUrl('http://128.0.0.1/')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });
});
