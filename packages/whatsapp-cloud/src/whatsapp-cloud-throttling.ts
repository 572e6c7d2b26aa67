import { classifyGraphError } from './whatsapp-cloud-graph-errors.js';

/** An error body longer than this is not read for its Graph code (Graph's are a few hundred bytes). */
const MAX_PEEKED_ERROR_BYTES = 64 * 1024;

/** The bytes of a response's body, read from a copy so the original stays unread; undefined past `limit`. */
async function peekText(response: Response, limit: number): Promise<string | undefined> {
  const reader = response.clone().body?.getReader();
  if (reader === undefined) return undefined;
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > limit) return undefined;
      chunks.push(value);
    }
  } catch {
    // A body that fails to read is reported by whoever reads the original; here it says nothing.
    return undefined;
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

async function peekJson(response: Response): Promise<unknown> {
  const text = await peekText(response, MAX_PEEKED_ERROR_BYTES);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A pair of fetch wrappers that make the runtime's transport retry Graph's throttling like a 429. */
export interface GraphThrottlingFetches {
  /** Goes below the transport: what it fetches, the transport retries. */
  below(baseFetch: typeof fetch): typeof fetch;
  /** Goes above the transport: what the transport returns, openapi-fetch reads. */
  above(transport: typeof fetch): typeof fetch;
}

/**
 * Graph answers throttling with an error code (4, 17, 32, 613, 80007, 130429), often under HTTP 400,
 * and announces the wait in `X-Business-Use-Case-Usage` (minutes), not in `Retry-After`. The
 * runtime's transport retries by status and reads `Retry-After` / `retry-after-ms` only, so until it
 * takes a response classifier of its own (see the package README), these wrappers translate:
 * `below` turns a throttling answer into a 429 carrying `retry-after-ms` (when Graph gave a wait),
 * which the transport then retries with its backoff, its 60 s cap and its retry budget; `above` gives
 * the final answer back its own status and headers, so a raw client sees exactly what Graph sent.
 */
export function createGraphThrottlingFetches(): GraphThrottlingFetches {
  // Keyed by the stand-in response: the transport hands back the very object it was given.
  const originals = new WeakMap<Response, { status: number; statusText: string; headers: Headers }>();
  return {
    below(baseFetch) {
      return async (input, init) => {
        const response = await baseFetch(input, init);
        if (response.status < 400) return response;
        const classification = classifyGraphError(response, await peekJson(response));
        if (classification?.kind !== 'rate_limited') return response;
        const headers = new Headers(response.headers);
        if (classification.retryAfterMs !== undefined) {
          headers.set('retry-after-ms', String(classification.retryAfterMs));
        }
        const standIn = new Response(response.body, {
          status: 429,
          statusText: 'Too Many Requests',
          headers,
        });
        originals.set(standIn, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
        return standIn;
      };
    },
    above(transport) {
      return async (input, init) => {
        const response = await transport(input, init);
        const original = originals.get(response);
        if (original === undefined) return response;
        return new Response(response.body, original);
      };
    },
  };
}
