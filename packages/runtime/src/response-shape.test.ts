import { describe, expect, it } from 'vitest';
import { ResponseFormatError } from './errors.js';
import {
  expectArray,
  expectRecord,
  readIdentifier,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalRecord,
  readOptionalString,
  readString,
  responseFormatError,
  type ShapeContext,
} from './response-shape.js';

const context: ShapeContext = { provider: 'acme', account: 'sales' };

/** Runs `read` and returns what it threw, failing the test when it threw nothing or something else. */
function thrownBy(read: () => unknown): ResponseFormatError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ResponseFormatError);
    return error as ResponseFormatError;
  }
  throw new Error('expected a ResponseFormatError, nothing was thrown');
}

function expectFormatError(read: () => unknown, field: string): ResponseFormatError {
  const error = thrownBy(read);
  expect(error).toMatchObject({
    code: 'response_format',
    name: 'ResponseFormatError',
    provider: 'acme',
    account: 'sales',
    field,
    retryable: false,
  });
  expect(ResponseFormatError.isInstance(error)).toBe(true);
  expect(error.message).toContain('acme account "sales"');
  expect(error.message).toContain(`\`${field}\``);
  return error;
}

describe('responseFormatError', () => {
  it('names provider, account and field', () => {
    const error = responseFormatError(context, 'instances[3].id', 'should be a string');
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.message).toBe('acme account "sales": `instances[3].id` in the response should be a string');
    expect(error).toMatchObject({ provider: 'acme', account: 'sales', field: 'instances[3].id' });
    expect(error.toJSON()).toMatchObject({ field: 'instances[3].id', code: 'response_format' });
  });

  it('leaves the account out when there is none', () => {
    const error = responseFormatError({ provider: 'initech' }, 'instances', 'should be an array');
    expect(error.message).toBe('initech: `instances` in the response should be an array');
    expect(error.account).toBeUndefined();
    expect(Object.hasOwn(error, 'account')).toBe(true);
  });
});

describe('expectRecord', () => {
  it('returns an object as it is', () => {
    const value = { id: 'a' };
    expect(expectRecord(value, context, 'item')).toBe(value);
  });

  it.each([
    [null, 'null'],
    [[], 'an array'],
    ['text', 'a string'],
    [42, 'a number'],
    [undefined, 'a undefined'],
    [true, 'a boolean'],
  ])('rejects %j with the field path', (value, described) => {
    const error = expectFormatError(() => expectRecord(value, context, 'instances[3]'), 'instances[3]');
    expect(error.message).toContain(`should be an object, not ${described}`);
  });
});

describe('readOptionalRecord', () => {
  it('gives undefined for absent and null', () => {
    expect(readOptionalRecord({}, 'connection', context, 'item')).toBeUndefined();
    expect(readOptionalRecord({ connection: null }, 'connection', context, 'item')).toBeUndefined();
  });

  it('returns a nested object', () => {
    const connection = { state: 'connected' };
    expect(readOptionalRecord({ connection }, 'connection', context, 'item')).toBe(connection);
  });

  it('rejects a nested value that is not an object with the dotted path', () => {
    expectFormatError(
      () => readOptionalRecord({ connection: 'connected' }, 'connection', context, 'instances[0]'),
      'instances[0].connection',
    );
  });
});

describe('expectArray', () => {
  it('returns an array as it is', () => {
    const value = [1, 2];
    expect(expectArray(value, context, 'instances')).toBe(value);
  });

  it.each([{ length: 0 }, null, undefined, 'a,b'])('rejects %j', (value) => {
    expectFormatError(() => expectArray(value, context, 'instances'), 'instances');
  });
});

describe('readString', () => {
  it('returns a string, the empty one included', () => {
    expect(readString({ name: 'sales' }, 'name', context, 'item')).toBe('sales');
    expect(readString({ name: '' }, 'name', context, 'item')).toBe('');
  });

  it.each([undefined, null, 42, {}])('rejects %j with the field path', (value) => {
    expectFormatError(() => readString({ name: value }, 'name', context, 'item'), 'item.name');
  });
});

describe('readOptionalString', () => {
  it('gives null for absent and null, and keeps strings', () => {
    expect(readOptionalString({}, 'name', context, 'item')).toBeNull();
    expect(readOptionalString({ name: null }, 'name', context, 'item')).toBeNull();
    expect(readOptionalString({ name: '' }, 'name', context, 'item')).toBe('');
    expect(readOptionalString({ name: 'x' }, 'name', context, 'item')).toBe('x');
  });

  it.each([42, true, {}, ['a']])('rejects %j with the field path', (value) => {
    const error = expectFormatError(
      () => readOptionalString({ name: value }, 'name', context, 'item.profile'),
      'item.profile.name',
    );
    expect(error.message).toContain('should be a string or null');
  });

  it('does not read a key from the prototype chain as a value', () => {
    expect(readOptionalString({}, 'constructor', context, 'item')).toBeNull();
    expect(readOptionalString({}, 'toString', context, 'item')).toBeNull();
  });
});

describe('readOptionalBoolean', () => {
  it('gives null for absent and null, and keeps booleans', () => {
    expect(readOptionalBoolean({}, 'isBusiness', context, 'item')).toBeNull();
    expect(readOptionalBoolean({ isBusiness: null }, 'isBusiness', context, 'item')).toBeNull();
    expect(readOptionalBoolean({ isBusiness: false }, 'isBusiness', context, 'item')).toBe(false);
    expect(readOptionalBoolean({ isBusiness: true }, 'isBusiness', context, 'item')).toBe(true);
  });

  it.each(['true', 1, 0, {}])('rejects %j with the field path', (value) => {
    expectFormatError(
      () => readOptionalBoolean({ isBusiness: value }, 'isBusiness', context, 'item.profile'),
      'item.profile.isBusiness',
    );
  });
});

describe('readOptionalNumber', () => {
  it('gives null for absent and null, and keeps finite numbers', () => {
    expect(readOptionalNumber({}, 'due', context, 'item')).toBeNull();
    expect(readOptionalNumber({ due: null }, 'due', context, 'item')).toBeNull();
    expect(readOptionalNumber({ due: 0 }, 'due', context, 'item')).toBe(0);
    expect(readOptionalNumber({ due: 1648565999675 }, 'due', context, 'item')).toBe(1648565999675);
  });

  it.each(['1', Number.NaN, Number.POSITIVE_INFINITY, true])('rejects %j with the field path', (value) => {
    expectFormatError(() => readOptionalNumber({ due: value }, 'due', context, 'item'), 'item.due');
  });
});

describe('readIdentifier', () => {
  it('keeps strings, the empty one included (a spec may document `id: ""`)', () => {
    expect(readIdentifier({ id: 'abc' }, 'id', context, 'item')).toBe('abc');
    expect(readIdentifier({ id: '' }, 'id', context, 'item')).toBe('');
  });

  it('reads a finite number as its decimal text', () => {
    expect(readIdentifier({ id: 29 }, 'id', context, 'item')).toBe('29');
  });

  it.each([undefined, null, Number.NaN, true, {}, ['a']])('rejects %j with the field path', (value) => {
    expectFormatError(() => readIdentifier({ id: value }, 'id', context, 'item'), 'item.id');
  });
});
