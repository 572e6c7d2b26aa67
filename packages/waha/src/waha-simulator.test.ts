import { describe, expect, it } from 'vitest';
import type { WahaSession } from './waha-client.js';
import {
  createFakeInstances,
  createWahaSimulator,
  defaultInstanceCount,
  demoToken,
  WAHA_STATUSES,
} from './waha-simulator.js';

const BASE = 'http://localhost:3000';
const auth = { 'x-api-key': demoToken };

async function get(
  simulator: ReturnType<typeof createWahaSimulator>,
  path: string,
  headers: HeadersInit = auth,
) {
  const response = await simulator.fetch(`${BASE}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as unknown };
}

function simulatorWith(rows: Partial<WahaSession>[]) {
  const sessions = createFakeInstances(rows.length).map((session, index) => ({ ...session, ...rows[index] }));
  return createWahaSimulator({ instances: sessions });
}

const sample = () =>
  simulatorWith([
    { name: 'sales', status: 'WORKING' },
    { name: 'support', status: 'STOPPED' },
    { name: 'billing', status: 'SCAN_QR_CODE' },
  ]);

const namesOf = (body: unknown) => (body as WahaSession[]).map((session) => session.name);

describe('WAHA simulator: GET /api/sessions', () => {
  it('leaves STOPPED sessions out unless all=true', async () => {
    const simulator = sample();
    expect(namesOf((await get(simulator, '/api/sessions')).body)).toEqual(['sales', 'billing']);
    expect(namesOf((await get(simulator, '/api/sessions?all=false')).body)).toEqual(['sales', 'billing']);
    expect(namesOf((await get(simulator, '/api/sessions?all=true')).body)).toEqual([
      'sales',
      'support',
      'billing',
    ]);
    expect(namesOf((await get(simulator, '/api/sessions?all=1')).body)).toHaveLength(3);
    expect(namesOf((await get(simulator, '/api/sessions?all=True')).body)).toHaveLength(3);
  });

  it('answers an `all` that is not a boolean with a 400 whose message is an array', async () => {
    const { status, body } = await get(sample(), '/api/sessions?all=yes');
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, message: ['all must be a boolean value'], error: 'Bad Request' });
  });

  it('answers the sessions it holds as a bare array, as the spec shapes them', async () => {
    const simulator = createWahaSimulator({ count: 9 });
    const { status, body } = await get(simulator, '/api/sessions?all=true');
    expect(status).toBe(200);
    expect(body).toEqual(simulator.instances);
  });

  it.each([
    [{}, 'missing'],
    [{ 'x-api-key': 'wrong' }, 'invalid'],
    [{ authorization: `Bearer ${demoToken}` }, 'missing'],
  ])('answers 401 with WAHA’s own body without the right X-Api-Key: %j', async (headers, credential) => {
    const simulator = sample();
    const { status, body } = await get(simulator, '/api/sessions?all=true', headers);
    expect(status).toBe(401);
    expect(body).toEqual({ message: 'Unauthorized', statusCode: 401 });
    expect(simulator.requests[0]?.credential).toBe(credential);
  });

  it('answers a path or method it does not serve with Nest’s 404', async () => {
    const simulator = sample();
    expect(await get(simulator, '/api/instances')).toEqual({
      status: 404,
      body: { statusCode: 404, message: 'Cannot GET /api/instances', error: 'Not Found' },
    });
    const response = await simulator.fetch(`${BASE}/api/sessions`, { method: 'DELETE', headers: auth });
    expect(response.status).toBe(404);
  });
});

describe('WAHA simulator: GET /api/sessions/{session}', () => {
  it('answers one session by name, STOPPED ones included, with its engine', async () => {
    const { status, body } = await get(sample(), '/api/sessions/support');
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'support', status: 'STOPPED', engine: { engine: 'NOWEB' } });
  });

  it('answers 404 with Nest’s body for a name it does not hold, and matches names exactly', async () => {
    const simulator = sample();
    const notFound = { statusCode: 404, message: 'Session not found', error: 'Not Found' };
    expect(await get(simulator, '/api/sessions/ghost')).toEqual({ status: 404, body: notFound });
    expect(await get(simulator, '/api/sessions/Sales')).toEqual({ status: 404, body: notFound });
  });

  it('renames a session, which changes its path too', async () => {
    const simulator = sample();
    simulator.renameInstance(0, 'Sales');
    expect((await get(simulator, '/api/sessions/Sales')).status).toBe(200);
    expect((await get(simulator, '/api/sessions/sales')).status).toBe(404);
    expect(() => simulator.renameInstance(3, 'x')).toThrowError(/no instance at index 3/);
  });

  it('sets a status with what WAHA derives from it', async () => {
    const simulator = sample();
    const stopped = simulator.setStatus('sales', 'STOPPED');
    expect(stopped).toMatchObject({ me: null, presence: null, timestamps: { activity: null } });
    const working = simulator.setStatus('support', 'WORKING');
    expect(working.me?.id).toMatch(/^55119\d{8}@c\.us$/);
    expect(simulator.setStatus('support', 'SCAN_QR_CODE').me).toBeNull();
    expect(new Set(simulator.statusValues)).toEqual(new Set(WAHA_STATUSES));
    expect(simulator.statusOf(simulator.instances[0]!)).toBe('STOPPED');
  });

  it('asks for the key there too', async () => {
    expect((await get(sample(), '/api/sessions/sales', {})).status).toBe(401);
  });

  it('sees a change to its sessions on the next request', async () => {
    const simulator = sample();
    simulator.instances[2]!.status = 'WORKING';
    expect(await get(simulator, '/api/sessions/billing')).toMatchObject({ body: { status: 'WORKING' } });
    simulator.reset();
    expect(await get(simulator, '/api/sessions/billing')).toMatchObject({ body: { status: 'SCAN_QR_CODE' } });
  });
});

describe('WAHA simulator: faults', () => {
  it('answers an injected 500 with the catch-all body that echoes the request', async () => {
    const simulator = sample();
    simulator.injectFault({ type: 'status', status: 500 });
    const { status, body } = await get(simulator, '/api/sessions?all=true');
    expect(status).toBe(500);
    expect(body).toMatchObject({
      statusCode: 500,
      exception: { name: 'Error' },
      request: { method: 'GET', query: { all: 'true' } },
    });
  });

  it('answers an injected 503 as Nest would, and an injected 401 without `error`', async () => {
    const simulator = sample();
    simulator.injectFault({ type: 'status', status: 401 });
    expect((await get(simulator, '/api/sessions')).body).toEqual({
      message: 'Unauthorized',
      statusCode: 401,
    });
    simulator.injectFault({ type: 'status', status: 429 });
    expect((await get(simulator, '/api/sessions')).body).toEqual({
      statusCode: 429,
      message: 'Too Many Requests',
      error: 'Too Many Requests',
    });
  });
});

describe('WAHA fake sessions', () => {
  it('cover every status in a list of seven or more, with unique names WAHA accepts', () => {
    const sessions = createFakeInstances(7, { seed: 3 });
    expect(new Set(sessions.map((session) => session.status))).toEqual(new Set(WAHA_STATUSES));
    const many = createFakeInstances(200, { seed: 9 });
    expect(new Set(many.map((session) => session.name)).size).toBe(200);
    for (const session of many) expect(session.name).toMatch(/^[a-z0-9_-]{1,54}$/);
  });

  it('are the same for the same seed and differ for another', () => {
    expect(createFakeInstances(12, { seed: 5 })).toEqual(createFakeInstances(12, { seed: 5 }));
    expect(createFakeInstances(12, { seed: 5 })).not.toEqual(createFakeInstances(12, { seed: 6 }));
  });

  it('look like WAHA’s: STOPPED with me, presence and activity null; WORKING logged in as a c.us id', () => {
    for (const session of createFakeInstances(60, { seed: 2 })) {
      if (session.status === 'STOPPED') {
        expect(session.me).toBeNull();
        expect(session.presence).toBeNull();
        expect(session.timestamps.activity).toBeNull();
      }
      if (session.status === 'WORKING') expect(session.me?.id).toMatch(/^[1-9]\d+@c\.us$/);
    }
  });

  it('hold every kind of secret the spec marks, so redaction is exercised', () => {
    const sessions = createFakeInstances(40, { seed: 1 });
    const webhooks = sessions.flatMap((session) => session.config?.webhooks ?? []);
    expect(sessions.some((session) => typeof session.config?.proxy?.password === 'string')).toBe(true);
    expect(webhooks.some((webhook) => typeof webhook.hmac?.key === 'string')).toBe(true);
    expect(webhooks.some((webhook) => (webhook.customHeaders?.length ?? 0) > 0)).toBe(true);
  });

  it('default to eight in a simulator', () => {
    expect(createWahaSimulator().instances).toHaveLength(defaultInstanceCount);
  });
});
