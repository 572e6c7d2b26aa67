import { ValidationError } from '@switchboard/runtime';
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import errorExamples from './__fixtures__/evolution-api-error-examples.json' with { type: 'json' };
import recordedList from './__fixtures__/evolution-api-recorded-list.json' with { type: 'json' };
import { createEvolutionApiClient, evolutionApiMetadata } from './evolution-api-client.js';
import type { paths } from './generated/evolution-api.gen.js';

const http = createOpenApiHttp<paths>({ baseUrl: 'http://localhost:8080' });
const server = setupServer();
const seen: Request[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

function answerWithRecordedList() {
  server.use(
    http.get('/instance/fetchInstances', ({ request, response }) => {
      seen.push(request);
      return response(200).json(recordedList as never);
    }),
  );
}

describe('createEvolutionApiClient', () => {
  it('sends the key in the `apikey` header to the self-hosted default URL', async () => {
    answerWithRecordedList();
    const client = createEvolutionApiClient({ token: 'global-key-1' });
    await client.GET('/instance/fetchInstances');
    expect(seen[0]?.headers.get('apikey')).toBe('global-key-1');
    expect(seen[0]?.headers.get('authorization')).toBeNull();
    const url = new URL(seen[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:8080/instance/fetchInstances');
    expect(evolutionApiMetadata.defaultBaseUrl).toBe('http://localhost:8080');
    expect(evolutionApiMetadata.selfHosted).toBe(true);
  });

  it('sends each documented filter as one exact query value, a comma included', async () => {
    answerWithRecordedList();
    const client = createEvolutionApiClient({ token: 'global-key-1' });
    await client.GET('/instance/fetchInstances', {
      params: { query: { instanceName: 'ops,east', instanceId: 'cd12edd0', number: '5511999990001' } },
    });
    const query = new URL(seen[0]!.url).searchParams;
    expect(query.getAll('instanceName')).toEqual(['ops,east']);
    expect(query.getAll('instanceId')).toEqual(['cd12edd0']);
    expect(query.getAll('number')).toEqual(['5511999990001']);
  });

  it('parses the recorded v2.3.6 answer into typed data', async () => {
    answerWithRecordedList();
    const client = createEvolutionApiClient({ token: 'global-key-1', baseUrl: 'http://localhost:8080/' });
    const { data, error } = await client.GET('/instance/fetchInstances');
    expect(error).toBeUndefined();
    expect(data).toHaveLength(5);
    expect(data?.[1]?.name).toBe('sales-br');
    expect(data?.[1]?.Setting?.wavoipToken).toBe('');
    expect(data?.[0]?._count.Message).toBe(0);
  });

  it.each([401, 404, 500] as const)(
    'surfaces a documented %i as { error, response } with its body',
    async (status) => {
      const body = errorExamples[status];
      server.use(
        http.get('/instance/fetchInstances', ({ response }) => response(status).json(body as never)),
      );
      const client = createEvolutionApiClient({ token: 'global-key-1', maxRetries: 0 });
      const { data, error, response } = await client.GET('/instance/fetchInstances', {
        params: { query: { instanceName: 'x' } },
      });
      expect(data).toBeUndefined();
      expect(response.status).toBe(status);
      expect(error).toEqual(body);
    },
  );

  it('reads the auth, list operation, push-down and secret fields from the spec', () => {
    expect(evolutionApiMetadata.auth).toEqual({ scheme: 'header', header: 'apikey' });
    expect(evolutionApiMetadata.rateLimit).toBeNull();
    expect(evolutionApiMetadata.listOperation).toMatchObject({
      method: 'GET',
      path: '/instance/fetchInstances',
      items: '.',
      paging: { style: 'none' },
      pushDown: {
        names: { parameter: 'instanceName', many: 'one' },
        ids: { parameter: 'instanceName', many: 'one' },
      },
    });
    expect(evolutionApiMetadata.secretFields).toEqual([
      'token',
      'Chatwoot.token',
      'Proxy.password',
      'Setting.wavoipToken',
    ]);
  });

  it.each([
    [{ token: '' }, 'token'],
    [{ token: 'key', baseUrl: 'ftp://localhost:8080' }, 'baseUrl'],
  ])('refuses %j with a ValidationError naming the field, not the value', (options, field) => {
    expect(() => createEvolutionApiClient(options)).toThrowError(ValidationError);
    expect(() => createEvolutionApiClient(options)).toThrowError(new RegExp(field));
  });
});
