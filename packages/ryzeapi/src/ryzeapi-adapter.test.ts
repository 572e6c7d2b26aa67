import {
  AuthenticationError,
  INSTANCE_STATUSES,
  NotFoundError,
  ProviderError,
  type PushDownFilter,
  RateLimitError,
  ResponseFormatError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import listExample from './__fixtures__/ryzeapi-list-example.json' with { type: 'json' };
import { ryzeApiAdapter, ryzeApiInstanceNameFor } from './ryzeapi-adapter.js';
import type { RyzeApiInstance } from './ryzeapi-client.js';

const TOKEN = 'ryze-account-token-0123456789';
const example = listExample.instances[0] as unknown as RyzeApiInstance;

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
  const client = ryzeApiAdapter.createClient({
    token: TOKEN,
    fetch: recorder.fetch,
    rateLimit: false,
    maxRetries: 0,
    account: 'sales',
  });
  const result = ryzeApiAdapter.listPage(client, {
    account: 'sales',
    page: { number: 1 },
    settings: {},
    filter,
  });
  return { result, requests: recorder.requests };
}

const answerExample = () => Response.json(listExample);

function errorBody(status: number, message: string): Response {
  return Response.json({ success: false, error: { message } }, { status });
}

async function sentQuery(filter: PushDownFilter): Promise<Record<string, string[]>> {
  const { result, requests } = listWith(answerExample, filter);
  await result;
  expect(requests).toHaveLength(1);
  const url = new URL(requests[0]!.url);
  const query: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key);
  return query;
}

function normalizeUnknown(value: unknown, account = 'sales') {
  return ryzeApiAdapter.normalize(value as RyzeApiInstance, account);
}

function withItem(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(listExample.instances[0]), ...changes };
}

