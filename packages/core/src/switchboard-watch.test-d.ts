import { describe, expectTypeOf, it } from 'vitest';
import {
  type builtInProviders,
  createSwitchboard,
  type Instance,
  type InstanceField,
  type InstanceOf,
  type ProviderKey,
  type SwitchboardError,
  type WaitForStatusOptions,
  type WatchEvent,
  type WatchEventType,
  type WatchOptions,
} from './index.js';

const switchboard = createSwitchboard({ accounts: [] });
type FirstKey = (typeof builtInProviders)[0]['key'];
declare const first: FirstKey;

describe('watch and waitForStatus types', () => {
  it('yields WatchEvent, narrowed by type and then by provider', async () => {
    const stream = switchboard.watch({ provider: first }, { intervalMs: 30_000 });
    expectTypeOf(stream).toEqualTypeOf<AsyncGenerator<WatchEvent, void, undefined>>();
    for await (const event of stream) {
      expectTypeOf(event.type).toEqualTypeOf<WatchEventType>();
      if (event.type === 'changed') {
        expectTypeOf(event.previous).toEqualTypeOf<Instance>();
        expectTypeOf(event.changes).toEqualTypeOf<InstanceField[]>();
        if (event.instance.provider === first)
          expectTypeOf(event.instance.raw).toEqualTypeOf<InstanceOf<FirstKey>['raw']>();
      }
      if (event.type === 'failed') {
        expectTypeOf(event.provider).toEqualTypeOf<ProviderKey>();
        expectTypeOf(event.error).toEqualTypeOf<SwitchboardError>();
      }
    }
  });

  it('resolves waitForStatus with an Instance', () => {
    expectTypeOf(switchboard.waitForStatus({ account: 'main', id: 'x' }, 'connected')).toEqualTypeOf<
      Promise<Instance>
    >();
    // @ts-expect-error: 'online' is no instance status
    switchboard.waitForStatus({ id: 'x' }, 'online');
    // @ts-expect-error: the option is timeoutMs
    switchboard.waitForStatus({ id: 'x' }, 'connected', { timeout: 5 });
    expectTypeOf<WatchOptions>().toEqualTypeOf<{ intervalMs?: number; signal?: AbortSignal }>();
    expectTypeOf<WaitForStatusOptions>().toHaveProperty('timeoutMs');
  });
});
