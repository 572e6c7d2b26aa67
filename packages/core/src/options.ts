import {
  type AnyProviderDefinition,
  describeBaseUrlProblem,
  describeTokenProblem,
  LOG_LEVELS,
  type Logger,
  type LogLevel,
  type RateLimit,
  ValidationError,
} from '@switchboard/runtime';
import { describeValue } from './instance-filter.js';

/** What every account takes, whatever its provider. */
export interface CommonAccountOptions<Provider extends string = string> {
  provider: Provider;
  /** The provider credential (a partner token, an account token, an API key). Never printed. */
  token: string;
  /**
   * Names the account in results (`instance.account`), filters, errors and logs. Defaults to the
   * provider key, then `key#2`, `key#3`… for further unlabelled accounts of the same provider.
   * Labels must be unique.
   */
  label?: string;
  /** Defaults to the server URL of the provider's spec. */
  baseUrl?: string;
  /** Overrides the spec's `x-rate-limit`; `false` turns client-side limiting off. */
  rateLimit?: RateLimit | false;
}

/** Definitions by provider key: the registry a switchboard is built over. */
export type DefinitionRegistry = { readonly [key: string]: AnyProviderDefinition };

/** The keys of a registry. */
export type ProviderKeyOf<Registry extends DefinitionRegistry> = Extract<keyof Registry, string>;

/** The account options a definition adds to the common ones (`pageSize`, `businessAccountId`). */
export type ProviderAccountOptionsOf<Definition> = Definition extends {
  readonly '~accountOptions'?: infer Own;
}
  ? unknown extends Own
    ? object
    : NonNullable<Own>
  : object;

/**
 * One provider account: the credential Switchboard lists instances with, and the options its provider
 * adds. A union discriminated by `provider`, so each provider's own options are checked.
 */
export type AccountOptions<Registry extends DefinitionRegistry = DefinitionRegistry> = {
  [Provider in ProviderKeyOf<Registry>]: CommonAccountOptions<Provider> &
    ProviderAccountOptionsOf<Registry[Provider]>;
}[ProviderKeyOf<Registry>];

export interface SwitchboardOptions<Registry extends DefinitionRegistry = DefinitionRegistry> {
  accounts: readonly AccountOptions<Registry>[];
  /**
   * Per attempt, in milliseconds. Time spent queued behind `concurrency` or a rate limit does not
   * count. Default 30 000.
   */
  timeoutMs?: number;
  /** Retries of a failed request (connection errors, timeouts, 408, 409, 429, 5xx). Default 2. */
  maxRetries?: number;
  /** Requests in flight at once, across all accounts and calls of this switchboard. Default 8. */
  concurrency?: number;
  /** `'redact'` (default) puts `'[redacted]'` in place of every secret in `raw`; `'include'` keeps them. */
  secrets?: 'redact' | 'include';
  /** A custom fetch, for tests, proxies or instrumentation. Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Anything shaped like `console`, such as `console`. Without one, nothing is logged. */
  logger?: Logger;
  /** The least severe level passed to `logger`. Default `'warn'`. */
  logLevel?: LogLevel;
  /**
   * Pages one call may walk per account before the account fails with `ResponseFormatError`: a guard
   * against a provider that never stops paging. Default 10 000.
   */
  maxPages?: number;
  /** The largest answer read, in bytes; a larger one fails with `ResponseFormatError`. Default 64 MiB. */
  maxResponseBytes?: number;
}

