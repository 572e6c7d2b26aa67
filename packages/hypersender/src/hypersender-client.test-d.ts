import { describe, expectTypeOf, it } from 'vitest';
import { createHypersenderClient, type HypersenderInstance } from './hypersender-client.js';

const client = createHypersenderClient({ token: 'token' });

describe('the Hypersender client types', () => {
  it('types data as a bare array of instances', async () => {
    const { data } = await client.GET('/instances');
    expectTypeOf(data).toEqualTypeOf<HypersenderInstance[] | undefined>();
    expectTypeOf<HypersenderInstance['access_token']>().toEqualTypeOf<string | null>();
  });

  it('only accepts documented statuses in filter[status]', () => {
    client.GET('/instances', { params: { query: { 'filter[status]': 'WORKING' } } });
    // @ts-expect-error: not a Hypersender status
    client.GET('/instances', { params: { query: { 'filter[status]': 'CONNECTED' } } });
  });

  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: no such path
    client.GET('/instance/list');
  });
});
