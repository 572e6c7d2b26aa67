import { describe, expectTypeOf, it } from 'vitest';
import {
  createSwitchboard,
  type FanOutError,
  type HypersenderInstance,
  type Instance,
  type InstanceFilter,
  type InstanceOf,
  type InstanceStatus,
  type ProviderKey,
  type RyzeApiInstance,
  type WachatInstance,
  type ZApiInstance,
} from './index.js';

const switchboard = createSwitchboard({ accounts: [{ provider: 'ryzeapi', token: 't' }] });

describe('createSwitchboard types', () => {
  it('derives the provider keys from the registry', () => {
    expectTypeOf<ProviderKey>().toEqualTypeOf<'z-api' | 'ryzeapi' | 'hypersender' | 'wachat'>();
  });

  it('narrows raw on provider', async () => {
    const [instance] = await switchboard.listInstances();
    if (!instance) return;
    expectTypeOf(instance).toEqualTypeOf<Instance>();
    if (instance.provider === 'ryzeapi') expectTypeOf(instance.raw).toEqualTypeOf<RyzeApiInstance>();
    if (instance.provider === 'z-api') expectTypeOf(instance.raw).toEqualTypeOf<ZApiInstance>();
    if (instance.provider === 'hypersender') expectTypeOf(instance.raw).toEqualTypeOf<HypersenderInstance>();
    if (instance.provider === 'wachat') expectTypeOf(instance.raw).toEqualTypeOf<WachatInstance>();
    expectTypeOf<InstanceOf<'wachat'>['raw']>().toEqualTypeOf<WachatInstance>();
    switch (instance.provider) {
      case 'z-api':
      case 'ryzeapi':
      case 'hypersender':
      case 'wachat':
        break;
      default:
        expectTypeOf(instance).toBeNever();
    }
  });

  it('types the common fields', () => {
    expectTypeOf<Instance['status']>().toEqualTypeOf<InstanceStatus>();
    expectTypeOf<Instance['phone']>().toEqualTypeOf<string | null>();
    expectTypeOf<Instance['provider']>().toEqualTypeOf<ProviderKey>();
  });

  it('does not compile a status outside the enum, or an unknown provider', () => {
    // @ts-expect-error: 'online' is not an InstanceStatus
    switchboard.listInstances({ status: 'online' });
    // @ts-expect-error: statuses are lower case
    switchboard.listInstancesSettled({ status: ['connected', 'CONNECTED'] });
    // @ts-expect-error: 'twilio' is not a provider
    switchboard.instances({ provider: 'twilio' });
    // @ts-expect-error: 'twilio' is not a provider
    createSwitchboard({ accounts: [{ provider: 'twilio', token: 't' }] });
    // @ts-expect-error: names are strings
    switchboard.listInstances({ name: 42 });
    // @ts-expect-error: `names` is not a filter field
    switchboard.listInstances({ names: ['Sales'] });
    expectTypeOf<{ status: 'connected'; provider: ['ryzeapi', 'wachat'] }>().toMatchTypeOf<InstanceFilter>();
  });

  it('types the results of each method', () => {
    expectTypeOf(switchboard.listInstances).returns.toEqualTypeOf<Promise<Instance[]>>();
    expectTypeOf(switchboard.listInstancesSettled).returns.resolves.toMatchTypeOf<{
      instances: Instance[];
      failures: { account: string; provider: ProviderKey; error: Error }[];
    }>();
    expectTypeOf(switchboard.instances()).toMatchTypeOf<AsyncIterable<Instance>>();
    expectTypeOf(switchboard.listInstances)
      .parameter(1)
      .toMatchTypeOf<{ signal?: AbortSignal } | undefined>();
    expectTypeOf<FanOutError<Instance>['instances']>().toEqualTypeOf<readonly Instance[]>();
  });
});
