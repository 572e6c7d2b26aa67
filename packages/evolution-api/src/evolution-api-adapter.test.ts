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
import connectedExample from './__fixtures__/evolution-api-connected-example.json' with { type: 'json' };
import errorExamples from './__fixtures__/evolution-api-error-examples.json' with { type: 'json' };
import recordedList from './__fixtures__/evolution-api-recorded-list.json' with { type: 'json' };
import { evolutionApiAdapter, evolutionApiQueryFor } from './evolution-api-adapter.js';
import type { EvolutionApiInstance } from './evolution-api-client.js';
import { createSimulator } from './evolution-api-simulator.js';

const GLOBAL_KEY = 'evolution-global-key-0123456789';
const recorded = recordedList as unknown as EvolutionApiInstance[];
const connected = connectedExample as unknown as EvolutionApiInstance[];

/** A fetch that records each request and answers with `respond`. */
function recordingFetch(respond: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    return respond(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

function listWith(
  respond: (request: Request) => Response | Promise<Response>,
  filter: PushDownFilter = {},
  token = GLOBAL_KEY,
) {
  const recorder = recordingFetch(respond);
  const client = evolutionApiAdapter.createClient({
    token,
    fetch: recorder.fetch,
    maxRetries: 0,
    account: 'evo',
  });
  const result = evolutionApiAdapter.listPage(client, {
    account: 'evo',
    page: { number: 1 },
    filter,
    settings: {},
  });
  return { result, requests: recorder.requests };
}

/** Lists through the simulator holding the recorded instances, as the v2.3.6 server would answer. */
function listFromRecordedServer(filter: PushDownFilter = {}, token = GLOBAL_KEY) {
  const simulator = createSimulator({ instances: recorded, accountToken: GLOBAL_KEY });
  return listWith(simulator.handle, filter, token);
}

function queryOf(request: Request | undefined): Record<string, string> {
  return Object.fromEntries(new URL(request!.url).searchParams);
}

function normalizeUnknown(value: unknown) {
  return evolutionApiAdapter.normalize(value as EvolutionApiInstance, 'evo');
}

function withItem(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(recorded[1]), ...changes };
}

describe('evolutionApiAdapter.normalize', () => {
  it('normalizes the recorded v2.3.6 list as API.md says', () => {
    const instances = recorded.map((item) => evolutionApiAdapter.normalize(item, 'evo'));
    expect(instances.map(({ raw, ...instance }) => instance)).toEqual([
      {
        provider: 'evolution-api',
        account: 'evo',
        id: 'ops,east',
        name: 'ops,east',
        status: 'disconnected',
        providerStatus: 'close',
        phone: null,
        profile: { name: null, pictureUrl: null, isBusiness: null },
        createdAt: '2026-12-01T15:29:49.686Z',
        updatedAt: '2026-12-01T15:29:49.686Z',
        expiresAt: null,
      },
      {
        provider: 'evolution-api',
        account: 'evo',
        id: 'sales-br',
        name: 'sales-br',
        status: 'disconnected',
        providerStatus: 'close',
        phone: '+5511999990001',
        profile: { name: null, pictureUrl: null, isBusiness: null },
        createdAt: '2026-12-01T15:29:49.525Z',
        updatedAt: '2026-12-01T15:29:49.525Z',
        expiresAt: null,
      },
      {
        provider: 'evolution-api',
        account: 'evo',
        id: 'no-number',
        name: 'no-number',
        status: 'disconnected',
        providerStatus: 'close',
        phone: null,
        profile: { name: null, pictureUrl: null, isBusiness: null },
        createdAt: '2026-12-01T15:29:49.723Z',
        updatedAt: '2026-12-01T15:29:49.723Z',
        expiresAt: null,
      },
      {
        provider: 'evolution-api',
        account: 'evo',
        id: 'support-br',
        name: 'support-br',
        status: 'disconnected',
        providerStatus: 'close',
        phone: '+5511999990002',
        profile: { name: null, pictureUrl: null, isBusiness: null },
        createdAt: '2026-12-01T15:29:49.577Z',
        updatedAt: '2026-12-01T15:29:49.577Z',
        expiresAt: null,
      },
      {
        provider: 'evolution-api',
        account: 'evo',
        id: 'Sales BR',
        name: 'Sales BR',
        status: 'disconnected',
        providerStatus: 'close',
        phone: null,
        profile: { name: null, pictureUrl: null, isBusiness: null },
        createdAt: '2026-12-01T15:29:49.622Z',
        updatedAt: '2026-12-01T15:29:49.622Z',
        expiresAt: null,
      },
    ]);
    // raw is the item as received: the adapter neither copies nor redacts it (the facade does).
    expect(instances[1]?.raw).toBe(recorded[1]);
  });

  it('normalizes the connected example and the one logged out from the phone', () => {
    const [open, loggedOut] = connected.map((item) => evolutionApiAdapter.normalize(item, 'evo'));
    expect(open).toMatchObject({
      id: 'support',
      name: 'support',
      status: 'connected',
      providerStatus: 'open',
      phone: '+5511988887777',
      profile: {
        name: 'Support Team',
        pictureUrl: 'https://pps.whatsapp.net/v/t61.24694-24/example.jpg',
        isBusiness: null,
      },
      createdAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-30T18:45:12.345Z',
    });
    // `close` with Baileys' reason 401: logged out, and the phone comes from `ownerJid` (no `number`).
    expect(loggedOut).toMatchObject({
      id: 'old-phone',
      status: 'logged_out',
      providerStatus: 'close',
      phone: '+5511977776666',
      profile: { name: 'Old Phone', pictureUrl: null, isBusiness: null },
    });
  });

  it.each([
    ['open', null, 'connected'],
    ['connecting', null, 'connecting'],
    ['close', null, 'disconnected'],
    ['close', 401, 'logged_out'],
    ['close', 403, 'disconnected'],
    ['close', 428, 'disconnected'],
    ['open', 401, 'connected'],
    ['connecting', 401, 'connecting'],
    ['closed', null, 'unknown'],
    ['constructor', null, 'unknown'],
    ['', null, 'unknown'],
  ] as const)('maps connectionStatus %j with reason %j to %s', (connectionStatus, reason, status) => {
    const instance = normalizeUnknown(withItem({ connectionStatus, disconnectionReasonCode: reason }));
    expect(instance.status).toBe(status);
    expect(instance.providerStatus).toBe(connectionStatus === '' ? null : connectionStatus);
  });

  it('takes `number` before `ownerJid`, drops a device suffix, and gives no phone for a @lid', () => {
    expect(
      normalizeUnknown(withItem({ number: '5511911112222', ownerJid: '5511933334444@s.whatsapp.net' })).phone,
    ).toBe('+5511911112222');
    expect(
      normalizeUnknown(withItem({ number: null, ownerJid: '5511933334444:12@s.whatsapp.net' })).phone,
    ).toBe('+5511933334444');
    expect(normalizeUnknown(withItem({ number: '', ownerJid: '123456789@lid' })).phone).toBeNull();
  });

  it('turns empty strings into nulls', () => {
    const instance = normalizeUnknown(withItem({ profileName: '', profilePicUrl: ' ', createdAt: '' }));
    expect(instance.profile).toEqual({ name: null, pictureUrl: null, isBusiness: null });
    expect(instance.createdAt).toBeNull();
  });

  it('names the field and its place when an item has the wrong shape', () => {
    expect(() => normalizeUnknown(withItem({ name: 42 }))).toThrowError(ResponseFormatError);
    expect(() => normalizeUnknown(withItem({ name: 42 }))).toThrowError(/`item\.name`/);
    expect(() => normalizeUnknown(withItem({ disconnectionReasonCode: '401' }))).toThrowError(
      /`item\.disconnectionReasonCode`/,
    );
    expect(() => normalizeUnknown('not an item')).toThrowError(/`item`/);
  });

  it('says so when an item has the published description’s v1 shape', () => {
    const v1 = { instance: { instanceName: 'example-name', instanceId: 'x', status: 'open' } };
    expect(() => normalizeUnknown(v1)).toThrowError(/v1 shape/);
  });
});

describe('evolutionApiQueryFor', () => {
  it.each([
    [{}, {}],
    [{ names: ['sales-br'] }, { instanceName: 'sales-br' }],
    // `Instance.id` is the name: an id goes to instanceName as well.
    [{ ids: ['sales-br'] }, { instanceName: 'sales-br' }],
    // A comma is part of an Evolution name, never a separator.
    [{ names: ['ops,east'] }, { instanceName: 'ops,east' }],
    [{ names: ['Sales BR'] }, { instanceName: 'Sales BR' }],
    [{ names: ['sales-br', 'sales-br'] }, { instanceName: 'sales-br' }],
    [{ names: ['sales-br', 'support-br'] }, {}],
    [{ ids: ['sales-br'], names: ['sales-br'] }, {}],
    [{ names: [''] }, {}],
    [{ names: [' sales-br'] }, {}],
    [{ statuses: ['connected'] }, {}],
    [{ phones: ['+5511999990001'] }, {}],
  ] as const)('pushes %j down as %j', (filter, query) => {
    expect(evolutionApiQueryFor(filter as PushDownFilter)).toEqual(query);
  });
});

describe('evolutionApiAdapter.listPage', () => {
  it('sends GET /instance/fetchInstances with the apikey header to the self-hosted default', async () => {
    const { result, requests } = listWith(() => Response.json(recorded));
    const page = await result;
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:8080/instance/fetchInstances');
    expect(url.search).toBe('');
    expect(requests[0]?.headers.get('apikey')).toBe(GLOBAL_KEY);
    expect(requests[0]?.headers.get('authorization')).toBeNull();
    expect(page.next).toBeNull();
    expect(page.instances.map((instance) => instance.id)).toEqual(recorded.map((item) => item.name));
  });

  it('names the item and field of a wrong item by its place in the bare array', async () => {
    const body = structuredClone(recorded) as unknown as Record<string, unknown>[];
    body[3]!.name = null;
    const { result } = listWith(() => Response.json(body));
    await expect(result).rejects.toThrowError(/`\[3\]\.name`/);
  });

  it('refuses a body that is not an array', async () => {
    const { result } = listWith(() => Response.json({ instances: recorded }));
    await expect(result).rejects.toBeInstanceOf(ResponseFormatError);
  });

  it('finds one exact name, a comma and a space included', async () => {
    for (const name of ['sales-br', 'ops,east', 'Sales BR']) {
      const { result, requests } = listFromRecordedServer({ names: [name] });
      const page = await result;
      expect(queryOf(requests[0])).toEqual({ instanceName: name });
      expect(page.instances.map((instance) => instance.id)).toEqual([name]);
    }
  });

  it('gives [] for one unknown name (the server’s 404), in one request', async () => {
    const { result, requests } = listFromRecordedServer({ names: ['SALES-BR'] });
    expect(await result).toEqual({ instances: [], next: null });
    expect(requests).toHaveLength(1);
  });

  it('gives [] for one unknown name too long for the error to quote whole', async () => {
    const name = `${'x '.repeat(400)}end`;
    const { result, requests } = listFromRecordedServer({ names: [name] });
    expect(await result).toEqual({ instances: [], next: null });
    expect(queryOf(requests[0])).toEqual({ instanceName: name });
  });

  it('keeps a 404 that is not about the filter an error (a wrong path)', async () => {
    const body = {
      status: 404,
      error: 'Not Found',
      response: { message: ['Cannot GET /v2/instance/fetchInstances'] },
    };
    const { result } = listWith(() => Response.json(body, { status: 404 }), { names: ['sales-br'] });
    await expect(result).rejects.toBeInstanceOf(NotFoundError);
    const { result: unfiltered } = listWith(() => Response.json(errorExamples['404'], { status: 404 }));
    await expect(unfiltered).rejects.toBeInstanceOf(NotFoundError);
  });

  it('asks once more without the filter when an instance token’s filter names another instance', async () => {
    const { result, requests } = listFromRecordedServer({ names: ['support-br'] }, 'TOKEN-SALES-BR');
    const page = await result;
    expect(requests.map(queryOf)).toEqual([{ instanceName: 'support-br' }, {}]);
    // Its own instance comes back; the facade's exact filter leaves `[]`.
    expect(page.instances.map((instance) => instance.id)).toEqual(['sales-br']);
  });

  it('lists an instance token’s own instance, with or without its own name as the filter', async () => {
    const own = await listFromRecordedServer({ names: ['sales-br'] }, 'TOKEN-SALES-BR').result;
    expect(own.instances.map((instance) => instance.id)).toEqual(['sales-br']);
    const all = await listFromRecordedServer({}, 'TOKEN-SALES-BR').result;
    expect(all.instances.map((instance) => instance.id)).toEqual(['sales-br']);
  });

  it('is an AuthenticationError only when the token is refused without a filter too', async () => {
    const filtered = listFromRecordedServer({ names: ['sales-br'] }, 'not-a-key');
    await expect(filtered.result).rejects.toBeInstanceOf(AuthenticationError);
    expect(filtered.requests.map(queryOf)).toEqual([{ instanceName: 'sales-br' }, {}]);
    const unfiltered = listFromRecordedServer({}, 'not-a-key');
    await expect(unfiltered.result).rejects.toBeInstanceOf(AuthenticationError);
    expect(unfiltered.requests).toHaveLength(1);
  });

  it('gives the error body’s message as providerMessage, an array joined with "; "', async () => {
    const body = {
      status: 400,
      error: 'Bad Request',
      response: { message: ['first problem', 'second problem'] },
    };
    const { result } = listWith(() => Response.json(body, { status: 400 }));
    const error = await result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).providerMessage).toBe('first problem; second problem');
    const unauthorized = await listWith(() =>
      Response.json(errorExamples['401'], { status: 401 }),
    ).result.catch((caught: unknown) => caught);
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect((unauthorized as AuthenticationError).providerMessage).toBe('Unauthorized');
    const server = await listWith(() => Response.json(errorExamples['500'], { status: 500 })).result.catch(
      (caught: unknown) => caught,
    );
    expect((server as ProviderError).providerMessage).toBe('Internal Server Error');
  });
});

