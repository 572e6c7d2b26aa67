import {
  AuthenticationError,
  INSTANCE_STATUSES,
  type InstanceStatus,
  ProviderError,
  type PushDownFilter,
  ResponseFormatError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import listExample from './__fixtures__/hypersender-list-example.json' with { type: 'json' };
import { hypersenderAdapter, hypersenderQueryFor } from './hypersender-adapter.js';
import type { HypersenderInstance } from './hypersender-client.js';

const TOKEN = '234|hypersender-secret-token';
const examples = listExample as unknown as HypersenderInstance[];

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

function listWith(respond: (request: Request) => Response, filter: PushDownFilter = {}) {
  const recorder = recordingFetch(respond);
  const client = hypersenderAdapter.createClient({
    token: TOKEN,
    fetch: recorder.fetch,
    maxRetries: 0,
    account: 'ops',
  });
  const result = hypersenderAdapter.listPage(client, {
    account: 'ops',
    page: { number: 1 },
    settings: {},
    filter,
  });
  return { result, requests: recorder.requests };
}

const answerExample = () => Response.json(listExample);

async function sentQuery(filter: PushDownFilter): Promise<Record<string, string[]>> {
  const { result, requests } = listWith(answerExample, filter);
  await result;
  expect(requests).toHaveLength(1);
  const url = new URL(requests[0]!.url);
  const query: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
  return query;
}

function normalizeUnknown(value: unknown, account = 'ops') {
  return hypersenderAdapter.normalize(value as HypersenderInstance, account);
}

function withItem(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(listExample[0]), ...changes };
}

