import { describe, expectTypeOf, it } from 'vitest';
import { createRyzeApiClient, type RyzeApiInstance } from './ryzeapi-client.js';

const client = createRyzeApiClient({ token: 'token' });

describe('the RyzeAPI client types', () => {
  it('types data from the spec', async () => {
    const { data } = await client.GET('/instance/list');
    expectTypeOf(data).toEqualTypeOf<
      { success: true; message: string; instances: RyzeApiInstance[]; meta: { total: number } } | undefined
    >();
    expectTypeOf<RyzeApiInstance['token']>().toEqualTypeOf<string>();
  });

  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: no such path in the RyzeAPI spec
    client.GET('/instances');
  });

  it('rejects a query parameter of the wrong type', () => {
    // @ts-expect-error: instanceName is a (comma-separated) string
    client.GET('/instance/list', { params: { query: { instanceName: 42 } } });
  });
});
