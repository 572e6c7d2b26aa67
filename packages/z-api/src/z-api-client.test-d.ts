import { describe, expectTypeOf, it } from 'vitest';
import { createZApiClient, type ZApiInstancePage } from './z-api-client.js';

const client = createZApiClient({ token: 'token' });

describe('the Z-API client types', () => {
  it('types data as the page of either documented success status', async () => {
    const { data } = await client.GET('/instances', { params: { query: { page: 1, pageSize: 10 } } });
    expectTypeOf(data).toEqualTypeOf<ZApiInstancePage | undefined>();
  });

  it('requires page and pageSize', () => {
    // @ts-expect-error: page and pageSize are required
    client.GET('/instances', { params: { query: {} } });
  });

  it('takes query as text, since it searches names too', () => {
    client.GET('/instances', { params: { query: { page: 1, pageSize: 1, query: 'sales' } } });
    // @ts-expect-error: page is a number
    client.GET('/instances', { params: { query: { page: '1', pageSize: 1 } } });
  });

  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: no such path
    client.GET('/instance/list');
  });
});
