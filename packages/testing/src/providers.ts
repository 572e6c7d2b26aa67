import * as hypersender from '@switchboard/hypersender/simulator';
import * as ryzeapi from '@switchboard/ryzeapi/simulator';
import * as wachat from '@switchboard/wachat/simulator';
import * as zApi from '@switchboard/z-api/simulator';

/** Each provider's `./simulator` entry, by provider key. */
export const SIMULATOR_MODULES = {
  'z-api': zApi,
  ryzeapi,
  hypersender,
  wachat,
} as const;

/** The providers the simulators imitate, by the keys Switchboard uses everywhere. */
export const SIMULATED_PROVIDERS = ['z-api', 'ryzeapi', 'hypersender', 'wachat'] as const;

export type SimulatedProvider = (typeof SIMULATED_PROVIDERS)[number];

/** Each provider's list item, as its spec (and the generated types) describe it. */
export type SimulatedInstanceByProvider = {
  [Provider in SimulatedProvider]: ReturnType<
    (typeof SIMULATOR_MODULES)[Provider]['createFakeInstances']
  >[number];
};

function byProvider<Value>(
  read: (provider: SimulatedProvider) => Value,
): Readonly<Record<SimulatedProvider, Value>> {
  return Object.freeze(
    Object.fromEntries(SIMULATED_PROVIDERS.map((provider) => [provider, read(provider)])) as Record<
      SimulatedProvider,
      Value
    >,
  );
}

/** The server URL of each spec: where the simulators answer in fetch and msw mode. */
export const DEFAULT_BASE_URLS: Readonly<Record<SimulatedProvider, string>> = byProvider(
  (provider) => SIMULATOR_MODULES[provider].createSimulator({ count: 0 }).baseUrl,
);

/**
 * The account token each simulator accepts unless told otherwise, and that `switchboard demo` uses.
 * Obviously fake values: they open nothing but a simulator.
 */
export const DEMO_TOKENS: Readonly<Record<SimulatedProvider, string>> = byProvider(
  (provider) => SIMULATOR_MODULES[provider].demoToken,
);

/** How many instances each simulator holds when the caller names no count. */
export const DEFAULT_INSTANCE_COUNTS: Readonly<Record<SimulatedProvider, number>> = byProvider(
  (provider) => SIMULATOR_MODULES[provider].defaultInstanceCount,
);

export function isSimulatedProvider(value: unknown): value is SimulatedProvider {
  return typeof value === 'string' && (SIMULATED_PROVIDERS as readonly string[]).includes(value);
}
