import {
  emptyToNull,
  expectRecord,
  fetchListPage,
  type Instance,
  mapStatus,
  type ProviderAdapter,
  type PushDownFilter,
  pushDownQuery,
  readIdentifier,
  readOptionalString,
  toE164,
  toIsoDate,
} from '@switchboard/runtime';
import { metadata } from './generated/hypersender-metadata.gen.js';
import {
  createHypersenderClient,
  type HypersenderClient,
  type HypersenderInstance,
  type HypersenderInstanceStatus,
} from './hypersender-client.js';

const PROVIDER = 'hypersender';

export type HypersenderListQuery = {
  'filter[uuid]'?: string;
  'filter[name]'?: string;
  'filter[phone]'?: string;
  'filter[status]'?: HypersenderInstanceStatus;
};

/**
 * Hypersender filters one value per key, so a filter is pushed down only when it has exactly one value
 * that the API can express (the spec's `pushDown`, all `many: one`): the name as a partial match (a
 * superset of the exact name), the phone in E.164 with its `+`, and a status that maps to exactly one
 * Hypersender status.
 */
export function hypersenderQueryFor(filter: PushDownFilter): HypersenderListQuery {
  return pushDownQuery(metadata.listOperation, filter, metadata.status) as HypersenderListQuery;
}

/** The common model of one item; `path` names the item in errors (`item`, `[3]`). */
function toInstance(
  raw: unknown,
  account: string,
  path: string,
): Instance<'hypersender', HypersenderInstance> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  const providerStatus = emptyToNull(readOptionalString(item, 'status', context, path));
  return {
    provider: PROVIDER,
    account,
    id: readIdentifier(item, 'id', context, path),
    name: emptyToNull(readOptionalString(item, 'name', context, path)),
    status: mapStatus(metadata.status, providerStatus),
    providerStatus,
    phone: toE164(readOptionalString(item, 'phone', context, path)),
    profile: { name: null, pictureUrl: null, isBusiness: null },
    // `created_at` has no zone (`2025-05-26T10:12:45`): toIsoDate reads it as UTC.
    createdAt: toIsoDate(readOptionalString(item, 'created_at', context, path)),
    updatedAt: null,
    expiresAt: null,
    raw: raw as HypersenderInstance,
  };
}

const reader = { provider: PROVIDER, metadata, toInstance } as const;

export const hypersenderAdapter: ProviderAdapter<'hypersender', HypersenderInstance, HypersenderClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createHypersenderClient,
  // The client is on the runtime's transport, which takes a concurrency slot per attempt.
  takesConcurrencySlots: true,
  listPage: (client, request) => fetchListPage(client, request, reader),
  normalize: (raw, account) => toInstance(raw, account, 'item'),
};
