import {
  AuthenticationError,
  INSTANCE_STATUSES,
  type InstanceStatus,
  PermissionDeniedError,
  ProviderError,
  type PushDownFilter,
  ResponseFormatError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import listExample from './__fixtures__/wachat-list-example.json' with { type: 'json' };
import { wachatAdapter } from './wachat-adapter.js';
import type { WachatInstance } from './wachat-client.js';

const TOKEN = 'wachat-api-key-0123456789';
const example = listExample.instances[0] as WachatInstance;

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
  const client = wachatAdapter.createClient({
    token: TOKEN,
    fetch: recorder.fetch,
    maxRetries: 0,
    account: 'id',
  });
  const result = wachatAdapter.listPage(client, { account: 'id', page: { number: 1 }, settings: {}, filter });
  return { result, requests: recorder.requests };
}

const answerExample = () => Response.json(listExample);

function normalizeUnknown(value: unknown, account = 'id') {
  return wachatAdapter.normalize(value as WachatInstance, account);
}

function withItem(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(example), ...changes };
}

describe('wachatAdapter.listPage', () => {
  it('sends GET /instance/list with a bearer token', async () => {
    const { result, requests } = listWith(answerExample);
    const page = await result;
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://app.wachat.net/api/v1/instance/list');
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(page).toEqual({
      instances: listExample.instances.map((item) => normalizeUnknown(item)),
      next: null,
    });
  });

  it('sends no query whatever the filter, since Wachat filters nothing', async () => {
    const { result, requests } = listWith(answerExample, {
      ids: ['t1_mq9r2jov_jakarta_store'],
      names: ['jakarta_store'],
      statuses: ['connected'],
      phones: ['+628123456789'],
    });
    await result;
    expect(new URL(requests[0]!.url).search).toBe('');
  });

  it('rejects a 401 with AuthenticationError, never quoting the token', async () => {
    const { result } = listWith(() => new Response(null, { status: 401 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, provider: 'wachat', account: 'id' });
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('rejects the documented 403 with PermissionDeniedError', async () => {
    const { result } = listWith(() =>
      Response.json({ success: false, message: 'Subscription restriction' }, { status: 403 }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, providerMessage: 'Subscription restriction' });
  });

  it('rejects a 500 with ProviderError when retries are off', async () => {
    const { result, requests } = listWith(() => new Response(null, { status: 500 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, retryable: true });
    expect(requests).toHaveLength(1);
  });

  it('rejects a 200 whose body is not JSON with ResponseFormatError', async () => {
    const { result } = listWith(() => new Response('<!doctype html><p>login</p>', { status: 200 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(ResponseFormatError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'wachat', account: 'id' });
  });

  it.each([
    [{ success: true, count: 1, instances: 'none' }, 'instances'],
    [{ success: true, count: 0 }, 'instances'],
    [listExample.instances, 'body'],
    [{ success: true, count: 2, instances: [example, null] }, 'instances[1]'],
    [
      { success: true, count: 2, instances: [example, { ...example, apiInstanceName: null }] },
      'instances[1].apiInstanceName',
    ],
    [{ success: true, count: 1, instances: [{ ...example, number: 628123456789 }] }, 'instances[0].number'],
  ])('rejects a body of the wrong shape naming the field (%#)', async (body, field) => {
    const { result } = listWith(() => Response.json(body));
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error).toMatchObject({ field, provider: 'wachat', account: 'id' });
  });
});

describe('wachatAdapter.normalize', () => {
  it("maps the docs' example field by field", () => {
    const instance = wachatAdapter.normalize(example, 'id');
    expect(instance).toStrictEqual({
      provider: 'wachat',
      account: 'id',
      id: 't1_mq9r2jov_jakarta_store',
      name: 'jakarta_store',
      status: 'connected',
      providerStatus: 'open',
      phone: '+628123456789',
      profile: { name: 'jakarta_store', pictureUrl: 'https://pps.whatsapp.net/...', isBusiness: null },
      createdAt: '2026-06-13T08:00:00.000Z',
      updatedAt: '2026-06-13T08:00:00.000Z',
      expiresAt: null,
      raw: example,
    });
    expect(instance.raw).toBe(example);
  });

  it('uses apiInstanceName as the id, not the numeric id nor the display name', () => {
    const instance = normalizeUnknown(
      withItem({ id: 7, instanceName: 'Display', apiInstanceName: 't9_abc_display' }),
    );
    expect(instance.id).toBe('t9_abc_display');
    expect(instance.name).toBe('Display');
  });

  it.each([
    ['open', 'connected'],
    ['connecting', 'connecting'],
    ['close', 'disconnected'],
  ] as const)('maps state %j to %j and keeps the text', (state, status) => {
    const instance = normalizeUnknown(withItem({ state, status: 'something-else' }));
    expect(instance.status).toBe(status);
    expect(instance.providerStatus).toBe(state);
  });

  it.each(['closed', 'OPEN', 'refused', 'constructor', '__proto__', 'toString'])(
    'maps the unknown state %j to unknown and keeps its text',
    (state) => {
      const instance = normalizeUnknown(withItem({ state }));
      expect(instance.status).toBe('unknown');
      expect(instance.providerStatus).toBe(state);
    },
  );

  it('reads the status from `state` alone, as the table says', () => {
    const item = withItem({ status: 'open' });
    delete item.state;
    expect(normalizeUnknown(item)).toMatchObject({ status: 'unknown', providerStatus: null });
    expect(normalizeUnknown(withItem({ state: '', status: 'open' }))).toMatchObject({
      status: 'unknown',
      providerStatus: null,
    });
  });

  it.each([
    ['number', { number: '628111222333', owner: '628999888777@s.whatsapp.net' }, '+628111222333'],
    ['owner when number is null', { number: null, owner: '628999888777@s.whatsapp.net' }, '+628999888777'],
    ['owner when number is empty', { number: '', owner: '628999888777:4@s.whatsapp.net' }, '+628999888777'],
    [
      'owner when number is absent',
      { number: undefined, owner: '628999888777@s.whatsapp.net' },
      '+628999888777',
    ],
    ['nothing when both are null', { number: null, owner: null }, null],
    ['nothing when both are empty', { number: '', owner: '' }, null],
  ])('takes the phone from %s', (_case, changes, phone) => {
    expect(normalizeUnknown(withItem(changes)).phone).toBe(phone);
  });

  it.each([
    [
      'profilePictureUrl',
      { profilePictureUrl: 'https://a.example/1.jpg', profilePicUrl: 'https://b.example/2.jpg' },
      'https://a.example/1.jpg',
    ],
    [
      'profilePicUrl when profilePictureUrl is null',
      { profilePictureUrl: null, profilePicUrl: 'https://b.example/2.jpg' },
      'https://b.example/2.jpg',
    ],
    [
      'profilePicUrl when profilePictureUrl is empty',
      { profilePictureUrl: '', profilePicUrl: 'https://b.example/2.jpg' },
      'https://b.example/2.jpg',
    ],
    ['nothing when both are null', { profilePictureUrl: null, profilePicUrl: null }, null],
  ])('takes the picture from %s', (_case, changes, pictureUrl) => {
    expect(normalizeUnknown(withItem(changes)).profile.pictureUrl).toBe(pictureUrl);
  });

  it('turns empty strings into null', () => {
    const instance = normalizeUnknown(
      withItem({
        instanceName: '',
        state: '',
        number: '',
        owner: '',
        profileName: '',
        profilePictureUrl: '',
        profilePicUrl: '',
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

  it('keeps the account label and the item itself', () => {
    const item = withItem({});
    const instance = normalizeUnknown(item, 'wachat#2');
    expect(instance.account).toBe('wachat#2');
    expect(instance.raw).toBe(item);
  });

  it.each([
    ['an item that is null', null, 'item'],
    ['an item that is a string', 'jakarta_store', 'item'],
    ['a missing apiInstanceName', { apiInstanceName: undefined }, 'item.apiInstanceName'],
    ['an apiInstanceName that is null', { apiInstanceName: null }, 'item.apiInstanceName'],
    ['an instanceName that is a number', { instanceName: 29 }, 'item.instanceName'],
    ['a state that is a boolean', { state: true }, 'item.state'],
    ['a number that is a number', { number: 628123456789 }, 'item.number'],
    ['an owner that is an object', { number: null, owner: {} }, 'item.owner'],
    ['a profileName that is an array', { profileName: [] }, 'item.profileName'],
    ['a profilePicUrl that is a number', { profilePictureUrl: null, profilePicUrl: 1 }, 'item.profilePicUrl'],
    ['a createdAt that is a number', { createdAt: 1 }, 'item.createdAt'],
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
    expect(caught).toMatchObject({ field, provider: 'wachat', account: 'id' });
  });
});

describe('wachatAdapter.normalize on any spec-valid item', () => {
  const STATUS_BY_STATE: Record<string, InstanceStatus> = {
    open: 'connected',
    connecting: 'connecting',
    close: 'disconnected',
  };
  const digits = fc.stringMatching(/^[1-9]\d{7,14}$/);
  const jid = fc
    .tuple(digits, fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }))
    .map(([number, device]) =>
      device === undefined ? `${number}@s.whatsapp.net` : `${number}:${device}@s.whatsapp.net`,
    );
  const nullableString = fc.option(fc.string(), { nil: null });
  const dateTime = fc
    .date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2035-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString());
  const state = fc.oneof(fc.constantFrom(...Object.keys(STATUS_BY_STATE)), fc.string());
  const item = fc.record(
    {
      id: fc.nat(),
      instanceName: fc.string(),
      displayName: fc.string(),
      apiInstanceName: fc.string(),
      internalName: fc.string(),
      state,
      status: state,
      isConnected: fc.boolean(),
      number: fc.option(fc.oneof(digits, fc.constant('')), { nil: null }),
      profileName: nullableString,
      profilePictureUrl: nullableString,
      profilePicUrl: nullableString,
      owner: fc.option(fc.oneof(jid, fc.constant('')), { nil: null }),
      integration: fc.string(),
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    { requiredKeys: ['id', 'instanceName', 'apiInstanceName', 'state'] },
  );

  it('always gives a valid Instance that follows the table', () => {
    fc.assert(
      fc.property(item, fc.string({ minLength: 1 }), (raw, account) => {
        const instance = normalizeUnknown(raw, account);
        expect(instance.provider).toBe('wachat');
        expect(instance.account).toBe(account);
        expect(instance.raw).toBe(raw);
        expect(instance.id).toBe(raw.apiInstanceName);
        expect(instance.name).toBe(raw.instanceName.trim() === '' ? null : raw.instanceName);
        expect(INSTANCE_STATUSES).toContain(instance.status);
        expect(instance.status).toBe(
          Object.hasOwn(STATUS_BY_STATE, raw.state) ? STATUS_BY_STATE[raw.state] : 'unknown',
        );
        expect(instance.providerStatus).toBe(raw.state.trim() === '' ? null : raw.state);
        if (instance.phone !== null) expect(instance.phone).toMatch(/^\+\d+$/);
        if (raw.number) expect(instance.phone).toBe(`+${raw.number}`);
        else if (raw.owner) expect(instance.phone).toBe(`+${raw.owner.split(/[:@]/)[0]}`);
        else expect(instance.phone).toBeNull();
        for (const date of [instance.createdAt, instance.updatedAt]) {
          if (date !== null) expect(new Date(date).toISOString()).toBe(date);
        }
        if (raw.createdAt !== undefined) expect(instance.createdAt).toBe(raw.createdAt);
        expect(instance.profile.isBusiness).toBeNull();
        expect(instance.expiresAt).toBeNull();
      }),
    );
  });
});
