import { type BuiltInProviders, builtInProvidersByKey } from '@switchboard/providers';
import type { InstanceFilter as GenericInstanceFilter } from './instance-filter.js';
import type {
  DefinitionRegistry,
  AccountOptions as GenericAccountOptions,
  SwitchboardOptions as GenericSwitchboardOptions,
  ProviderKeyOf,
} from './options.js';
import {
  createSwitchboardFromDefinitions,
  type AccountFailure as GenericAccountFailure,
  type AccountSummary as GenericAccountSummary,
  type ListInstancesSettledResult as GenericListInstancesSettledResult,
  type Switchboard as GenericSwitchboard,
  type InstanceUnionOf,
} from './switchboard.js';
import type { WatchEvent as GenericWatchEvent } from './watch.js';

/** The built-in provider keys, from the registry. */
export type ProviderKey = ProviderKeyOf<BuiltInProviders>;

/** Every built-in provider key, in the order Switchboard lists them. */
export const PROVIDER_KEYS: readonly ProviderKey[] = Object.freeze(
  Object.keys(builtInProvidersByKey) as ProviderKey[],
);

export function isProviderKey(value: unknown): value is ProviderKey {
  return typeof value === 'string' && Object.hasOwn(builtInProvidersByKey, value);
}

/** No providers beyond the built-in ones. */
export type NoAddedProviders = Record<never, never>;

/** The built-in providers with `Added` laid over them (a key of both takes the added definition). */
export type WithProviders<Added extends DefinitionRegistry> = Omit<BuiltInProviders, keyof Added> & Added;

/**
 * One WhatsApp instance in the common model: a union discriminated by `provider`, so checking
 * `instance.provider === key` narrows `instance.raw` to that provider's item type.
 */
export type Instance<Registry extends DefinitionRegistry = BuiltInProviders> = InstanceUnionOf<Registry>;

/** The `Instance` of one provider. */
export type InstanceOf<Provider extends ProviderKey> = Extract<Instance, { provider: Provider }>;

export type InstanceFilter<Registry extends DefinitionRegistry = BuiltInProviders> = GenericInstanceFilter<
  ProviderKeyOf<Registry>
>;
export type AccountOptions<Registry extends DefinitionRegistry = BuiltInProviders> =
  GenericAccountOptions<Registry>;
export type AccountFailure<Registry extends DefinitionRegistry = BuiltInProviders> = GenericAccountFailure<
  ProviderKeyOf<Registry>
>;
export type AccountSummary<Registry extends DefinitionRegistry = BuiltInProviders> = GenericAccountSummary<
  ProviderKeyOf<Registry>
>;
export type ListInstancesSettledResult<Registry extends DefinitionRegistry = BuiltInProviders> =
  GenericListInstancesSettledResult<InstanceUnionOf<Registry>, ProviderKeyOf<Registry>>;
export type Switchboard<Registry extends DefinitionRegistry = BuiltInProviders> = GenericSwitchboard<
  InstanceUnionOf<Registry>,
  ProviderKeyOf<Registry>
>;

/** What `watch()` yields: a union discriminated by `type`. */
export type WatchEvent<Registry extends DefinitionRegistry = BuiltInProviders> = GenericWatchEvent<
  InstanceUnionOf<Registry>,
  ProviderKeyOf<Registry>
>;

/**
 * `createSwitchboard`'s options: accounts of the built-in providers and of any `providers` added,
 * whose definitions (a `ProviderDefinition` from `@switchboard/runtime`) add or replace built-in ones.
 */
export type SwitchboardOptions<Added extends DefinitionRegistry = NoAddedProviders> =
  GenericSwitchboardOptions<
    // Added is read from `providers` alone: inferring it from `accounts` too would widen it.
    WithProviders<NoInfer<Added>>
  > & {
    /** Providers defined outside Switchboard, by key; a built-in key is replaced. */
    providers?: Added;
  };

/**
 * The multi-provider facade. Validates `options` at once and throws `ValidationError` naming the
 * field at fault (never a token's value); creates one raw client per account.
 *
 * ```ts
 * const switchboard = createSwitchboard({ accounts: [{ provider: key, token }] });
 * const connected = await switchboard.listInstances({ status: 'connected' });
 * ```
 */
export function createSwitchboard<Added extends DefinitionRegistry = NoAddedProviders>(
  options: SwitchboardOptions<Added>,
): Switchboard<WithProviders<Added>> {
  const { providers, ...rest } = (options ?? {}) as SwitchboardOptions<Added>;
  const registry =
    providers === undefined ? builtInProvidersByKey : { ...builtInProvidersByKey, ...providers };
  return createSwitchboardFromDefinitions(
    registry as unknown as WithProviders<Added>,
    (options === null || typeof options !== 'object'
      ? options
      : rest) as unknown as GenericSwitchboardOptions<WithProviders<Added>>,
  );
}
