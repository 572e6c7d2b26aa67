import { inspect } from 'node:util';
import createClient from 'openapi-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import { useLoopbackServers } from './__fixtures__/loopback-servers.js';
import type { Clock } from './clock.js';
import { AbortError, ConnectionError, SwitchboardError, TimeoutError, ValidationError } from './errors.js';
import { createTransport } from './transport.js';
import { createUndiciFetch, type UndiciFetch } from './undici-fetch.js';

const TOKEN = 'tok_undici_secret_value';

/** Servers of one test, on 127.0.0.1, closed after it with every connection. */
const listen = useLoopbackServers();
const fetches: UndiciFetch[] = [];

// Registered after the servers' hook, so it runs before it (vitest runs after-hooks as a stack): the
// pools close before the servers they hold connections to.
afterEach(async () => {
  await Promise.all(fetches.splice(0).map((undiciFetch) => undiciFetch.close()));
});

function undici(): UndiciFetch {
  const undiciFetch = createUndiciFetch();
  fetches.push(undiciFetch);
  return undiciFetch;
}

/** Real timers, with waits other than the attempt timeout shortened, so retries take milliseconds. */
const quickBackoff: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms >= 1000 ? ms : Math.min(ms, 5)),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The transport's behaviour over a real socket, run once on the global fetch and once on undici:
 * whichever fetch is below it, the transport keeps its timeouts, retries, abort and redaction.
 */
