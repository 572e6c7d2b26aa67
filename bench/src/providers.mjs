// The benchmarks name no provider: each picks one from the registry by what the benchmark needs (a
// one-shot list, a documented rate limit, page numbers) and builds its requests from the definition's
// metadata, which is generated from the provider's spec. A provider added to the registry is then
// measured (and size-budgeted) with no edit here.
import { builtInProviders } from '@switchboard/core';
import { defaultHeaders, pageQuery, readPath } from '@switchboard/runtime';

/** Every built-in provider definition, in the registry's order. */
export const PROVIDERS = builtInProviders;

/** The keys of the registry, in its order. */
export const PROVIDER_KEYS = builtInProviders.map((definition) => definition.key);

/**
 * The first definition of the registry that `matches`; `need` says what the benchmark looks for, so
 * that a registry with no such provider fails with a sentence rather than deep inside a run.
 */
function firstProvider(need, matches) {
  const definition = builtInProviders.find(matches);
  if (definition === undefined) throw new Error(`bench: no provider in the registry has ${need}`);
  return definition;
}

/** The first provider that answers a list in one response (paging style `none`). */
export const oneShotProvider = () =>
  firstProvider('a one-shot list (paging style "none")', (definition) => {
    return definition.metadata.listOperation.paging.style === 'none';
  });

/** The first provider whose spec documents a rate limit. */
export const rateLimitedProvider = () =>
  firstProvider('a documented rate limit', (definition) => definition.metadata.rateLimit !== null);

/** The first provider that pages by page number (its pages can be walked ahead, in parallel). */
export const pageNumberProvider = () =>
  firstProvider('page-number paging', (definition) => {
    return definition.metadata.listOperation.paging.style === 'page-number';
  });

/**
 * The query of one list request: the operation's fixed parameters, and for a paged API the page
 * (page number or nothing for the first cursor page) and its size.
 */
export function listQuery(definition, { page = 1, pageSize = 100 } = {}) {
  const operation = definition.metadata.listOperation;
  return { ...operation.query, ...pageQuery(operation, { number: page }, pageSize) };
}

/**
 * The URL and headers of a provider's first list page, as a hand-written client would send them: the
 * headers its spec's examples send (`requestHeaders`, such as a `Content-Type` some providers insist
 * on), then its credential.
 */
export function plainListRequest(
  definition,
  baseUrl,
  token,
  page = {},
  path = definition.metadata.listOperation.path,
) {
  const search = new URLSearchParams(listQuery(definition, page)).toString();
  return {
    url: `${baseUrl}${path}${search === '' ? '' : `?${search}`}`,
    headers: defaultHeaders(definition.metadata, token),
  };
}

/** The list items of a success body. */
export function listItems(definition, body) {
  const items = readPath(body, definition.metadata.listOperation.items);
  if (!Array.isArray(items)) {
    throw new Error(`bench: ${definition.key} answered a list with no array at its items path`);
  }
  return items;
}

/** One plain fetch of a list, its body read and parsed, as any hand-written client would. */
export async function plainFetchList({ url, headers }) {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`plain fetch: ${url} answered ${response.status}`);
  return response.json();
}

/** The account options a demo account of this provider needs beyond the token (from its simulator). */
export async function demoAccountOptions(definition) {
  const simulatorModule = await definition.loadSimulator();
  return simulatorModule.demoAccountOptions ?? {};
}

/**
 * The list path of a demo account: the spec's, or, when it has path parameters (WhatsApp Cloud's
 * business account id), the one the provider's simulator module fills in (`demoListPath`).
 */
export async function demoListPath(definition) {
  const simulatorModule = await definition.loadSimulator();
  return simulatorModule.demoListPath ?? definition.metadata.listOperation.path;
}
