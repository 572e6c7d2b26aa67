// A provider defined outside Switchboard: a made-up "Acme Chat" gateway, its definition written by hand
// (a real one would generate its metadata from a spec, as the built-in providers do), added to the
// facade with `providers`. Run with the packages installed: `node outside-provider.mjs`.
// The consumer test (scripts/packaging/consumer-test.mjs, check (i)) runs it against the packed tarballs.
import { AuthenticationError, createSwitchboard } from '@switchboard/core';
import {
  bindClientSetup,
  defaultHeaders,
  fetchListPage,
  mapStatus,
  noAccountOptions,
  readIdentifier,
  resolveClientSetup,
} from '@switchboard/runtime';
import createClient from 'openapi-fetch';

/** What a spec would say: where the list is, how to authenticate, how statuses map. */
const metadata = {
  defaultBaseUrl: 'https://api.acme-chat.example',
  rateLimit: null,
  secretFields: ['apiKey'],
  displayName: 'Acme Chat',
  selfHosted: false,
  auth: { scheme: 'header', header: 'X-Acme-Key' },
  listOperation: {
    method: 'GET',
    path: '/v1/lines',
    operationId: 'listLines',
    items: 'lines',
    query: {},
    paging: { style: 'none' },
    pushDown: { names: { parameter: 'name', many: 'one' } },
  },
  status: { field: 'state', fallbackField: null, map: { up: 'connected', down: 'disconnected' } },
  requestHeaders: { Accept: 'application/json' },
};

function toInstance(raw, account, path) {
  const context = { provider: 'acme', account };
  return {
    provider: 'acme',
    account,
    id: readIdentifier(raw, 'id', context, path),
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : null,
    status: mapStatus(metadata.status, typeof raw.state === 'string' ? raw.state : null),
    providerStatus: typeof raw.state === 'string' ? raw.state : null,
    phone: typeof raw.phone === 'string' ? raw.phone : null,
    profile: { name: null, pictureUrl: null, isBusiness: null },
    createdAt: null,
    updatedAt: null,
    expiresAt: null,
    raw,
  };
}

const reader = { provider: 'acme', metadata, toInstance };

export const acmeProvider = {
  specificationVersion: 'v1',
  key: 'acme',
  displayName: metadata.displayName,
  metadata,
  adapter: {
    specificationVersion: 'v1',
    provider: 'acme',
    metadata,
    // On the runtime's client setup, as the built-in providers are: checked options, the transport
    // (timeout, retries, rate limit, no redirects), and errors that never show the key.
    createClient: (options) => {
      const setup = resolveClientSetup('acme', metadata, options);
      const headers = defaultHeaders(metadata, setup.token);
      return bindClientSetup(createClient({ baseUrl: setup.baseUrl, fetch: setup.fetch, headers }), setup);
    },
    listPage: (client, request) => fetchListPage(client, request, reader),
    normalize: (raw, account) => toInstance(raw, account, 'item'),
  },
  accountOptions: noAccountOptions,
  environment: { token: 'ACME_TOKEN', baseUrl: 'ACME_BASE_URL' },
  loadSimulator: () => Promise.reject(new Error('Acme Chat ships no simulator')),
};

/** A stand-in for Acme's server, so that the example runs anywhere. */
const acmeFetch = async (input, init) => {
  const request = new Request(input, init);
  const key = request.headers.get('x-acme-key');
  if (key !== 'acme-demo-key') {
    // As some gateways do: the refusal quotes the key it was given.
    return Response.json({ error: `bad key ${key}` }, { status: 401 });
  }
  const lines = [
    { id: 'l-1', name: 'Sales', state: 'up', phone: '+5511999990001', apiKey: 'line-secret-1' },
    { id: 'l-2', name: 'Support', state: 'down', phone: null, apiKey: 'line-secret-2' },
  ];
  const name = new URL(request.url).searchParams.get('name');
  return Response.json({ lines: name === null ? lines : lines.filter((line) => line.name.includes(name)) });
};

const switchboard = createSwitchboard({
  providers: { acme: acmeProvider },
  accounts: [{ provider: 'acme', token: 'acme-demo-key' }],
  fetch: acmeFetch,
});
const connected = await switchboard.listInstances({ provider: 'acme', status: 'connected' });

const wrongKey = 'acme-wrong-key-123';
const refusal = await createSwitchboard({
  providers: { acme: acmeProvider },
  accounts: [{ provider: 'acme', token: wrongKey }],
  fetch: acmeFetch,
  maxRetries: 0,
})
  .listInstances()
  .catch((error) => error);

console.log(
  JSON.stringify({
    connected: connected.map(({ provider, id, name, status, raw }) => ({
      provider,
      id,
      name,
      status,
      apiKey: raw.apiKey,
    })),
    wrongKey: {
      error: AuthenticationError.isInstance(refusal) ? 'AuthenticationError' : String(refusal),
      showsTheKey: JSON.stringify({ ...refusal, message: refusal.message, stack: refusal.stack }).includes(
        wrongKey,
      ),
    },
  }),
);
