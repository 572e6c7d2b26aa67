import { ValidationError } from '@switchboard/runtime';
import type { FakeInstanceOptions } from '@switchboard/runtime/simulator';
import {
  isSimulatedProvider,
  SIMULATED_PROVIDERS,
  SIMULATOR_MODULES,
  type SimulatedInstanceByProvider,
  type SimulatedProvider,
} from './providers.js';

export { HYPERSENDER_STATUSES } from '@switchboard/hypersender/simulator';
export type { FakeInstanceOptions } from '@switchboard/runtime/simulator';
export { RYZEAPI_CONNECTION_STATES } from '@switchboard/ryzeapi/simulator';
export { WACHAT_STATES } from '@switchboard/wachat/simulator';
export { ZAPI_CONNECTION_STATES } from '@switchboard/z-api/simulator';

/**
 * Deterministic, realistic list items for a provider, valid against its spec: the same provider, count
 * and seed give the same items. Each provider's simulator entry makes them; this picks the provider.
 */
export function createFakeInstances<Provider extends SimulatedProvider>(
  provider: Provider,
  count: number,
  options: FakeInstanceOptions = {},
): SimulatedInstanceByProvider[Provider][] {
  if (!isSimulatedProvider(provider)) {
    throw new ValidationError(
      `createFakeInstances: unknown provider ${JSON.stringify(provider)}; expected one of ${SIMULATED_PROVIDERS.join(', ')}`,
      { field: 'provider' },
    );
  }
  return SIMULATOR_MODULES[provider].createFakeInstances(
    count,
    options,
  ) as SimulatedInstanceByProvider[Provider][];
}
