// The `@switchboard/runtime/undici` entry: an opt-in Node transport. Nothing on the web-standard path
// imports this file, so an application that does not ask for it never loads undici (an optional peer
// dependency).
import { Pool } from 'undici';
import { ValidationError } from './errors.js';

export interface UndiciFetchOptions {
  /** Connections per origin. Default: as many as there are requests in flight. */
  connections?: number;
  /** How long an idle connection stays open, in milliseconds. Default 4 000 (undici's). */
  keepAliveTimeoutMs?: number;
}

/**
 * A fetch-compatible function for the `fetch` option of `createSwitchboard` and of the raw client
 * factories; `close()` closes its connections.
 */
export interface UndiciFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Closes every connection it opened; requests sent afterwards fail. */
  close(): Promise<void>;
}

/** Statuses whose response has no body: a `Response` refuses one. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The subset of undici's response body this file reads: a Node readable stream of bytes. */
interface ResponseBody {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(error?: Error): unknown;
  dump(): Promise<void>;
}

function checkOptions(options: UndiciFetchOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('createUndiciFetch: options must be an object', { field: 'options' });
  }
  const { connections, keepAliveTimeoutMs } = options;
  if (connections !== undefined && !(Number.isSafeInteger(connections) && connections >= 1)) {
    throw new ValidationError('createUndiciFetch: `connections` must be a whole number, 1 or more', {
      field: 'connections',
    });
  }
  if (
    keepAliveTimeoutMs !== undefined &&
    !(typeof keepAliveTimeoutMs === 'number' && keepAliveTimeoutMs > 0 && Number.isFinite(keepAliveTimeoutMs))
  ) {
    throw new ValidationError('createUndiciFetch: `keepAliveTimeoutMs` must be a positive number', {
      field: 'keepAliveTimeoutMs',
    });
  }
}

/** The body as a web stream, read as the consumer pulls it (the socket pauses in between). */
function toWebStream(body: ResponseBody): ReadableStream<Uint8Array> {
  // Once the reader cancels, or the stream has ended or failed, the socket's late events are dropped.
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      body.on('data', (chunk) => {
        if (settled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) body.pause();
      });
      body.on('end', () => {
        if (settled) return;
        settled = true;
        controller.close();
      });
      body.on('error', (error) => {
        if (settled) return;
        settled = true;
        controller.error(error);
      });
    },
    pull() {
      body.resume();
    },
    cancel(reason) {
      settled = true;
      body.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  return headers;
}

/**
 * A fetch on undici's `Pool.request`, one pool per origin, for Node: it skips the WHATWG fetch
 * algorithm (request cloning, its body and header conversions), which is most of what a small
 * request costs in Node's own fetch. Switchboard's transport sits above it unchanged, so timeouts,
 * retries, abort and redaction are the same as with the global fetch. It never follows a redirect: a
 * 3xx comes back as it is, and the transport refuses it.
 *
 * ```ts
 * import { createSwitchboard } from '@switchboard/core';
 * import { createUndiciFetch } from '@switchboard/runtime/undici';
 * const switchboard = createSwitchboard({ accounts, fetch: createUndiciFetch() });
 * ```
 */
export function createUndiciFetch(options: UndiciFetchOptions = {}): UndiciFetch {
  checkOptions(options);
  const pools = new Map<string, Pool>();
  let closed = false;
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        ...(options.connections !== undefined && { connections: options.connections }),
        ...(options.keepAliveTimeoutMs !== undefined && { keepAliveTimeout: options.keepAliveTimeoutMs }),
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  const undiciFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (closed) throw new TypeError('createUndiciFetch: this fetch was closed');
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    request.signal.throwIfAborted();
    const url = new URL(request.url);
    const headers: string[] = [];
    request.headers.forEach((value, name) => {
      headers.push(name, value);
    });
    const method = request.method;
    const body =
      request.body === null || method === 'GET' || method === 'HEAD'
        ? null
        : new Uint8Array(await request.arrayBuffer());
    const answer = await poolFor(url.origin).request({
      path: `${url.pathname}${url.search}`,
      method: method as 'GET',
      headers,
      body,
      signal: request.signal,
    });
    const responseBody = answer.body as unknown as ResponseBody;
    const nullBody = NULL_BODY_STATUSES.has(answer.statusCode) || method === 'HEAD';
    if (nullBody) await responseBody.dump();
    const response = new Response(nullBody ? null : toWebStream(responseBody), {
      status: answer.statusCode,
      headers: toHeaders(answer.headers),
    });
    // A constructed Response has no URL; openapi-fetch and error messages may read it.
    Object.defineProperty(response, 'url', { value: request.url });
    return response;
  };

  return Object.assign(undiciFetch, {
    async close(): Promise<void> {
      closed = true;
      const closing = [...pools.values()].map((pool) => pool.close());
      pools.clear();
      await Promise.all(closing);
    },
  });
}
