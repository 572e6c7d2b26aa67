import {
  emptyToNull,
  expectArray,
  expectRecord,
  type Instance,
  type InstanceStatus,
  type ProviderAdapter,
  type PushDownFilter,
  readIdentifier,
  readOptionalString,
  readProviderResponse,
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

const STATUS_BY_PROVIDER_STATUS: ReadonlyMap<string, InstanceStatus> = new Map<
  HypersenderInstanceStatus,
  InstanceStatus
>([
  ['WORKING', 'connected'],
  ['STARTING', 'connecting'],
  ['SCAN_QR_CODE', 'qr_pending'],
  ['STOPPED', 'stopped'],
  ['FAILED', 'failed'],
  ['PENDING', 'pending'],
]);

const PROVIDER_STATUS_BY_STATUS: ReadonlyMap<InstanceStatus, HypersenderInstanceStatus> = new Map(
  [...STATUS_BY_PROVIDER_STATUS].map(([providerStatus, status]) => [
    status,
    providerStatus as HypersenderInstanceStatus,
  ]),
);

export type HypersenderListQuery = {
  'filter[uuid]'?: string;
  'filter[name]'?: string;
  'filter[phone]'?: string;
  'filter[status]'?: HypersenderInstanceStatus;
};

/**
 * Hypersender filters one value per key, so a filter is pushed down only when it has exactly one value
 * that the API can express: the name as a partial match (a superset of the exact name), the phone in
 * E.164 with its `+`, and a status that maps to exactly one Hypersender status.
 */
export function hypersenderQueryFor(filter: PushDownFilter): HypersenderListQuery {
  const query: HypersenderListQuery = {};
  if (filter.ids?.length === 1 && filter.ids[0] !== '') query['filter[uuid]'] = filter.ids[0]!;
  if (filter.names?.length === 1 && filter.names[0]?.trim() !== '') query['filter[name]'] = filter.names[0]!;
  if (filter.phones?.length === 1) {
    const phone = toE164(filter.phones[0]);
    if (phone !== null) query['filter[phone]'] = phone;
  }
  if (filter.statuses?.length === 1) {
    const providerStatus = PROVIDER_STATUS_BY_STATUS.get(filter.statuses[0]!);
    if (providerStatus !== undefined) query['filter[status]'] = providerStatus;
  }
  return query;
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
    status: (providerStatus !== null && STATUS_BY_PROVIDER_STATUS.get(providerStatus)) || 'unknown',
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

export const hypersenderAdapter: ProviderAdapter<'hypersender', HypersenderInstance, HypersenderClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createHypersenderClient,

  async listPage(client, request) {
    const context = { provider: PROVIDER, account: request.account };
    const { data } = await readProviderResponse(
      client.GET('/instances', {
        params: { query: hypersenderQueryFor(request.filter) },
        signal: request.signal,
        fetch: request.fetch,
      }),
      { ...context, signal: request.signal },
    );
    // A bare array: no envelope and no paging.
    const items = expectArray(data, context, 'body');
    // Every item is read now, so that a wrong field is named with its place in the body
    // (`[3].id`); normalize reads it again, which costs a few type checks.
    for (let index = 0; index < items.length; index++) {
      toInstance(items[index], request.account, `[${index}]`);
    }
    return { items: items as HypersenderInstance[], pageCount: 1 };
  },

  normalize(raw, account) {
    return toInstance(raw, account, 'item');
  },
};
