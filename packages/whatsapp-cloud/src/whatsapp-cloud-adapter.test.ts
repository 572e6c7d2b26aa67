import {
  AuthenticationError,
  INSTANCE_STATUSES,
  NotFoundError,
  type PageRequest,
  PermissionDeniedError,
  ProviderError,
  RateLimitError,
  ResponseFormatError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import errorExamples from './__fixtures__/whatsapp-cloud-error-examples.json' with { type: 'json' };
import listExample from './__fixtures__/whatsapp-cloud-list-example.json' with { type: 'json' };
import singleExample from './__fixtures__/whatsapp-cloud-single-example.json' with { type: 'json' };
import { type WhatsAppCloudAccountSettings, whatsAppCloudAdapter } from './whatsapp-cloud-adapter.js';
import type { WhatsAppCloudPhoneNumber } from './whatsapp-cloud-client.js';

const TOKEN = 'EAAB-cloud-system-user-token-0123456789';
const SETTINGS: WhatsAppCloudAccountSettings = {
  businessAccountId: '102290129340398',
  apiVersion: 'v23.0',
  pageSize: 100,
};
const EVERY_FIELD = [
  'id',
  'display_phone_number',
  'verified_name',
  'status',
  'quality_rating',
  'country_code',
  'country_dial_code',
  'code_verification_status',
  'unified_cert_status',
  'account_mode',
  'host_platform',
  'messaging_limit_tier',
  'is_official_business_account',
  'username',
];

/** A fetch that records each request and answers with `respond`. */
function recordingFetch(respond: (request: Request) => Response) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    return respond(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function listWith(
  respond: (request: Request) => Response,
  page: PageRequest = { number: 1 },
  settings: WhatsAppCloudAccountSettings = SETTINGS,
) {
  const recorder = recordingFetch(respond);
  const client = whatsAppCloudAdapter.createClient({
    token: TOKEN,
    fetch: recorder.fetch,
    rateLimit: false,
    maxRetries: 0,
    account: 'meta',
  });
  const result = whatsAppCloudAdapter.listPage(client, { account: 'meta', page, filter: {}, settings });
  return { result, requests: recorder.requests };
}

const graphError =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    Response.json(body, { status, headers });

function normalizeUnknown(value: unknown) {
  return whatsAppCloudAdapter.normalize(value as WhatsAppCloudPhoneNumber, 'meta');
}

describe('whatsAppCloudAdapter.listPage', () => {
  it('normalizes the published example as API.md’s mapping row says', async () => {
    const { result } = listWith(() => Response.json(listExample));
    const { instances, next } = await result;
    expect(next).toBeNull();
    expect(instances).toEqual([
      {
        provider: 'whatsapp-cloud',
        account: 'meta',
        id: '1906385232743451',
        name: "Jasper's Market",
        status: 'connected',
        providerStatus: 'LINKED',
        phone: '+16315555555',
        profile: { name: "Jasper's Market", pictureUrl: null, isBusiness: true },
        createdAt: null,
        updatedAt: null,
        expiresAt: null,
        raw: listExample.data[0],
      },
      {
        provider: 'whatsapp-cloud',
        account: 'meta',
        id: '1913623884432103',
        name: "Jasper's Ice Cream",
        status: 'pending',
        providerStatus: 'PENDING',
        phone: '+16315555556',
        profile: { name: "Jasper's Ice Cream", pictureUrl: null, isBusiness: true },
        createdAt: null,
        updatedAt: null,
        expiresAt: null,
        raw: listExample.data[1],
      },
    ]);
  });

  it('normalizes the published single-number example, whose item carries the default subset', async () => {
    const { instances } = await listWith(() => Response.json(singleExample)).result;
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({ id: '1906385232743451', name: 'My Business', status: 'connected' });
  });

  it('asks the versioned business account path for every field, the account’s limit and the cursor', async () => {
    const { result, requests } = listWith(
      () => Response.json({ data: [] }),
      { number: 3, cursor: 'QVFIUjNpUWpVWmRBd0Rn' },
      { businessAccountId: '555000111', apiVersion: 'v21.0', pageSize: 42 },
    );
    await result;
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://graph.facebook.com/v21.0/555000111/phone_numbers');
    expect(url.searchParams.get('fields')?.split(',')).toEqual(EVERY_FIELD);
    expect(url.searchParams.get('limit')).toBe('42');
    expect(url.searchParams.get('after')).toBe('QVFIUjNpUWpVWmRBd0Rn');
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('sends no cursor on the first page', async () => {
    const { result, requests } = listWith(() => Response.json({ data: [] }));
    await result;
    expect(new URL(requests[0]!.url).searchParams.has('after')).toBe(false);
  });

  it('asks for the next page with paging.cursors.after while the body has paging.next', async () => {
    const body = {
      data: listExample.data,
      paging: {
        cursors: { before: 'QVFIUb', after: 'QVFIUa' },
        next: 'https://graph.facebook.com/v23.0/102290129340398/phone_numbers?limit=2&after=QVFIUa',
      },
    };
    const { next } = await listWith(() => Response.json(body), { number: 4, cursor: 'prev' }).result;
    expect(next).toEqual({ number: 5, cursor: 'QVFIUa' });
  });

  it('names the item and field of a wrong value in the body', async () => {
    const body = { data: [listExample.data[0], { ...listExample.data[1], status: 7 }] };
    const failure = await listWith(() => Response.json(body)).result.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ResponseFormatError);
    expect((failure as ResponseFormatError).message).toContain('`data[1].status`');
    const noData = await listWith(() => Response.json({ paging: {} })).result.catch(
      (error: unknown) => error,
    );
    expect(noData).toBeInstanceOf(ResponseFormatError);
    expect((noData as ResponseFormatError).message).toContain('`data`');
  });

  it('makes a Graph 400 with code 80007 a RateLimitError with the usage header’s wait and the trace id', async () => {
    const usage = JSON.stringify({
      '102290129340398': [{ type: 'whatsapp', estimated_time_to_regain_access: 3 }],
    });
    const failure = await listWith(
      graphError(400, errorExamples[400].business_account_throttled, { 'X-Business-Use-Case-Usage': usage }),
    ).result.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitError);
    expect(failure).toMatchObject({
      status: 400,
      retryAfterMs: 180_000,
      requestId: 'AXsgnV2Cm3ZMGF3dF_cfYIn',
      providerMessage: '(#80007) Rate limit issues',
      provider: 'whatsapp-cloud',
      account: 'meta',
    });
  });

  it('makes a code 4 throttling a RateLimitError whatever its status, without a wait when none is announced', async () => {
    for (const status of [400, 403, 429]) {
      const failure = await listWith(
        graphError(status, errorExamples[400].application_throttled),
      ).result.catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RateLimitError);
      expect((failure as RateLimitError).retryAfterMs).toBeUndefined();
    }
  });

  it.each([
    [401, errorExamples[401].default, AuthenticationError, 'Invalid OAuth access token'],
    [
      400,
      { error: { ...errorExamples[401].default.error } },
      AuthenticationError,
      'Invalid OAuth access token',
    ],
    [403, errorExamples[403].default, PermissionDeniedError, errorExamples[403].default.error.message],
    [404, errorExamples[404].default, NotFoundError, 'WhatsApp Business Account not found'],
    [
      400,
      errorExamples[400].limit_out_of_range,
      ProviderError,
      errorExamples[400].limit_out_of_range.error.message,
    ],
    [500, errorExamples[500].default, ProviderError, errorExamples[500].default.error.message],
  ])('maps a Graph %i error body to its typed error', async (status, body, errorClass, message) => {
    const failure = await listWith(graphError(status, body)).result.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errorClass);
    expect(failure).toMatchObject({ status, providerMessage: message, requestId: 'AXsgnV2Cm3ZMGF3dF_cfYIn' });
    expect(String((failure as Error).message)).not.toContain(TOKEN);
  });
});

