import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import listExample from './__fixtures__/wachat-list-example.json' with { type: 'json' };
import type { paths } from './generated/wachat.gen.js';
import { createWachatClient, wachatMetadata } from './wachat-client.js';

const http = createOpenApiHttp<paths>({ baseUrl: 'https://app.wachat.net/api/v1' });
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

describe('createWachatClient', () => {
  it('sends the API key as a bearer token to the spec server URL', async () => {
    server.use(
      http.get('/instance/list', ({ request, response }) => {
        seen.push(request);
        return response(200).json(listExample);
      }),
    );
    const client = createWachatClient({ token: 'wachat-key-1' });
    const { data } = await client.GET('/instance/list');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer wachat-key-1');
    expect(seen[0]?.url).toBe('https://app.wachat.net/api/v1/instance/list');
    expect(data?.count).toBe(1);
    expect(data?.instances[0]?.apiInstanceName).toBe('t1_mq9r2jov_jakarta_store');
    expect(data?.instances[0]?.owner).toBe('628123456789@s.whatsapp.net');
  });

  it.each([401, 403, 500] as const)('surfaces the documented %i as { error, response }', async (status) => {
    server.use(
      http.get('/instance/list', ({ response }) => response(status).json({ success: false, message: 'no' })),
    );
    const client = createWachatClient({ token: 'wachat-key-1', maxRetries: 0 });
    const { data, error, response } = await client.GET('/instance/list');
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error).toEqual({ success: false, message: 'no' });
  });

  it('declares no secret fields in a listed item and no rate limit', () => {
    expect(wachatMetadata.secretFields).toEqual([]);
    expect(wachatMetadata.rateLimit).toBeNull();
  });

  it('passes the caller signal through to the request', async () => {
    let receivedSignal: AbortSignal | undefined;
    const client = createWachatClient({
      token: 'wachat-key-1',
      fetch: async (input) => {
        receivedSignal = input instanceof Request ? input.signal : undefined;
        return HttpResponse.json(listExample);
      },
    });
    const controller = new AbortController();
    await client.GET('/instance/list', { signal: controller.signal });
    controller.abort();
    expect(receivedSignal?.aborted).toBe(true);
  });
});
