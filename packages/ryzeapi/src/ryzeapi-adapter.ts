import {
  emptyToNull,
  expectRecord,
  fetchListPage,
  type Instance,
  mapStatus,
  NotFoundError,
  type ProviderAdapter,
  type PushDownFilter,
  pushDownQuery,
  readIdentifier,
  readOptionalBoolean,
  readOptionalRecord,
  readOptionalString,
  toE164,
  toIsoDate,
} from '@switchboard/runtime';
import { metadata } from './generated/ryzeapi-metadata.gen.js';
import { createRyzeApiClient, type RyzeApiClient, type RyzeApiInstance } from './ryzeapi-client.js';

const PROVIDER = 'ryzeapi';

/**
 * The `instanceName` value for a name filter, or undefined when it cannot be pushed down faithfully:
 * RyzeAPI splits on commas and trims, so a name holding a comma, or with spaces at either end, or
 * empty, would be read as other names. Then nothing is pushed and the facade filters everything.
 * The spec declares the parameter (`many: comma`); the shared push-down applies those rules.
 */
export function ryzeApiInstanceNameFor(filter: PushDownFilter): string | undefined {
  return pushDownQuery(metadata.listOperation, filter, metadata.status).instanceName;
}

/** The common model of one item; `path` names the item in errors (`item`, `instances[3]`). */
function toInstance(raw: unknown, account: string, path: string): Instance<'ryzeapi', RyzeApiInstance> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  const connection = readOptionalRecord(item, 'connection', context, path);
  const profile = readOptionalRecord(item, 'profile', context, path);
  // `connection.state` is the real connection; `status` is the fallback when it is absent.
  const state =
    connection && emptyToNull(readOptionalString(connection, 'state', context, `${path}.connection`));
  const providerStatus = state ?? emptyToNull(readOptionalString(item, 'status', context, path));
  return {
    provider: PROVIDER,
    account,
    id: readIdentifier(item, 'id', context, path),
    name: emptyToNull(readOptionalString(item, 'name', context, path)),
    status: mapStatus(metadata.status, providerStatus),
    providerStatus,
    phone: connection
      ? toE164(readOptionalString(connection, 'numberJid', context, `${path}.connection`))
      : null,
    profile: {
      name: profile ? emptyToNull(readOptionalString(profile, 'name', context, `${path}.profile`)) : null,
      pictureUrl: profile
        ? emptyToNull(readOptionalString(profile, 'pictureUrl', context, `${path}.profile`))
        : null,
      isBusiness: profile ? readOptionalBoolean(profile, 'isBusiness', context, `${path}.profile`) : null,
    },
    createdAt: toIsoDate(readOptionalString(item, 'createdAt', context, path)),
    updatedAt: toIsoDate(readOptionalString(item, 'updatedAt', context, path)),
    expiresAt: null,
    raw: raw as RyzeApiInstance,
  };
}

const reader = { provider: PROVIDER, metadata, toInstance } as const;

export const ryzeApiAdapter: ProviderAdapter<'ryzeapi', RyzeApiInstance, RyzeApiClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createRyzeApiClient,
  // The client is on the runtime's transport, which takes a concurrency slot per attempt.
  takesConcurrencySlots: true,

  async listPage(client, request) {
    try {
      return await fetchListPage(client, request, reader);
    } catch (error) {
      // RyzeAPI answers 404 "Instance not found" when a filter of one name matches nothing; in the
      // common filter language that is an empty result, not an error.
      const instanceName = ryzeApiInstanceNameFor(request.filter);
      const singleName = instanceName !== undefined && !instanceName.includes(',');
      if (singleName && NotFoundError.isInstance(error) && /not found/i.test(error.providerMessage ?? '')) {
        return { instances: [], next: null };
      }
      throw error;
    }
  },

  normalize: (raw, account) => toInstance(raw, account, 'item'),
};