describe('ryzeApiAdapter.listPage', () => {
  it('sends GET /instance/list with the token header and no filter when none is asked', async () => {
    const { result, requests } = listWith(answerExample);
    const page = await result;
    expect(requests[0]?.method).toBe('GET');
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://ryzeapi.cloud/api/instance/list');
    expect(url.search).toBe('');
    expect(requests[0]?.headers.get('token')).toBe(TOKEN);
    expect(page).toEqual({
      instances: listExample.instances.map((item) => normalizeUnknown(item)),
      next: null,
    });
  });

  it('pushes one name down as instanceName', async () => {
    expect(await sentQuery({ names: ['sales'] })).toEqual({ instanceName: ['sales'] });
  });

  it('pushes several names down as one comma-joined instanceName, without repeats', async () => {
    expect(await sentQuery({ names: ['sales', 'support', 'sales'] })).toEqual({
      instanceName: ['sales,support'],
    });
  });

  it.each([[['sales', 'a,b']], [['sales', ' support']], [['support ']], [['']], [['sales', '']], [[',']]])(
    'pushes nothing when a name would be split or trimmed by RyzeAPI: %j',
    async (names) => {
      expect(await sentQuery({ names })).toEqual({});
      expect(ryzeApiInstanceNameFor({ names })).toBeUndefined();
    },
  );

  it('pushes nothing for ids, statuses, phones or an empty name list, which RyzeAPI cannot filter', async () => {
    expect(
      await sentQuery({
        names: [],
        ids: ['5e1d...'],
        statuses: ['connected'],
        phones: ['+5511999999999'],
      }),
    ).toEqual({});
  });

  it('reads the single-name 404 `Instance not found` as no items', async () => {
    const { result, requests } = listWith(() => errorBody(404, 'Instance not found'), { names: ['ghost'] });
    await expect(result).resolves.toEqual({ instances: [], next: null });
    expect(new URL(requests[0]!.url).searchParams.get('instanceName')).toBe('ghost');
  });

  it('reads a 404 for one name repeated as the single-name answer too', async () => {
    const { result } = listWith(() => errorBody(404, 'Instance not found'), { names: ['ghost', 'ghost'] });
    await expect(result).resolves.toEqual({ instances: [], next: null });
  });

  it('rejects a 404 with two names with NotFoundError, since RyzeAPI ignores unknown names then', async () => {
    const { result } = listWith(() => errorBody(404, 'Instance not found'), { names: ['ghost', 'phantom'] });
    const error = await result.catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'not_found',
      status: 404,
      provider: 'ryzeapi',
      account: 'sales',
      providerMessage: 'Instance not found',
    });
  });

  it('rejects a 404 with no name filter with NotFoundError', async () => {
    const { result } = listWith(() => errorBody(404, 'Instance not found'));
    await expect(result).rejects.toSatisfy((error: unknown) => NotFoundError.isInstance(error));
  });

  it('rejects a 404 without the provider message with NotFoundError, even for one name', async () => {
    const { result } = listWith(() => new Response('', { status: 404 }), { names: ['ghost'] });
    await expect(result).rejects.toSatisfy((error: unknown) => NotFoundError.isInstance(error));
  });

  it('rejects a 401 with AuthenticationError carrying the provider message and not the token', async () => {
    const { result } = listWith(() => errorBody(401, 'Invalid token'));
    const error = await result.catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 401,
      provider: 'ryzeapi',
      account: 'sales',
      providerMessage: 'Invalid token',
      retryable: false,
    });
    expect(String((error as Error).message)).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('rejects a 429 with RateLimitError when retries are off', async () => {
    const { result, requests } = listWith(() =>
      Response.json(
        { success: false, error: { message: 'Rate limit exceeded. Try again later.' } },
        { status: 429, headers: { 'Retry-After': '7' } },
      ),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7000 });
    expect(requests).toHaveLength(1);
  });

  it('rejects a 500 with ProviderError when retries are off', async () => {
    const { result } = listWith(() => errorBody(500, 'boom'));
    await expect(result).rejects.toSatisfy((error: unknown) => ProviderError.isInstance(error));
  });

  it('rejects a 200 whose body is not JSON with ResponseFormatError', async () => {
    const { result } = listWith(
      () => new Response('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'ryzeapi', account: 'sales' });
  });

  it.each([
    [{ success: true, instances: { 0: {} } }, 'instances'],
    [{ success: true, message: '0 Instances found' }, 'instances'],
    [[listExample.instances[0]], 'body'],
    [null, 'body'],
    [{ success: true, instances: [listExample.instances[0], 'second'] }, 'instances[1]'],
    [{ success: true, instances: [null] }, 'instances[0]'],
    [{ success: true, instances: [example, example, example, { ...example, id: null }] }, 'instances[3].id'],
    [{ success: true, instances: [{ ...example, connection: 'connected' }] }, 'instances[0].connection'],
    [
      { success: true, instances: [example, { ...example, connection: { state: 1 } }] },
      'instances[1].connection.state',
    ],
    [
      { success: true, instances: [{ ...example, profile: { isBusiness: 'no' } }] },
      'instances[0].profile.isBusiness',
    ],
  ])('rejects a body of the wrong shape naming the field: %j', async (body, field) => {
    const { result } = listWith(() => Response.json(body));
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ code: 'response_format', field, provider: 'ryzeapi', account: 'sales' });
  });
});

