import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import listExample from './__fixtures__/z-api-list-example.json' with { type: 'json' };
import type { paths } from './generated/z-api.gen.js';
import { createZApiClient, zApiMetadata } from './z-api-client.js';

const http = createOpenApiHttp<paths>({ baseUrl: 'https://api.z-api.io' });
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

describe('createZApiClient', () => {
  it('sends the partner token as a bearer token and the paging numbers in the query', async () => {
    server.use(
      http.get('/instances', ({ request, response }) => {
        seen.push(request);
        return response(201).json(listExample);
      }),
    );
    const client = createZApiClient({ token: 'partner-token-1' });
    await client.GET('/instances', { params: { query: { page: 2, pageSize: 50, query: 'sales team' } } });
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer partner-token-1');
    // Z-API's own request example sends it on this GET, and its docs answer 415 without it.
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    const url = new URL(seen[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${zApiMetadata.defaultBaseUrl}/instances`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ page: '2', pageSize: '50', query: 'sales team' });
  });

  it('lets a caller override the Content-Type it sends', async () => {
    server.use(
      http.get('/instances', ({ request, response }) => {
        seen.push(request);
        return response(201).json(listExample);
      }),
    );
    const client = createZApiClient({ token: 'partner-token-1' });
    await client.GET('/instances', {
      params: { query: { page: 1, pageSize: 1 } },
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(seen[0]?.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it.each([200, 201] as const)('parses the documented page answered with %i', async (status) => {
    server.use(http.get('/instances', ({ response }) => response(status).json(listExample)));
    const client = createZApiClient({ token: 'partner-token-1' });
    const { data, error } = await client.GET('/instances', { params: { query: { page: 1, pageSize: 1 } } });
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ total: 1, totalPage: 1, pageSize: 1, page: 1 });
    expect(data?.content[0]?.due).toBe(1648565999675);
    expect(data?.content[0]?.whatsappConnected).toBe(false);
  });

  it.each([405, 415] as const)('surfaces the documented %i as { error, response }', async (status) => {
    server.use(http.get('/instances', ({ response }) => response(status).json({ error: 'refused' })));
    const client = createZApiClient({ token: 'partner-token-1', maxRetries: 0 });
    const { data, error, response } = await client.GET('/instances', {
      params: { query: { page: 1, pageSize: 1 } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error).toEqual({ error: 'refused' });
  });

  it('declares no rate limit and the instance token as a secret', () => {
    expect(zApiMetadata.rateLimit).toBeNull();
    expect(zApiMetadata.secretFields).toEqual(['token']);
  });

  it('uses the base URL it is given', async () => {
    const urls: string[] = [];
    const client = createZApiClient({
      token: 'partner-token-1',
      baseUrl: 'http://127.0.0.1:4010/',
      fetch: async (input) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return HttpResponse.json(listExample, { status: 201 });
      },
    });
    await client.GET('/instances', { params: { query: { page: 1, pageSize: 10 } } });
    expect(urls).toEqual(['http://127.0.0.1:4010/instances?page=1&pageSize=10']);
  });
});
