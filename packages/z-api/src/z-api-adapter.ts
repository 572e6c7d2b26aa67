import {
  emptyToNull,
  expectRecord,
  fetchListPage,
  type Instance,
  type ProviderAdapter,
  type PushDownFilter,
  pushDownQuery,
  readIdentifier,
  readOptionalBoolean,
  readOptionalString,
  responseFormatError,
  type ShapeContext,
  toIsoDate,
} from '@switchboard/runtime';
import { metadata } from './generated/z-api-metadata.gen.js';
import { createZApiClient, type ZApiClient, type ZApiInstance } from './z-api-client.js';

const PROVIDER = 'z-api';

/** What an account of Z-API adds to the common options. */
export interface ZApiAccountSettings {
  /** Items per page (`pageSize`). */
  readonly pageSize: number;
}

/**
 * The `query` search a filter pushes down, or undefined. Z-API's `query` searches names and ids
 * alike, so the spec maps both to it and only one value of one of the two is sent: what comes back is
 * a superset of the exact match, which the facade filters again.
 */
export function zApiSearchFor(filter: PushDownFilter): string | undefined {
  return pushDownQuery(metadata.listOperation, filter, metadata.status).query;
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
  // Z-API has no status text, only whether WhatsApp is connected, so no status map in the spec.
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

const reader = { provider: PROVIDER, metadata, toInstance } as const;

export const zApiAdapter: ProviderAdapter<'z-api', ZApiInstance, ZApiClient, ZApiAccountSettings> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createZApiClient,
  // The client is on the runtime's transport, which takes a concurrency slot per attempt.
  takesConcurrencySlots: true,
  // Z-API documents its list under 201; openapi-fetch reads any 2xx body, so 200 and 201 both work.
  listPage: (client, request) =>
    fetchListPage(client, request, reader, { pageSize: request.settings.pageSize }),
  normalize: (raw, account) => toInstance(raw, account, 'item'),
};
