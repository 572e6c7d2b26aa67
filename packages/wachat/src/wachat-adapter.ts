import {
  emptyToNull,
  expectArray,
  expectRecord,
  type Instance,
  type InstanceStatus,
  type ProviderAdapter,
  readIdentifier,
  readOptionalString,
  readProviderResponse,
  toE164,
  toIsoDate,
} from '@switchboard/runtime';
import { metadata } from './generated/wachat-metadata.gen.js';
import { createWachatClient, type WachatClient, type WachatInstance } from './wachat-client.js';

const PROVIDER = 'wachat';

const STATUS_BY_STATE: ReadonlyMap<string, InstanceStatus> = new Map([
  ['open', 'connected'],
  ['connecting', 'connecting'],
  ['close', 'disconnected'],
]);

/** The common model of one item; `path` names the item in errors (`item`, `instances[3]`). */
function toInstance(raw: unknown, account: string, path: string): Instance<'wachat', WachatInstance> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  // `instanceName` is only the display name; later API calls take `apiInstanceName`.
  const id = readIdentifier(item, 'apiInstanceName', context, path);
  // The status comes from `state` alone, as API.md's table says: unlike RyzeAPI, Wachat's `status`
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
    status: (providerStatus !== null && STATUS_BY_STATE.get(providerStatus)) || 'unknown',
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

export const wachatAdapter: ProviderAdapter<'wachat', WachatInstance, WachatClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createWachatClient,

  // Wachat's list takes no filter and has no paging: the facade filters what comes back.
  async listPage(client, request) {
    const context = { provider: PROVIDER, account: request.account };
    const { data } = await readProviderResponse(
      client.GET('/instance/list', {
        signal: request.signal,
        fetch: request.fetch,
      }),
      { ...context, signal: request.signal },
    );
    const body = expectRecord(data, context, 'body');
    const instances = expectArray(body.instances, context, 'instances');
    // Every item is read now, so that a wrong field is named with its place in the body
    // (`instances[3].id`); normalize reads it again, which costs a few type checks.
    for (let index = 0; index < instances.length; index++) {
      toInstance(instances[index], request.account, `instances[${index}]`);
    }
    return { items: instances as WachatInstance[], pageCount: 1 };
  },

  normalize(raw, account) {
    return toInstance(raw, account, 'item');
  },
};
