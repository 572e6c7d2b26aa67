import { evolutionApiProvider } from '@switchboard/evolution-api';
import { hypersenderProvider } from '@switchboard/hypersender';
import type { AnyProviderDefinition } from '@switchboard/runtime';
import { ryzeApiProvider } from '@switchboard/ryzeapi';
import { wachatProvider } from '@switchboard/wachat';
import { wahaProvider } from '@switchboard/waha';
import { whatsAppCloudProvider } from '@switchboard/whatsapp-cloud';
import { zApiProvider } from '@switchboard/z-api';

/**
 * Switchboard's built-in providers, in the order it lists them. This is the one place that names them:
 * core, testing, the CLI, bench and the scripts iterate it. Adding a provider is one package and one
 * entry here.
 */
export const builtInProviders = [
  zApiProvider,
  ryzeApiProvider,
  hypersenderProvider,
  wachatProvider,
  wahaProvider,
  evolutionApiProvider,
  whatsAppCloudProvider,
] as const;

/** A list of definitions as a map by key, keeping each definition's own type. */
export type ProvidersByKey<List extends readonly AnyProviderDefinition[]> = {
  [Definition in List[number] as Definition['key']]: Definition;
};

export type BuiltInProviders = ProvidersByKey<typeof builtInProviders>;

/** The built-in provider keys, one per definition. */
export type BuiltInProviderKey = (typeof builtInProviders)[number]['key'];

/** The built-in definitions by key. */
export const builtInProvidersByKey: BuiltInProviders = Object.freeze(
  Object.fromEntries(builtInProviders.map((definition) => [definition.key, definition])),
) as BuiltInProviders;
