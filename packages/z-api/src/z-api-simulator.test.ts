import { describe, expect, it } from 'vitest';
import { createZApiSimulator, demoToken, ZAPI_CONNECTION_STATES } from './z-api-simulator.js';

const BASE = 'https://api.z-api.io';
const auth = { authorization: `Bearer ${demoToken}`, 'content-type': 'application/json' };

async function list(
  simulator: ReturnType<typeof createZApiSimulator>,
  query: string,
  headers: HeadersInit = auth,
) {
  // Every request of these tests sends the content type Z-API requires, unless a test says otherwise.
  const sent = new Headers(headers);
  if (!sent.has('content-type')) sent.set('content-type', 'application/json');
  const response = await simulator.fetch(`${BASE}/instances${query}`, { headers: sent });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Z-API simulator: Content-Type', () => {
  it.each([
    ['no Content-Type', {}],
    ['a text Content-Type', { 'content-type': 'text/plain' }],
  ])('answers 415 with a JSON error body for %s, whatever the token', async (_case, extra) => {
    const simulator = createZApiSimulator({ count: 2 });
    for (const authorization of [`Bearer ${demoToken}`, 'Bearer wrong']) {
      const response = await simulator.fetch(`${BASE}/instances?page=1&pageSize=10`, {
        headers: { authorization, ...extra },
      });
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({
        error: 'Unsupported Media Type',
        message: expect.stringContaining('mostly application/json'),
      });
    }
  });

  it('accepts application/json with parameters and in any case', async () => {
    const simulator = createZApiSimulator({ count: 2 });
    const { status } = await list(simulator, '?page=1&pageSize=10', {
      ...auth,
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(status).toBe(201);
  });
});

describe('Z-API simulator: GET /instances', () => {
  it('answers a page with status 201 and the documented envelope', async () => {
    const simulator = createZApiSimulator({ count: 7 });
    const { status, body } = await list(simulator, '?page=1&pageSize=5');
    expect(status).toBe(201);
    expect(body).toMatchObject({ total: 7, totalPage: 2, pageSize: 5, page: 1 });
    expect(body.content).toEqual(simulator.instances.slice(0, 5));
  });

  it('walks every page: the pages put together are the whole account, once each', async () => {
    const simulator = createZApiSimulator({ count: 250 });
    const first = await list(simulator, '?page=1&pageSize=100');
    expect(first.body).toMatchObject({ total: 250, totalPage: 3 });
    const collected: unknown[] = [];
    for (let page = 1; page <= (first.body.totalPage as number); page++) {
      const { body } = await list(simulator, `?page=${page}&pageSize=100`);
      expect(body.page).toBe(page);
      collected.push(...(body.content as unknown[]));
    }
    expect(collected).toEqual(simulator.instances);
    const last = await list(simulator, '?page=3&pageSize=100');
    expect(last.body.content).toHaveLength(50);
  });

  it('answers a page past the end with an empty content and the real totals', async () => {
    const simulator = createZApiSimulator({ count: 3 });
    const { status, body } = await list(simulator, '?page=9&pageSize=2');
    expect(status).toBe(201);
    expect(body).toEqual({ total: 3, totalPage: 2, pageSize: 2, page: 9, content: [] });
  });

  it.each([
    ['page missing', '?pageSize=10', 'page'],
    ['pageSize missing', '?page=1', 'pageSize'],
    ['page zero', '?page=0&pageSize=10', 'page'],
    ['page negative', '?page=-1&pageSize=10', 'page'],
    ['pageSize fractional', '?page=1&pageSize=2.5', 'pageSize'],
    ['pageSize not a number', '?page=1&pageSize=ten', 'pageSize'],
    ['page empty', '?page=&pageSize=10', 'page'],
  ])('refuses %s with a 400 and a JSON error naming the parameter', async (_case, query, parameter) => {
    const simulator = createZApiSimulator({ count: 3 });
    const { status, body } = await list(simulator, query);
    expect(status).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(body.message).toContain(`\`${parameter}\``);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-partner-token' }],
    ['the token without the Bearer scheme', { authorization: demoToken }],
    ['the token in a Client-Token header', { 'client-token': demoToken }],
  ])('answers 401 for %s', async (_case, headers) => {
    const simulator = createZApiSimulator({ count: 3 });
    const { status, body } = await list(simulator, '?page=1&pageSize=10', headers as HeadersInit);
    expect(status).toBe(401);
    expect(body).toHaveProperty('error', 'Unauthorized');
  });

  it('accepts the Bearer scheme in any case', async () => {
    const simulator = createZApiSimulator({ count: 3 });
    const { status } = await list(simulator, '?page=1&pageSize=10', {
      authorization: `bearer ${demoToken}`,
    });
    expect(status).toBe(201);
  });

  it('`query` finds names by case-insensitive substring and ids by exact match only', async () => {
    const simulator = createZApiSimulator({ count: 4 });
    const [first, second] = simulator.instances;
    first!.name = 'Vendas Centro';
    second!.name = 'Suporte Norte';
    const byName = await list(simulator, `?page=1&pageSize=10&query=${encodeURIComponent('NDAS cen')}`);
    expect((byName.body.content as { id: string }[]).map((item) => item.id)).toEqual([first!.id]);
    const byId = await list(simulator, `?page=1&pageSize=10&query=${second!.id.toLowerCase()}`);
    expect(byId.body).toMatchObject({ total: 1, totalPage: 1 });
    expect((byId.body.content as { id: string }[])[0]?.id).toBe(second!.id);
    const byPartialId = await list(simulator, `?page=1&pageSize=10&query=${second!.id.slice(0, 12)}`);
    expect(byPartialId.body.total).toBe(0);
  });

  it('counts only the matches of a query in total and totalPage, and 0 pages when nothing matches', async () => {
    const simulator = createZApiSimulator({ count: 10 });
    simulator.instances.forEach((item, index) => {
      item.name = index < 5 ? `Sales ${index}` : `Support ${index}`;
    });
    const { body } = await list(simulator, '?page=1&pageSize=2&query=sales');
    expect(body).toMatchObject({ total: 5, totalPage: 3, pageSize: 2 });
    const none = await list(simulator, '?page=1&pageSize=2&query=nothing-like-this');
    expect(none.body).toEqual({ total: 0, totalPage: 0, pageSize: 2, page: 1, content: [] });
  });

  it('serves the current state: instances added or removed show up in the next answer', async () => {
    const simulator = createZApiSimulator({ count: 2 });
    simulator.instances.push({ ...simulator.instances[0]!, id: 'NEWID', name: 'Brand new' });
    expect((await list(simulator, '?page=1&pageSize=10')).body.total).toBe(3);
    simulator.instances.splice(0, 3);
    expect((await list(simulator, '?page=1&pageSize=10')).body.total).toBe(0);
    simulator.reset();
    expect((await list(simulator, '?page=1&pageSize=10')).body.total).toBe(2);
  });

  it('answers another method with 405 and an unknown path with 404', async () => {
    const simulator = createZApiSimulator({ count: 1 });
    const post = await simulator.fetch(`${BASE}/instances?page=1&pageSize=1`, {
      method: 'POST',
      headers: auth,
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const unknown = await simulator.fetch(`${BASE}/instances/ABC/status`, { headers: auth });
    expect(unknown.status).toBe(404);
  });

  it('accepts the trailing slash the docs also show', async () => {
    const simulator = createZApiSimulator({ count: 1 });
    const response = await simulator.fetch(`${BASE}/instances/?page=1&pageSize=1`, { headers: auth });
    expect(response.status).toBe(201);
  });
});

describe('Z-API simulator: changing instances', () => {
  it('setStatus moves both connection flags through each documented pair', async () => {
    const simulator = createZApiSimulator({ count: 1 });
    const id = simulator.instances[0]?.id as string;
    for (const state of ZAPI_CONNECTION_STATES) {
      simulator.setStatus(id, state);
      const { body } = await list(simulator, '?page=1&pageSize=10');
      expect(body.content).toEqual([expect.objectContaining({ id, ...state })]);
    }
    expect(() => simulator.setStatus(id, { phoneConnected: false, whatsappConnected: true })).toThrow(
      /unknown status/,
    );
  });
});