/** The second argument of every listing method. */
export interface ListOptions {
  /** Aborts the whole call: it rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Overrides the switchboard's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the switchboard's `maxRetries` for this call. */
  maxRetries?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_PAGES = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 67_108_864;
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';
/** The longest delay `setTimeout` honours; a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

export interface ResolvedAccount<Provider extends string = string> {
  readonly provider: Provider;
  readonly token: string;
  readonly label: string;
  readonly baseUrl: string | undefined;
  readonly rateLimit: RateLimit | false | undefined;
  /** The provider's own account options, checked and defaulted by its definition. */
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface ResolvedOptions<Provider extends string = string> {
  readonly accounts: readonly ResolvedAccount<Provider>[];
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly concurrency: number;
  readonly secrets: 'redact' | 'include';
  readonly fetch: typeof fetch | undefined;
  readonly logger: Logger | undefined;
  readonly logLevel: LogLevel;
  readonly maxPages: number;
  readonly maxResponseBytes: number;
}

export interface ResolvedListOptions {
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly maxRetries: number | undefined;
}

const OPTION_KEYS = [
  'accounts',
  'timeoutMs',
  'maxRetries',
  'concurrency',
  'secrets',
  'fetch',
  'logger',
  'logLevel',
  'maxPages',
  'maxResponseBytes',
  'providers',
] as const;
const COMMON_ACCOUNT_KEYS = ['provider', 'token', 'label', 'baseUrl', 'rateLimit'] as const;
const LIST_OPTION_KEYS = ['signal', 'timeoutMs', 'maxRetries'] as const;
const RATE_LIMIT_KEYS = ['requests', 'perMs'] as const;
const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

function fail(field: string, message: string): never {
  throw new ValidationError(`${field} ${message}`, { field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireRecord(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) fail(field, `must be an object, got ${describeValue(value)}`);
  return value;
}

/** Unknown keys are refused so that a typo (`timeout`, `apiKey`) does not pass silently. */
function rejectUnknownKeys(record: Record<string, unknown>, known: readonly string[], field: string): void {
  for (const key of Object.keys(record)) {
    const path = field ? `${field}.${key}` : key;
    if (key === '__proto__') fail(path, 'is not allowed');
    if (!known.includes(key)) fail(path, `is not an option; the options are ${known.join(', ')}`);
  }
}

function readPositiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    fail(field, `must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

function readTimeout(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    fail(field, `must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}`);
  }
  return value;
}

function readRetries(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(field, `must be an integer of 0 or more, got ${describeValue(value)}`);
  }
  return value;
}

function readRateLimit(value: unknown, field: string): RateLimit | false {
  if (value === false) return false;
  const record = requireRecord(value, field);
  rejectUnknownKeys(record, RATE_LIMIT_KEYS, field);
  return {
    requests: readPositiveInteger(record.requests, `${field}.requests`),
    perMs: readTimeout(record.perMs, `${field}.perMs`),
  };
}

function readBaseUrl(value: unknown, field: string): string {
  const problem = describeBaseUrlProblem(value);
  if (problem !== undefined) fail(field, problem);
  return value as string;
}

function readLogger(value: unknown): Logger {
  const record = requireRecord(value, 'logger');
  for (const method of LOGGER_METHODS) {
    if (typeof record[method] !== 'function') fail(`logger.${method}`, 'must be a function');
  }
  return value as Logger;
}

/**
 * Validates options as a caller may really pass them (JavaScript, JSON files) and fills in the
 * defaults. Throws `ValidationError` naming the field; a token's value never appears in a message.
 */
export function resolveOptions<Provider extends string>(
  input: unknown,
  definitions: Readonly<Record<Provider, AnyProviderDefinition>>,
): ResolvedOptions<Provider> {
  const providerKeys = Object.keys(definitions) as Provider[];
  const options = requireRecord(input, 'options');
  rejectUnknownKeys(options, OPTION_KEYS, '');
  if (!Array.isArray(options.accounts)) fail('accounts', 'must be an array of accounts');
  if (options.accounts.length === 0) fail('accounts', 'must list at least one account');

  const readAccount = (value: unknown, index: number) => {
    const field = `accounts[${index}]`;
    const account = requireRecord(value, field);
    const provider = account.provider;
    if (typeof provider !== 'string' || !Object.hasOwn(definitions, provider)) {
      fail(`${field}.provider`, `must be one of ${providerKeys.join(', ')}, got ${describeValue(provider)}`);
    }
    const definition = definitions[provider as Provider];
    const ownKeys = definition.accountOptions.keys;
    rejectUnknownKeys(account, [...COMMON_ACCOUNT_KEYS, ...ownKeys], field);
    // Never describe the token's value: a wrong-typed token may still be a secret.
    const tokenProblem = describeTokenProblem(account.token);
    if (tokenProblem !== undefined) fail(`${field}.token`, tokenProblem);
    const token = account.token as string;
    if (account.label !== undefined && (typeof account.label !== 'string' || account.label.trim() === '')) {
      fail(`${field}.label`, 'must be a non-empty string');
    }
    return {
      provider: provider as Provider,
      token,
      label: account.label as string | undefined,
      baseUrl: account.baseUrl === undefined ? undefined : readBaseUrl(account.baseUrl, `${field}.baseUrl`),
      rateLimit:
        account.rateLimit === undefined ? undefined : readRateLimit(account.rateLimit, `${field}.rateLimit`),
      settings: definition.accountOptions.resolve(
        Object.fromEntries(
          ownKeys.filter((key) => Object.hasOwn(account, key)).map((key) => [key, account[key]]),
        ),
        field,
      ) as Readonly<Record<string, unknown>>,
    };
  };
  const accounts = options.accounts.map(readAccount);

  const taken = new Set<string>();
  accounts.forEach((account, index) => {
    if (account.label === undefined) return;
    if (taken.has(account.label)) {
      fail(
        `accounts[${index}].label`,
        `repeats the label ${describeValue(account.label)}; labels must be unique`,
      );
    }
    taken.add(account.label);
  });
  const resolvedAccounts = accounts.map((account): ResolvedAccount<Provider> => {
    let label = account.label;
    if (label === undefined) {
      label = account.provider;
      for (let ordinal = 2; taken.has(label); ordinal += 1) label = `${account.provider}#${ordinal}`;
      taken.add(label);
    }
    return { ...account, label };
  });

  if (options.secrets !== undefined && options.secrets !== 'redact' && options.secrets !== 'include') {
    fail('secrets', `must be 'redact' or 'include', got ${describeValue(options.secrets)}`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('fetch', 'must be a function');
  if (options.logLevel !== undefined && !LOG_LEVELS.includes(options.logLevel as LogLevel)) {
    fail('logLevel', `must be one of ${LOG_LEVELS.join(', ')}, got ${describeValue(options.logLevel)}`);
  }

  return {
    accounts: resolvedAccounts,
    timeoutMs:
      options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : readTimeout(options.timeoutMs, 'timeoutMs'),
    maxRetries:
      options.maxRetries === undefined ? DEFAULT_MAX_RETRIES : readRetries(options.maxRetries, 'maxRetries'),
    concurrency:
      options.concurrency === undefined
        ? DEFAULT_CONCURRENCY
        : readPositiveInteger(options.concurrency, 'concurrency'),
    secrets: (options.secrets as 'redact' | 'include' | undefined) ?? 'redact',
    fetch: options.fetch as typeof fetch | undefined,
    logger: options.logger === undefined ? undefined : readLogger(options.logger),
    logLevel: (options.logLevel as LogLevel | undefined) ?? DEFAULT_LOG_LEVEL,
    maxPages:
      options.maxPages === undefined ? DEFAULT_MAX_PAGES : readPositiveInteger(options.maxPages, 'maxPages'),
    maxResponseBytes:
      options.maxResponseBytes === undefined
        ? DEFAULT_MAX_RESPONSE_BYTES
        : readPositiveInteger(options.maxResponseBytes, 'maxResponseBytes'),
  };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return true;
  // A signal from another realm or polyfill: accept anything that behaves like one.
  return (
    isRecord(value) &&
    typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function' &&
    typeof value.removeEventListener === 'function'
  );
}

/** Validates the second argument of a listing method. */
export function resolveListOptions(input: unknown): ResolvedListOptions {
  if (input === undefined) return { signal: undefined, timeoutMs: undefined, maxRetries: undefined };
  const options = requireRecord(input, 'options');
  rejectUnknownKeys(options, LIST_OPTION_KEYS, 'options');
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    fail('options.signal', 'must be an AbortSignal');
  }
  return {
    signal: options.signal as AbortSignal | undefined,
    timeoutMs:
      options.timeoutMs === undefined ? undefined : readTimeout(options.timeoutMs, 'options.timeoutMs'),
    maxRetries:
      options.maxRetries === undefined ? undefined : readRetries(options.maxRetries, 'options.maxRetries'),
  };
}
