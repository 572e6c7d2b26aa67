import { describe, expect, it } from 'vitest';
import { describeAccountFailure, describeErrorMeaning } from './describe-failure.js';

const account = { provider: 'acme', label: 'br-sales' };

describe('describeErrorMeaning', () => {
  it.each([
    [{ code: 'authentication', status: 401 }, 'the token was refused; check it (HTTP 401)'],
    [{ code: 'permission_denied', status: 403 }, 'the token may not list instances (HTTP 403)'],
    [{ code: 'not_found', status: 404 }, 'the list endpoint was not found; check the base URL (HTTP 404)'],
    [
      { code: 'rate_limited', status: 429, retryAfterMs: 90_000 },
      'rate limited by the provider (HTTP 429); it asks to wait 90s',
    ],
    [{ code: 'provider_error', status: 503 }, 'the provider answered with an error (HTTP 503)'],
    [{ code: 'connection' }, 'could not reach the provider; check the base URL and the network'],
    [{ code: 'timeout', timeoutMs: 2500 }, 'the provider did not answer within 2.5s'],
    [{ code: 'response_format' }, 'the provider answered in a shape Switchboard does not know'],
  ])('explains %o', (error, meaning) => {
    expect(describeErrorMeaning(error)).toBe(meaning);
  });
});

describe('describeAccountFailure', () => {
  it('names provider and label, the meaning, the provider message and the request id', () => {
    expect(
      describeAccountFailure(account, {
        code: 'authentication',
        status: 401,
        providerMessage: 'Invalid token',
        requestId: 'req-1',
        message: 'Acme refused the token',
      }),
    ).toBe(
      'acme account "br-sales" failed: the token was refused; check it (HTTP 401); provider said: Invalid token; request id req-1',
    );
  });

  it('adds the message when the meaning alone is generic', () => {
    expect(
      describeAccountFailure(account, { code: 'connection', message: 'connect ECONNREFUSED 127.0.0.1:9' }),
    ).toBe(
      'acme account "br-sales" failed: could not reach the provider; check the base URL and the network; connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  it('does not name the account twice when the message opens with it', () => {
    expect(
      describeAccountFailure(account, {
        code: 'response_format',
        message: 'acme account "br-sales" answered with a body that is not JSON',
      }),
    ).toBe(
      'acme account "br-sales" failed: the provider answered in a shape Switchboard does not know; answered with a body that is not JSON',
    );
  });

  it('keeps a hostile provider message on one line, without escape sequences, and short', () => {
    const line = describeAccountFailure(account, {
      code: 'provider_error',
      status: 500,
      providerMessage: `boom\n\u001b[31mfake prompt$ ${'x'.repeat(300)}`,
    });
    expect(line).not.toContain('\n');
    expect(line).not.toContain('\u001b');
    expect(line.length).toBeLessThan(320);
  });
});