describe('evolutionApiAdapter.normalize, property', () => {
  const nullableString = fc.option(fc.string(), { nil: null });
  const digits = fc.stringMatching(/^[1-9]\d{7,14}$/);
  const item = fc.record({
    id: fc.uuid(),
    name: fc.string(),
    connectionStatus: fc.oneof(fc.constantFrom('open', 'connecting', 'close'), fc.string()),
    disconnectionReasonCode: fc.option(fc.constantFrom(401, 403, 408, 428, 440, 500, 515), { nil: null }),
    number: fc.option(digits, { nil: null }),
    ownerJid: fc.option(
      digits.map((phone) => `${phone}@s.whatsapp.net`),
      { nil: null },
    ),
    profileName: nullableString,
    profilePicUrl: nullableString,
    token: fc.string(),
    createdAt: fc.option(
      fc
        .date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true })
        .map((date) => date.toISOString()),
      { nil: null },
    ),
  });

  it('gives a valid common instance for any well-typed item', () => {
    fc.assert(
      fc.property(item, (raw) => {
        const instance = normalizeUnknown(raw);
        expect(instance.id).toBe(raw.name);
        expect(INSTANCE_STATUSES).toContain(instance.status);
        if (raw.connectionStatus === 'close' && raw.disconnectionReasonCode === 401) {
          expect(instance.status).toBe('logged_out');
        }
        const expectedPhone = raw.number ?? raw.ownerJid?.split('@')[0] ?? null;
        expect(instance.phone).toBe(expectedPhone === null ? null : `+${expectedPhone}`);
        expect(instance.createdAt).toBe(raw.createdAt);
        expect(instance.raw).toBe(raw);
      }),
    );
  });
});
