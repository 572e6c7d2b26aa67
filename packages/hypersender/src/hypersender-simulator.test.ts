import { describe, expect, it } from 'vitest';
import { createHypersenderSimulator, demoToken, HYPERSENDER_STATUSES } from './hypersender-simulator.js';
import type { HypersenderInstance } from './index.js';

const LIST = 'https://app.hypersender.com/api/whatsapp/v1/instances';
const auth = { authorization: `Bearer ${demoToken}` };

function simulatorWith(rows: { name: string; phone: string; status: string }[]) {
  const simulator = createHypersenderSimulator({ count: rows.length });
  simulator.instances.forEach((instance, index) => {
    Object.assign(instance, rows[index]);
  });
  return simulator;
}

const sample = () =>
  simulatorWith([
    { name: 'MyInstanceName', phone: '+201234567890', status: 'WORKING' },
    { name: 'SecondInstance', phone: '+201234567891', status: 'SCAN_QR_CODE' },
    { name: 'Sales Cairo', phone: '+5511999999999', status: 'WORKING' },
  ]);

async function list(
  simulator: ReturnType<typeof createHypersenderSimulator>,
  query = '',
  headers: HeadersInit = auth,
) {
  // Every request of these tests asks for JSON, as the client does, unless a test says otherwise.
  const sent = new Headers(headers);
  if (!sent.has('accept')) sent.set('accept', 'application/json');
  const response = await simulator.fetch(`${LIST}${query}`, { headers: sent });
  return { status: response.status, body: (await response.json()) as HypersenderInstance[] };
}

describe('Hypersender simulator: a request that does not ask for JSON', () => {
  it.each([
    ['no Accept', {}],
    ['Accept: */*', { accept: '*/*' }],
    ['Accept: text/html', { accept: 'text/html,application/xhtml+xml' }],
  ])('with a bad token, and %s, is sent to the login page', async (_case, extra) => {
    const response = await sample().fetch(LIST, { headers: { authorization: 'Bearer 2|wrong', ...extra } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://app.hypersender.com/login');
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('Redirecting to');
  });

  it('with a bad filter, gets an HTML page with status 422', async () => {
    const response = await sample().fetch(`${LIST}?filter[status]=working`, { headers: auth });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('The selected filter.status is invalid.');
  });

  it('with a good token and filter, still gets the JSON list', async () => {
    const response = await sample().fetch(LIST, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(3);
  });

  it.each(['application/json', 'application/vnd.api+json', 'text/html, application/json;q=0.9'])(
    'answers JSON errors to Accept: %s',
    async (accept) => {
      const response = await sample().fetch(LIST, { headers: { authorization: 'Bearer 2|wrong', accept } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthenticated.' });
    },
  );
});

const namesOf = (body: { name: string }[]) => body.map((item) => item.name);

describe('Hypersender simulator: GET /instances', () => {
  it('answers a bare JSON array of the account instances', async () => {
    const simulator = createHypersenderSimulator({ count: 4 });
    const { status, body } = await list(simulator);
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    expect(body).toEqual(simulator.instances);
  });

  it('filter[name] is a partial, case-insensitive match', async () => {
    const { body } = await list(sample(), '?filter[name]=INSTANCE');
    expect(namesOf(body)).toEqual(['MyInstanceName', 'SecondInstance']);
    expect(namesOf((await list(sample(), '?filter%5Bname%5D=cond')).body)).toEqual(['SecondInstance']);
  });

  it('filter[uuid] is an exact match', async () => {
    const simulator = sample();
    const id = simulator.instances[2]!.id;
    expect(namesOf((await list(simulator, `?filter[uuid]=${id}`)).body)).toEqual(['Sales Cairo']);
    expect((await list(simulator, `?filter[uuid]=${id.slice(0, 8)}`)).body).toEqual([]);
    expect((await list(simulator, `?filter[uuid]=${id.toUpperCase()}`)).body).toEqual([]);
  });

  it('filter[phone] is an exact E.164 match with its +, which must be sent encoded', async () => {
    const simulator = sample();
    expect(namesOf((await list(simulator, '?filter[phone]=%2B201234567891')).body)).toEqual([
      'SecondInstance',
    ]);
    // An unencoded + decodes to a space, as on the real server: nothing matches.
    expect((await list(simulator, '?filter[phone]=+201234567891')).body).toEqual([]);
    expect((await list(simulator, '?filter[phone]=201234567891')).body).toEqual([]);
    expect((await list(simulator, '?filter[phone]=%2B2012345678')).body).toEqual([]);
  });

  it('filter[status] takes one of the six statuses, and the filters combine with AND', async () => {
    const simulator = sample();
    expect(namesOf((await list(simulator, '?filter[status]=WORKING')).body)).toEqual([
      'MyInstanceName',
      'Sales Cairo',
    ]);
    expect(namesOf((await list(simulator, '?filter[status]=WORKING&filter[name]=sales')).body)).toEqual([
      'Sales Cairo',
    ]);
    expect((await list(simulator, '?filter[status]=FAILED')).body).toEqual([]);
  });

  it.each(['working', 'RUNNING', 'WORKING,STOPPED'])(
    'answers filter[status]=%s with a 422 validation error',
    async (value) => {
      const { status, body } = await list(sample(), `?filter[status]=${encodeURIComponent(value)}`);
      expect(status).toBe(422);
      expect(body).toEqual({
        message: 'The selected filter.status is invalid.',
        errors: { 'filter.status': ['The selected filter.status is invalid.'] },
      });
    },
  );

  it('ignores empty filters and trims values, as Laravel does', async () => {
    const simulator = sample();
    expect((await list(simulator, '?filter[status]=&filter[name]=')).body).toHaveLength(3);
    expect(namesOf((await list(simulator, '?filter[name]=%20cairo%20')).body)).toEqual(['Sales Cairo']);
  });

  it('keeps created_at without a zone and access_token null for never-connected instances', async () => {
    const { body } = await list(createHypersenderSimulator({ count: 12 }));
    for (const item of body as { created_at: string; status: string; access_token: string | null }[]) {
      expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      if (item.status === 'SCAN_QR_CODE' || item.status === 'PENDING') expect(item.access_token).toBeNull();
    }
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer 2|wrong' }],
    ['the token without Bearer', { authorization: demoToken }],
  ])('answers %s with 401 Unauthenticated.', async (_case, headers) => {
    const { status, body } = await list(sample(), '', headers);
    expect(status).toBe(401);
    expect(body).toEqual({ message: 'Unauthenticated.' });
  });
});

describe('Hypersender simulator: changing instances', () => {
  it('setStatus sets `status` to each documented value, and filter[status] finds it', async () => {
    const simulator = createHypersenderSimulator({ count: 2 });
    const id = simulator.instances[0]?.id as string;
    for (const status of HYPERSENDER_STATUSES) {
      simulator.setStatus(id, status);
      const { body } = await list(simulator, `?filter[uuid]=${id}&filter[status]=${status}`);
      expect(body.map((instance) => instance.id)).toEqual([id]);
    }
  });
});
