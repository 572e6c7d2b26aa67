import {
  AuthenticationError,
  INSTANCE_STATUSES,
  ProviderError,
  type PushDownFilter,
  ResponseFormatError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import listExample from './__fixtures__/z-api-list-example.json' with { type: 'json' };
import { zApiAdapter, zApiSearchFor } from './z-api-adapter.js';
import type { ZApiInstance } from './z-api-client.js';

const TOKEN = 'z-api-partner-token-0123456789';
const example = listExample.content[0] as ZApiInstance;

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
  filter: PushDownFilter = {},
  paging: { page: number; pageSize: number } = { page: 1, pageSize: 100 },
) {
  const recorder = recordingFetch(respond);
  const client = zApiAdapter.createClient({
    token: TOKEN,
    fetch: recorder.fetch,
    maxRetries: 0,
    account: 'br',
  });
  const result = zApiAdapter.listPage(client, {
    account: 'br',
    page: { number: paging.page },
    settings: { pageSize: paging.pageSize },
    filter,
  });
  return { result, requests: recorder.requests };
}

const answerExample = () => Response.json(listExample, { status: 201 });

async function sentQuery(filter: PushDownFilter): Promise<Record<string, string[]>> {
  const { result, requests } = listWith(answerExample, filter);
  await result;
  expect(requests).toHaveLength(1);
  const url = new URL(requests[0]!.url);
  const query: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
  return query;
}

function normalizeUnknown(value: unknown, account = 'br') {
  return zApiAdapter.normalize(value as ZApiInstance, account);
}

function withItem(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(example), ...changes };
}

