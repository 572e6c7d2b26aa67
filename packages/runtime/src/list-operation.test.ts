import { inspect } from 'node:util';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, NotFoundError } from './errors.js';
import { fetchListPage, type ListPageReader } from './list-operation.js';
import type { ProviderMetadata } from './provider-adapter.js';
import { bindClientSetup, clientSetupOf, resolveClientSetup } from './provider-client.js';

const TOKEN = 'tok-echoed-4242';

const metadata = {
  defaultBaseUrl: 'https://acme.test/api',
  rateLimit: null,
  secretFields: [],
  displayName: 'Acme',
  selfHosted: false,
  auth: { scheme: 'bearer' },
  listOperation: {
    method: 'GET',
    path: '/instances',
    operationId: 'listInstances',
    items: '.',
    query: {},
    paging: { style: 'none' },
    pushDown: {},
  },
  status: null,
  requestHeaders: {},
} satisfies ProviderMetadata;

const reader: ListPageReader<'acme', unknown> = {
  provider: 'acme',
  metadata,
  toInstance: () => {
    throw new Error('no item is read from an error answer');
  },
};

/** A client made as every provider's `create…Client` makes one, bound to its setup. */
function boundClient(fetch: typeof globalThis.fetch) {
  const setup = resolveClientSetup('acme', metadata, { token: TOKEN, fetch, maxRetries: 0 });
  return bindClientSetup(
    createClient({
      baseUrl: setup.baseUrl,
      fetch: setup.fetch,
      headers: { authorization: `Bearer ${TOKEN}` },
    }),
    setup,
  );
}

function answering(status: number, body: unknown): typeof globalThis.fetch {
  return async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: {
        'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
        'x-request-id': `req-${TOKEN}`,
      },
    });
}

/** Every text an error shows: message, provider message, request id, stack, JSON and inspection. */
function textsOf(error: unknown): string {
  const record = error as {
    message?: unknown;
    stack?: unknown;
    providerMessage?: unknown;
    requestId?: unknown;
  };
  return [
    String(record.message),
    String(record.providerMessage),
    String(record.requestId),
    String(record.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
  ].join('\n');
}

const request = { account: 'sales', page: { number: 1 }, filter: {}, settings: {} };

describe('fetchListPage redacts the errors it builds with the bound client’s token', () => {
  it('a 401 whose JSON body echoes the token: no token in message, providerMessage, stack or JSON', async () => {
    const client = boundClient(answering(401, { message: `Invalid token ${TOKEN}`, token: TOKEN }));
    const error = await fetchListPage(client, request, reader).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ provider: 'acme', account: 'sales', status: 401 });
    expect((error as AuthenticationError).providerMessage).toContain('Invalid token');
    expect(textsOf(error)).not.toContain(TOKEN);
  });

  it('a 404 whose text body echoes the token', async () => {
    const client = boundClient(answering(404, `no account for ${TOKEN}`));
    const error = await fetchListPage(client, request, reader).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(textsOf(error)).not.toContain(TOKEN);
  });
});

describe('clientSetupOf', () => {
  it('gives the setup a client was bound to, and nothing for any other value', () => {
    const client = boundClient(answering(200, []));
    expect(clientSetupOf(client)).toMatchObject({ token: TOKEN, baseUrl: 'https://acme.test/api' });
    expect(typeof clientSetupOf(client)?.fetch.withOptions).toBe('function');
    expect(clientSetupOf(createClient({ baseUrl: 'https://acme.test/api' }))).toBeUndefined();
    for (const value of [undefined, null, 'client', 42]) expect(clientSetupOf(value)).toBeUndefined();
  });
});
