import { type Clock, type Instance, type PageRequest, RateLimitError } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { type WhatsAppCloudAccountSettings, whatsAppCloudAdapter } from './whatsapp-cloud-adapter.js';
import type { WhatsAppCloudPhoneNumber } from './whatsapp-cloud-client.js';
import { WHATSAPP_CLOUD_STATUSES } from './whatsapp-cloud-fake-instances.js';
import { PHONE_NUMBER_FIELDS } from './whatsapp-cloud-graph-endpoint.js';
import {
  createFakeInstances,
  createSimulator,
  DEMO_BUSINESS_ACCOUNT_ID,
  defaultInstanceCount,
  demoAccountOptions,
  demoListPath,
  demoToken,
  type WhatsAppCloudSimulator,
} from './whatsapp-cloud-simulator.js';

const SETTINGS: WhatsAppCloudAccountSettings = {
  businessAccountId: DEMO_BUSINESS_ACCOUNT_ID,
  apiVersion: 'v23.0',
  pageSize: 100,
};
const LIST_URL = `https://graph.facebook.com${demoListPath}`;

function clientOf(simulator: WhatsAppCloudSimulator, maxRetries = 0, token = demoToken) {
  return whatsAppCloudAdapter.createClient({
    token,
    fetch: simulator.fetch,
    rateLimit: false,
    maxRetries,
    account: 'meta',
  });
}

/** Walks every page as the facade does: one after another, following `next`; bounded. */
async function walk(simulator: WhatsAppCloudSimulator, settings = SETTINGS, maxRetries = 0) {
  const client = clientOf(simulator, maxRetries);
  const pages: Instance[][] = [];
  let page: PageRequest | null = { number: 1 };
  for (let guard = 0; page !== null && guard < 50; guard++) {
    const result = await whatsAppCloudAdapter.listPage(client, {
      account: 'meta',
      page,
      filter: {},
      settings,
    });
    pages.push(result.instances);
    page = result.next;
  }
  return pages;
}

/** What the tests read of a Graph answer, success and error alike. */
interface GraphBody {
  data: WhatsAppCloudPhoneNumber[];
  paging: { cursors: { before: string; after: string }; next?: string; previous?: string };
  error: { code: number; message: string; type: string; error_subcode?: number; fbtrace_id: string };
}

async function get(simulator: WhatsAppCloudSimulator, query: string, init: RequestInit = {}) {
  const response = await simulator.fetch(`${LIST_URL}${query}`, {
    headers: { authorization: `Bearer ${demoToken}` },
    ...init,
  });
  return { response, body: (await response.json()) as GraphBody };
}

