import type { ProviderAuth, ProviderMetadata } from './provider-adapter.js';

/** The headers that carry the token, as the spec's security scheme says. */
export function authHeaders(auth: ProviderAuth, token: string): Record<string, string> {
  return auth.scheme === 'bearer' ? { Authorization: `Bearer ${token}` } : { [auth.header]: token };
}

/**
 * The headers a raw client sends on every request: the spec's defaults (a Content-Type or an
 * Accept some providers require), then the token as the spec's security scheme says. A caller can still
 * override any of them per request.
 */
export function defaultHeaders(metadata: ProviderMetadata, token: string): Record<string, string> {
  return { ...metadata.requestHeaders, ...authHeaders(metadata.auth, token) };
}
