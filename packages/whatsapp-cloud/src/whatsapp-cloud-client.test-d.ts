import { describe, expectTypeOf, it } from 'vitest';
import {
  createWhatsAppCloudClient,
  type GraphCursorPaging,
  type WhatsAppCloudPhoneNumber,
} from './whatsapp-cloud-client.js';

const client = createWhatsAppCloudClient({ token: 'token' });
const path = { Version: 'v23.0', 'WABA-ID': '102290129340398' };

describe('the WhatsApp Cloud client types', () => {
  it('types data from the spec', async () => {
    const { data } = await client.GET('/{Version}/{WABA-ID}/phone_numbers', { params: { path } });
    expectTypeOf(data).toEqualTypeOf<
      { data: WhatsAppCloudPhoneNumber[]; paging?: GraphCursorPaging } | undefined
    >();
    expectTypeOf<WhatsAppCloudPhoneNumber['id']>().toEqualTypeOf<string>();
    expectTypeOf<WhatsAppCloudPhoneNumber['username']>().toEqualTypeOf<string | null | undefined>();
  });

  it('reads statuses leniently: a value outside the published enum is still a status', () => {
    expectTypeOf<'FLAGGED'>().toMatchTypeOf<WhatsAppCloudPhoneNumber['status']>();
  });

  it('requires the path parameters and types the query', () => {
    // @ts-expect-error: the version and business account id are required
    client.GET('/{Version}/{WABA-ID}/phone_numbers', {});
    // @ts-expect-error: limit is a number
    client.GET('/{Version}/{WABA-ID}/phone_numbers', { params: { path, query: { limit: '100' } } });
    // @ts-expect-error: no such path in the spec
    client.GET('/{Version}/{WABA-ID}/message_templates', { params: { path } });
  });
});
