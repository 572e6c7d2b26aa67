import { type BuiltInProviders, builtInProviders } from '@switchboard/providers';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createFakeInstances,
  createSimulators,
  DEMO_TOKENS,
  type ProviderSimulator,
  type RawItemOf,
  type SimulatedProvider,
  type SimulatorFault,
  type SimulatorServer,
  startSimulatorServer,
} from './index.js';

describe('the public types', () => {
  it('types each simulator by its provider key, with the item type of its definition', () => {
    const simulators = createSimulators();
    // The registry's first provider, whichever it is.
    type Key = (typeof builtInProviders)[0]['key'];
    const key = builtInProviders[0].key as Key;
    expectTypeOf(simulators[key].instances).toEqualTypeOf<RawItemOf<BuiltInProviders[Key]>[]>();
    expectTypeOf(simulators[key].provider).toEqualTypeOf<Key>();
    expectTypeOf(simulators.all).toEqualTypeOf<readonly ProviderSimulator[]>();
    expectTypeOf(DEMO_TOKENS).toEqualTypeOf<Readonly<Record<SimulatedProvider, string>>>();
    expectTypeOf(createFakeInstances(key, 1)).toEqualTypeOf<RawItemOf<BuiltInProviders[Key]>[]>();
  });

  it('takes faults as a union and the server as a promise', () => {
    expectTypeOf<{ type: 'status'; status: 503 }>().toMatchTypeOf<SimulatorFault>();
    expectTypeOf(startSimulatorServer).returns.toEqualTypeOf<Promise<SimulatorServer>>();
  });
});
