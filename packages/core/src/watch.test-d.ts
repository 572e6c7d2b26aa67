import type { Instance, SwitchboardError } from '@switchboard/runtime';
import { describe, expectTypeOf, it } from 'vitest';
import type { FakeInstance, FakeProvider } from './__fixtures__/fake-watch-source.js';
import type { InstanceFilter } from './instance-filter.js';
import {
  createWatch,
  type InstanceField,
  type WatchEvent,
  type WatchEventType,
  type WatchSource,
  waitForInstanceStatus,
} from './watch.js';

declare const source: WatchSource<FakeInstance, FakeProvider, InstanceFilter<FakeProvider>>;

describe('watch types', () => {
  it('yields events discriminated by type', async () => {
    const stream = createWatch(source, { provider: 'alpha' });
    expectTypeOf(stream).toEqualTypeOf<
      AsyncGenerator<WatchEvent<FakeInstance, FakeProvider>, void, undefined>
    >();
    for await (const event of stream) {
      if (event.type === 'changed') {
        expectTypeOf(event.previous).toEqualTypeOf<FakeInstance>();
        expectTypeOf(event.changes).toEqualTypeOf<InstanceField[]>();
      }
      if (event.type === 'added' || event.type === 'removed') {
        expectTypeOf(event.instance).toEqualTypeOf<FakeInstance>();
        // @ts-expect-error: only changed events carry a previous state
        event.previous;
      }
      if (event.type === 'failed') {
        expectTypeOf(event.error).toEqualTypeOf<SwitchboardError>();
        expectTypeOf(event.provider).toEqualTypeOf<FakeProvider>();
      }
      if (event.type === 'synced') expectTypeOf(event.account).toEqualTypeOf<string>();
    }
  });

  it('names the Instance fields but raw', () => {
    expectTypeOf<InstanceField>().toEqualTypeOf<Exclude<keyof Instance, 'raw'>>();
    expectTypeOf<'raw'>().not.toMatchTypeOf<InstanceField>();
    expectTypeOf<WatchEventType>().toEqualTypeOf<'added' | 'changed' | 'removed' | 'synced' | 'failed'>();
  });

  it('waits for a status of the common enum and resolves with the item type', () => {
    expectTypeOf(waitForInstanceStatus(source, { id: 'x' }, 'connected')).toEqualTypeOf<
      Promise<FakeInstance>
    >();
    waitForInstanceStatus(source, { id: 'x' }, ['connected', 'qr_pending'], { timeoutMs: 1_000 });
    // @ts-expect-error: 'online' is no instance status
    waitForInstanceStatus(source, { id: 'x' }, 'online');
    // @ts-expect-error: 'gamma' is no provider of the source
    createWatch(source, { provider: 'gamma' });
    // @ts-expect-error: the option is intervalMs
    createWatch(source, {}, { interval: 1_000 });
  });
});
