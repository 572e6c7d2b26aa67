import { builtInProvidersByKey } from '@switchboard/providers';
import { authHeaders as credentialHeaders, readPath } from '@switchboard/runtime';
import { createSimulators } from '../create-simulators.js';
import { builtInSimulatedProviders, SIMULATED_PROVIDERS, type SimulatedProvider } from '../providers.js';
import { createSpecValidator } from './spec-validator.js';

function metadataOf(provider: SimulatedProvider) {
  return builtInProvidersByKey[provider].metadata;
}

/** The list endpoint of a provider, as its spec names it (a template, `/{Version}/{WABA-ID}/…`, for some). */
export function listPathOf(provider: SimulatedProvider): string {
  return metadataOf(provider).listOperation.path;
}

const CAPTURE_ORIGIN = 'https://list-request.capture.test';

/**
 * The first list request each adapter really makes, for a demo account: its path with the path
 * parameters filled in (a business account id, an API version) and its query (paging, fixed
 * parameters). Read by running `listPage` against a fetch that records the request and fails.
 */
const FIRST_REQUESTS = new Map<string, URL>();
for (const entry of builtInSimulatedProviders) {
  const { definition } = entry;
  let captured: URL | undefined;
  const client = definition.adapter.createClient({
    token: 'capture-token',
    baseUrl: CAPTURE_ORIGIN,
    maxRetries: 0,
    rateLimit: false,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      captured = new URL(new Request(input, init).url);
      throw new TypeError('captured');
    },
  });
  const settings = definition.accountOptions.resolve(entry.simulator.demoAccountOptions ?? {}, 'capture');
  await definition.adapter
    .listPage(client, { account: 'capture', page: { number: 1 }, filter: {}, settings })
    .catch(() => undefined);
  if (captured === undefined) throw new Error(`The ${definition.key} adapter made no request`);
  FIRST_REQUESTS.set(definition.key, captured);
}

/** The path a demo account's list request goes to, below the base URL. */
export function concreteListPathOf(provider: SimulatedProvider): string {
  return FIRST_REQUESTS.get(provider)!.pathname;
}

/** Whether a status is the success a list endpoint answers with (a 2xx; one spec documents a 201). */
export function isListSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The headers a provider's client sends beside the credential, as its spec defaults them: the simulators require them. */
export function clientHeaders(provider: SimulatedProvider): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadataOf(provider).requestHeaders).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

/** The header the spec's security scheme reads the credential from, lower-cased as fetch sends it. */
export function credentialHeaderOf(provider: SimulatedProvider): string {
  const { auth } = metadataOf(provider);
  return auth.scheme === 'bearer' ? 'authorization' : auth.header.toLowerCase();
}

/** The credential header, with the headers the provider's client sends beside it. */
export function authHeaders(provider: SimulatedProvider, token: string): Record<string, string> {
  const credential = Object.fromEntries(
    Object.entries(credentialHeaders(metadataOf(provider).auth, token)).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );
  return { ...clientHeaders(provider), ...credential };
}

/** The query parameters the adapter's first page sends: the spec's fixed ones and the paging. */
function requiredQuery(provider: SimulatedProvider): Record<string, string> {
  return Object.fromEntries(FIRST_REQUESTS.get(provider)!.searchParams);
}

/** A valid list request's URL and init: the same thing for every transport the tests use. */
export function listRequest(
  provider: SimulatedProvider,
  baseUrl: string,
  token: string,
  query = '',
): [string, RequestInit] {
  // What the API requires (paging) is added unless the query sets it.
  const given = new URLSearchParams(query);
  const required = Object.entries(requiredQuery(provider))
    .filter(([name]) => !given.has(name))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  const search = [...required, query].filter((part) => part !== '').join('&');
  return [
    `${baseUrl}${concreteListPathOf(provider)}${search === '' ? '' : `?${search}`}`,
    { headers: authHeaders(provider, token) },
  ];
}

/** The instances a list body holds, where the spec's list operation says they are. */
export function itemsOf(provider: SimulatedProvider, body: unknown): unknown[] {
  return readPath(body, metadataOf(provider).listOperation.items) as unknown[];
}

/**
 * The status a provider's simulator answers a good list with (a spec may document two 2xx, so the
 * simulator's own choice is read), checked to be one its spec documents.
 */
function successStatusOf(provider: SimulatedProvider): number {
  const simulator = createSimulators({ counts: { [provider]: 0 } }).simulator(provider);
  // The simulator's own declaration; protected in TypeScript, a plain property at run time.
  const status = (simulator as unknown as { successStatus: number }).successStatus;
  const documented = createSpecValidator(provider).documentedStatuses(listPathOf(provider), 'get');
  if (!isListSuccess(status) || !documented.includes(String(status))) {
    throw new Error(
      `The ${provider} simulator answers ${status}, which its spec does not document as a success`,
    );
  }
  return status;
}

/** The list endpoint of each provider, as its spec names it. */
export const LIST_PATHS: Readonly<Record<SimulatedProvider, string>> = Object.fromEntries(
  SIMULATED_PROVIDERS.map((provider) => [provider, listPathOf(provider)]),
) as Record<SimulatedProvider, string>;

/** The status each list endpoint answers with when all goes well, as each spec documents it. */
export const SUCCESS_STATUS: Readonly<Record<SimulatedProvider, number>> = Object.fromEntries(
  SIMULATED_PROVIDERS.map((provider) => [provider, successStatusOf(provider)]),
) as Record<SimulatedProvider, number>;

/** The path each provider's list request goes to below its base URL, path parameters filled in. */
export const REQUEST_PATHS: Readonly<Record<SimulatedProvider, string>> = Object.fromEntries(
  SIMULATED_PROVIDERS.map((provider) => [provider, concreteListPathOf(provider)]),
) as Record<SimulatedProvider, string>;
