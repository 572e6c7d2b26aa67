import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import sessionExample from './__fixtures__/waha-session-example.json' with { type: 'json' };
import sessionsExample from './__fixtures__/waha-sessions-example.json' with { type: 'json' };
import type { paths } from './generated/waha.gen.js';
import { createWahaClient, wahaMetadata } from './waha-client.js';

const http = createOpenApiHttp<paths>({ baseUrl: 'http://localhost:3000' });
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function answerWithExamples() {
  server.use(
    http.get('/api/sessions', ({ request, response }) => {
      seen.push(request);
      return response(200).json(sessionsExample as never);
    }),
    http.get('/api/sessions/{session}', ({ request, params, response }) => {
      seen.push(request);
      if (params.session !== 'default') {
        return response(404).json({ statusCode: 404, message: 'Session not found', error: 'Not Found' });
      }
      return response(200).json(sessionExample as never);
    }),
  );
}

describe('createWahaClient', () => {
  it('sends the key in the X-Api-Key header, not as a bearer token', async () => {
    answerWithExamples();
    const client = createWahaClient({ token: 'waha-key-1', rateLimit: false });
    await client.GET('/api/sessions', { params: { query: { all: true } } });
    expect(seen[0]?.headers.get('x-api-key')).toBe('waha-key-1');
    expect(seen[0]?.headers.get('authorization')).toBeNull();
  });

  it('defaults to the self-hosted server at http://localhost:3000 and sends all=true', async () => {
    answerWithExamples();
    const client = createWahaClient({ token: 'waha-key-1', rateLimit: false });
    await client.GET('/api/sessions', { params: { query: { all: true } } });
    const url = new URL(seen[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:3000/api/sessions');
    expect(url.searchParams.get('all')).toBe('true');
    expect(wahaMetadata.defaultBaseUrl).toBe('http://localhost:3000');
    expect(wahaMetadata.selfHosted).toBe(true);
  });

  it('parses the published list example into typed sessions', async () => {
    answerWithExamples();
    const client = createWahaClient({ token: 'waha-key-1', rateLimit: false });
    const { data, error } = await client.GET('/api/sessions');
    expect(error).toBeUndefined();
    expect(data?.map((session) => session.status)).toEqual(['WORKING', 'STOPPED']);
    expect(data?.[0]?.me?.id).toBe('11111111111@c.us');
    expect(data?.[1]?.me).toBeNull();
    expect(data?.[1]?.config?.webhooks?.[0]?.hmac?.key).toBe('your-secret-key');
  });

  it('looks one session up by name on its own path, and returns the 404 body as `error`', async () => {
    answerWithExamples();
    const client = createWahaClient({ token: 'waha-key-1', rateLimit: false, maxRetries: 0 });
    const found = await client.GET('/api/sessions/{session}', { params: { path: { session: 'default' } } });
    expect(found.data?.engine?.engine).toBe('NOWEB');
    const missing = await client.GET('/api/sessions/{session}', { params: { path: { session: 'ghost' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ statusCode: 404, message: 'Session not found', error: 'Not Found' });
    expect(new URL(seen[1]!.url).pathname).toBe('/api/sessions/ghost');
  });

  it('keeps a base URL path, for a WAHA behind a reverse proxy', async () => {
    const proxied = createOpenApiHttp<paths>({ baseUrl: 'https://gateway.example.com/waha' });
    server.use(
      proxied.get('/api/sessions', ({ request, response }) => {
        seen.push(request);
        return response(200).json([]);
      }),
    );
    const client = createWahaClient({
      token: 'k',
      baseUrl: 'https://gateway.example.com/waha/',
      rateLimit: false,
    });
    const { data } = await client.GET('/api/sessions');
    expect(data).toEqual([]);
    expect(new URL(seen[0]!.url).pathname).toBe('/waha/api/sessions');
  });

  it.each([
    [{ token: '' }, 'token'],
    [{ token: 'k', baseUrl: 'ftp://localhost:3000' }, 'baseUrl'],
  ])('rejects bad options with a ValidationError naming the field: %j', (options, field) => {
    expect(() => createWahaClient(options)).toThrowError(
      expect.objectContaining({ code: 'validation', field }),
    );
  });
});
