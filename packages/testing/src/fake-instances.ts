import { ValidationError } from '@switchboard/runtime';
import type { FakeInstanceOptions } from '@switchboard/runtime/simulator';
import {
  builtInSimulatedProviders,
  SIMULATED_PROVIDERS,
  type SimulatedInstanceByProvider,
  type SimulatedProvider,
} from './providers.js';

export type { FakeInstanceOptions } from '@switchboard/runtime/simulator';

/**
 * Deterministic, realistic list items for a provider, valid against its spec: the same provider, count
 * and seed give the same items. Each provider's simulator entry makes them; this picks the provider.
 */
export function createFakeInstances<Provider extends SimulatedProvider>(
  provider: Provider,
  count: number,
  options: FakeInstanceOptions = {},
): SimulatedInstanceByProvider[Provider][] {
  const entry = builtInSimulatedProviders.find((candidate) => candidate.definition.key === provider);
  if (entry === undefined) {
    throw new ValidationError(
      `createFakeInstances: unknown provider ${JSON.stringify(provider)}; expected one of ${SIMULATED_PROVIDERS.join(', ')}`,
      { field: 'provider' },
    );
  }
  return entry.simulator.createFakeInstances(count, options) as SimulatedInstanceByProvider[Provider][];
}
