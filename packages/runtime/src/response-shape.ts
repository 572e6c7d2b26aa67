import { ResponseFormatError } from './errors.js';

/**
 * Cheap readers of a provider's body: each checks only the field it reads, and a mismatch becomes a
 * `ResponseFormatError` naming the provider and the field's path (`instances[3].id`) instead of a
 * `TypeError` from deep inside an adapter. They run on every item, so they allocate nothing on success.
 */
export interface ShapeContext {
  provider: string;
  account?: string;
}

export function responseFormatError(
  context: ShapeContext,
  field: string,
  expectation: string,
): ResponseFormatError {
  const source =
    context.account === undefined ? context.provider : `${context.provider} account "${context.account}"`;
  return new ResponseFormatError(`${source}: \`${field}\` in the response ${expectation}`, {
    provider: context.provider,
    ...(context.account === undefined ? {} : { account: context.account }),
    field,
  });
}

/**
 * The record's own value for `key`: a key the provider left out must read as absent, not as what
 * `Object.prototype` holds under that name (`constructor`, `toString`).
 */
function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function expectRecord(value: unknown, context: ShapeContext, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw responseFormatError(context, field, `should be an object, not ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** An optional object: absent or null give undefined. */
export function readOptionalRecord(
  record: Record<string, unknown>,
  key: string,
  context: ShapeContext,
  field: string,
): Record<string, unknown> | undefined {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return undefined;
  return expectRecord(value, context, `${field}.${key}`);
}

export function expectArray(value: unknown, context: ShapeContext, field: string): unknown[] {
  if (!Array.isArray(value))
    throw responseFormatError(context, field, `should be an array, not ${describe(value)}`);
  return value;
}

export function readString(
  record: Record<string, unknown>,
  key: string,
  context: ShapeContext,
  field: string,
): string {
  const value = ownValue(record, key);
  if (typeof value !== 'string') {
    throw responseFormatError(context, `${field}.${key}`, `should be a string, not ${describe(value)}`);
  }
  return value;
}

/** A string that may be absent or null: both give null. */
export function readOptionalString(
  record: Record<string, unknown>,
  key: string,
  context: ShapeContext,
  field: string,
): string | null {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw responseFormatError(
      context,
      `${field}.${key}`,
      `should be a string or null, not ${describe(value)}`,
    );
  }
  return value;
}

export function readOptionalBoolean(
  record: Record<string, unknown>,
  key: string,
  context: ShapeContext,
  field: string,
): boolean | null {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') {
    throw responseFormatError(context, `${field}.${key}`, `should be a boolean, not ${describe(value)}`);
  }
  return value;
}

/** A number that may be absent or null: both give null. */
export function readOptionalNumber(
  record: Record<string, unknown>,
  key: string,
  context: ShapeContext,
  field: string,
): number | null {
  const value = ownValue(record, key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw responseFormatError(context, `${field}.${key}`, `should be a number, not ${describe(value)}`);
  }
  return value;
}

/**
 * A string or a number (ids some providers send as integers), as a string. An empty string is kept:
 * A provider's own documented example may have `id: ""`, and an id is never null in the common model.
 */
export function readIdentifier(
  record: Record<string, unknown>,
  key: string,
  context: ShapeContext,
  field: string,
): string {
  const value = ownValue(record, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw responseFormatError(context, `${field}.${key}`, `should be a string, not ${describe(value)}`);
}