describe.each([
  { name: 'the global fetch', baseFetch: (): typeof fetch | undefined => undefined },
  { name: 'createUndiciFetch', baseFetch: (): typeof fetch => undici() },
])('createTransport on $name against a real server on 127.0.0.1', ({ baseFetch }) => {
  const transportWith = (options: Partial<Parameters<typeof createTransport>[0]> = {}) => {
    const fetch = baseFetch();
    return createTransport({
      provider: 'acme',
      account: 'sales',
      secrets: [TOKEN],
      clock: quickBackoff,
      ...(fetch !== undefined && { fetch }),
      ...options,
    });
  };

  it('sends the method, path, query and headers, and hands back status, headers and body', async () => {
    const seen: { method?: string; url?: string; token?: string }[] = [];
    const base = await listen((request, response) => {
      seen.push({ method: request.method, url: request.url, token: request.headers.token as string });
      response
        .writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r-1' })
        .end('{"instances":[{"id":"a"}]}');
    });
    const client = createClient<{
      '/instance/list': {
        get: {
          parameters: { query?: { instanceName?: string } };
          responses: { 200: { content: { 'application/json': { instances: { id: string }[] } } } };
        };
      };
    }>({ baseUrl: `${base}/api`, fetch: transportWith(), headers: { token: TOKEN } });
    const { data, response } = await client.GET('/instance/list', {
      params: { query: { instanceName: 'sales' } },
    });
    expect(data).toEqual({ instances: [{ id: 'a' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(seen).toEqual([{ method: 'GET', url: '/api/instance/list?instanceName=sales', token: TOKEN }]);
  });

  it('retries a dropped connection and then succeeds; throws ConnectionError when every attempt drops', async () => {
    let calls = 0;
    const base = await listen((request, response) => {
      calls += 1;
      if (calls === 1 || request.url?.includes('always-drop')) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const transport = transportWith();
    const response = await transport(`${base}/instances`);
    expect(await response.json()).toEqual({ ok: true });
    expect(calls).toBe(2);

    calls = 10;
    const error = await transport(`${base}/always-drop`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(calls).toBe(13);
  });

  it('retries a 503 and returns the last answer when the retries run out', async () => {
    let calls = 0;
    const base = await listen((_request, response) => {
      calls += 1;
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"busy"}');
    });
    const response = await transportWith({ maxRetries: 1 })(`${base}/instances`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'busy' });
    expect(calls).toBe(2);
  });

  it('times out a response slower than timeoutMs', async () => {
    const base = await listen((_request, response) => {
      const timer = setTimeout(() => response.end('late'), 5000);
      response.on('close', () => clearTimeout(timer));
    });
    const startedAt = Date.now();
    const error = await transportWith({ timeoutMs: 150, maxRetries: 0 })(`${base}/slow`).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - startedAt).toBeLessThan(4000);
  });

  it('stops a request in flight when the caller aborts, with AbortError', async () => {
    let arrived: () => void = () => {};
    const arrival = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const base = await listen((_request, response) => {
      arrived();
      const timer = setTimeout(() => response.end('late'), 5000);
      response.on('close', () => clearTimeout(timer));
    });
    const controller = new AbortController();
    const pending = transportWith()(`${base}/slow`, { signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    await arrival;
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
  });

  it('keeps the token out of the error of a refused connection', async () => {
    const base = await listen((request) => request.socket.destroy());
    const error = await transportWith({ maxRetries: 0 })(`${base}/instances?token=${TOKEN}`, {
      headers: { token: TOKEN },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(SwitchboardError.isInstance(error)).toBe(true);
    const printed = `${(error as Error).message}\n${(error as Error).stack}\n${inspect(error, { depth: 5 })}\n${JSON.stringify(error)}`;
    expect(printed).not.toContain(TOKEN);
  });
});

describe('createUndiciFetch', () => {
  it('never follows a redirect: the 3xx comes back as it is and its target gets no request', async () => {
    let targetRequests = 0;
    const target = await listen((_request, response) => {
      targetRequests += 1;
      response.end('{}');
    });
    const base = await listen((_request, response) => {
      response.writeHead(302, { location: `${target}/elsewhere` }).end();
    });
    const response = await undici()(`${base}/instances`, { headers: { token: TOKEN }, redirect: 'follow' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${target}/elsewhere`);
    expect(targetRequests).toBe(0);
  });

  it('sends a request body, and answers a HEAD and a 204 with no body', async () => {
    const bodies: string[] = [];
    const base = await listen((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        bodies.push(`${request.method} ${body}`);
        if (request.method === 'POST') response.writeHead(201).end('created');
        else response.writeHead(request.method === 'HEAD' ? 200 : 204).end();
      });
    });
    const undiciFetch = undici();
    const created = await undiciFetch(`${base}/instances`, { method: 'POST', body: '{"name":"x"}' });
    expect(created.status).toBe(201);
    expect(await created.text()).toBe('created');
    const head = await undiciFetch(`${base}/instances`, { method: 'HEAD' });
    expect(head.body).toBeNull();
    const empty = await undiciFetch(`${base}/instances`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(bodies).toEqual(['POST {"name":"x"}', 'HEAD ', 'DELETE ']);
  });

  it('streams a large body as the reader pulls it, and stops the socket when the reader cancels', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    let closed = false;
    const base = await listen((_request, response) => {
      response.on('close', () => {
        closed = true;
      });
      response.writeHead(200, { 'content-type': 'text/plain' });
      // Far more than any buffer: the server only finishes writing if the client reads it all.
      let sent = 0;
      const write = () => {
        while (sent < 256) {
          sent += 1;
          if (!response.write(chunk)) {
            response.once('drain', write);
            return;
          }
        }
        response.end();
      };
      write();
    });
    const response = await undici()(`${base}/large`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    // The cancel destroys the socket; the server sees its response closed before it could finish.
    for (let wait = 0; wait < 100 && !closed; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });

  it('refuses a request after close(), and bad options with ValidationError', async () => {
    const base = await listen((_request, response) => response.end('{}'));
    const undiciFetch = createUndiciFetch({ connections: 2, keepAliveTimeoutMs: 1000 });
    expect((await undiciFetch(`${base}/instances`)).status).toBe(200);
    await undiciFetch.close();
    await expect(undiciFetch(`${base}/instances`)).rejects.toThrow(/closed/);
    expect(() => createUndiciFetch({ connections: 0 })).toThrow(ValidationError);
    expect(() => createUndiciFetch({ keepAliveTimeoutMs: -1 })).toThrow(ValidationError);
    expect(() => createUndiciFetch(null as never)).toThrow(ValidationError);
  });

  it('is not reachable from the main entry, so the web-standard path never loads undici', async () => {
    const main = await import('./index.js');
    expect(Object.keys(main)).not.toContain('createUndiciFetch');
  });
});
