import { type ErrorClassifier, type OpenApiFetchResult, readProviderResponse } from './http-errors.js';
import type { Instance, InstanceStatus } from './instance.js';
import { toE164 } from './normalize.js';
import type {
  ListOperation,
  ListPageRequest,
  ListPageResult,
  PageRequest,
  ProviderMetadata,
  PushDownFilter,
  PushDownParameter,
  StatusMapping,
} from './provider-adapter.js';
import { clientSetupOf } from './provider-client.js';
import { expectArray, expectRecord, responseFormatError, type ShapeContext } from './response-shape.js';

/** The value at a dot path (`paging.cursors.after`), own properties only; `.` is the value itself. */
export function readPath(value: unknown, path: string): unknown {
  if (path === '.' || path === '') return value;
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * A value the provider would read as something else is not pushed: an empty one, one with spaces
 * at either end (trimmed into another search), or, for a comma-joined parameter, one holding a comma.
 */
function pushable(value: string, parameter: PushDownParameter): boolean {
  return value !== '' && value.trim() === value && !(parameter.many === 'comma' && value.includes(','));
}

function joinValues(values: readonly string[] | undefined, parameter: PushDownParameter): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const unique = [...new Set(values)];
  if (parameter.many === 'one' && unique.length !== 1) return undefined;
  if (!unique.every((value) => pushable(value, parameter))) return undefined;
  return unique.join(',');
}

/** The provider's status value for a common status, when exactly one provider value maps to it. */
function providerStatusFor(mapping: StatusMapping | null, status: InstanceStatus): string | undefined {
  if (mapping === null) return undefined;
  const values = Object.keys(mapping.map).filter((value) => mapping.map[value] === status);
  return values.length === 1 ? values[0] : undefined;
}

/**
 * The query parameters that push a filter down, as the spec's `x-switchboard-list.pushDown` declares
 * them. What the API cannot express faithfully is left out: the facade filters what comes back
 * exactly, so a pushed filter only has to return a superset. Two filter fields the spec maps to one
 * parameter (one `query` that searches ids and names) are pushed only when one of them has a value.
 */
export function pushDownQuery(
  operation: ListOperation,
  filter: PushDownFilter,
  status: StatusMapping | null,
): Record<string, string> {
  const query: Record<string, string> = {};
  const { ids, names, statuses, phones } = operation.pushDown;
  const claimed = new Map<string, number>();
  const add = (parameter: PushDownParameter, value: string | undefined) => {
    claimed.set(parameter.parameter, (claimed.get(parameter.parameter) ?? 0) + (value === undefined ? 0 : 1));
    if (value !== undefined) query[parameter.parameter] = value;
  };
  const hasValues = (values: readonly unknown[] | undefined) => values !== undefined && values.length > 0;
  if (ids) add(ids, joinValues(filter.ids, ids));
  if (names) {
    // A shared parameter already holding the other field's value, or both fields set: push neither.
    if (ids?.parameter === names.parameter && hasValues(filter.ids) && hasValues(filter.names)) {
      delete query[names.parameter];
    } else if (!(ids?.parameter === names.parameter && hasValues(filter.ids))) {
      add(names, joinValues(filter.names, names));
    }
  }
  if (statuses && filter.statuses !== undefined) {
    const values = filter.statuses.map((value) => providerStatusFor(status, value));
    if (values.every((value): value is string => value !== undefined))
      add(statuses, joinValues(values, statuses));
  }
  if (phones && filter.phones !== undefined) {
    const values = filter.phones.map((phone) => {
      const e164 = toE164(phone);
      return e164 === null ? undefined : phones.format === 'digits' ? e164.slice(1) : e164;
    });
    if (values.every((value): value is string => value !== undefined))
      add(phones, joinValues(values, phones));
  }
  return query;
}

/** Every query parameter of one list request: the spec's fixed ones, then the pushed-down filter. */
export function listQuery(
  operation: ListOperation,
  filter: PushDownFilter,
  status: StatusMapping | null,
): Record<string, string> {
  return { ...operation.query, ...pushDownQuery(operation, filter, status) };
}

/** The common status of a provider value (`unknown` for one the spec's map does not list). */
export function mapStatus(mapping: StatusMapping | null, providerStatus: string | null): InstanceStatus {
  if (mapping === null || providerStatus === null || !Object.hasOwn(mapping.map, providerStatus)) {
    return 'unknown';
  }
  return mapping.map[providerStatus]!;
}

/** The array of items in a list answer, where the spec's `x-switchboard-list.items` says it is. */
export function readListItems(operation: ListOperation, body: unknown, context: ShapeContext): unknown[] {
  if (operation.items === '.') return expectArray(body, context, 'body');
  return expectArray(
    readPath(expectRecord(body, context, 'body'), operation.items),
    context,
    operation.items,
  );
}

/** Where an item sits in the answer, for error messages: `instances[3]`, `[3]`. */
export function itemPath(operation: ListOperation, index: number): string {
  return operation.items === '.' ? `[${index}]` : `${operation.items}[${index}]`;
}

export interface PageNavigation {
  next: PageRequest | null;
  pageCount?: number;
  total?: number;
}