describe('WhatsApp Cloud simulator: cursor paging', () => {
  it('serves 250 numbers over 3 cursor pages, each exactly once, in order', async () => {
    const simulator = createSimulator({ count: 250 });
    const pages = await walk(simulator);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    const ids = pages.flat().map((instance) => instance.id);
    expect(ids).toEqual(simulator.instances.map((number) => number.id));
    expect(new Set(ids).size).toBe(250);
    expect(simulator.requests.map((request) => request.query.after ?? null)).toEqual([
      null,
      expect.any(String),
      expect.any(String),
    ]);
    expect(simulator.requests.every((request) => request.query.limit === '100')).toBe(true);
  });

  it('keeps a walk right when numbers change state between pages', async () => {
    const simulator = createSimulator({ count: 120 });
    const client = clientOf(simulator);
    const first = await whatsAppCloudAdapter.listPage(client, {
      account: 'meta',
      page: { number: 1 },
      filter: {},
      settings: { ...SETTINGS, pageSize: 60 },
    });
    for (const number of simulator.instances) number.status = 'BANNED';
    const second = await whatsAppCloudAdapter.listPage(client, {
      account: 'meta',
      page: first.next!,
      filter: {},
      settings: { ...SETTINGS, pageSize: 60 },
    });
    expect(second.next).toBeNull();
    expect([...first.instances, ...second.instances].map((instance) => instance.id)).toEqual(
      simulator.instances.map((number) => number.id),
    );
    expect(second.instances.every((instance) => instance.status === 'failed')).toBe(true);
  });

  it('answers 25 numbers without a limit, with cursors, next and previous links as Graph does', async () => {
    const simulator = createSimulator({ count: 60 });
    const first = await get(simulator, '');
    expect(first.body.data).toHaveLength(25);
    expect(first.body.paging.previous).toBeUndefined();
    expect(new URL(first.body.paging.next!).searchParams.get('after')).toBe(first.body.paging.cursors.after);
    const second = await get(simulator, `?after=${encodeURIComponent(first.body.paging.cursors.after)}`);
    expect(second.body.data[0]?.id).toBe(simulator.instances[25]!.id);
    const back = await get(
      simulator,
      `?before=${encodeURIComponent(second.body.paging.cursors.before)}&limit=5`,
    );
    expect(back.body.data.map((number) => number.id)).toEqual(
      simulator.instances.slice(20, 25).map((number) => number.id),
    );
    const last = await get(
      simulator,
      `?after=${encodeURIComponent(second.body.paging.cursors.after)}&limit=100`,
    );
    expect(last.body.data).toHaveLength(10);
    expect(last.body.paging.next).toBeUndefined();
    expect(last.body.paging.previous).toEqual(expect.any(String));
    expect(JSON.stringify(last.body)).not.toContain(demoToken);
  });

  it('answers an empty listing as { data: [] }, which ends the walk', async () => {
    const simulator = createSimulator({ instances: [] });
    expect((await get(simulator, '?limit=10')).body).toEqual({ data: [] });
    expect(await walk(simulator)).toEqual([[]]);
  });

  it.each(['0', '101', '-1', '2.5', 'ten', ''])(
    'answers limit=%s with Graph error 100 and HTTP 400',
    async (limit) => {
      const simulator = createSimulator({ count: 3 });
      const { response, body } = await get(simulator, `?limit=${limit}`);
      expect(response.status).toBe(400);
      expect(body.error).toMatchObject({ code: 100, type: 'OAuthException', fbtrace_id: expect.any(String) });
      expect(body.error.message).toMatch(/limit must be between 1 and 100/);
      expect(response.headers.get('x-fb-trace-id')).toBe(body.error.fbtrace_id);
    },
  );

  it('refuses a cursor it did not give', async () => {
    const simulator = createSimulator({ count: 3 });
    for (const cursor of ['bm9wZQ==', '%%%', btoa('cursor:999')]) {
      const { response, body } = await get(simulator, `?after=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(400);
      expect(body.error.code).toBe(100);
    }
  });
});

describe('WhatsApp Cloud simulator: fields', () => {
  it('answers the published default subset without `fields`, and every field when all are asked', async () => {
    const simulator = createSimulator({ count: 2 });
    const bare = await get(simulator, '');
    expect(Object.keys(bare.body.data[0]!)).toEqual([
      'id',
      'display_phone_number',
      'verified_name',
      'status',
      'quality_rating',
    ]);
    const full = await get(simulator, `?fields=${PHONE_NUMBER_FIELDS.join(',')}`);
    expect(Object.keys(full.body.data[0]!)).toEqual([...PHONE_NUMBER_FIELDS]);
    expect(full.body.data[0]).toEqual(simulator.instances[0]);
  });

  it('always includes the id, and refuses a field the node does not have', async () => {
    const simulator = createSimulator({ count: 1 });
    expect((await get(simulator, '?fields=status')).body.data[0]).toEqual({
      id: simulator.instances[0]!.id,
      status: simulator.instances[0]!.status,
    });
    const unknown = await get(simulator, '?fields=id,throughput_level');
    expect(unknown.response.status).toBe(400);
    expect(unknown.body.error.message).toContain('nonexisting field (throughput_level)');
  });
});

describe('WhatsApp Cloud simulator: auth, path and errors', () => {
  it('answers a missing or wrong token with 401 and code 190, and logs no token', async () => {
    const simulator = createSimulator({ count: 1 });
    const missing = await get(simulator, '', { headers: {} });
    expect(missing.response.status).toBe(401);
    expect(missing.body.error.code).toBe(190);
    const wrong = await get(simulator, '', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await get(simulator, '')).response.status).toBe(200);
    expect(simulator.requests.map((request) => request.credential)).toEqual([
      'missing',
      'invalid',
      'account',
    ]);
    expect(JSON.stringify(simulator.requests)).not.toContain(demoToken);
  });

  it('answers another business account with the published 404 and a malformed id with code 100', async () => {
    const simulator = createSimulator({ count: 1 });
    const auth = { headers: { authorization: `Bearer ${demoToken}` } };
    const other = await simulator.fetch('https://graph.facebook.com/v23.0/999/phone_numbers', auth);
    expect(other.status).toBe(404);
    expect(((await other.json()) as GraphBody).error).toMatchObject({
      code: 803,
      type: 'GraphMethodException',
    });
    const malformed = await simulator.fetch('https://graph.facebook.com/v23.0/abc/phone_numbers', auth);
    expect(((await malformed.json()) as GraphBody).error).toMatchObject({ code: 100, error_subcode: 33 });
    const path = await simulator.fetch('https://graph.facebook.com/23.0/1/phone_numbers', auth);
    expect(((await path.json()) as GraphBody).error.code).toBe(2500);
  });

  it('serves a throttling fault as HTTP 400 code 80007 with the wait in X-Business-Use-Case-Usage', async () => {
    const simulator = createSimulator({ count: 5 });
    simulator.throttle({ code: 80007, minutesToRegain: 2 });
    const failure = await walk(simulator, SETTINGS, 2).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitError);
    // Two minutes is past the 60 s the transport waits out: it fails at once with that wait.
    expect(failure).toMatchObject({ status: 400, retryAfterMs: 120_000, requestId: 'AXsimThrottled' });
    expect(simulator.requests).toHaveLength(1);
  });

  it('serves code 4 throttling, which the client retries like a 429 and then lists', async () => {
    const simulator = createSimulator({ count: 5 });
    simulator.throttle({ code: 4, status: 400 });
    const pages = await walk(simulator, SETTINGS, 1);
    expect(pages.flat()).toHaveLength(5);
    expect(simulator.requests.map((request) => request.status)).toEqual([400, 200]);
  });

  it('throttles past its business use case limit, announcing the minutes left in the window', async () => {
    let now = Date.UTC(2026, 0, 1);
    const clock: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
    const simulator = createSimulator({
      count: 1,
      clock,
      businessUseCaseLimit: { calls: 2, perMs: 3_600_000 },
    });
    expect((await get(simulator, '')).response.status).toBe(200);
    now += 600_000;
    expect((await get(simulator, '')).response.status).toBe(200);
    const throttled = await get(simulator, '');
    expect(throttled.response.status).toBe(400);
    expect(throttled.body.error.code).toBe(80007);
    const usage = JSON.parse(throttled.response.headers.get('x-business-use-case-usage')!);
    expect(usage[DEMO_BUSINESS_ACCOUNT_ID][0].estimated_time_to_regain_access).toBe(50);
    now += 3_000_001;
    expect((await get(simulator, '')).response.status).toBe(200);
  });

  it('answers a bare status fault with a Graph body whose code matches the status', async () => {
    const simulator = createSimulator({ count: 1 });
    simulator.injectFault({ type: 'status', status: 429 });
    simulator.injectFault({ type: 'status', status: 503 });
    simulator.injectFault({ type: 'status', status: 401 });
    const codes = [];
    for (let index = 0; index < 3; index++) codes.push((await get(simulator, '')).body.error.code);
    expect(codes).toEqual([4, 2, 190]);
  });

  it('renames a number, as the cross-provider suites do to set up name filters', async () => {
    const simulator = createSimulator({ count: 2 });
    simulator.renameInstance(1, 'Sales, North');
    expect(simulator.instances[1]!.verified_name).toBe('Sales, North');
    expect(() => simulator.renameInstance(5, 'x')).toThrow(/no instance at index 5/);
  });

  it('goes back to its first numbers, no faults and an empty log on reset', async () => {
    const simulator = createSimulator({ count: 3 });
    const first = structuredClone(simulator.instances);
    simulator.instances.pop();
    simulator.throttle({ times: 5 });
    await get(simulator, '');
    simulator.reset();
    expect(simulator.instances).toEqual(first);
    expect(simulator.requests).toHaveLength(0);
    expect((await get(simulator, '')).response.status).toBe(200);
  });
});

describe('WhatsApp Cloud fake numbers', () => {
  it('are the same for a seed, differ across seeds, and cover every status first', () => {
    const numbers = createFakeInstances(300, { seed: 7 });
    expect(numbers).toEqual(createFakeInstances(300, { seed: 7 }));
    expect(numbers).not.toEqual(createFakeInstances(300, { seed: 8 }));
    expect(new Set(numbers.slice(0, WHATSAPP_CLOUD_STATUSES.length).map((number) => number.status))).toEqual(
      new Set(WHATSAPP_CLOUD_STATUSES),
    );
    const ids = numbers.map((number) => BigInt(number.id));
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
    expect(new Set(numbers.map((number) => number.display_phone_number)).size).toBe(numbers.length);
    expect(new Set(numbers.map((number) => number.verified_name)).size).toBe(numbers.length);
  });

  it('normalize to every common status the provider has, with a phone and a name each', () => {
    const instances = createFakeInstances(40).map((number) => whatsAppCloudAdapter.normalize(number, 'meta'));
    expect(new Set(instances.map((instance) => instance.status))).toEqual(
      new Set(['connected', 'pending', 'disconnected', 'stopped', 'failed']),
    );
    expect(instances.every((instance) => instance.phone?.startsWith('+') && instance.name !== null)).toBe(
      true,
    );
  });

  it('declare what a demo account needs', () => {
    expect(demoAccountOptions).toEqual({ businessAccountId: DEMO_BUSINESS_ACCOUNT_ID });
    expect(defaultInstanceCount).toBeGreaterThanOrEqual(WHATSAPP_CLOUD_STATUSES.length);
    expect(() => createFakeInstances(-1)).toThrow(/`count`/);
    expect(() => createSimulator({ businessAccountId: 'abc' })).toThrow(/businessAccountId/);
    expect(() => createSimulator({ businessUseCaseLimit: { calls: 0, perMs: 1 } })).toThrow(
      /businessUseCaseLimit/,
    );
  });
});
