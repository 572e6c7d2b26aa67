import {
  emptyToNull,
  expectRecord,
  fetchListPage,
  type Instance,
  mapStatus,
  type ProviderAdapter,
  readIdentifier,
  readOptionalString,
  toE164,
  toIsoDate,
} from '@switchboard/runtime';
import { metadata } from './generated/wachat-metadata.gen.js';
import { createWachatClient, type WachatClient, type WachatInstance } from './wachat-client.js';

const PROVIDER = 'wachat';

/** The common model of one item; `path` names the item in errors (`item`, `instances[3]`). */
function toInstance(raw: unknown, account: string, path: string): Instance<'wachat', WachatInstance> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  // `instanceName` is only the display name; later API calls take `apiInstanceName`.
  const id = readIdentifier(item, 'apiInstanceName', context, path);
  // The status comes from `state` alone, as API.md's table says: Wachat's `status`
  // is no documented fallback, so an item without a `state` is `unknown`.
  const providerStatus = emptyToNull(readOptionalString(item, 'state', context, path));
  const pictureUrl =
    emptyToNull(readOptionalString(item, 'profilePictureUrl', context, path)) ??
    emptyToNull(readOptionalString(item, 'profilePicUrl', context, path));
  return {
    provider: PROVIDER,
    account,
    id,
    name: emptyToNull(readOptionalString(item, 'instanceName', context, path)),
    status: mapStatus(metadata.status, providerStatus),
    providerStatus,
    phone:
      toE164(readOptionalString(item, 'number', context, path)) ??
      toE164(readOptionalString(item, 'owner', context, path)),
    profile: {
      name: emptyToNull(readOptionalString(item, 'profileName', context, path)),
      pictureUrl,
      isBusiness: null,
    },
    createdAt: toIsoDate(readOptionalString(item, 'createdAt', context, path)),
    updatedAt: toIsoDate(readOptionalString(item, 'updatedAt', context, path)),
    expiresAt: null,
    raw: raw as WachatInstance,
  };
}

const reader = { provider: PROVIDER, metadata, toInstance } as const;

export const wachatAdapter: ProviderAdapter<'wachat', WachatInstance, WachatClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createWachatClient,
  // The client is on the runtime's transport, which takes a concurrency slot per attempt.
  takesConcurrencySlots: true,
  // Wachat's list takes no filter and has no paging: the facade filters what comes back.
  listPage: (client, request) => fetchListPage(client, request, reader),
  normalize: (raw, account) => toInstance(raw, account, 'item'),
};
