import { builtInProvidersByKey } from '@switchboard/providers';
import { readPath, authHeaders as specAuthHeaders } from '@switchboard/runtime';
import type { SimulatedProvider } from '../providers.js';
import { readSpec } from './spec-validator.js';

/** Each provider's definition, as the registry holds it. */
const definitionOf = (provider: SimulatedProvider) => builtInProvidersByKey[provider];

const PROVIDERS = Object.keys(builtInProvidersByKey) as SimulatedProvider[];

function byProvider<Value>(read: (provider: SimulatedProvider) => Value): Record<SimulatedProvider, Value> {
  return Object.fromEntries(PROVIDERS.map((provider) => [provider, read(provider)])) as Record<
    SimulatedProvider,
    Value
  >;
}

/** The list endpoint of each provider, as its spec names it. */
export const LIST_PATHS: Record<SimulatedProvider, string> = byProvider(
  (provider) => definitionOf(provider).metadata.listOperation.path,
);

/**
 * The status each list endpoint answers with when all goes well: the 2xx its spec's example is under
 * (Z-API documents its list under 201 and accepts 200 too), else its first 2xx.
 */
export const SUCCESS_STATUS: Record<SimulatedProvider, number> = byProvider((provider) => {
  const responses = readSpec(provider).paths[LIST_PATHS[provider]]?.get?.responses ?? {};
  const successes = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
  const documented = successes.find((status) => {
    const media = (responses[status]?.content as Record<string, Record<string, unknown>> | undefined)?.[
      'application/json'
    ];
    return media?.example !== undefined || media?.examples !== undefined;
  });
  const success = documented ?? successes[0];
  if (success === undefined) throw new Error(`${provider} spec documents no 2xx for its list`);
  return Number(success);
});

/** The headers each provider's client sends beside the credential (issue 17): the simulators require them. */
export function clientHeaders(provider: SimulatedProvider): Record<string, string> {
  return Object.fromEntries(
    Object.entries(definitionOf(provider).metadata.requestHeaders).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );
}

/** The header each provider reads its credential from, with the headers its client sends beside it. */
export function authHeaders(provider: SimulatedProvider, token: string): Record<string, string> {
  const credential = Object.fromEntries(
    Object.entries(specAuthHeaders(definitionOf(provider).metadata.auth, token)).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );
  return { ...clientHeaders(provider), ...credential };
}

/**
 * A valid list request's URL and init: the same thing for every transport the tests use. The spec's
 * fixed query is sent, and a provider that pages gets its first page, unless the query names them.
 */
export function listRequest(
  provider: SimulatedProvider,
  baseUrl: string,
  token: string,
  query = '',
): [string, RequestInit] {
  const { paging, query: fixed } = definitionOf(provider).metadata.listOperation;
  const given = new URLSearchParams(query);
  // The spec's fixed query (WAHA's `all=true`), then the first page of a provider that pages.
  const required = [
    ...Object.entries(fixed).map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
    ...(paging.style === 'page-number'
      ? [`${paging.pageParameter}=1`, `${paging.pageSizeParameter}=100`]
      : []),
  ].filter((pair) => !given.has(pair.split('=')[0]!));
  const search = [...required, query].filter((part) => part !== '').join('&');
  return [
    `${baseUrl}${LIST_PATHS[provider]}${search === '' ? '' : `?${search}`}`,
    { headers: authHeaders(provider, token) },
  ];
}

/** The instances a list body holds, where the spec's `x-switchboard-list.items` says they are. */
export function itemsOf(provider: SimulatedProvider, body: unknown): unknown[] {
  return readPath(body, definitionOf(provider).metadata.listOperation.items) as unknown[];
}
