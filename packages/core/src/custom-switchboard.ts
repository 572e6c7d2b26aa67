import type { DefinitionRegistry, ProviderKeyOf, SwitchboardOptions } from './options.js';
import { createSwitchboardFromDefinitions, type InstanceUnionOf, type Switchboard } from './switchboard.js';

/** `createSwitchboard`'s options on the `@switchboard/core/custom` entry: the providers are the caller's. */
export type CustomSwitchboardOptions<Providers extends DefinitionRegistry> = SwitchboardOptions<
  // The providers are read from `providers` alone: inferring them from `accounts` too would widen them.
  NoInfer<Providers>
> & {
  /** The only providers this switchboard knows, by key (`{ [key]: definition }`). */
  providers: Providers;
};

/**
 * The facade over the providers you pass and no others, so that a bundler leaves every other
 * provider out of your application (`@switchboard/core` brings all of them).
 *
 * ```ts
 * import { createSwitchboard } from '@switchboard/core/custom';
 * // `acmeProvider`: the definition a provider package exports (see the package READMEs).
 * const switchboard = createSwitchboard({ providers: { acme: acmeProvider }, accounts: [{ provider: 'acme', token }] });
 * ```
 */
export function createSwitchboard<Providers extends DefinitionRegistry>(
  options: CustomSwitchboardOptions<Providers>,
): Switchboard<InstanceUnionOf<Providers>, ProviderKeyOf<Providers>> {
  const { providers, ...rest } = (options ?? {}) as CustomSwitchboardOptions<Providers>;
  return createSwitchboardFromDefinitions(
    (providers ?? {}) as Providers,
    (options === null || typeof options !== 'object'
      ? options
      : rest) as unknown as SwitchboardOptions<Providers>,
  );
}
