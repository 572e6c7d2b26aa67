import type { ProviderDefinition } from '@switchboard/runtime';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type builtInProviders,
  createSwitchboard,
  type FanOutError,
  type Instance,
  type InstanceFilter,
  type InstanceOf,
  type InstanceStatus,
  type ProviderKey,
  type RawItemOf,
} from './index.js';

type Definition = (typeof builtInProviders)[number];
type FirstKey = (typeof builtInProviders)[0]['key'];

const switchboard = createSwitchboard({ accounts: [] });

describe('createSwitchboard types', () => {
  it('derives the provider keys from the registry', () => {
    expectTypeOf<ProviderKey>().toEqualTypeOf<Definition['key']>();
  });

  it("narrows raw on provider to that provider's own item type, for every provider", async () => {
    type RawMatches = {
      [Each in Definition as Each['key']]: [InstanceOf<Each['key']>['raw']] extends [RawItemOf<Each>]
        ? [RawItemOf<Each>] extends [InstanceOf<Each['key']>['raw']]
          ? true
          : false
        : false;
    };
    expectTypeOf<RawMatches[ProviderKey]>().toEqualTypeOf<true>();
    const [instance] = await switchboard.listInstances();
    if (!instance) return;
    expectTypeOf(instance).toEqualTypeOf<Instance>();
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
    expectTypeOf<{ status: 'connected'; provider: [FirstKey] }>().toMatchTypeOf<InstanceFilter>();
  });

  it('includes providers defined outside Switchboard in accounts, instances and filters', async () => {
    interface AcmeItem {
      acme: true;
    }
    const acme = {} as ProviderDefinition<'acme', AcmeItem, unknown, { region: string }, { region: string }>;
    const extended = createSwitchboard({
      providers: { acme },
      accounts: [{ provider: 'acme', token: 't', region: 'eu' }],
    });
    // @ts-expect-error: an acme account needs its region
    createSwitchboard({ providers: { acme }, accounts: [{ provider: 'acme', token: 't' }] });
    const [instance] = await extended.listInstances({ provider: 'acme' });
    if (instance?.provider === 'acme') expectTypeOf(instance.raw).toEqualTypeOf<AcmeItem>();
    expectTypeOf<{ provider: 'acme' }>().toMatchTypeOf<InstanceFilter<{ acme: typeof acme }>>();
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
