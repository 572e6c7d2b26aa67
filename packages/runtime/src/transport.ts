import type { Logger, LogLevel } from './logger.js';
import type { RateLimit } from './provider-adapter.js';

export interface TransportOptions {
  /** Names the provider in errors and log lines. */
  provider: string;
  account?: string;
  /** Values that must never be printed: the token, and anything else the caller knows is secret. */
  secrets: readonly string[];
  fetch?: typeof fetch;
  /** Per attempt. Default 30 000. */
  timeoutMs?: number;
  /** Default 2. */
  maxRetries?: number;
  /** The client-side limit; null or false for none. */
  rateLimit?: RateLimit | null | false;
  /** What the rate limit is shared by: the base URL and the token. */
  rateLimitKey?: string;
  logger?: Logger;
  logLevel?: LogLevel;
}

/**
 * A fetch-compatible function that adds, below openapi-fetch: per-attempt timeout, retries with
 * backoff, `Retry-After`, client-side rate limiting, typed errors for connection failures, timeouts
 * and aborts, and redacted logging.
 * (Placeholder: passes straight through until the transport lands.)
 */
export function createTransport(options: TransportOptions): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch;
  return (input, init) => baseFetch(input, init);
}
