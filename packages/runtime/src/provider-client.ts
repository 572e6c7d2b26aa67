import { defaultHeaders } from './auth-headers.js';
import { ValidationError } from './errors.js';
import type { LogLevel } from './logger.js';
import { assertBaseUrl, assertHeaderSafeToken, isLoopbackUrl } from './option-checks.js';
import type { ClientOptions, ProviderMetadata } from './provider-adapter.js';
import { createRedactor } from './redact.js';
import {
  createTransport,
  type TransportFetch,
  type TransportSlots,
  validateTransportLimits,
} from './transport.js';

export interface ProviderClientSetup {
  baseUrl: string;
  /**
   * The transport every request of the client goes through; its `withOptions` gives one call's
   * timeout or retries on the same rate limiter and slots.
   */
  fetch: TransportFetch;
  token: string;
}

/** Each raw client's setup, held weakly: a client nobody references any more takes its setup with it. */
const clientSetups = new WeakMap<object, ProviderClientSetup>();

/**
 * Ties a raw client to the setup it was made from and returns the client, so that code holding only
 * the client (the facade, `fetchListPage`) can reach its transport, to derive one call's timeout or
 * retries from it (`fetch.withOptions`) instead of building a second transport, and its token, to
 * redact errors where they are built. Each provider's `create…Client` calls it on what it returns.
 */
export function bindClientSetup<Client extends object>(client: Client, setup: ProviderClientSetup): Client {
  clientSetups.set(client, setup);
  return client;
}

/**
 * The setup `bindClientSetup` tied to a client; undefined for a client made some other way (by hand,
 * in a provider defined outside Switchboard), whose caller then falls back to what it knows.
 */
export function clientSetupOf(client: unknown): ProviderClientSetup | undefined {
  if ((typeof client !== 'object' && typeof client !== 'function') || client === null) return undefined;
  return clientSetups.get(client);
}

/**
 * Transport options a raw client also takes beyond `ClientOptions` (read when present, so that a
 * client factory passing its options on whole gets them).
 */
export interface ClientTransportOptions {
  /** The largest body an answer may have, in bytes; a larger one is a `ResponseFormatError`. Default 64 MiB. */
  maxResponseBytes?: number;
  /** A concurrency pool each attempt takes a slot from, and gives back before any backoff. */
  slots?: TransportSlots;
}

function invalidOption(provider: string, field: string, expectation: string): ValidationError {
  return new ValidationError(`${provider} client: \`${field}\` ${expectation}`, { provider, field });
}

const WARN_RANK: Record<LogLevel, boolean> = {
  off: false,
  error: false,
  warn: true,
  info: true,
  debug: true,
};

/**
 * Checks a raw client's options and builds its transport, so that every client factory shares one
 * reading of the options. Throws `ValidationError` synchronously, naming the account and the field
 * (never the value), for a token an HTTP header cannot carry and for a base URL that is not http(s)
 * or carries credentials, a query or a fragment. An `http://` base URL to a host other than this
 * machine draws one warning through the logger: the token would travel unencrypted.
 */
export function resolveClientSetup(
  provider: string,
  metadata: ProviderMetadata,
  options: ClientOptions & ClientTransportOptions,
): ProviderClientSetup {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(`${provider} client: options must be an object with a \`token\``, { provider });
  }
  const { token, timeoutMs, maxRetries } = options;
  const account = typeof options.account === 'string' && options.account !== '' ? options.account : undefined;
  const context = { provider, ...(account === undefined ? {} : { account }) };
  assertHeaderSafeToken(token, { ...context, field: 'token' });
  const baseUrl = options.baseUrl ?? metadata.defaultBaseUrl;
  assertBaseUrl(baseUrl, { ...context, field: 'baseUrl' });
  validateTransportLimits(options, (field, expectation) => invalidOption(provider, field, expectation));
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalidOption(provider, 'fetch', 'must be a fetch function');
  }
  const trimmedBaseUrl = baseUrl.replace(/\/+$/, '');
  const transport = createTransport({
    provider,
    account: account ?? provider,
    secrets: [token],
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(options.slots === undefined ? {} : { slots: options.slots }),
    rateLimit: options.rateLimit === undefined ? metadata.rateLimit : options.rateLimit,
    rateLimitKey: trimmedBaseUrl,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
  });
  warnOfPlainHttp(provider, account, trimmedBaseUrl, token, options);
  return { baseUrl: trimmedBaseUrl, fetch: transport, token };
}

function warnOfPlainHttp(
  provider: string,
  account: string | undefined,
  baseUrl: string,
  token: string,
  options: ClientOptions,
): void {
  const logger = options.logger;
  if (logger === undefined || !WARN_RANK[options.logLevel ?? 'warn']) return;
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' || isLoopbackUrl(url)) return;
  const source =
    account === undefined ? `${provider} client` : `${provider} account ${JSON.stringify(account)}`;
  // Only the host comes from the caller; redacting the whole line would also eat a short token's
  // letters out of the fixed words around it.
  const host = createRedactor([token])(url.host);
  try {
    logger.warn(
      `[switchboard] ${source}: the base URL is plain http:// to ${host}, so the token travels ` +
        'unencrypted; use https:// (only this machine, 127.0.0.1 or localhost, is exempt)',
    );
  } catch {
    // A logger that throws must not stop the client from being made.
  }
}

/** What `createBoundClient` hands the client maker: openapi-fetch's `createClient` takes it as is. */
export interface BoundClientInit {
  baseUrl: string;
  fetch: TransportFetch;
  headers: Record<string, string>;
}

/**
 * A provider's raw client in one step: the options checked and the transport built
 * (`resolveClientSetup`), the client made with the spec's default headers, and tied to its setup
 * (`bindClientSetup`). The maker is passed in (openapi-fetch's `createClient<paths>`), so that the
 * runtime does not depend on openapi-fetch and each factory keeps its own `Client<paths>` type.
 */
export function createBoundClient<Client extends object>(
  provider: string,
  metadata: ProviderMetadata,
  options: ClientOptions & ClientTransportOptions,
  make: (init: BoundClientInit) => Client,
): Client {
  const setup = resolveClientSetup(provider, metadata, options);
  return bindClientSetup(
    make({ baseUrl: setup.baseUrl, fetch: setup.fetch, headers: defaultHeaders(metadata, setup.token) }),
    setup,
  );
}
