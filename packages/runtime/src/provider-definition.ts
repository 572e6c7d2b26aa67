import { ValidationError } from './errors.js';
import type { ProviderAdapter, ProviderMetadata } from './provider-adapter.js';

/**
 * The options an account of this provider accepts beyond the common ones (`provider`, `token`,
 * `label`, `baseUrl`, `rateLimit`), and how to check them.
 */
export interface AccountOptionsSchema<Settings> {
  /** The option names, so that an unknown key is refused. */
  readonly keys: readonly string[];
  /**
   * Checks the account's own options and fills in defaults. `field` names the account in errors
   * (`accounts[2]`); a thrown error is a `ValidationError` naming `${field}.${key}`, never a secret.
   */
  resolve(options: Readonly<Record<string, unknown>>, field: string): Settings;
}

/** The environment variables the CLI reads an account of this provider from. */
export interface ProviderEnvironment {
  /** Holds the token; an account exists when it is set. */
  readonly token: string;
  readonly baseUrl: string;
  /** Variables of the provider's own account options, by option name. */
  readonly options?: Readonly<Record<string, string>>;
}

/** What a provider's `./simulator` entry exports; see `@switchboard/runtime/simulator`. */
export interface ProviderSimulatorModule {
  /** A stateful simulator of the provider's API, answering web-standard `Request`s. */
  createSimulator(options?: Record<string, unknown>): unknown;
  /** Deterministic fake list items covering every status. */
  createFakeInstances(count: number, options?: { seed?: number }): unknown[];
  /** The token the simulator accepts unless told otherwise, and that `switchboard demo` uses. */
  readonly demoToken: string;
  /** Instances the simulator holds when the caller names no count. */
  readonly defaultInstanceCount: number;
  /** Account options a demo account needs (WhatsApp Cloud's `businessAccountId`). */
  readonly demoAccountOptions?: Readonly<Record<string, unknown>>;
}

/**
 * One provider, as everything outside its package sees it: the value each provider package exports
 * (`acmeProvider`…) and the registry lists. Versioned like the adapter, so that a facade can refuse
 * a definition written against an interface it does not know.
 */
export interface ProviderDefinition<
  Key extends string = string,
  Raw = unknown,
  Client = unknown,
  Settings = Readonly<Record<string, unknown>>,
  AccountOptions extends object = object,
> {
  readonly specificationVersion: 'v1';
  /** The provider key (`acme`), used in accounts, filters, `Instance.provider` and CLI flags. */
  readonly key: Key;
  /** The provider's name as people write it (`Acme`). */
  readonly displayName: string;
  /** Read from the spec: default base URL, auth, rate limit, secret fields, list operation. */
  readonly metadata: ProviderMetadata;
  readonly adapter: ProviderAdapter<Key, Raw, Client, Settings>;
  readonly accountOptions: AccountOptionsSchema<Settings>;
  readonly environment: ProviderEnvironment;
  /**
   * Loads the provider's simulator entry. Lazy, so that the main entry never pulls the simulator (or
   * anything it needs) into an application's bundle.
   */
  loadSimulator(): Promise<ProviderSimulatorModule>;
  /** Types only: the account options this provider adds, for `createSwitchboard`'s `accounts`. */
  readonly '~accountOptions'?: AccountOptions;
}

/** Any definition, whatever its types. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds definitions of every item and client type.
export type AnyProviderDefinition = ProviderDefinition<string, any, any, any, any>;

/** An account schema for providers with no options of their own. */
export const noAccountOptions: AccountOptionsSchema<Readonly<Record<string, never>>> = Object.freeze({
  keys: Object.freeze([]) as readonly string[],
  resolve: () => Object.freeze({}) as Readonly<Record<string, never>>,
});

/** The default and the bounds of a page-size option. */
export interface PageSizeOption {
  readonly default: number;
  readonly max?: number;
}

/**
 * Reads a `pageSize` account option: a whole number from 1 to `max`, or the default. Shared by the
 * providers that page, so that the check and its message read the same everywhere.
 */
export function readPageSizeOption(value: unknown, field: string, option: PageSizeOption): number {
  if (value === undefined) return option.default;
  const max = option.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    const range = option.max === undefined ? 'a positive integer' : `a whole number from 1 to ${option.max}`;
    throw new ValidationError(`${field}.pageSize must be ${range}`, { field: `${field}.pageSize` });
  }
  return value;
}

/**
 * Checks a definition's shape once, where it is registered, so that a definition from outside the
 * monorepo fails with a clear message rather than deep inside a listing.
 */
export function assertProviderDefinition(
  value: unknown,
  key: string,
): asserts value is AnyProviderDefinition {
  const definition = value as Partial<AnyProviderDefinition> | null;
  const problem =
    typeof definition !== 'object' || definition === null
      ? 'is not an object'
      : definition.specificationVersion !== 'v1'
        ? 'is not a v1 provider definition (specificationVersion must be "v1")'
        : definition.key !== key
          ? `has the key ${JSON.stringify(definition.key)}`
          : typeof definition.adapter !== 'object' ||
              definition.adapter === null ||
              definition.adapter.specificationVersion !== 'v1' ||
              definition.adapter.provider !== key
            ? 'has no v1 adapter for that key'
            : typeof definition.accountOptions?.resolve !== 'function'
              ? 'has no accountOptions.resolve'
              : undefined;
  if (problem !== undefined) {
    throw new ValidationError(`The provider registered as ${JSON.stringify(key)} ${problem}`, {
      field: `providers.${key}`,
    });
  }
}
