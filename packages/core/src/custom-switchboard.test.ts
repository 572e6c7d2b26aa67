import { describe, expect, it } from 'vitest';
import { createFakeAdapter, FakeBackend, fakeItems, fakeProvider } from './__fixtures__/fake-adapter.js';
import { createSwitchboard, ValidationError } from './custom.js';

describe('createSwitchboard from @switchboard/core/custom', () => {
  it('knows the providers it is given and no other', async () => {
    const backend = new FakeBackend();
    backend.setItems('t', fakeItems(2));
    const acme = fakeProvider(createFakeAdapter('acme', backend));
    const switchboard = createSwitchboard({
      providers: { acme },
      accounts: [{ provider: 'acme', token: 't' }],
    });
    expect((await switchboard.listInstances()).map((instance) => instance.id)).toEqual(['item-1', 'item-2']);
    expect(() =>
      createSwitchboard({ providers: { acme }, accounts: [{ provider: 'not-given' as never, token: 't' }] }),
    ).toThrow(ValidationError);
  });
});