function readCount(body: unknown, path: string, context: ShapeContext): number {
  const value = readPath(body, path);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw responseFormatError(context, path, 'should be a whole number');
  }
  // A count past 2^53 cannot be compared or incremented exactly: the walk could not stop where it should.
  if (!Number.isSafeInteger(value)) throw responseFormatError(context, path, 'should be a safe integer');
  return value;
}

/**
 * How to ask for the page after `page`, read from the answer as the spec's paging says. Page-number
 * answers also give the page count (so the facade can ask ahead) and the total; a cursor answer has a
 * next page while `nextPageField` is present and the cursor is a non-empty string.
 */
export function navigatePages(
  operation: ListOperation,
  body: unknown,
  page: PageRequest,
  context: ShapeContext,
): PageNavigation {
  const { paging } = operation;
  if (paging.style === 'none') return { next: null };
  if (paging.style === 'page-number') {
    const pageCount = readCount(body, paging.pageCountField, context);
    const navigation: PageNavigation = {
      next: page.number < pageCount ? { number: page.number + 1 } : null,
      pageCount,
    };
    if (paging.totalField !== null) navigation.total = readCount(body, paging.totalField, context);
    return navigation;
  }
  const more = readPath(body, paging.nextPageField);
  const cursor = readPath(body, paging.nextCursorField);
  if (more === undefined || more === null || more === '') return { next: null };
  if (typeof cursor !== 'string' || cursor === '') return { next: null };
  return { next: { number: page.number + 1, cursor } };
}

/** The query parameters that ask for one page, as the spec's paging names them. */
export function pageQuery(
  operation: ListOperation,
  page: PageRequest,
  pageSize: number,
): Record<string, string | number> {
  const { paging } = operation;
  if (paging.style === 'page-number') {
    return { [paging.pageParameter]: page.number, [paging.pageSizeParameter]: pageSize };
  }
  if (paging.style === 'cursor') {
    return {
      [paging.limitParameter]: pageSize,
      ...(page.cursor === undefined ? {} : { [paging.cursorParameter]: page.cursor }),
    };
  }
  return {};
}

/** The part of an openapi-fetch client the page reader calls. */
export interface ListingClient {
  // biome-ignore lint/suspicious/noExplicitAny: the path and its parameters come from the spec's metadata.
  GET(path: any, init: any): Promise<OpenApiFetchResult<unknown>>;
}

/** How one provider reads its list answer: everything but the item mapping comes from its spec. */
export interface ListPageReader<Provider extends string, Raw> {
  readonly provider: Provider;
  readonly metadata: ProviderMetadata;
  /** Reads and normalizes one item; `path` names it in errors (`instances[3]`). */
  toInstance(raw: unknown, account: string, path: string): Instance<Provider, Raw>;
  /** What an error answer means beyond its status, for a provider whose body says more (Graph's codes). */
  readonly classifyError?: ErrorClassifier;
}

export interface ListPageCall {
  /** Query parameters beyond the spec's fixed ones, the push-down and the page (an adapter's own). */
  query?: Record<string, string | number>;
  /** Replaces the push-down the spec declares (for an adapter that decides otherwise, and says why). */
  pushDown?: Record<string, string>;
  /** Values of the path's `{parameters}`. */
  path?: Record<string, string>;
  /** Items per page, for providers that page. */
  pageSize?: number;
}

/**
 * What errors about a client's answers must never show: its token, when the client was bound to its
 * setup (`bindClientSetup`); nothing is known of a client made by hand, whose maker redacts its own.
 */
export function clientSecrets(client: unknown): readonly string[] {
  const token = clientSetupOf(client)?.token;
  return token === undefined ? [] : [token];
}

/**
 * One page of the spec's list operation: the request (fixed query, push-down, page), the typed error
 * of a failed answer, the items read and normalized in one pass, and how to ask for the next page.
 */
export async function fetchListPage<Provider extends string, Raw>(
  client: ListingClient,
  request: ListPageRequest<unknown>,
  reader: ListPageReader<Provider, Raw>,
  call: ListPageCall = {},
): Promise<ListPageResult<Provider, Raw>> {
  const { metadata } = reader;
  const operation = metadata.listOperation;
  const context = { provider: reader.provider, account: request.account };
  // The error is redacted as it is built: an answer echoing the token ("Invalid token abc…") must
  // not carry it into the message, the stack or `toJSON`, and nothing downstream rewrites it.
  const secrets = clientSecrets(client);
  const query = {
    ...operation.query,
    ...(call.pushDown ?? pushDownQuery(operation, request.filter, metadata.status)),
    ...pageQuery(operation, request.page, call.pageSize ?? 0),
    ...call.query,
  };
  const { data } = await readProviderResponse(
    client.GET(operation.path, {
      params: { query, ...(call.path === undefined ? {} : { path: call.path }) },
      signal: request.signal,
      fetch: request.fetch,
    }),
    {
      ...context,
      secrets,
      signal: request.signal,
      ...(reader.classifyError === undefined ? {} : { classifyError: reader.classifyError }),
    },
  );
  const items = readListItems(operation, data, context);
  const instances: Instance<Provider, Raw>[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    instances[index] = reader.toInstance(items[index], request.account, itemPath(operation, index));
  }
  return { instances, ...navigatePages(operation, data, request.page, context) };
}
