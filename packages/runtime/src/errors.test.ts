import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ProviderError,
  RateLimitError,
  SwitchboardError,
  ValidationError,
} from './errors.js';

describe('SwitchboardError.isInstance', () => {
  it('recognises an error from another copy of the package by its marker', () => {
    const foreign = Object.assign(new Error('x'), { code: 'validation' });
    Object.defineProperty(foreign, Symbol.for('switchboard.error'), { value: true });
    expect(SwitchboardError.isInstance(foreign)).toBe(true);
    expect(ValidationError.isInstance(foreign)).toBe(true);
    expect(AuthenticationError.isInstance(foreign)).toBe(false);
  });

  it('rejects plain errors and non-objects', () => {
    expect(SwitchboardError.isInstance(new Error('x'))).toBe(false);
    expect(SwitchboardError.isInstance(null)).toBe(false);
    expect(SwitchboardError.isInstance('validation')).toBe(false);
  });
});

describe('retryable', () => {
  it.each([
    [408, true],
    [409, true],
    [500, true],
    [503, true],
    [400, false],
    [422, false],
  ])('ProviderError with status %i is retryable: %s', (status, expected) => {
    expect(new ProviderError('failed', { status }).retryable).toBe(expected);
  });

  it('rate limits are retryable, authentication failures are not', () => {
    expect(new RateLimitError('slow down', { retryAfterMs: 1000 }).retryable).toBe(true);
    expect(new AuthenticationError('no').retryable).toBe(false);
  });
});

describe('serialization', () => {
  it('keeps the raw response out of JSON and inspect output', () => {
    const response = new Response('{"secret":"abc"}', { status: 500, headers: { 'x-request-id': 'req_1' } });
    const error = new ProviderError('acme failed', { status: 500, response, requestId: 'req_1' });
    expect(error.response).toBe(response);
    expect(JSON.stringify(error)).not.toContain('Response');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: 'provider_error',
      status: 500,
      requestId: 'req_1',
      retryable: true,
    });
    expect(inspect(error)).not.toContain('Response {');
  });
});
