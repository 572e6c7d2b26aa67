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

/** Headers that carry what the stand-in changed, from `below` to `above`, through the transport. */
const ORIGINAL_STATUS = 'x-switchboard-graph-status';
const ORIGINAL_STATUS_TEXT = 'x-switchboard-graph-status-text';
/** The `retry-after-ms` Graph itself sent (`absent` when none), when the stand-in set its own. */
const ORIGINAL_RETRY_AFTER_MS = 'x-switchboard-graph-retry-after-ms';
const ABSENT = 'absent';

/**
 * Graph answers throttling with an error code (4, 17, 32, 613, 80007, 130429), often under HTTP 400,
 * and announces the wait in `X-Business-Use-Case-Usage` (minutes), not in `Retry-After`. The
 * runtime's transport retries by status and reads `Retry-After` / `retry-after-ms` only, so until it
 * takes a response classifier of its own (see the package README), these wrappers translate:
 * `below` turns a throttling answer into a 429 carrying `retry-after-ms` (when Graph gave a wait),
 * which the transport then retries with its backoff, its 60 s cap and its retry budget; `above` gives
 * the final answer back its own status and headers, so a raw client sees exactly what Graph sent.
 * What changed travels in headers of the stand-in, since the transport hands back a rebuilt response
 * (its body read under `maxResponseBytes`), not the object it was given.
 */
export function createGraphThrottlingFetches(): GraphThrottlingFetches {
  return {
    below(baseFetch) {
      return async (input, init) => {
        const response = await baseFetch(input, init);
        if (response.status < 400) return response;
        const classification = classifyGraphError(response, await peekJson(response));
        if (classification?.kind !== 'rate_limited') return response;
        const headers = new Headers(response.headers);
        headers.set(ORIGINAL_STATUS, String(response.status));
        headers.set(ORIGINAL_STATUS_TEXT, encodeURIComponent(response.statusText));
        if (classification.retryAfterMs !== undefined) {
          headers.set(ORIGINAL_RETRY_AFTER_MS, response.headers.get('retry-after-ms') ?? ABSENT);
          headers.set('retry-after-ms', String(classification.retryAfterMs));
        }
        const standIn = new Response(response.body, {
          status: 429,
          statusText: 'Too Many Requests',
          headers,
        });
        if (response.url !== '') Object.defineProperty(standIn, 'url', { value: response.url });
        return standIn;
      };
    },
    above(transport) {
      return async (input, init) => {
        const response = await transport(input, init);
        const status = response.headers.get(ORIGINAL_STATUS);
        if (status === null) return response;
        const headers = new Headers(response.headers);
        const retryAfterMs = headers.get(ORIGINAL_RETRY_AFTER_MS);
        if (retryAfterMs === ABSENT) headers.delete('retry-after-ms');
        else if (retryAfterMs !== null) headers.set('retry-after-ms', retryAfterMs);
        const statusText = decodeURIComponent(headers.get(ORIGINAL_STATUS_TEXT) ?? '');
        for (const name of [ORIGINAL_STATUS, ORIGINAL_STATUS_TEXT, ORIGINAL_RETRY_AFTER_MS])
          headers.delete(name);
        const original = new Response(response.body, { status: Number(status), statusText, headers });
        if (response.url !== '') Object.defineProperty(original, 'url', { value: response.url });
        return original;
      };
    },
  };
}
