import type { Instance, InstanceStatus } from './instance.js';
import type { Logger, LogLevel } from './logger.js';

/** Requests allowed per window, as a provider documents it (`x-rate-limit` in its spec). */
export interface RateLimit {
  requests: number;
  perMs: number;
}

/** Facts about a provider read from its spec at generation time (`*-metadata.gen.ts`). */
export interface ProviderMetadata {
  /** The first server URL of the spec. */
  readonly defaultBaseUrl: string;
  /** The spec's `x-rate-limit`, or null when the provider documents none. */
  readonly rateLimit: RateLimit | null;
  /** Dot paths, inside one listed item, of the fields the spec marks `x-secret: true`. */
  readonly secretFields: readonly string[];
}

/** Options every raw client factory accepts (`createZApiClient`, `createRyzeApiClient`…). */
export interface ClientOptions {
  /** The credential the provider expects: a partner token, account token or API key. */
  token: string;
  /** Defaults to the server URL of the provider's spec. */
  baseUrl?: string;
  /** A custom fetch, for tests, proxies or instrumentation. Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per attempt, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  /** Retries of a failed GET. Default 2. */
  maxRetries?: number;
  /** Overrides the spec's `x-rate-limit`; `false` turns client-side limiting off. */
  rateLimit?: RateLimit | false;
  logger?: Logger;
  /** Default 'warn'. */
  logLevel?: LogLevel;
  /** Names the provider and account in errors and log lines. */
  account?: string;
}

/** The filter the facade hands an adapter to push down; the facade re-applies the exact filter. */
export interface PushDownFilter {
  ids?: readonly string[];
  names?: readonly string[];
  statuses?: readonly InstanceStatus[];
  /** E.164 with its `+`. */
  phones?: readonly string[];
}

export interface ListPageRequest {
  account: string;
  /** 1-based. */
  page: number;
  pageSize: number;
  filter: PushDownFilter;
  signal?: AbortSignal;
  /** A per-call transport, when the call overrides the client's timeout or retries. */
  fetch?: typeof fetch;
}

export interface ListPageResult<Raw> {
  items: Raw[];
  /** Pages the listing has in all; 1 for providers that do not page. */
  pageCount: number;
}

/**
 * What a provider package gives the facade. Versioned, so that the facade can refuse an adapter
 * written against an interface it does not know.
 */
export interface ProviderAdapter<Provider extends string = string, Raw = unknown, Client = unknown> {
  readonly specificationVersion: 'v1';
  readonly provider: Provider;
  readonly metadata: ProviderMetadata;
  createClient(options: ClientOptions): Client;
  /**
   * Fetches one page. HTTP failures reject with the typed errors of `errors.ts`; a body that is not
   * the documented shape rejects with `ResponseFormatError`. A filter the provider answers with
   * "not found" (RyzeAPI's 404 for one name) resolves to no items.
   */
  listPage(client: Client, request: ListPageRequest): Promise<ListPageResult<Raw>>;
  /** Maps one item to the common model; rejects an item of the wrong shape with `ResponseFormatError`. */
  normalize(raw: Raw, account: string): Instance<Provider, Raw>;
}
