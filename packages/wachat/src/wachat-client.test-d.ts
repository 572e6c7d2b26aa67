import { describe, expectTypeOf, it } from 'vitest';
import { createWachatClient, type WachatInstance } from './wachat-client.js';

const client = createWachatClient({ token: 'token' });

describe('the Wachat client types', () => {
  it('types data from the spec, nullable fields included', async () => {
    const { data } = await client.GET('/instance/list');
    expectTypeOf(data?.instances).toEqualTypeOf<WachatInstance[] | undefined>();
    expectTypeOf<WachatInstance['number']>().toEqualTypeOf<string | null | undefined>();
  });

  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: no such path
    client.GET('/instances');
  });
});
