import type { ProviderAuth } from './provider-adapter.js';

/** The headers that carry the token, as the spec's security scheme says. */
export function authHeaders(auth: ProviderAuth, token: string): Record<string, string> {
  return auth.scheme === 'bearer' ? { Authorization: `Bearer ${token}` } : { [auth.header]: token };
}
