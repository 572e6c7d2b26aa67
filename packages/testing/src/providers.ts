import { type BuiltInProviderKey, type BuiltInProviders, builtInProviders } from '@switchboard/providers';
import {
  type AnyProviderDefinition,
  type ProviderDefinition,
  type ProviderSimulatorModule,
  ValidationError,
} from '@switchboard/runtime';

/** The key of every provider in the registry: `simulators[key]`, `tokens[key]`… */
export type SimulatedProvider = BuiltInProviderKey;

/** A provider's list item type, read from its definition. */
export type RawItemOf<Definition> =
  // biome-ignore lint/suspicious/noExplicitAny: only the item type is read; the rest may be anything.
  Definition extends ProviderDefinition<string, infer Raw, any, any, any> ? Raw : unknown;

/** Each provider's list item, as its spec (and the generated types) describe it. */
export type SimulatedInstanceByProvider = {
  [Key in SimulatedProvider]: RawItemOf<BuiltInProviders[Key]>;
};

/** A provider as the simulators see it: its definition and its loaded `./simulator` entry. */
export interface SimulatedProviderEntry {
  readonly definition: AnyProviderDefinition;
  readonly simulator: ProviderSimulatorModule;
}

function assertSimulatorModule(module: unknown, key: string): asserts module is ProviderSimulatorModule {
  const candidate = module as Partial<ProviderSimulatorModule> | null;
  const problem =
    typeof candidate !== 'object' || candidate === null
      ? 'is not a module'
      : typeof candidate.createSimulator !== 'function'
        ? 'has no createSimulator'
        : typeof candidate.createFakeInstances !== 'function'
          ? 'has no createFakeInstances'
          : typeof candidate.demoToken !== 'string' || candidate.demoToken === ''
            ? 'has no demoToken'
            : !Number.isInteger(candidate.defaultInstanceCount)
              ? 'has no defaultInstanceCount'
              : undefined;
  if (problem !== undefined) {
    throw new ValidationError(`The simulator entry of the provider ${JSON.stringify(key)} ${problem}`, {
      field: `providers.${key}.loadSimulator`,
    });
  }
}

/**
 * Loads each definition's simulator entry, so that `createSimulators({ registry })` can simulate
 * providers from outside Switchboard beside (or instead of) the built-in ones.
 */
export async function loadSimulatedProviders(
  definitions: readonly AnyProviderDefinition[],
): Promise<readonly SimulatedProviderEntry[]> {
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.key)) {
      throw new ValidationError(`The provider ${JSON.stringify(definition.key)} is listed twice`, {
        field: `providers.${definition.key}`,
      });
    }
    seen.add(definition.key);
  }
  const modules = await Promise.all(definitions.map((definition) => definition.loadSimulator()));
  return Object.freeze(
    definitions.map((definition, index) => {
      const simulator = modules[index];
      assertSimulatorModule(simulator, definition.key);
      return Object.freeze({ definition, simulator });
    }),
  );
}

/** The built-in providers with their simulators loaded, in the registry's order. */
export const builtInSimulatedProviders: readonly SimulatedProviderEntry[] =
  await loadSimulatedProviders(builtInProviders);

/** The providers the simulators imitate, by the keys Switchboard uses everywhere, in the registry's order. */
export const SIMULATED_PROVIDERS: readonly SimulatedProvider[] = Object.freeze(
  builtInSimulatedProviders.map((entry) => entry.definition.key as SimulatedProvider),
);

function byProvider<Value>(
  read: (entry: SimulatedProviderEntry) => Value,
): Readonly<Record<SimulatedProvider, Value>> {
  return Object.freeze(
    Object.fromEntries(builtInSimulatedProviders.map((entry) => [entry.definition.key, read(entry)])),
  ) as Record<SimulatedProvider, Value>;
}

/** The server URL of each spec: where the simulators answer in fetch and msw mode. */
export const DEFAULT_BASE_URLS: Readonly<Record<SimulatedProvider, string>> = byProvider(
  (entry) => entry.definition.metadata.defaultBaseUrl,
);

/**
 * The account token each simulator accepts unless told otherwise, and that `switchboard demo` uses.
 * Obviously fake values: they open nothing but a simulator.
 */
export const DEMO_TOKENS: Readonly<Record<SimulatedProvider, string>> = byProvider(
  (entry) => entry.simulator.demoToken,
);

/** How many instances each simulator holds when the caller names no count. */
export const DEFAULT_INSTANCE_COUNTS: Readonly<Record<SimulatedProvider, number>> = byProvider(
  (entry) => entry.simulator.defaultInstanceCount,
);

export function isSimulatedProvider(value: unknown): value is SimulatedProvider {
  return typeof value === 'string' && (SIMULATED_PROVIDERS as readonly string[]).includes(value);
}
