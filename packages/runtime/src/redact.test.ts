import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  REDACTED,
  redactError,
  redactSecretFields,
  redactText,
  redactUrlPath,
} from './redact.js';

const TOKEN = 'sk live/LEAK+me=42';

describe('redactText', () => {
  it('replaces a secret as written, percent-encoded, form-encoded and JSON-escaped', () => {
    const token = 'tok "LEAK" /+ x';
    const text = [
      token,
      encodeURIComponent(token),
      encodeURIComponent(token).replace(/%20/g, '+'),
      encodeURI(token),
      JSON.stringify(token),
    ].join(' | ');
    const redacted = redactText(text, [token]);
    expect(redacted).not.toContain('LEAK');
    expect(redacted.split(REDACTED).length - 1).toBe(5);
  });

  it('replaces the longest secret first, so that one containing another goes whole', () => {
    expect(redactText('abc-LONGER-def', ['LONGER', 'abc-LONGER-def'])).toBe(REDACTED);
  });

  it('ignores empty secrets instead of redacting everything', () => {
    expect(redactText('nothing secret here', ['', 'absent'])).toBe('nothing secret here');
  });

  it.each(['token', 'apikey', 'api_key', 'API-KEY', 'access_token', 'password', 'client_secret', 'key'])(
    'masks the value of a `%s` query parameter even when the value is not a known secret',
    (name) => {
      const url = `https://example.test/path?page=2&${name}=unknown-value-9&size=10`;
      expect(redactText(url, [])).toBe(`https://example.test/path?page=2&${name}=${REDACTED}&size=10`);
    },
  );

  it('keeps ordinary query parameters, and masks URL passwords and written-out bearer credentials', () => {
    expect(redactText('https://example.test/?instanceName=sales&page=1', [])).toBe(
      'https://example.test/?instanceName=sales&page=1',
    );
    expect(redactText('see https://user:hunter22@example.test/x', [])).toBe(
      `see https://user:${REDACTED}@example.test/x`,
    );
    expect(redactText('Authorization: Bearer abcdefgh12345678', [])).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
  });

  it('builds a reusable redactor', () => {
    const redact = createRedactor([TOKEN]);
    expect(redact(`a ${TOKEN} b`)).toBe(`a ${REDACTED} b`);
    expect(redact('plain')).toBe('plain');
  });
});

describe('redactUrlPath', () => {
  it('prints path and query only, with a token in the path redacted', () => {
    const url = `https://user:pw@api.example.test/instances/ABC/token/${encodeURIComponent(TOKEN)}/status?x=1`;
    expect(redactUrlPath(url, [TOKEN])).toBe(`/instances/ABC/token/${REDACTED}/status?x=1`);
  });

  it('accepts a URL object and text that is not a URL', () => {
    expect(redactUrlPath(new URL('https://a.test/p?token=zz'), [])).toBe(`/p?token=${REDACTED}`);
    expect(redactUrlPath(`not a url ${TOKEN}`, [TOKEN])).toBe(`not a url ${REDACTED}`);
  });
});

describe('redactError', () => {
  it('copies name, code and the cause chain with every message and stack redacted', () => {
    const inner = Object.assign(new Error(`connect to /token/${TOKEN} refused`), {
      code: 'ECONNREFUSED',
      errno: -111,
    });
    const outer = new TypeError(`fetch failed for ${TOKEN}`, { cause: inner });
    Object.assign(outer, { request: { headers: { token: TOKEN } } });
    const copy = redactError(outer, [TOKEN]);
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe(`fetch failed for ${REDACTED}`);
    expect(copy.stack).not.toContain('LEAK');
    expect(copy.stack).toContain('TypeError');
    expect(copy).not.toHaveProperty('request');
    const cause = copy.cause as Error & { code?: string; errno?: number };
    expect(cause.message).toBe(`connect to /token/${REDACTED} refused`);
    expect(cause.code).toBe('ECONNREFUSED');
    expect(cause.errno).toBe(-111);
  });

  it('turns a thrown non-error into an error with a redacted message', () => {
    expect(redactError(`boom ${TOKEN}`, [TOKEN]).message).toBe(`boom ${REDACTED}`);
    expect(redactError(undefined, []).message).toBe('undefined');
  });

  it('stops following causes a few levels down, so a cyclic chain terminates', () => {
    const looping = new Error('loop') as Error & { cause?: unknown };
    looping.cause = looping;
    let depth = 0;
    for (let current: unknown = redactError(looping, []); current; current = (current as Error).cause)
      depth++;
    expect(depth).toBe(4);
  });
});