describe('ryzeApiAdapter.normalize', () => {
  it("maps the docs' example field by field", () => {
    const instance = ryzeApiAdapter.normalize(example, 'sales');
    expect(instance).toStrictEqual({
      provider: 'ryzeapi',
      account: 'sales',
      id: '5e1d...',
      name: 'my-instance',
      status: 'connected',
      providerStatus: 'connected',
      phone: '+5511999999999',
      profile: { name: 'Orion', pictureUrl: 'https://pps.whatsapp.net/...', isBusiness: false },
      createdAt: '2026-04-28T10:30:00.000Z',
      updatedAt: '2026-04-28T10:35:00.000Z',
      expiresAt: null,
      raw: example,
    });
    expect(instance.raw).toBe(example);
  });

  it.each([
    ['connected', 'connected'],
    ['connecting', 'connecting'],
    ['disconnected', 'disconnected'],
    ['loggedout', 'logged_out'],
  ] as const)('maps connection.state %j to %j and keeps the text', (state, status) => {
    const instance = normalizeUnknown(
      withItem({ status: 'something-else', connection: { ...example.connection, state } }),
    );
    expect(instance.status).toBe(status);
    expect(instance.providerStatus).toBe(state);
  });

  it.each([
    ['connection absent', { connection: undefined }],
    ['connection null', { connection: null }],
    ['connection without state', { connection: { numberJid: null } }],
    ['connection.state null', { connection: { state: null, numberJid: null } }],
  ])('falls back to `status` with %s', (_case, changes) => {
    for (const [status, expected] of [
      ['connected', 'connected'],
      ['connecting', 'connecting'],
      ['disconnected', 'disconnected'],
      ['loggedout', 'logged_out'],
    ] as const) {
      const instance = normalizeUnknown(withItem({ ...changes, status }));
      expect(instance.status).toBe(expected);
      expect(instance.providerStatus).toBe(status);
    }
  });

  it('prefers connection.state over `status` when both are present', () => {
    const instance = normalizeUnknown(
      withItem({ status: 'connected', connection: { state: 'loggedout', numberJid: null } }),
    );
    expect(instance.status).toBe('logged_out');
    expect(instance.providerStatus).toBe('loggedout');
  });

  it.each(['banned', 'CONNECTED', 'logged_out', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'maps an unknown state %j to unknown and keeps its text',
    (state) => {
      const fromState = normalizeUnknown(withItem({ connection: { state, numberJid: null } }));
      expect(fromState.status).toBe('unknown');
      expect(fromState.providerStatus).toBe(state);
      const fromStatus = normalizeUnknown(withItem({ connection: null, status: state }));
      expect(fromStatus.status).toBe('unknown');
      expect(fromStatus.providerStatus).toBe(state);
    },
  );

  it('gives unknown with a null providerStatus when neither state nor status is there', () => {
    const item = withItem({ connection: null });
    delete item.status;
    const instance = normalizeUnknown(item);
    expect(instance.status).toBe('unknown');
    expect(instance.providerStatus).toBeNull();
  });

  it('turns empty strings into null', () => {
    const instance = normalizeUnknown(
      withItem({
        name: '',
        status: '',
        connection: { state: '', numberJid: '' },
        profile: { name: '', pictureUrl: '', isBusiness: null, businessName: '' },
        createdAt: '',
        updatedAt: '',
      }),
    );
    expect(instance).toMatchObject({
      name: null,
      status: 'unknown',
      providerStatus: null,
      phone: null,
      profile: { name: null, pictureUrl: null, isBusiness: null },
      createdAt: null,
      updatedAt: null,
      expiresAt: null,
    });
  });

  it('drops the device suffix of numberJid', () => {
    const instance = normalizeUnknown(
      withItem({ connection: { state: 'connected', numberJid: '5511988887777:12@s.whatsapp.net' } }),
    );
    expect(instance.phone).toBe('+5511988887777');
  });

  it('gives null phone and profile when connection and profile are null', () => {
    const instance = normalizeUnknown(withItem({ connection: null, profile: null }));
    expect(instance.phone).toBeNull();
    expect(instance.profile).toEqual({ name: null, pictureUrl: null, isBusiness: null });
  });

  it('keeps the account label and the item itself', () => {
    const item = withItem({});
    const instance = normalizeUnknown(item, 'ryzeapi#2');
    expect(instance.account).toBe('ryzeapi#2');
    expect(instance.raw).toBe(item);
  });

  it.each([
    ['an item that is null', null, 'item'],
    ['an item that is an array', [], 'item'],
    ['an item that is a string', 'instance', 'item'],
    ['a missing id', { id: undefined }, 'item.id'],
    ['an id that is an object', { id: { value: 'x' } }, 'item.id'],
    ['a name that is a number', { name: 42 }, 'item.name'],
    ['a status that is a number', { connection: null, status: 1 }, 'item.status'],
    ['a connection that is a string', { connection: 'connected' }, 'item.connection'],
    ['a connection.state that is a number', { connection: { state: 3 } }, 'item.connection.state'],
    ['a numberJid that is a number', { connection: { numberJid: 5511 } }, 'item.connection.numberJid'],
    ['a profile that is an array', { profile: [] }, 'item.profile'],
    ['a profile.name that is a boolean', { profile: { name: true } }, 'item.profile.name'],
    ['an isBusiness that is a string', { profile: { isBusiness: 'no' } }, 'item.profile.isBusiness'],
    ['a createdAt that is a number', { createdAt: 1 }, 'item.createdAt'],
    ['an updatedAt that is an object', { updatedAt: {} }, 'item.updatedAt'],
  ])('rejects %s with ResponseFormatError naming the field', (_case, changes, field) => {
    const item =
      Array.isArray(changes) || changes === null || typeof changes !== 'object' ? changes : withItem(changes);
    let caught: unknown;
    try {
      normalizeUnknown(item);
    } catch (error) {
      caught = error;
    }
    expect(caught).not.toBeInstanceOf(TypeError);
    expect(caught).toBeInstanceOf(ResponseFormatError);
    expect(caught).toMatchObject({ field, provider: 'ryzeapi', account: 'sales' });
  });
});

describe('ryzeApiAdapter.normalize on any spec-valid item', () => {
  const STATES = ['connected', 'connecting', 'disconnected', 'loggedout'] as const;
  const STATUS_BY_STATE = {
    connected: 'connected',
    connecting: 'connecting',
    disconnected: 'disconnected',
    loggedout: 'logged_out',
  } as const;

  const nullableString = fc.option(fc.string(), { nil: null });
  const jid = fc
    .tuple(
      fc.stringMatching(/^[1-9]\d{7,14}$/),
      fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
    )
    .map(([digits, device]) =>
      device === undefined ? `${digits}@s.whatsapp.net` : `${digits}:${device}@s.whatsapp.net`,
    );
  const dateTime = fc
    .date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2035-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .chain((date) =>
      fc.constantFrom(
        date.toISOString(),
        `${date.toISOString().slice(0, 19)}Z`,
        `${date.toISOString().slice(0, 19)}+00:00`,
        `${date.toISOString().slice(0, 19)}-03:00`,
      ),
    );
  const statusText = fc.oneof(fc.constantFrom(...STATES), fc.string());
  const item = fc.record(
    {
      id: fc.string(),
      name: fc.string(),
      token: fc.string(),
      status: statusText,
      connection: fc.option(
        fc.record(
          {
            state: fc.constantFrom(...STATES),
            numberJid: fc.option(jid, { nil: null }),
            presenceStatus: fc.string(),
            displayStatus: fc.string(),
          },
          { requiredKeys: [] },
        ),
        { nil: null },
      ),
      profile: fc.option(
        fc.record(
          {
            name: nullableString,
            pictureUrl: nullableString,
            isBusiness: fc.boolean(),
            businessName: fc.string(),
          },
          { requiredKeys: [] },
        ),
        { nil: null },
      ),
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    { requiredKeys: ['id', 'name', 'token', 'status', 'createdAt', 'updatedAt'] },
  );

  it('always gives a valid Instance that follows the table', () => {
    fc.assert(
      fc.property(item, fc.string({ minLength: 1 }), (raw, account) => {
        const instance = normalizeUnknown(raw, account);
        expect(instance.provider).toBe('ryzeapi');
        expect(instance.account).toBe(account);
        expect(instance.raw).toBe(raw);
        expect(instance.id).toBe(raw.id);
        expect(instance.name).toBe(raw.name.trim() === '' ? null : raw.name);
        expect(INSTANCE_STATUSES).toContain(instance.status);
        const state = raw.connection?.state;
        const text = state ?? (raw.status.trim() === '' ? null : raw.status);
        expect(instance.providerStatus).toBe(text);
        if (state !== undefined) expect(instance.status).toBe(STATUS_BY_STATE[state]);
        if (instance.phone !== null) expect(instance.phone).toMatch(/^\+\d+$/);
        if (raw.connection?.numberJid) expect(instance.phone).not.toBeNull();
        for (const date of [instance.createdAt, instance.updatedAt]) {
          expect(date).not.toBeNull();
          expect(new Date(date!).toISOString()).toBe(date);
        }
        expect(Date.parse(instance.createdAt!)).toBe(Date.parse(raw.createdAt));
        expect(instance.expiresAt).toBeNull();
        expect(instance.profile.isBusiness).toBe(raw.profile?.isBusiness ?? null);
      }),
    );
  });
});
