import { hypersenderAdapter } from '@switchboard/hypersender';
import { ryzeApiAdapter } from '@switchboard/ryzeapi';
import { wachatAdapter } from '@switchboard/wachat';
import { zApiAdapter } from '@switchboard/z-api';
import type { InstanceFilter as GenericInstanceFilter } from './instance-filter.js';
import type {
  AccountOptions as GenericAccountOptions,
  SwitchboardOptions as GenericSwitchboardOptions,
} from './options.js';
import {
  createSwitchboardFromAdapters,
  type AccountFailure as GenericAccountFailure,
  type AccountSummary as GenericAccountSummary,
  type ListInstancesSettledResult as GenericListInstancesSettledResult,
  type Switchboard as GenericSwitchboard,
  type InstanceUnionOf,
  type ProviderKeyOf,
} from './switchboard.js';

/**
 * The providers Switchboard knows, by key. Adding a provider is one line here: the keys, the
 * `Instance` union and the filters all follow from this object.
 */
const providerAdapters = {
  'z-api': zApiAdapter,
  ryzeapi: ryzeApiAdapter,
  hypersender: hypersenderAdapter,
  wachat: wachatAdapter,
};

type ProviderAdapters = typeof providerAdapters;

/** `'z-api' | 'ryzeapi' | 'hypersender' | 'wachat'`. */
export type ProviderKey = ProviderKeyOf<ProviderAdapters>;

/** Every provider key, in the order Switchboard lists them. */
export const PROVIDER_KEYS: readonly ProviderKey[] = Object.freeze(
  Object.keys(providerAdapters) as ProviderKey[],
);

export function isProviderKey(value: unknown): value is ProviderKey {
  return typeof value === 'string' && (PROVIDER_KEYS as readonly string[]).includes(value);
}

/**
 * One WhatsApp instance in the common model: a union discriminated by `provider`, so checking
 * `instance.provider === 'ryzeapi'` narrows `instance.raw` to `RyzeApiInstance`.
 */
export type Instance = InstanceUnionOf<ProviderAdapters>;

/** The `Instance` of one provider. */
export type InstanceOf<Provider extends ProviderKey> = Extract<Instance, { provider: Provider }>;

export type InstanceFilter = GenericInstanceFilter<ProviderKey>;
export type AccountOptions = GenericAccountOptions<ProviderKey>;
export type SwitchboardOptions = GenericSwitchboardOptions<ProviderKey>;
export type AccountFailure = GenericAccountFailure<ProviderKey>;
export type AccountSummary = GenericAccountSummary<ProviderKey>;
export type ListInstancesSettledResult = GenericListInstancesSettledResult<Instance, ProviderKey>;
export type Switchboard = GenericSwitchboard<Instance, ProviderKey>;

/**
 * The multi-provider facade. Validates `options` at once and throws `ValidationError` naming the
 * field at fault (never a token's value); creates one raw client per account.
 *
 * ```ts
 * const switchboard = createSwitchboard({ accounts: [{ provider: 'ryzeapi', token }] });
 * const connected = await switchboard.listInstances({ status: 'connected' });
 * ```
 */
export function createSwitchboard(options: SwitchboardOptions): Switchboard {
  return createSwitchboardFromAdapters(providerAdapters, options);
}
