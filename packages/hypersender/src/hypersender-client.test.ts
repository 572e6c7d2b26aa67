import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import listExample from './__fixtures__/hypersender-list-example.json' with { type: 'json' };
import type { paths } from './generated/hypersender.gen.js';
import { createHypersenderClient, type HypersenderError, hypersenderMetadata } from './hypersender-client.js';

const http = createOpenApiHttp<paths>({ baseUrl: 'https://app.hypersender.com/api/whatsapp/v1' });
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function answerWithExample() {
  server.use(
    http.get('/instances', ({ request, response }) => {
      seen.push(request);
      return response(200).json(listExample as never);
    }),
  );
}

describe('createHypersenderClient', () => {
  it('asks for JSON on every request (Accept: application/json, the spec default), which a caller can override', async () => {
    answerWithExample();
    const client = createHypersenderClient({ token: '234|secret-token' });
    await client.GET('/instances');
    expect(seen[0]?.headers.get('accept')).toBe('application/json');
    await client.GET('/instances', { headers: { Accept: 'application/vnd.api+json' } });
    expect(seen[1]?.headers.get('accept')).toBe('application/vnd.api+json');
    expect(hypersenderMetadata.requestHeaders).toEqual({ Accept: 'application/json' });
  });

  it('sends a bearer token and the bracketed filter keys', async () => {
    answerWithExample();
    const client = createHypersenderClient({ token: '234|secret-token' });
    await client.GET('/instances', {
      params: {
        query: {
          'filter[uuid]': 'fa3d01c4-1234-4c0d-a12f-df319b612f8c',
          'filter[name]': 'My',
          'filter[phone]': '+201234567890',
          'filter[status]': 'WORKING',
        },
      },
    });
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer 234|secret-token');
    const url = new URL(seen[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${hypersenderMetadata.defaultBaseUrl}/instances`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      'filter[uuid]': 'fa3d01c4-1234-4c0d-a12f-df319b612f8c',
      'filter[name]': 'My',
      'filter[phone]': '+201234567890',
      'filter[status]': 'WORKING',
    });
  });

  it('parses the documented bare array with its zone-less dates', async () => {
    answerWithExample();
    const client = createHypersenderClient({ token: '234|secret-token' });
    const { data } = await client.GET('/instances');
    expect(Array.isArray(data)).toBe(true);
    expect(data?.map((instance) => instance.status)).toEqual(['WORKING', 'SCAN_QR_CODE']);
    expect(data?.[0]?.created_at).toBe('2025-05-26T10:12:45');
    expect(data?.[1]?.access_token).toBeNull();
  });

  it.each([
    [401, { message: 'Unauthenticated.' }],
    [422, { message: 'The selected filter.status is invalid.', errors: { 'filter.status': ['invalid'] } }],
  ] satisfies [401 | 422, HypersenderError][])('surfaces %i as { error, response }', async (status, body) => {
    server.use(http.get('/instances', ({ response }) => response(status).json(body)));
    const client = createHypersenderClient({ token: '234|secret-token', maxRetries: 0 });
    const { data, error, response } = await client.GET('/instances');
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error).toEqual(body);
  });

  it('marks the access token as the secret field', () => {
    expect(hypersenderMetadata.secretFields).toEqual(['access_token']);
    expect(hypersenderMetadata.rateLimit).toBeNull();
  });

  it('sends no filter keys when none are given', async () => {
    const urls: string[] = [];
    const client = createHypersenderClient({
      token: '234|secret-token',
      fetch: async (input) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return HttpResponse.json([]);
      },
    });
    const { data } = await client.GET('/instances');
    expect(urls).toEqual(['https://app.hypersender.com/api/whatsapp/v1/instances']);
    expect(data).toEqual([]);
  });
});
