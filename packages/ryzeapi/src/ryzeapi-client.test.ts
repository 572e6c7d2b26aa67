import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import listExample from './__fixtures__/ryzeapi-list-example.json' with { type: 'json' };
import type { paths } from './generated/ryzeapi.gen.js';
import { createRyzeApiClient, ryzeApiMetadata } from './ryzeapi-client.js';

const http = createOpenApiHttp<paths>({ baseUrl: 'https://ryzeapi.cloud/api' });
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
    http.get('/instance/list', ({ request, response }) => {
      seen.push(request);
      return response(200).json(listExample as never);
    }),
  );
}

describe('createRyzeApiClient', () => {
  it('sends the token in the `token` header, not as a bearer token', async () => {
    answerWithExample();
    const client = createRyzeApiClient({ token: 'account-token-1', rateLimit: false });
    await client.GET('/instance/list');
    expect(seen[0]?.headers.get('token')).toBe('account-token-1');
    expect(seen[0]?.headers.get('authorization')).toBeNull();
  });

  it('defaults to the spec server URL and sends a comma list as one instanceName value', async () => {
    answerWithExample();
    const client = createRyzeApiClient({ token: 'account-token-1', rateLimit: false });
    await client.GET('/instance/list', { params: { query: { instanceName: 'sales,support' } } });
    const url = new URL(seen[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://ryzeapi.cloud/api/instance/list');
    expect(url.searchParams.getAll('instanceName')).toEqual(['sales,support']);
    expect(ryzeApiMetadata.defaultBaseUrl).toBe('https://ryzeapi.cloud/api');
  });

  it('parses the documented example into typed data', async () => {
    answerWithExample();
    const client = createRyzeApiClient({ token: 'account-token-1', rateLimit: false });
    const { data, error } = await client.GET('/instance/list');
    expect(error).toBeUndefined();
    expect(data?.message).toBe('1 Instance found');
    expect(data?.meta.total).toBe(1);
    expect(data?.instances[0]?.connection?.numberJid).toBe('5511999999999@s.whatsapp.net');
    expect(data?.instances[0]?.chatwoot?.apiToken).toBe('sk_live_abc123...');
  });

  it.each([
    [401, 'Invalid token'],
    [404, 'Instance not found'],
    [429, 'Rate limit exceeded. Try again later.'],
  ] as const)('surfaces a documented %i as { error, response } with its message', async (status, message) => {
    server.use(
      http.get('/instance/list', ({ response }) =>
        response(status).json({ success: false, error: { message } }, { headers: { 'Retry-After': '0' } }),
      ),
    );
    const client = createRyzeApiClient({ token: 'account-token-1', rateLimit: false, maxRetries: 0 });
    const { data, error, response } = await client.GET('/instance/list', {
      params: { query: { instanceName: 'ghost' } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error).toEqual({ success: false, error: { message } });
  });

  it('declares the documented rate limit and secret fields from the spec', () => {
    expect(ryzeApiMetadata.rateLimit).toEqual({ requests: 100, perMs: 60_000 });
    expect(ryzeApiMetadata.secretFields).toEqual(
      expect.arrayContaining([
        'token',
        'chatwoot.apiToken',
        'proxy.password',
        's3.accessKey',
        's3.secretKey',
      ]),
    );
  });

  it('uses a custom fetch when given one', async () => {
    const calls: string[] = [];
    const client = createRyzeApiClient({
      token: 'account-token-1',
      rateLimit: false,
      fetch: async (input) => {
        calls.push(input instanceof Request ? input.url : String(input));
        return HttpResponse.json(listExample);
      },
    });
    const { data } = await client.GET('/instance/list');
    expect(calls).toEqual(['https://ryzeapi.cloud/api/instance/list']);
    expect(data?.instances).toHaveLength(1);
  });

  it('rejects an empty token with a ValidationError that names the field', () => {
    expect(() => createRyzeApiClient({ token: '' })).toThrowError(
      expect.objectContaining({ code: 'validation', field: 'token' }),
    );
  });
});
