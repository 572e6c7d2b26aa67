import {
  AuthenticationError,
  INSTANCE_STATUSES,
  NotFoundError,
  ProviderError,
  type PushDownFilter,
  ResponseFormatError,
} from '@switchboard/runtime';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import sessionExample from './__fixtures__/waha-session-example.json' with { type: 'json' };
import sessionsExample from './__fixtures__/waha-sessions-example.json' with { type: 'json' };
import { wahaAdapter, wahaSessionLookupFor } from './waha-adapter.js';
import type { WahaSession } from './waha-client.js';

const TOKEN = 'waha-api-key-0123456789abcdef';

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
  const client = wahaAdapter.createClient({
    token: TOKEN,
    fetch: recorder.fetch,
    rateLimit: false,
    maxRetries: 0,
    account: 'ops',
  });
  const result = wahaAdapter.listPage(client, { account: 'ops', page: { number: 1 }, filter, settings: {} });
  return { result, requests: recorder.requests };
}

/** Answers as a WAHA server holding the published examples would. */
function wahaServer(request: Request): Response {
  const url = new URL(request.url);
  if (url.pathname === '/api/sessions') return Response.json(sessionsExample);
  const name = decodeURIComponent(url.pathname.slice('/api/sessions/'.length));
  const found = sessionsExample.find((session) => session.name === name);
  if (found === undefined) {
    return Response.json(
      { statusCode: 404, message: 'Session not found', error: 'Not Found' },
      { status: 404 },
    );
  }
  return Response.json({ ...found, engine: { engine: 'NOWEB' } });
}

const pathsOf = (requests: Request[]) => requests.map((request) => new URL(request.url).pathname);

function normalizeUnknown(value: unknown, account = 'ops') {
  return wahaAdapter.normalize(value as WahaSession, account);
}

