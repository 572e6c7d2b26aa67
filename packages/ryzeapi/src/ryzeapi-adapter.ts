import {
  emptyToNull,
  expectArray,
  expectRecord,
  type Instance,
  type InstanceStatus,
  NotFoundError,
  type ProviderAdapter,
  type PushDownFilter,
  readIdentifier,
  readOptionalBoolean,
  readOptionalRecord,
  readOptionalString,
  readProviderResponse,
  toE164,
  toIsoDate,
} from '@switchboard/runtime';
import { metadata } from './generated/ryzeapi-metadata.gen.js';
import { createRyzeApiClient, type RyzeApiClient, type RyzeApiInstance } from './ryzeapi-client.js';

const PROVIDER = 'ryzeapi';

// A Map, not an object literal: a state such as `constructor` must not find Object's prototype.
const STATUS_BY_STATE: ReadonlyMap<string, InstanceStatus> = new Map([
  ['connected', 'connected'],
  ['connecting', 'connecting'],
  ['disconnected', 'disconnected'],
  ['loggedout', 'logged_out'],
]);

/**
 * The `instanceName` value for a name filter, or undefined when it cannot be pushed down faithfully:
 * RyzeAPI splits on commas and trims, so a name holding a comma, or with spaces at either end, or
 * empty, would be read as other names. Then nothing is pushed and the facade filters everything.
 */
export function ryzeApiInstanceNameFor(filter: PushDownFilter): string | undefined {
  const names = filter.names;
  if (names === undefined || names.length === 0) return undefined;
  const pushable = names.every((name) => name !== '' && !name.includes(',') && name.trim() === name);
  return pushable ? [...new Set(names)].join(',') : undefined;
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
    status: (providerStatus !== null && STATUS_BY_STATE.get(providerStatus)) || 'unknown',
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

export const ryzeApiAdapter: ProviderAdapter<'ryzeapi', RyzeApiInstance, RyzeApiClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createRyzeApiClient,

  async listPage(client, request) {
    const context = { provider: PROVIDER, account: request.account };
    const instanceName = ryzeApiInstanceNameFor(request.filter);
    let data: unknown;
    try {
      ({ data } = await readProviderResponse(
        client.GET('/instance/list', {
          params: { query: instanceName === undefined ? {} : { instanceName } },
          signal: request.signal,
          fetch: request.fetch,
        }),
        { ...context, signal: request.signal },
      ));
    } catch (error) {
      // RyzeAPI answers 404 "Instance not found" when a filter of one name matches nothing; in the
      // common filter language that is an empty result, not an error.
      const singleName = instanceName !== undefined && !instanceName.includes(',');
      if (singleName && NotFoundError.isInstance(error) && /not found/i.test(error.providerMessage ?? '')) {
        return { items: [], pageCount: 1 };
      }
      throw error;
    }
    const body = expectRecord(data, context, 'body');
    const instances = expectArray(body.instances, context, 'instances');
    // Every item is read now, so that a wrong field is named with its place in the body
    // (`instances[3].id`); normalize reads it again, which costs a few type checks.
    for (let index = 0; index < instances.length; index++) {
      toInstance(instances[index], request.account, `instances[${index}]`);
    }
    return { items: instances as RyzeApiInstance[], pageCount: 1 };
  },

  normalize(raw, account) {
    return toInstance(raw, account, 'item');
  },
};
