import type { Instance, InstanceStatus } from './instance.js';
import type { Logger, LogLevel } from './logger.js';
import type { TransportSlots } from './transport.js';

/** Requests allowed per window, as a provider documents it (`x-rate-limit` in its spec). */
export interface RateLimit {
  requests: number;
  perMs: number;
}

/** How a provider authenticates, read from the spec's `security` (API.md, Providers table). */
export type ProviderAuth =
  | { readonly scheme: 'bearer' }
  | {
      readonly scheme: 'header';
      /** The header that carries the token (`token`, `X-Api-Key`, `apikey`). */
      readonly header: string;
    };

/** How the list operation is walked, read from its `x-switchboard-list.paging`. */
export type ListPaging =
  | { readonly style: 'none' }
  | {
      readonly style: 'page-number';
      readonly pageParameter: string;
      readonly pageSizeParameter: string;
      /** Dot path in the body of the number of pages. */
      readonly pageCountField: string;
      /** Dot path in the body of the number of items, when the provider gives it. */
      readonly totalField: string | null;
    }
  | {
      readonly style: 'cursor';
      readonly cursorParameter: string;
      readonly limitParameter: string;
      /** Dot path in the body of the cursor that asks for the next page. */
      readonly nextCursorField: string;
      /** Dot path in the body that is present while more pages exist. */
      readonly nextPageField: string;
    };

/** A filter field the provider's API applies itself (`x-switchboard-list.pushDown`). */
export interface PushDownParameter {
  readonly parameter: string;
  /** `comma`: several values joined by `,`; `one`: one value only. */
  readonly many: 'comma' | 'one';
  /** Phones only: E.164 with its `+`, or digits. */
  readonly format?: 'e164' | 'digits';
}

/** The list operation as the spec describes it. */
export interface ListOperation {
  readonly method: 'GET';
  readonly path: string;
  readonly operationId: string;
  /** Dot path of the array in the success body; `.` when the body is the array. */
  readonly items: string;
  /** Query parameters sent on every list request (`all=true` for a list that hides stopped sessions). */
  readonly query: Readonly<Record<string, string>>;
  readonly paging: ListPaging;
  readonly pushDown: Readonly<Partial<Record<'ids' | 'names' | 'statuses' | 'phones', PushDownParameter>>>;
}

/** Where an item's status is and how it maps to the common vocabulary (`x-switchboard-status`). */
export interface StatusMapping {
  /** Dot path in the item. */
  readonly field: string;
  /** Read when `field` is absent or empty. */
  readonly fallbackField: string | null;
  /** Provider value → common status; a value not listed is `unknown`. */
  readonly map: Readonly<Record<string, InstanceStatus>>;
}

/** Facts about a provider read from its spec at generation time (`*-metadata.gen.ts`). */
export interface ProviderMetadata {
  /** The first server URL of the spec. */
  readonly defaultBaseUrl: string;
  /** The spec's `x-rate-limit`, or null when the provider documents none. */
  readonly rateLimit: RateLimit | null;
  /**
   * Paths, inside one listed item, of the fields the spec marks `x-secret: true`: dot-separated, with
   * `[]` for every element of an array (`config.webhooks[].hmac.key`).
   */
  readonly secretFields: readonly string[];
  /** The spec's `x-switchboard-display-name`, or its title. */
  readonly displayName: string;
  /** `x-switchboard-self-hosted`: the default base URL is a server the user runs. */
  readonly selfHosted: boolean;
  readonly auth: ProviderAuth;
  readonly listOperation: ListOperation;
  readonly status: StatusMapping | null;
  /** Headers sent on every request, as the spec's list operation defaults them (a Content-Type the API requires). */
  readonly requestHeaders: Readonly<Record<string, string>>;
}

/** Options every raw client factory accepts (each provider package's `create…Client`). */
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
  /** The largest body an answer may have, in bytes; a larger one is a `ResponseFormatError`. Default 64 MiB. */
  maxResponseBytes?: number;
  /**
   * A concurrency pool (the facade's `concurrency`) each attempt takes a slot from, and gives back
   * before any backoff, so that a retry's wait holds no slot.
   */
  slots?: TransportSlots;
}

/** The filter the facade hands an adapter to push down; the facade re-applies the exact filter. */
export interface PushDownFilter {
  ids?: readonly string[];
  names?: readonly string[];
  statuses?: readonly InstanceStatus[];
  /** E.164 with its `+`. */
  phones?: readonly string[];
}

/**
 * Which page to ask for: `number` is the page's 1-based place in the walk (a `page` parameter), `cursor`
 * what the previous answer said to send (Graph's `after`). The first page is `{ number: 1 }`.
 */
export interface PageRequest {
  readonly number: number;
  readonly cursor?: string;
}

export interface ListPageRequest<AccountSettings = Readonly<Record<string, unknown>>> {
  account: string;
  page: PageRequest;
  filter: PushDownFilter;
  /** The account's provider-specific options (`pageSize`, `businessAccountId`…), resolved by the definition. */
  settings: AccountSettings;
  signal?: AbortSignal;
  /** A per-call transport, when the call overrides the client's timeout or retries. */
  fetch?: typeof fetch;
}

export interface ListPageResult<Provider extends string = string, Raw = unknown> {
  /** The page's items, each read and normalized once (errors name the item's place in the body). */
  instances: Instance<Provider, Raw>[];
  /** How to ask for the next page, from this answer; null when this was the last. */
  next: PageRequest | null;
  /**
   * Pages in all, when the answer says (page-number APIs): the facade then asks for the following pages
   * ahead, in parallel. Without it pages go one after another, following `next`.
   */
  pageCount?: number;
  /** Items in all, when the answer says: a walk stops once that many have come. */
  total?: number;
}

/**
 * What a provider package gives the facade. Versioned, so that the facade can refuse an adapter
 * written against an interface it does not know.
 */
export interface ProviderAdapter<
  Provider extends string = string,
  Raw = unknown,
  Client = unknown,
  AccountSettings = Readonly<Record<string, unknown>>,
> {
  readonly specificationVersion: 'v1';
  readonly provider: Provider;
  readonly metadata: ProviderMetadata;
  /**
   * True when the client hands `ClientOptions.slots` to the runtime's transport, which holds a slot per
   * attempt: the facade then holds none itself. Otherwise the facade holds one for each whole page.
   */
  readonly takesConcurrencySlots?: boolean;
  createClient(options: ClientOptions): Client;
  /**
   * Fetches one page and normalizes its items. HTTP failures reject with the typed errors of
   * `errors.ts`; a body that is not the documented shape rejects with `ResponseFormatError` naming the
   * field. A filter the provider answers with "not found" (a 404 for one unknown name) resolves to no
   * items.
   */
  listPage(client: Client, request: ListPageRequest<AccountSettings>): Promise<ListPageResult<Provider, Raw>>;
  /** Maps one item to the common model; rejects an item of the wrong shape with `ResponseFormatError`. */
  normalize(raw: Raw, account: string): Instance<Provider, Raw>;
}
