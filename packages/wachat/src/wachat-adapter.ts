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
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        ...(request.fetch === undefined ? {} : { fetch: request.fetch }),
      }),
      { ...context, ...(request.signal === undefined ? {} : { signal: request.signal }) },
    );
    const body = expectRecord(data, context, 'body');
    const instances = expectArray(body.instances, context, 'instances');
    for (let index = 0; index < instances.length; index++) {
      expectRecord(instances[index], context, `instances[${index}]`);
    }
    return { items: instances as WachatInstance[], pageCount: 1 };
  },

  normalize(raw, account): Instance<'wachat', WachatInstance> {
    const context = { provider: PROVIDER, account };
    const item = expectRecord(raw, context, 'item');
    // `instanceName` is only the display name; later API calls take `apiInstanceName`.
    const id = readIdentifier(item, 'apiInstanceName', context, 'item');
    const providerStatus =
      emptyToNull(readOptionalString(item, 'state', context, 'item')) ??
      emptyToNull(readOptionalString(item, 'status', context, 'item'));
    const pictureUrl =
      emptyToNull(readOptionalString(item, 'profilePictureUrl', context, 'item')) ??
      emptyToNull(readOptionalString(item, 'profilePicUrl', context, 'item'));
    return {
      provider: PROVIDER,
      account,
      id,
      name: emptyToNull(readOptionalString(item, 'instanceName', context, 'item')),
      status: (providerStatus !== null && STATUS_BY_STATE.get(providerStatus)) || 'unknown',
      providerStatus,
      phone:
        toE164(readOptionalString(item, 'number', context, 'item')) ??
        toE164(readOptionalString(item, 'owner', context, 'item')),
      profile: {
        name: emptyToNull(readOptionalString(item, 'profileName', context, 'item')),
        pictureUrl,
        isBusiness: null,
      },
      createdAt: toIsoDate(readOptionalString(item, 'createdAt', context, 'item')),
      updatedAt: toIsoDate(readOptionalString(item, 'updatedAt', context, 'item')),
      expiresAt: null,
      raw,
    };
  },
};
