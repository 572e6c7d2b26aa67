// A plain node:http server on 127.0.0.1 that answers RyzeAPI's `GET /instance/list` with a body fixed
// in advance, so that the server's own cost is as small and as constant as it can be: every client
// variant then meets the same server. `/small/api/...` serves about 1 kB, `/large/api/...` about 100 kB.
import { createServer } from 'node:http';
import { serveRequests } from './child-process.mjs';

export const TOKEN = 'bench-ryzeapi-account-token';
const SMALL_BYTES = 1024;
const LARGE_BYTES = 100 * 1024;

/** One RyzeAPI instance in the spec's shape, with every integration filled in as real accounts have them. */
export function ryzeApiInstance(index) {
  const number = String(5511900000000 + index);
  return {
    id: `5e1d${index.toString(16).padStart(8, '0')}-ryze`,
    name: `instance-${index}`,
    token: `a1b2c3d4-${index.toString(16).padStart(8, '0')}`,
    status: 'connected',
    connection: {
      state: index % 5 === 0 ? 'disconnected' : 'connected',
      numberJid: `${number}:12@s.whatsapp.net`,
      presenceStatus: 'available',
      displayStatus: 'Active',
    },
    profile: {
      name: `Orion ${index}`,
      pictureUrl: `https://pps.whatsapp.net/v/t61/${index}.jpg`,
      isBusiness: index % 2 === 0,
      businessName: '',
    },
    proxy: { enabled: false, host: null, port: null, protocol: null, username: null, password: null },
    webhook: { enabled: true, url: 'https://myapp.example/webhook', events: ['message.exchange'] },
    websocket: { enabled: true, events: ['message.exchange'], mediaBase64: false },
    chatwoot: {
      enabled: true,
      status: 'active',
      bridgeIntegrationId: `int_${index}`,
      baseUrl: 'https://chatwoot.example.com',
      accountId: 5,
      inboxName: `WhatsApp - Orion ${index}`,
      apiToken: `sk_live_${index}`,
      signMessages: true,
      ignoreGroups: false,
      startAsPending: false,
      reopenResolved: true,
    },
    settings: {
      autoRejectCalls: false,
      callRejectMessage: '',
      ignoreGroupMessages: false,
      keepOnlineStatus: false,
      autoReadMessages: false,
      disableHistorySync: true,
      ignoreStatus: false,
    },
    s3: {
      enabled: false,
      region: null,
      bucket: null,
      accessKey: null,
      secretKey: null,
      endpoint: null,
      pathPrefix: null,
    },
    createdAt: '2026-04-28T10:30:00Z',
    updatedAt: '2026-04-28T10:35:00Z',
  };
}

/** The smallest list (at least one item) whose JSON reaches `bytes`. */
export function ryzeApiListBody(bytes) {
  const instances = [];
  let text = '';
  do {
    instances.push(ryzeApiInstance(instances.length + 1));
    const total = instances.length;
    text = JSON.stringify({
      success: true,
      message: total === 1 ? '1 Instance found' : `${total} Instances found`,
      instances,
      meta: { total },
    });
  } while (Buffer.byteLength(text) < bytes * 0.95);
  return { text, count: instances.length };
}

function startServer() {
  const bodies = {
    small: ryzeApiListBody(SMALL_BYTES),
    large: ryzeApiListBody(LARGE_BYTES),
  };
  const payloads = Object.fromEntries(
    Object.entries(bodies).map(([size, body]) => [size, Buffer.from(body.text)]),
  );
  const unauthorized = Buffer.from(JSON.stringify({ success: false, error: { message: 'Invalid token' } }));
  const server = createServer((request, response) => {
    const match = /^\/(small|large)\/api\/instance\/list(?:\?|$)/.exec(request.url ?? '');
    if (match === null) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    if (request.headers.token !== TOKEN) {
      response
        .writeHead(401, { 'content-type': 'application/json', 'content-length': unauthorized.length })
        .end(unauthorized);
      return;
    }
    const payload = payloads[match[1]];
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
    response.end(payload);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    const origin = `http://127.0.0.1:${port}`;
    process.send({
      type: 'ready',
      token: TOKEN,
      baseUrls: { small: `${origin}/small/api`, large: `${origin}/large/api` },
      bytes: { small: payloads.small.length, large: payloads.large.length },
      items: { small: bodies.small.count, large: bodies.large.count },
    });
  });
  serveRequests(async () => null);
}

if (process.send !== undefined && process.argv[2] === 'serve') startServer();