describe('hypersenderAdapter.listPage', () => {
  it('sends GET /instances with a bearer token and no filter when none is asked', async () => {
    const { result, requests } = listWith(answerExample);
    const page = await result;
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://app.hypersender.com/api/whatsapp/v1/instances');
    expect(url.search).toBe('');
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(page).toEqual({ instances: listExample.map((item) => normalizeUnknown(item)), next: null });
  });

  it('pushes one id, one name, one phone and one status down together', async () => {
    expect(
      await sentQuery({
        ids: ['fa3d01c4-1234-4c0d-a12f-df319b612f8c'],
        names: ['MyInstanceName'],
        phones: ['+201234567890'],
        statuses: ['connected'],
      }),
    ).toEqual({
      'filter[uuid]': ['fa3d01c4-1234-4c0d-a12f-df319b612f8c'],
      'filter[name]': ['MyInstanceName'],
      'filter[phone]': ['+201234567890'],
      'filter[status]': ['WORKING'],
    });
  });

  it('sends the phone in E.164 with its + encoded, so that it is not read as a space', async () => {
    const { result, requests } = listWith(answerExample, { phones: ['+201234567890'] });
    await result;
    expect(requests[0]!.url).toContain('%2B201234567890');
    expect(new URL(requests[0]!.url).searchParams.get('filter[phone]')).toBe('+201234567890');
  });

  it.each([
    ['201234567890', '+201234567890'],
    ['+20 123 456-7890', '+201234567890'],
    ['201234567890@s.whatsapp.net', '+201234567890'],
  ])('pushes the phone %j as %j', (phone, expected) => {
    expect(hypersenderQueryFor({ phones: [phone] })).toEqual({ 'filter[phone]': expected });
  });

  it.each([
    ['connected', 'WORKING'],
    ['connecting', 'STARTING'],
    ['qr_pending', 'SCAN_QR_CODE'],
    ['stopped', 'STOPPED'],
    ['failed', 'FAILED'],
    ['pending', 'PENDING'],
  ] as const)('pushes the status %j as %j', async (status, providerStatus) => {
    expect(await sentQuery({ statuses: [status] })).toEqual({ 'filter[status]': [providerStatus] });
  });

  it.each(['disconnected', 'logged_out', 'unknown'] as const)(
    'pushes nothing for %j, which no Hypersender status means',
    async (status) => {
      expect(await sentQuery({ statuses: [status] })).toEqual({});
    },
  );

  it.each<[string, PushDownFilter]>([
    ['two ids', { ids: ['a', 'b'] }],
    ['two names', { names: ['a', 'b'] }],
    ['two phones', { phones: ['+201234567890', '+201234567891'] }],
    ['two statuses', { statuses: ['connected', 'stopped'] }],
    ['empty lists', { ids: [], names: [], phones: [], statuses: [] }],
    ['an empty id', { ids: [''] }],
    ['a blank name', { names: ['  '] }],
    ['a phone without digits', { phones: ['none'] }],
  ])('pushes nothing with %s', async (_case, filter) => {
    expect(await sentQuery(filter)).toEqual({});
  });

  it('rejects a 401 with AuthenticationError and the provider message, never the token', async () => {
    const { result } = listWith(() => Response.json({ message: 'Unauthenticated.' }, { status: 401 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 401,
      provider: 'hypersender',
      account: 'ops',
      providerMessage: 'Unauthenticated.',
    });
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('rejects a 422 with ProviderError that is not retryable', async () => {
    const { result, requests } = listWith(() =>
      Response.json({ message: 'The selected filter.status is invalid.' }, { status: 422 }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect(requests).toHaveLength(1);
  });

  it('rejects a 503 with ProviderError when retries are off', async () => {
    const { result, requests } = listWith(() => new Response('', { status: 503 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(requests).toHaveLength(1);
  });

  it('rejects a 200 whose body is not JSON with ResponseFormatError', async () => {
    const { result } = listWith(
      () => new Response('not json', { headers: { 'content-type': 'text/plain' } }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'hypersender', account: 'ops' });
  });

  it.each([
    [{ data: listExample }, 'body'],
    [null, 'body'],
    ['instances', 'body'],
    [[listExample[0], 7], '[1]'],
    [[[]], '[0]'],
    [[listExample[0], { ...listExample[1], id: { uuid: 'c9a1dd76' } }], '[1].id'],
    [[{ ...listExample[0], status: ['WORKING'] }], '[0].status'],
    [[listExample[0], { ...listExample[1], created_at: 20250525 }], '[1].created_at'],
  ])('rejects a body of the wrong shape naming the field: %j', async (body, field) => {
    const { result } = listWith(() => Response.json(body));
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ field, provider: 'hypersender', account: 'ops' });
  });
});

describe('hypersenderAdapter.normalize', () => {
  const originalTimeZone = process.env.TZ;
  afterEach(() => {
    if (originalTimeZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalTimeZone;
  });

  it("maps the docs' two examples field by field", () => {
    process.env.TZ = 'America/Sao_Paulo';
    const [first, second] = examples as [HypersenderInstance, HypersenderInstance];
    expect(hypersenderAdapter.normalize(first, 'ops')).toStrictEqual({
      provider: 'hypersender',
      account: 'ops',
      id: 'fa3d01c4-1234-4c0d-a12f-df319b612f8c',
      name: 'MyInstanceName',
      status: 'connected',
      providerStatus: 'WORKING',
      phone: '+201234567890',
      profile: { name: null, pictureUrl: null, isBusiness: null },
      createdAt: '2025-05-26T10:12:45.000Z',
      updatedAt: null,
      expiresAt: null,
      raw: first,
    });
    expect(hypersenderAdapter.normalize(second, 'ops')).toStrictEqual({
      provider: 'hypersender',
      account: 'ops',
      id: 'c9a1dd76-5678-4f9d-9012-a5b78de100c3',
      name: 'SecondInstance',
      status: 'qr_pending',
      providerStatus: 'SCAN_QR_CODE',
      phone: '+201234567891',
      profile: { name: null, pictureUrl: null, isBusiness: null },
      createdAt: '2025-05-25T15:30:22.000Z',
      updatedAt: null,
      expiresAt: null,
      raw: second,
    });
  });

  it('reads created_at as UTC whatever the machine zone', () => {
    for (const timeZone of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles']) {
      process.env.TZ = timeZone;
      expect(normalizeUnknown(withItem({ created_at: '2025-05-26T10:12:45' })).createdAt).toBe(
        '2025-05-26T10:12:45.000Z',
      );
    }
  });

  it.each([
    ['WORKING', 'connected'],
    ['STARTING', 'connecting'],
    ['SCAN_QR_CODE', 'qr_pending'],
    ['STOPPED', 'stopped'],
    ['FAILED', 'failed'],
    ['PENDING', 'pending'],
  ] as const)('maps %j to %j and keeps the text', (providerStatus, status) => {
    const instance = normalizeUnknown(withItem({ status: providerStatus }));
    expect(instance.status).toBe(status);
    expect(instance.providerStatus).toBe(providerStatus);
  });

  it.each(['working', 'BANNED', 'connected', 'constructor', '__proto__', 'valueOf'])(
    'maps the unknown status %j to unknown and keeps its text',
    (providerStatus) => {
      const instance = normalizeUnknown(withItem({ status: providerStatus }));
      expect(instance.status).toBe('unknown');
      expect(instance.providerStatus).toBe(providerStatus);
    },
  );

  it('turns empty strings into null', () => {
    const instance = normalizeUnknown(withItem({ name: '', phone: '', status: '', created_at: '' }));
    expect(instance).toMatchObject({
      name: null,
      phone: null,
      status: 'unknown',
      providerStatus: null,
      createdAt: null,
    });
  });

  it('reads a phone sent without + as carrying its country code', () => {
    expect(normalizeUnknown(withItem({ phone: '201234567890' })).phone).toBe('+201234567890');
  });

  it('keeps the account label and the item itself, access token included', () => {
    const item = withItem({});
    const instance = normalizeUnknown(item, 'hypersender#2');
    expect(instance.account).toBe('hypersender#2');
    expect(instance.raw).toBe(item);
  });

  it.each([
    ['an item that is null', null, 'item'],
    ['an item that is an array', [], 'item'],
    ['a missing id', { id: undefined }, 'item.id'],
    ['an id that is a boolean', { id: true }, 'item.id'],
    ['a name that is a number', { name: 7 }, 'item.name'],
    ['a phone that is a number', { phone: 201234567890 }, 'item.phone'],
    ['a status that is an object', { status: { value: 'WORKING' } }, 'item.status'],
    ['a created_at that is a number', { created_at: 1 }, 'item.created_at'],
  ])('rejects %s with ResponseFormatError naming the field', (_case, changes, field) => {
    const item = changes === null || Array.isArray(changes) ? changes : withItem(changes);
    let caught: unknown;
    try {
      normalizeUnknown(item);
    } catch (error) {
      caught = error;
    }
    expect(caught).not.toBeInstanceOf(TypeError);
    expect(caught).toBeInstanceOf(ResponseFormatError);
    expect(caught).toMatchObject({ field, provider: 'hypersender', account: 'ops' });
  });
});

describe('hypersenderAdapter.normalize on any spec-valid item', () => {
  const STATUS_BY_PROVIDER_STATUS: Record<string, InstanceStatus> = {
    WORKING: 'connected',
    STARTING: 'connecting',
    SCAN_QR_CODE: 'qr_pending',
    STOPPED: 'stopped',
    FAILED: 'failed',
    PENDING: 'pending',
  };
  const zonelessDateTime = fc
    .date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2035-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .chain((date) =>
      fc.constantFrom(date.toISOString().slice(0, 19), date.toISOString().slice(0, 23).replace(/Z$/, '')),
    );
  const item = fc.record({
    id: fc.oneof(fc.uuid(), fc.string()),
    name: fc.string(),
    phone: fc.oneof(fc.stringMatching(/^\+[1-9]\d{7,14}$/), fc.constant(''), fc.string()),
    service_type: fc.constantFrom('whatsapp', ''),
    status: fc.oneof(fc.constantFrom(...Object.keys(STATUS_BY_PROVIDER_STATUS)), fc.string()),
    access_token: fc.option(fc.string(), { nil: null }),
    created_at: zonelessDateTime,
  });

  it('always gives a valid Instance that follows the table', () => {
    fc.assert(
      fc.property(item, fc.string({ minLength: 1 }), (raw, account) => {
        const instance = normalizeUnknown(raw, account);
        expect(instance.provider).toBe('hypersender');
        expect(instance.account).toBe(account);
        expect(instance.raw).toBe(raw);
        expect(instance.id).toBe(raw.id);
        expect(INSTANCE_STATUSES).toContain(instance.status);
        expect(instance.status).toBe(
          Object.hasOwn(STATUS_BY_PROVIDER_STATUS, raw.status)
            ? STATUS_BY_PROVIDER_STATUS[raw.status]
            : 'unknown',
        );
        expect(instance.providerStatus).toBe(raw.status.trim() === '' ? null : raw.status);
        if (instance.phone !== null) expect(instance.phone).toMatch(/^\+\d+$/);
        if (/^\+\d+$/.test(raw.phone)) expect(instance.phone).toBe(raw.phone);
        expect(instance.createdAt).not.toBeNull();
        expect(new Date(instance.createdAt!).toISOString()).toBe(instance.createdAt);
        expect(instance.createdAt!.startsWith(raw.created_at.slice(0, 19))).toBe(true);
        expect(instance.updatedAt).toBeNull();
        expect(instance.expiresAt).toBeNull();
        expect(instance.profile).toEqual({ name: null, pictureUrl: null, isBusiness: null });
      }),
    );
  });
});
