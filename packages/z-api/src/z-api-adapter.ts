import {
  emptyToNull,
  expectArray,
  expectRecord,
  type Instance,
  type ProviderAdapter,
  type PushDownFilter,
  readIdentifier,
  readOptionalBoolean,
  readOptionalString,
  readProviderResponse,
  responseFormatError,
  type ShapeContext,
  toIsoDate,
} from '@switchboard/runtime';
import { metadata } from './generated/z-api-metadata.gen.js';
import { createZApiClient, type ZApiClient, type ZApiInstance } from './z-api-client.js';

const PROVIDER = 'z-api';

/**
 * Z-API's `query` searches names and ids, so one exact id or one exact name can be pushed down when
 * it is the only one of the two in the filter: what comes back is a superset of the exact match,
 * which the facade filters again. Several values cannot be expressed in one search, and a value with
 * spaces at either end could be trimmed into a search that misses the exact match, so those are not
 * pushed.
 */
export function zApiSearchFor(filter: PushDownFilter): string | undefined {
  const ids = filter.ids ?? [];
  const names = filter.names ?? [];
  let search: string | undefined;
  if (ids.length === 1 && names.length === 0) search = ids[0];
  else if (names.length === 1 && ids.length === 0) search = names[0];
  if (search === undefined || search === '' || search.trim() !== search) return undefined;
  return search;
}

/** `created` is a date string (empty in the docs' example); some accounts send epoch milliseconds. */
function readDate(item: Record<string, unknown>, key: string, context: ShapeContext, field: string) {
  const value = item[key];
  if (typeof value === 'number') return toIsoDate(value);
  return toIsoDate(readOptionalString(item, key, context, field));
}

/** The common model of one item; `path` names the item in errors (`item`, `content[3]`). */
function toInstance(raw: unknown, account: string, path: string): Instance<'z-api', ZApiInstance> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  const id = readIdentifier(item, 'id', context, path);
  // Z-API has no status text: only whether WhatsApp is connected.
  const connected = readOptionalBoolean(item, 'whatsappConnected', context, path) === true;
  const due = item.due;
  let expiresAt: string | null = null;
  if (typeof due === 'number') expiresAt = toIsoDate(due);
  else if (typeof due === 'string' && /^\d+$/.test(due)) expiresAt = toIsoDate(Number(due));
  else if (due !== undefined && due !== null && due !== '') {
    throw responseFormatError(context, `${path}.due`, 'should be epoch milliseconds');
  }
  return {
    provider: PROVIDER,
    account,
    id,
    name: emptyToNull(readOptionalString(item, 'name', context, path)),
    status: connected ? 'connected' : 'disconnected',
    providerStatus: null,
    phone: null,
    profile: { name: null, pictureUrl: null, isBusiness: null },
    createdAt: readDate(item, 'created', context, path),
    updatedAt: null,
    expiresAt,
    raw: raw as ZApiInstance,
  };
}

export const zApiAdapter: ProviderAdapter<'z-api', ZApiInstance, ZApiClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createZApiClient,

  async listPage(client, request) {
    const context = { provider: PROVIDER, account: request.account };
    const search = zApiSearchFor(request.filter);
    const query = {
      page: request.page,
      pageSize: request.pageSize,
      ...(search === undefined ? {} : { query: search }),
    };
    // Z-API documents its list under 201; openapi-fetch reads any 2xx body, so 200 and 201 both work.
    const { data } = await readProviderResponse(
      client.GET('/instances', {
        params: { query },
        signal: request.signal,
        fetch: request.fetch,
      }),
      { ...context, signal: request.signal },
    );
    const body = expectRecord(data, context, 'body');
    const content = expectArray(body.content, context, 'content');
    // Every item is read now, so that a wrong field is named with its place in the body
    // (`content[3].id`); normalize reads it again, which costs a few type checks.
    for (let index = 0; index < content.length; index++) {
      toInstance(content[index], request.account, `content[${index}]`);
    }
    const totalPage = body.totalPage;
    if (typeof totalPage !== 'number' || !Number.isInteger(totalPage) || totalPage < 0) {
      throw responseFormatError(context, 'totalPage', 'should be a whole number');
    }
    return { items: content as ZApiInstance[], pageCount: totalPage };
  },

  normalize(raw, account) {
    return toInstance(raw, account, 'item');
  },
};
