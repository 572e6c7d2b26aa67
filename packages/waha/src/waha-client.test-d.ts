import { describe, expectTypeOf, it } from 'vitest';
import {
  createWahaClient,
  type WahaMeInfo,
  type WahaSession,
  type WahaSessionStatus,
} from './waha-client.js';

const client = createWahaClient({ token: 'key' });

describe('the WAHA client types', () => {
  it('types the list and the single session from the spec', async () => {
    const { data } = await client.GET('/api/sessions', { params: { query: { all: true } } });
    expectTypeOf(data).toEqualTypeOf<WahaSession[] | undefined>();
    const one = await client.GET('/api/sessions/{session}', { params: { path: { session: 'default' } } });
    expectTypeOf(one.data).toEqualTypeOf<WahaSession | undefined>();
    expectTypeOf<WahaSession['name']>().toEqualTypeOf<string>();
    expectTypeOf<WahaSession['me']>().toEqualTypeOf<WahaMeInfo | null | undefined>();
    expectTypeOf<WahaSession['status']>().toEqualTypeOf<WahaSessionStatus>();
  });

  it('rejects a path the spec does not have', () => {
    // @ts-expect-error: no such path in the WAHA spec
    client.GET('/api/instances');
  });

  it('rejects an `all` that is not a boolean', () => {
    // @ts-expect-error: all is a boolean
    client.GET('/api/sessions', { params: { query: { all: 'yes' } } });
  });

  it('needs the session name on the single-session path', () => {
    // @ts-expect-error: the path parameter `session` is required
    client.GET('/api/sessions/{session}', {});
  });
});
