import { describe, expectTypeOf, it } from 'vitest';
import {
  createEvolutionApiClient,
  type EvolutionApiError,
  type EvolutionApiInstance,
} from './evolution-api-client.js';

const client = createEvolutionApiClient({ token: 'token' });

describe('the Evolution API client types', () => {
  it('types data and errors from the spec', async () => {
    const { data, error } = await client.GET('/instance/fetchInstances');
    expectTypeOf(data).toEqualTypeOf<EvolutionApiInstance[] | undefined>();
    expectTypeOf(error).toEqualTypeOf<EvolutionApiError | undefined>();
    expectTypeOf<EvolutionApiError['response']['message']>().toEqualTypeOf<string | string[]>();
    expectTypeOf<EvolutionApiInstance['connectionStatus']>().toEqualTypeOf<'open' | 'connecting' | 'close'>();
    expectTypeOf<EvolutionApiInstance['token']>().toEqualTypeOf<string | null>();
    expectTypeOf<NonNullable<EvolutionApiInstance['Proxy']>['password']>().toEqualTypeOf<string>();
  });

  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: no such path in the Evolution API spec
    client.GET('/instance/list');
  });

  it('rejects a query parameter the list does not take', () => {
    // @ts-expect-error: the list has no `page`
    client.GET('/instance/fetchInstances', { params: { query: { page: 2 } } });
  });
});
