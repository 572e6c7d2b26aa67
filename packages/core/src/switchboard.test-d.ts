import type { Instance as GenericInstance, ProviderAdapter } from '@switchboard/runtime';
import { describe, expectTypeOf, it } from 'vitest';
import type { InstanceFilter } from './instance-filter.js';
import { createSwitchboardFromAdapters, type InstanceUnionOf, type RawItemOf } from './switchboard.js';

interface RedRaw {
  red: number;
}
interface BlueRaw {
  blue: string;
}
declare const redAdapter: ProviderAdapter<'red', RedRaw, { redClient: true }>;
declare const blueAdapter: ProviderAdapter<'blue', BlueRaw, { blueClient: true }>;
const registry = { red: redAdapter, blue: blueAdapter };

describe('the engine types', () => {
  it('reads the raw item type of an adapter', () => {
    expectTypeOf<RawItemOf<typeof redAdapter>>().toEqualTypeOf<RedRaw>();
  });

  it('builds a union discriminated by provider', () => {
    expectTypeOf<InstanceUnionOf<typeof registry>>().toEqualTypeOf<
      GenericInstance<'red', RedRaw> | GenericInstance<'blue', BlueRaw>
    >();
  });

  it('narrows raw on provider', async () => {
    const switchboard = createSwitchboardFromAdapters(registry, {
      accounts: [{ provider: 'red', token: 't' }],
    });
    const [instance] = await switchboard.listInstances();
    if (instance?.provider === 'blue') expectTypeOf(instance.raw).toEqualTypeOf<BlueRaw>();
    if (instance?.provider === 'red') expectTypeOf(instance.raw).toEqualTypeOf<RedRaw>();
  });

  it('accepts only the registry providers in options and filters', () => {
    // @ts-expect-error: 'green' is no provider of this registry
    createSwitchboardFromAdapters(registry, { accounts: [{ provider: 'green', token: 't' }] });
    expectTypeOf<{ provider: 'green' }>().not.toMatchTypeOf<InstanceFilter<'red' | 'blue'>>();
  });
});