describe('redactSecretFields', () => {
  const item = {
    id: 'i1',
    token: 'instance-token',
    proxy: { host: 'p', password: 'proxy-pw' },
    chatwoot: { apiToken: null },
    s3: { accessKey: '', secretKey: 'sk' },
    webhooks: [{ secret: 'w1' }, { secret: null }, 'not an object'],
  };

  it('copies only the objects on the way to a redacted value and shares the rest', () => {
    const redacted = redactSecretFields(item, ['proxy.password', 'chatwoot.apiToken']);
    expect(redacted).not.toBe(item);
    expect(redacted.proxy).not.toBe(item.proxy);
    expect(redacted.proxy).toEqual({ host: 'p', password: '[redacted]' });
    // chatwoot.apiToken is null: nothing to redact, so the object is the input's own.
    expect(redacted.chatwoot).toBe(item.chatwoot);
    expect(redacted.webhooks).toBe(item.webhooks);
    expect(item.proxy.password).toBe('proxy-pw');
    expect(redactSecretFields(item, ['chatwoot.apiToken'])).toBe(item);
  });

  it('redacts an own `__proto__` key as data, never touching the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"token": "hidden"}, "id": "x"}') as Record<string, unknown>;
    const redacted = redactSecretFields(parsed, ['__proto__.token']);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(redacted, '__proto__')?.value).toEqual({ token: '[redacted]' });
    expect(({} as Record<string, unknown>).token).toBeUndefined();
  });

  it('redacts non-empty strings at every path, keeps nulls and empty strings, and leaves the input alone', () => {
    const before = structuredClone(item);
    const redacted = redactSecretFields(item, [
      'token',
      'proxy.password',
      'chatwoot.apiToken',
      's3.accessKey',
      's3.secretKey',
      'missing.path',
    ]);
    expect(redacted).toEqual({
      ...item,
      token: REDACTED,
      proxy: { host: 'p', password: REDACTED },
      chatwoot: { apiToken: null },
      s3: { accessKey: '', secretKey: REDACTED },
    });
    expect(item).toEqual(before);
    expect(redacted).not.toBe(item);
  });

  it('follows paths through arrays, with or without a `[]` marker', () => {
    const expected = [{ secret: REDACTED }, { secret: null }, 'not an object'];
    expect(redactSecretFields(item, ['webhooks.secret']).webhooks).toEqual(expected);
    expect(redactSecretFields(item, ['webhooks[].secret']).webhooks).toEqual(expected);
    expect(redactSecretFields([{ token: 'a' }, { token: 'b' }], ['token'])).toEqual([
      { token: REDACTED },
      { token: REDACTED },
    ]);
  });

  it('redacts a secret whatever its JSON type, keeping only nulls, empty strings and absent keys', () => {
    const odd = {
      token: ['tok-a', 'tok-b'],
      password: { value: 'pw', hint: 'x' },
      apiToken: 123456789,
      flag: false,
      zero: 0,
      nothing: null,
      empty: '',
    };
    const redacted = redactSecretFields(odd, [
      'token',
      'password',
      'apiToken',
      'flag',
      'zero',
      'nothing',
      'empty',
      'gone',
    ]);
    expect(redacted).toEqual({
      token: REDACTED,
      password: REDACTED,
      apiToken: REDACTED,
      flag: REDACTED,
      zero: REDACTED,
      nothing: null,
      empty: '',
    });
    expect(JSON.stringify(redacted)).not.toMatch(/tok-a|pw|123456789/);
  });

  it('reads `[]` as every element of an array, at any segment, trailing or alone', () => {
    const session = {
      config: {
        webhooks: [
          {
            url: 'u1',
            hmac: { key: 'k1' },
            customHeaders: [
              { name: 'X-A', value: 'v1' },
              { name: 'X-B', value: null },
            ],
          },
          { url: 'u2', hmac: null, customHeaders: [] },
          { url: 'u3', hmac: { key: 42 } },
        ],
        proxy: { password: 'pp' },
      },
      tokens: ['t1', '', null, { nested: 't2' }],
    };
    const redacted = redactSecretFields(session, [
      'config.webhooks[].hmac.key',
      'config.webhooks[].customHeaders[].value',
      'config.proxy.password',
      'tokens[]',
    ]);
    expect(redacted).toEqual({
      config: {
        webhooks: [
          {
            url: 'u1',
            hmac: { key: REDACTED },
            customHeaders: [
              { name: 'X-A', value: REDACTED },
              { name: 'X-B', value: null },
            ],
          },
          { url: 'u2', hmac: null, customHeaders: [] },
          { url: 'u3', hmac: { key: REDACTED } },
        ],
        proxy: { password: REDACTED },
      },
      tokens: [REDACTED, '', null, REDACTED],
    });
    expect(redacted.config.webhooks[1]).toBe(session.config.webhooks[1]);
    expect(redactSecretFields([[{ key: 'a' }], [{ key: 'b' }]], ['[][].key'])).toEqual([
      [{ key: REDACTED }],
      [{ key: REDACTED }],
    ]);
    // A `[]` that meets something other than an array leaves it as it is.
    expect(redactSecretFields({ tokens: 'plain' }, ['tokens[]'])).toEqual({ tokens: 'plain' });
  });

  it('stays bounded on arrays nested 100,000 deep, whatever the path', () => {
    let nested: unknown = [{ hmac: { key: 'deep' } }];
    for (let depth = 0; depth < 100_000; depth++) nested = [nested];
    const item = { token: nested, config: { webhooks: nested } };
    for (const paths of [
      ['config.webhooks.hmac.key'],
      ['config.webhooks[].hmac.key'],
      ['token'],
      ['config.webhooks[][][]'],
    ]) {
      expect(() => redactSecretFields(item, paths)).not.toThrow();
    }
    expect(redactSecretFields(item, ['token']).token).toBe(REDACTED);
  });

  it('returns non-objects and empty path lists as they are, and never walks into a prototype', () => {
    expect(redactSecretFields('text', ['token'])).toBe('text');
    expect(redactSecretFields(null, ['token'])).toBe(null);
    expect(redactSecretFields(item, [])).toBe(item);
    redactSecretFields({ a: 1 }, ['__proto__.polluted', 'constructor.prototype.polluted']);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
