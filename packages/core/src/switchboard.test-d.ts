import type { Instance as GenericInstance, ProviderDefinition } from '@switchboard/runtime';
import { describe, expectTypeOf, it } from 'vitest';
import type { InstanceFilter } from './instance-filter.js';
import { createSwitchboardFromDefinitions, type InstanceUnionOf, type RawItemOf } from './switchboard.js';

interface RedRaw {
  red: number;
}
interface BlueRaw {
  blue: string;
}
declare const redProvider: ProviderDefinition<'red', RedRaw, { redClient: true }>;
declare const blueProvider: ProviderDefinition<
  'blue',
  BlueRaw,
  { blueClient: true },
  { region: string },
  { region: string }
>;
const registry = { red: redProvider, blue: blueProvider };

describe('the engine types', () => {
  it('reads the raw item type of a definition', () => {
    expectTypeOf<RawItemOf<typeof redProvider>>().toEqualTypeOf<RedRaw>();
  });

  it('builds a union discriminated by provider', () => {
    expectTypeOf<InstanceUnionOf<typeof registry>>().toEqualTypeOf<
      GenericInstance<'red', RedRaw> | GenericInstance<'blue', BlueRaw>
    >();
  });

  it('narrows raw on provider', async () => {
    const switchboard = createSwitchboardFromDefinitions(registry, {
      accounts: [{ provider: 'red', token: 't' }],
    });
    const [instance] = await switchboard.listInstances();
    if (instance?.provider === 'blue') expectTypeOf(instance.raw).toEqualTypeOf<BlueRaw>();
    if (instance?.provider === 'red') expectTypeOf(instance.raw).toEqualTypeOf<RedRaw>();
  });

  it("checks a provider's own account options", () => {
    createSwitchboardFromDefinitions(registry, {
      accounts: [{ provider: 'blue', token: 't', region: 'eu' }],
    });
    // @ts-expect-error: a blue account needs its region
    createSwitchboardFromDefinitions(registry, { accounts: [{ provider: 'blue', token: 't' }] });
    // @ts-expect-error: region is no option of red accounts
    createSwitchboardFromDefinitions(registry, { accounts: [{ provider: 'red', token: 't', region: 'eu' }] });
  });

  it('accepts only the registry providers in options and filters', () => {
    // @ts-expect-error: 'green' is no provider of this registry
    createSwitchboardFromDefinitions(registry, { accounts: [{ provider: 'green', token: 't' }] });
    expectTypeOf<{ provider: 'green' }>().not.toMatchTypeOf<InstanceFilter<'red' | 'blue'>>();
  });
});
