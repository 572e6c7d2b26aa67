// A plain node:http server on 127.0.0.1 that answers one provider's list operation with a body fixed
// in advance, so that the server's own cost is as small and as constant as it can be: every client
// variant then meets the same server. The provider comes from the registry (argv[3], its key); the
// bodies are what its own simulator answers, holding as many of its fake instances as reach each size
// (`/small/...` about 1.3 kB, `/large/...` about 96 kB).
import { createServer } from 'node:http';
import { builtInProvidersByKey } from '@switchboard/core';
import { authHeaders } from '@switchboard/runtime';
import { serveRequests } from './child-process.mjs';
import { listItems, plainListRequest } from './providers.mjs';

const BODY_BYTES = { small: 1300, large: 96 * 1024 };
/** Enough items for any provider's 96 kB body; a bound on the search, not a count anyone expects. */
const MAX_ITEMS = 10_000;
/** Where the simulator believes it answers; nothing is sent there, it only shapes the URL. */
const SIMULATED_BASE_URL = 'http://simulator.bench.invalid';

/**
 * The smallest body of the provider's list (at least one item) whose JSON reaches about `bytes`, as
 * its simulator answers it. Returns the text and the number of items.
 */
async function listBody(definition, bytes) {
  const simulatorModule = await definition.loadSimulator();
  let previous = 0;
  for (let count = 1; count <= MAX_ITEMS; count = Math.max(count + 1, Math.ceil(count * 1.02))) {
    const simulator = simulatorModule.createSimulator({
      instances: simulatorModule.createFakeInstances(count, { seed: 1 }),
      baseUrl: SIMULATED_BASE_URL,
      rateLimit: false,
    });
    const { url, headers } = plainListRequest(definition, SIMULATED_BASE_URL, simulatorModule.demoToken, {
      pageSize: count,
    });
    const response = await simulator.handle(new Request(url, { headers }));
    const text = await response.text();
    if (!response.ok) throw new Error(`${definition.key} simulator answered ${response.status}: ${text}`);
    const items = listItems(definition, JSON.parse(text)).length;
    if (Buffer.byteLength(text) >= bytes * 0.95)
      return { text, count: items, token: simulatorModule.demoToken };
    if (items <= previous) throw new Error(`${definition.key} simulator served ${items} items of ${count}`);
    previous = items;
  }
  throw new Error(`${definition.key}: ${MAX_ITEMS} items did not reach ${bytes} bytes`);
}

async function startServer(providerKey) {
  const definition = builtInProvidersByKey[providerKey];
  if (definition === undefined)
    throw new Error(`loopback-server: no provider ${providerKey} in the registry`);
  const bodies = {
    small: await listBody(definition, BODY_BYTES.small),
    large: await listBody(definition, BODY_BYTES.large),
  };
  const token = bodies.small.token;
  const payloads = Object.fromEntries(
    Object.entries(bodies).map(([size, body]) => [size, Buffer.from(body.text)]),
  );
  // The header that carries the token, and what it holds, as the spec's `security` says.
  const [[authHeader, authValue]] = Object.entries(authHeaders(definition.metadata.auth, token));
  const headerName = authHeader.toLowerCase();
  const listPath = definition.metadata.listOperation.path;
  const unauthorized = Buffer.from(JSON.stringify({ message: 'Invalid token' }));
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    const size = url.startsWith('/small/') ? 'small' : url.startsWith('/large/') ? 'large' : undefined;
    const pathname = url.split('?')[0];
    if (size === undefined || !pathname.endsWith(listPath)) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    if (request.headers[headerName] !== authValue) {
      response
        .writeHead(401, { 'content-type': 'application/json', 'content-length': unauthorized.length })
        .end(unauthorized);
      return;
    }
    const payload = payloads[size];
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
    response.end(payload);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    const origin = `http://127.0.0.1:${port}`;
    // The base URL keeps the path of the provider's own (`/api`…), as a client would be configured.
    const basePath = new URL(definition.metadata.defaultBaseUrl).pathname.replace(/\/$/, '');
    process.send({
      type: 'ready',
      provider: definition.key,
      token,
      baseUrls: { small: `${origin}/small${basePath}`, large: `${origin}/large${basePath}` },
      bytes: { small: payloads.small.length, large: payloads.large.length },
      items: { small: bodies.small.count, large: bodies.large.count },
    });
  });
  serveRequests(async () => null);
}

if (process.send !== undefined && process.argv[2] === 'serve') await startServer(process.argv[3]);
