import { ValidationError } from '../errors.js';
import type { StatusMapping } from '../provider-adapter.js';

/**
 * How a provider's item carries its status, so that churn (and `setStatus`) can change it without
 * knowing the provider: the provider's own values, how to read the current one and how to write one.
 */
export interface SimulatorStatusHook<Item> {
  /** Every status value the provider documents, in its own vocabulary (`loggedout`, `SCAN_QR_CODE`). */
  readonly values: readonly unknown[];
  read(item: Item): unknown;
  /** Sets the status in place, with every field the provider derives from it (`isConnected`…). */
  write(item: Item, value: unknown): void;
}

/** Churn: instances connect, drop, log out, appear and disappear on the simulator's clock. */
export interface SimulatorChurnOptions {
  /** Time between two changes, in milliseconds. */
  intervalMs: number;
  /** The same seed gives the same changes in the same order. Default 1. */
  seed?: number;
}

/** One change made to a simulator's instances, by a test (`add`, `update`, `remove`) or by churn. */
export interface SimulatorChange {
  readonly type: 'added' | 'changed' | 'removed';
  /** The instance's id, as the provider writes it. */
  readonly id: string | number;
  /** The clock reading when it happened. */
  readonly at: number;
  /** Who made it. */
  readonly source: 'test' | 'churn';
}

function readPath(item: unknown, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function writePath(item: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = item as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1] as string] = value;
}

/**
 * The status hook a spec's `x-switchboard-status` describes: the values are the mapping's keys, the
 * value lives at `field` (and at `fallbackField` too, when the spec names one, so the two never
 * disagree). `alsoWrite` sets whatever else the provider derives from the status.
 */
export function statusHookFromMapping<Item>(
  mapping: StatusMapping,
  alsoWrite?: (item: Item, value: unknown) => void,
): SimulatorStatusHook<Item> {
  return {
    values: Object.freeze(Object.keys(mapping.map)),
    read: (item) => {
      const value = readPath(item, mapping.field);
      return value === undefined || value === null || value === ''
        ? mapping.fallbackField === null
          ? value
          : readPath(item, mapping.fallbackField)
        : value;
    },
    write: (item, value) => {
      writePath(item, mapping.field, value);
      if (mapping.fallbackField !== null) writePath(item, mapping.fallbackField, value);
      alsoWrite?.(item, value);
    },
  };
}

/** Rejects churn options that would spin or never fire. */
export function assertChurnOptions(churn: unknown, provider: string): asserts churn is SimulatorChurnOptions {
  const candidate = churn as SimulatorChurnOptions;
  if (
    typeof churn !== 'object' ||
    churn === null ||
    !Number.isFinite(candidate.intervalMs) ||
    candidate.intervalMs <= 0
  ) {
    throw new ValidationError(
      `${provider} simulator: \`churn\` must be { intervalMs, seed? } with a positive intervalMs`,
      { field: 'churn.intervalMs' },
    );
  }
  if (candidate.seed !== undefined && !Number.isFinite(candidate.seed)) {
    throw new ValidationError(`${provider} simulator: \`churn.seed\` must be a finite number`, {
      field: 'churn.seed',
    });
  }
}

/** The spec's status mapping, for a simulator that cannot do without one. */
export function requireStatusMapping(mapping: StatusMapping | null): StatusMapping {
  if (mapping === null) {
    throw new ValidationError(
      'simulator: the spec declares no x-switchboard-status; give a status hook of its own',
      {
        field: 'status',
      },
    );
  }
  return mapping;
}