describe('zApiAdapter.listPage', () => {
  it('sends GET /instances with the partner token, page and pageSize', async () => {
    const { result, requests } = listWith(answerExample, {}, { page: 3, pageSize: 25 });
    await result;
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://api.z-api.io/instances');
    expect(Object.fromEntries(url.searchParams)).toEqual({ page: '3', pageSize: '25' });
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it.each([200, 201])('accepts the list under HTTP %i', async (status) => {
    const { result } = listWith(() => Response.json(listExample, { status }));
    await expect(result).resolves.toEqual({
      instances: listExample.content.map((item) => normalizeUnknown(item)),
      next: null,
      pageCount: 1,
      total: 1,
    });
  });

  it('reports totalPage as the page count, and the next page until the last', async () => {
    const { result } = listWith(() => Response.json({ ...listExample, totalPage: 4, page: 2 }));
    await expect(result).resolves.toMatchObject({ pageCount: 4, next: { number: 2 } });
    const last = listWith(
      () => Response.json({ ...listExample, totalPage: 4, page: 4 }),
      {},
      { page: 4, pageSize: 100 },
    );
    await expect(last.result).resolves.toMatchObject({ pageCount: 4, next: null });
  });

  it.each([2 ** 53, 1e300, -1, 1.5])(
    'refuses a totalPage of %d, which no walk can count to',
    async (totalPage) => {
      const { result } = listWith(() => Response.json({ ...listExample, totalPage }));
      await expect(result).rejects.toMatchObject({ code: 'response_format', field: 'totalPage' });
    },
  );

  it('reports no pages when there is nothing', async () => {
    const { result } = listWith(() =>
      Response.json({ total: 0, totalPage: 0, pageSize: 100, page: 1, content: [] }, { status: 201 }),
    );
    await expect(result).resolves.toEqual({ instances: [], next: null, pageCount: 0, total: 0 });
  });

  it('pushes one id down as query', async () => {
    expect(await sentQuery({ ids: ['3C4F1A'] })).toMatchObject({ query: ['3C4F1A'] });
  });

  it('pushes one name down as query, as text', async () => {
    expect(await sentQuery({ names: ['Loja Centro'] })).toEqual({
      page: ['1'],
      pageSize: ['100'],
      query: ['Loja Centro'],
    });
  });

  it.each<[string, PushDownFilter]>([
    ['two ids', { ids: ['a', 'b'] }],
    ['two names', { names: ['a', 'b'] }],
    ['an empty id', { ids: [''] }],
    ['a blank name', { names: [' '] }],
    ['empty lists', { ids: [], names: [] }],
    ['statuses and phones only', { statuses: ['connected'], phones: ['+5511999999999'] }],
    ['one id and one name together', { ids: ['3C4F1A'], names: ['Loja Centro'] }],
    ['a name with a space at an end', { names: ['Loja Centro '] }],
    ['an id with a space at an end', { ids: [' 3C4F1A'] }],
  ])('sends no query with %s', async (_case, filter) => {
    expect(await sentQuery(filter)).toEqual({ page: ['1'], pageSize: ['100'] });
    expect(zApiSearchFor(filter)).toBeUndefined();
  });

  it('rejects a 401 with AuthenticationError, never quoting the token', async () => {
    const { result } = listWith(() => Response.json({ error: 'Unauthorized' }, { status: 401 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, provider: 'z-api', account: 'br' });
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('rejects a 502 with ProviderError when retries are off', async () => {
    const { result, requests } = listWith(() => new Response('bad gateway', { status: 502 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 502 });
    expect(requests).toHaveLength(1);
  });

  it('rejects a 201 whose body is not JSON with ResponseFormatError', async () => {
    const { result } = listWith(() => new Response('{"total": 1,', { status: 201 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'z-api', account: 'br' });
  });

  it.each([
    [{ ...listExample, totalPage: undefined }, 'totalPage'],
    [{ ...listExample, totalPage: '1' }, 'totalPage'],
    [{ ...listExample, totalPage: 1.5 }, 'totalPage'],
    [{ ...listExample, totalPage: -1 }, 'totalPage'],
    [{ ...listExample, content: undefined }, 'content'],
    [{ ...listExample, content: { 0: example } }, 'content'],
    [{ ...listExample, content: [example, 'x'] }, 'content[1]'],
    [listExample.content, 'body'],
    [null, 'body'],
    [{ ...listExample, content: [example, { ...example, id: null }] }, 'content[1].id'],
    [{ ...listExample, content: [{ ...example, whatsappConnected: 'yes' }] }, 'content[0].whatsappConnected'],
    [{ ...listExample, content: [example, example, { ...example, due: {} }] }, 'content[2].due'],
  ])('rejects a body of the wrong shape naming the field (%#)', async (body, field) => {
    const { result } = listWith(() => Response.json(body, { status: 201 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ field, provider: 'z-api', account: 'br' });
  });
});

describe('zApiAdapter.normalize', () => {
  it("maps the docs' example field by field", () => {
    const instance = zApiAdapter.normalize(example, 'br');
    expect(instance).toStrictEqual({
      provider: 'z-api',
      account: 'br',
      id: '',
      name: null,
      status: 'disconnected',
      providerStatus: null,
      phone: null,
      profile: { name: null, pictureUrl: null, isBusiness: null },
      createdAt: null,
      updatedAt: null,
      expiresAt: '2022-03-29T14:59:59.675Z',
      raw: example,
    });
    expect(instance.raw).toBe(example);
  });

  it.each([
    [true, false, 'connected'],
    [true, true, 'connected'],
    [false, true, 'disconnected'],
    [false, false, 'disconnected'],
  ])(
    'maps whatsappConnected %j (phoneConnected %j) to %j with no providerStatus',
    (whatsappConnected, phoneConnected, status) => {
      const instance = normalizeUnknown(withItem({ whatsappConnected, phoneConnected }));
      expect(instance.status).toBe(status);
      expect(instance.providerStatus).toBeNull();
    },
  );

  it('reads an absent or null whatsappConnected as disconnected', () => {
    const item = withItem({});
    delete item.whatsappConnected;
    expect(normalizeUnknown(item).status).toBe('disconnected');
    expect(normalizeUnknown(withItem({ whatsappConnected: null })).status).toBe('disconnected');
  });

  it('keeps id and name, and reads `created` as createdAt', () => {
    const instance = normalizeUnknown(
      withItem({ id: '3C4F1A', name: 'Loja Centro', created: '2022-03-01T12:00:00.000Z' }),
    );
    expect(instance).toMatchObject({
      id: '3C4F1A',
      name: 'Loja Centro',
      createdAt: '2022-03-01T12:00:00.000Z',
    });
  });

  it('reads `created` sent as epoch milliseconds', () => {
    expect(normalizeUnknown(withItem({ created: 1646136000000 })).createdAt).toBe('2022-03-01T12:00:00.000Z');
  });

  it.each([
    [1648565999675, '2022-03-29T14:59:59.675Z'],
    ['1648565999675', '2022-03-29T14:59:59.675Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    [null, null],
    ['', null],
    [undefined, null],
  ])('reads `due` %j as expiresAt %j', (due, expiresAt) => {
    expect(normalizeUnknown(withItem({ due })).expiresAt).toBe(expiresAt);
  });

  it('turns empty strings into null, and keeps the documented empty id', () => {
    const instance = normalizeUnknown(withItem({ name: '', created: '', id: '' }));
    expect(instance).toMatchObject({ id: '', name: null, createdAt: null });
  });

  it('never reads a phone or a profile, which Z-API does not send', () => {
    const instance = normalizeUnknown(withItem({ whatsappConnected: true, phoneConnected: true }));
    expect(instance.phone).toBeNull();
    expect(instance.profile).toEqual({ name: null, pictureUrl: null, isBusiness: null });
  });

  it('keeps the account label and the item itself', () => {
    const item = withItem({});
    const instance = normalizeUnknown(item, 'z-api#2');
    expect(instance.account).toBe('z-api#2');
    expect(instance.raw).toBe(item);
  });

  it.each([
    ['an item that is null', null, 'item'],
    ['an item that is a number', 7, 'item'],
    ['a missing id', { id: undefined }, 'item.id'],
    ['an id that is null', { id: null }, 'item.id'],
    ['a name that is a number', { name: 12 }, 'item.name'],
    ['a whatsappConnected that is a string', { whatsappConnected: 'true' }, 'item.whatsappConnected'],
    ['a due that is not epoch milliseconds', { due: '2022-03-29' }, 'item.due'],
    ['a due that is a boolean', { due: true }, 'item.due'],
    ['a created that is an object', { created: {} }, 'item.created'],
  ])('rejects %s with ResponseFormatError naming the field', (_case, changes, field) => {
    const item = changes === null || typeof changes !== 'object' ? changes : withItem(changes);
    let caught: unknown;
    try {
      normalizeUnknown(item);
    } catch (error) {
      caught = error;
    }
    expect(caught).not.toBeInstanceOf(TypeError);
    expect(caught).toBeInstanceOf(ResponseFormatError);
    expect(caught).toMatchObject({ field, provider: 'z-api', account: 'br' });
  });
});

describe('zApiAdapter.normalize on any spec-valid item', () => {
  const epochMs = fc.integer({ min: 0, max: Date.parse('2100-01-01T00:00:00Z') });
  const item = fc.record({
    token: fc.string(),
    tenant: fc.string(),
    created: fc.oneof(
      fc.constant(''),
      fc
        .date({
          min: new Date('2015-01-01T00:00:00Z'),
          max: new Date('2035-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString()),
    ),
    due: epochMs,
    paymentStatus: fc.string(),
    deliveryCallbackUrl: fc.string(),
    receivedCallbackUrl: fc.string(),
    disconnectedCallbackUrl: fc.string(),
    messageStatusCallbackUrl: fc.string(),
    receivedAndDeliveryCallbackUrl: fc.string(),
    presenceChatCallbackUrl: fc.string(),
    connectedCallbackUrl: fc.string(),
    receivedStatusCallbackUrl: fc.string(),
    phoneConnected: fc.boolean(),
    whatsappConnected: fc.boolean(),
    name: fc.string(),
    id: fc.string(),
  });

  it('always gives a valid Instance that follows the table', () => {
    fc.assert(
      fc.property(item, fc.string({ minLength: 1 }), (raw, account) => {
        const instance = normalizeUnknown(raw, account);
        expect(instance.provider).toBe('z-api');
        expect(instance.account).toBe(account);
        expect(instance.raw).toBe(raw);
        expect(instance.id).toBe(raw.id);
        expect(instance.name).toBe(raw.name.trim() === '' ? null : raw.name);
        expect(INSTANCE_STATUSES).toContain(instance.status);
        expect(instance.status).toBe(raw.whatsappConnected ? 'connected' : 'disconnected');
        expect(instance.providerStatus).toBeNull();
        expect(instance.phone).toBeNull();
        expect(instance.expiresAt).toBe(new Date(raw.due).toISOString());
        expect(instance.createdAt).toBe(raw.created === '' ? null : raw.created);
        for (const date of [instance.createdAt, instance.expiresAt]) {
          if (date !== null) expect(new Date(date).toISOString()).toBe(date);
        }
      }),
    );
  });
});
