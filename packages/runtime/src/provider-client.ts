import { ValidationError } from './errors.js';
import type { ClientOptions, ProviderMetadata } from './provider-adapter.js';
import { createTransport } from './transport.js';

export interface ProviderClientSetup {
  baseUrl: string;
  /** The transport every request of the client goes through. */
  fetch: typeof fetch;
  token: string;
}

function invalidOption(provider: string, field: string, expectation: string): ValidationError {
  return new ValidationError(`${provider} client: \`${field}\` ${expectation}`, { provider, field });
}

/**
 * Checks a raw client's options and builds its transport, so that the four client factories share one
 * reading of the options. The token's value is never put in an error.
 */
export function resolveClientSetup(
  provider: string,
  metadata: ProviderMetadata,
  options: ClientOptions,
): ProviderClientSetup {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError(`${provider} client: options must be an object with a \`token\``, { provider });
  }
  const { token, timeoutMs, maxRetries } = options;
  if (typeof token !== 'string' || token.trim() === '') {
    throw invalidOption(provider, 'token', 'must be a non-empty string');
  }
  const baseUrl = options.baseUrl ?? metadata.defaultBaseUrl;
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(baseUrl)) {
    throw invalidOption(provider, 'baseUrl', 'must be an http(s) URL');
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw invalidOption(provider, 'timeoutMs', 'must be a positive number of milliseconds');
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw invalidOption(provider, 'maxRetries', 'must be a whole number, 0 or more');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalidOption(provider, 'fetch', 'must be a fetch function');
  }
  const transport = createTransport({
    provider,
    account: options.account ?? provider,
    secrets: [token],
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
    rateLimit: options.rateLimit === undefined ? metadata.rateLimit : options.rateLimit,
    rateLimitKey: baseUrl.replace(/\/+$/, ''),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
  });
  return { baseUrl: baseUrl.replace(/\/+$/, ''), fetch: transport, token };
}