describe('wahaAdapter.listPage', () => {
  it('sends GET /api/sessions?all=true with the X-Api-Key header, so STOPPED sessions are listed', async () => {
    const { result, requests } = listWith(wahaServer);
    const page = await result;
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:3000/api/sessions');
    expect([...url.searchParams]).toEqual([['all', 'true']]);
    expect(requests[0]?.headers.get('x-api-key')).toBe(TOKEN);
    expect(page.next).toBeNull();
    expect(page.instances.map((instance) => [instance.id, instance.status])).toEqual([
      ['default', 'connected'],
      ['support', 'stopped'],
    ]);
  });

  it.each([
    [{ ids: ['support'] }],
    [{ names: ['support'] }],
    [{ ids: ['support', 'support'] }],
    [{ names: ['support'], ids: ['support'] }],
  ])('looks one id or one name up by GET /api/sessions/{session}: %j', async (filter) => {
    const { result, requests } = listWith(wahaServer, filter);
    const page = await result;
    expect(pathsOf(requests)).toEqual(['/api/sessions/support']);
    expect(new URL(requests[0]!.url).search).toBe('');
    expect(requests[0]?.headers.get('x-api-key')).toBe(TOKEN);
    expect(page).toEqual({
      instances: [expect.objectContaining({ id: 'support', status: 'stopped' })],
      next: null,
    });
  });

  it('reads the 404 of an unknown session as no items', async () => {
    const { result, requests } = listWith(wahaServer, { names: ['ghost'] });
    await expect(result).resolves.toEqual({ instances: [], next: null });
    expect(pathsOf(requests)).toEqual(['/api/sessions/ghost']);
  });

  it("falls back to the list when the server has no single-session route (Nest's `Cannot GET`)", async () => {
    const { result, requests } = listWith(
      (request) => {
        const url = new URL(request.url);
        if (url.pathname === '/api/sessions') return Response.json(sessionsExample);
        return Response.json(
          { message: `Cannot GET ${url.pathname}`, error: 'Not Found', statusCode: 404 },
          { status: 404 },
        );
      },
      { ids: ['default'] },
    );
    const page = await result;
    expect(pathsOf(requests)).toEqual(['/api/sessions/default', '/api/sessions']);
    expect(page.instances).toHaveLength(2);
  });

  it.each([
    [{ names: ['default', 'support'] }],
    [{ names: ['my session'] }],
    [{ names: ['..'] }],
    [{ ids: [''] }],
    [{ names: [] }],
    [{ statuses: ['connected'], phones: ['+11111111111'] }],
  ] as PushDownFilter[][])(
    'lists everything when no single session can answer the filter: %j',
    async (filter) => {
      const { result, requests } = listWith(wahaServer, filter);
      await result;
      expect(pathsOf(requests)).toEqual(['/api/sessions']);
      expect(wahaSessionLookupFor(filter)).toBeUndefined();
    },
  );

  it('rejects a 401 with AuthenticationError quoting WAHA and never the key', async () => {
    const { result } = listWith(() =>
      Response.json({ message: 'Unauthorized', statusCode: 401 }, { status: 401 }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      provider: 'waha',
      account: 'ops',
      providerMessage: 'Unauthorized',
    });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it('rejects a 401 on the single-session path too, rather than reading it as no items', async () => {
    const { result } = listWith(
      () => Response.json({ message: 'Unauthorized', statusCode: 401 }, { status: 401 }),
      {
        ids: ['default'],
      },
    );
    await expect(result).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('rejects a 404 of the list itself (a wrong base URL) with NotFoundError', async () => {
    const { result } = listWith(() =>
      Response.json(
        { message: 'Cannot GET /waha/api/sessions', error: 'Not Found', statusCode: 404 },
        { status: 404 },
      ),
    );
    await expect(result).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects the catch-all 500 that echoes the request with ProviderError', async () => {
    const { result } = listWith(() =>
      Response.json(
        {
          statusCode: 500,
          timestamp: '2026-12-01T12:00:00.000Z',
          exception: { message: 'boom', name: 'Error' },
          request: { path: '/api/sessions?all=true', method: 'GET', body: {}, query: { all: 'true' } },
        },
        { status: 500 },
      ),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 500, retryable: true });
  });

  it("quotes all of a Nest validation error's messages, joined", async () => {
    const { result } = listWith(() =>
      Response.json(
        {
          statusCode: 400,
          message: ['all must be a boolean value', 'expand is invalid'],
          error: 'Bad Request',
        },
        { status: 400 },
      ),
    );
    await expect(result).rejects.toMatchObject({
      status: 400,
      providerMessage: 'all must be a boolean value; expand is invalid',
    });
  });

  it('names the place of a wrong item in the body', async () => {
    const { result } = listWith(() =>
      Response.json([sessionsExample[0], { ...sessionsExample[1], name: 7 }]),
    );
    await expect(result).rejects.toThrowError(ResponseFormatError);
    await expect(result).rejects.toThrowError(/`\[1\]\.name`/);
  });

  it('rejects a body that is not an array with ResponseFormatError', async () => {
    const { result } = listWith(() => Response.json({ sessions: sessionsExample }));
    await expect(result).rejects.toThrowError(ResponseFormatError);
  });

  it('names the single-session body when it has the wrong shape', async () => {
    const { result } = listWith(() => Response.json({ ...sessionExample, me: 'nobody' }), {
      names: ['default'],
    });
    await expect(result).rejects.toThrowError(/`body\.me`/);
  });
});

describe('wahaAdapter.normalize', () => {
  it('maps the published WORKING example as API.md says', () => {
    expect(normalizeUnknown(sessionsExample[0])).toEqual({
      provider: 'waha',
      account: 'ops',
      id: 'default',
      name: 'default',
      status: 'connected',
      providerStatus: 'WORKING',
      phone: '+11111111111',
      profile: { name: 'Sales', pictureUrl: null, isBusiness: null },
      createdAt: null,
      updatedAt: null,
      expiresAt: null,
      raw: sessionsExample[0],
    });
  });

  it('maps a STOPPED session, whose me, presence and activity are null', () => {
    const instance = normalizeUnknown(sessionsExample[1]);
    expect(instance).toMatchObject({
      id: 'support',
      name: 'support',
      status: 'stopped',
      providerStatus: 'STOPPED',
      phone: null,
      profile: { name: null, pictureUrl: null, isBusiness: null },
    });
  });

  it('maps the single-session example, engine and all', () => {
    expect(normalizeUnknown(sessionExample)).toMatchObject({
      id: 'default',
      status: 'connected',
      phone: '+11111111111',
    });
  });

  it.each([
    ['WORKING', 'connected'],
    ['STARTING', 'connecting'],
    ['SCAN_QR_CODE', 'qr_pending'],
    ['PASSKEY_REQUIRED', 'qr_pending'],
    ['PASSKEY_CONFIRMATION_REQUIRED', 'qr_pending'],
    ['STOPPED', 'stopped'],
    ['FAILED', 'failed'],
    ['LOGGING_OUT', 'unknown'],
    ['working', 'unknown'],
    ['constructor', 'unknown'],
  ])('maps status %s to %s, keeping the text in providerStatus', (status, expected) => {
    const instance = normalizeUnknown({ ...sessionsExample[0], status });
    expect(instance.status).toBe(expected);
    expect(instance.providerStatus).toBe(status);
  });

  it.each([
    ['5511999999999@c.us', '+5511999999999'],
    ['5511999999999:12@s.whatsapp.net', '+5511999999999'],
    ['123123@lid', null],
    ['120363025555555555@g.us', null],
    ['', null],
  ])('reads the phone from me.id %j', (id, phone) => {
    expect(normalizeUnknown({ ...sessionsExample[0], me: { id, pushName: 'x' } }).phone).toBe(phone);
  });

  it('turns an empty pushName, status or name into null and keeps the name as the id', () => {
    const instance = normalizeUnknown({
      ...sessionsExample[0],
      name: '',
      status: '',
      me: { id: '1@c.us', pushName: '' },
    });
    expect(instance).toMatchObject({ id: '', name: null, status: 'unknown', providerStatus: null });
    expect(instance.profile.name).toBeNull();
  });

  it('gives null phone and profile when me is absent', () => {
    const { me: _me, ...withoutMe } = sessionsExample[0]!;
    expect(normalizeUnknown(withoutMe)).toMatchObject({ phone: null, profile: { name: null } });
  });

  it.each([
    [{ name: 1 }, '`item.name`'],
    [{ name: undefined }, '`item.name`'],
    [{ status: 3 }, '`item.status`'],
    [{ me: [] }, '`item.me`'],
    [{ me: { id: 5, pushName: 'x' } }, '`item.me.id`'],
    [{ me: { id: '1@c.us', pushName: false } }, '`item.me.pushName`'],
  ])('rejects %j with ResponseFormatError naming %s', (changes, field) => {
    expect(() => normalizeUnknown({ ...sessionsExample[0], ...changes })).toThrowError(field);
  });

  it('rejects an item that is not an object', () => {
    expect(() => normalizeUnknown(null)).toThrowError(ResponseFormatError);
    expect(() => normalizeUnknown(['default'])).toThrowError(ResponseFormatError);
  });
});

describe('wahaAdapter.normalize: properties', () => {
  const statusValue = fc.oneof(
    fc.constantFrom(
      'STOPPED',
      'STARTING',
      'SCAN_QR_CODE',
      'PASSKEY_REQUIRED',
      'PASSKEY_CONFIRMATION_REQUIRED',
      'WORKING',
      'FAILED',
    ),
    fc.string(),
  );
  const me = fc.option(
    fc.record({
      id: fc.oneof(
        fc.stringMatching(/^[1-9]\d{7,14}$/).map((digits) => `${digits}@c.us`),
        fc.stringMatching(/^[1-9]\d{7,14}$/).map((digits) => `${digits}:3@s.whatsapp.net`),
        fc.stringMatching(/^\d{5,15}$/).map((digits) => `${digits}@lid`),
        fc.string(),
      ),
      pushName: fc.string(),
    }),
    { nil: null },
  );
  const session = fc.record({
    name: fc.string(),
    status: statusValue,
    me,
    presence: fc.constant(null),
    timestamps: fc.record({ activity: fc.option(fc.nat(), { nil: null }) }),
  });

  it('maps any session: the name is the id, the status is common, the phone is E.164 or null', () => {
    fc.assert(
      fc.property(session, (raw) => {
        const instance = normalizeUnknown(raw);
        expect(instance.id).toBe(raw.name);
        expect(instance.name).toBe(raw.name.trim() === '' ? null : raw.name);
        expect(INSTANCE_STATUSES).toContain(instance.status);
        if (instance.phone !== null) expect(instance.phone).toMatch(/^\+\d+$/);
        if (raw.me === null) expect(instance.phone).toBeNull();
        expect(instance.raw).toBe(raw);
        expect([instance.createdAt, instance.updatedAt, instance.expiresAt]).toEqual([null, null, null]);
      }),
    );
  });

  it('the one-id look-up is only chosen for a single name WAHA can hold', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 3 }), (names) => {
        const chosen = wahaSessionLookupFor({ names });
        if (chosen !== undefined) {
          expect(new Set(names)).toEqual(new Set([chosen]));
          expect(chosen).toMatch(/^[A-Za-z0-9_-]+$/);
        }
      }),
    );
  });
});
