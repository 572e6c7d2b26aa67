import type { SimulatedProvider } from '../providers.js';

/** The list endpoint of each provider, as its spec names it. */
export const LIST_PATHS: Record<SimulatedProvider, string> = {
  'z-api': '/instances',
  ryzeapi: '/instance/list',
  hypersender: '/instances',
  wachat: '/instance/list',
};

/** The status each list endpoint answers with when all goes well. */
export const SUCCESS_STATUS: Record<SimulatedProvider, number> = {
  'z-api': 201,
  ryzeapi: 200,
  hypersender: 200,
  wachat: 200,
};

/** The headers each provider's client sends beside the credential (issue 17): the simulators require them. */
export function clientHeaders(provider: SimulatedProvider): Record<string, string> {
  if (provider === 'z-api') return { 'content-type': 'application/json' };
  if (provider === 'hypersender') return { accept: 'application/json' };
  return {};
}

/** The header each provider reads its credential from, with the headers its client sends beside it. */
export function authHeaders(provider: SimulatedProvider, token: string): Record<string, string> {
  const credential: Record<string, string> =
    provider === 'ryzeapi' ? { token } : { authorization: `Bearer ${token}` };
  return { ...clientHeaders(provider), ...credential };
}

/** A valid list request's URL and init: the same thing for every transport the tests use. */
export function listRequest(
  provider: SimulatedProvider,
  baseUrl: string,
  token: string,
  query = '',
): [string, RequestInit] {
  // Z-API requires paging: added unless the query sets it.
  const given = new URLSearchParams(query);
  const required =
    provider === 'z-api' ? ['page=1', 'pageSize=100'].filter((pair) => !given.has(pair.split('=')[0]!)) : [];
  const search = [...required, query].filter((part) => part !== '').join('&');
  return [
    `${baseUrl}${LIST_PATHS[provider]}${search === '' ? '' : `?${search}`}`,
    { headers: authHeaders(provider, token) },
  ];
}

/** The instances a list body holds, whatever the provider's envelope. */
export function itemsOf(provider: SimulatedProvider, body: unknown): unknown[] {
  if (provider === 'hypersender') return body as unknown[];
  if (provider === 'z-api') return (body as { content: unknown[] }).content;
  return (body as { instances: unknown[] }).instances;
}