describe('whatsAppCloudAdapter.normalize', () => {
  it.each([
    ['LINKED', 'connected'],
    ['CONNECTED', 'connected'],
    ['RESTRICTED', 'connected'],
    ['PENDING', 'pending'],
    ['UNVERIFIED', 'pending'],
    ['UNLINKED', 'disconnected'],
    ['DISCONNECTED', 'disconnected'],
    ['OFFLINE', 'disconnected'],
    ['MIGRATED', 'disconnected'],
    ['DELETED', 'stopped'],
    ['BANNED', 'failed'],
    ['FLAGGED', 'unknown'],
    ['linked', 'unknown'],
    ['constructor', 'unknown'],
  ])('maps status %s to %s and keeps its text', (status, expected) => {
    const instance = normalizeUnknown({ ...listExample.data[0], status });
    expect(instance.status).toBe(expected);
    expect(instance.providerStatus).toBe(status);
  });

  it('reads empty strings and absent fields as null, and a phone in any display format', () => {
    const instance = normalizeUnknown({ id: '1', display_phone_number: '', verified_name: '  ', status: '' });
    expect(instance).toMatchObject({ name: null, status: 'unknown', providerStatus: null, phone: null });
    expect(instance.profile).toEqual({ name: null, pictureUrl: null, isBusiness: true });
    expect(
      normalizeUnknown({ id: '2', display_phone_number: '+55 11 99999-0000', status: 'LINKED' }).phone,
    ).toBe('+5511999990000');
    expect(normalizeUnknown({ id: '3', display_phone_number: '15550001111', status: 'LINKED' }).phone).toBe(
      '+15550001111',
    );
  });

  it('refuses an item that is not an object or has no id, naming the field', () => {
    expect(() => normalizeUnknown(null)).toThrow(ResponseFormatError);
    expect(() => normalizeUnknown({ status: 'LINKED' })).toThrow(/`item\.id`/);
    expect(() => normalizeUnknown({ id: '1', display_phone_number: 5 })).toThrow(
      /`item\.display_phone_number`/,
    );
  });

  it('normalizes any well-typed item: a common status, the name mirrored in the profile, raw untouched', () => {
    const status = fc.oneof(
      fc.constantFrom(
        'LINKED',
        'CONNECTED',
        'PENDING',
        'UNLINKED',
        'DELETED',
        'BANNED',
        'MIGRATED',
        'OFFLINE',
      ),
      fc.string(),
    );
    const item = fc.record(
      {
        id: fc.stringMatching(/^\d{1,16}$/),
        display_phone_number: fc.oneof(fc.string(), fc.stringMatching(/^\+\d{1,3} \d{3}-\d{3}-\d{4}$/)),
        verified_name: fc.string(),
        status,
        quality_rating: fc.constantFrom('GREEN', 'YELLOW', 'RED', 'NA', 'UNKNOWN', 'OTHER'),
        is_official_business_account: fc.boolean(),
        username: fc.option(fc.string(), { nil: null }),
      },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(item, (raw) => {
        const copy = structuredClone(raw);
        const instance = normalizeUnknown(raw);
        expect(INSTANCE_STATUSES).toContain(instance.status);
        expect(instance.id).toBe(raw.id);
        expect(instance.profile.name).toBe(instance.name);
        expect(instance.profile.isBusiness).toBe(true);
        if (instance.phone !== null) expect(instance.phone).toMatch(/^\+\d+$/);
        if (raw.verified_name === undefined || raw.verified_name.trim() === '')
          expect(instance.name).toBeNull();
        expect(instance.raw).toEqual(copy);
      }),
    );
  });
});
