import {
  AuthenticationError,
  emptyToNull,
  expectRecord,
  fetchListPage,
  type Instance,
  type InstanceStatus,
  mapStatus,
  NotFoundError,
  type ProviderAdapter,
  type PushDownFilter,
  pushDownQuery,
  readOptionalNumber,
  readOptionalString,
  readString,
  responseFormatError,
  toE164,
  toIsoDate,
} from '@switchboard/runtime';
import {
  createEvolutionApiClient,
  type EvolutionApiClient,
  type EvolutionApiInstance,
} from './evolution-api-client.js';
import { metadata } from './generated/evolution-api-metadata.gen.js';

const PROVIDER = 'evolution-api';

/** Baileys' `DisconnectReason.loggedOut`: the session was ended from the phone. */
const LOGGED_OUT_REASON_CODE = 401;

/**
 * The `instanceName` a filter pushes down, or undefined. `Instance.id` is the instance's `name`, so
 * one id and one name both go to `instanceName` (the spec's push-down); the server matches one exact
 * value, so several values, or an id and a name together, are not pushed.
 */
export function evolutionApiQueryFor(filter: PushDownFilter): Record<string, string> {
  return pushDownQuery(metadata.listOperation, filter, metadata.status);
}

/**
 * The common status. `close` alone is a disconnection the server may recover from; with Baileys'
 * reason 401 the phone logged the session out, which needs a new QR scan: a rule on two fields,
 * which the spec's status map (one field) cannot say.
 */
function statusOf(providerStatus: string | null, reasonCode: number | null): InstanceStatus {
  if (providerStatus === 'close' && reasonCode === LOGGED_OUT_REASON_CODE) return 'logged_out';
  return mapStatus(metadata.status, providerStatus);
}

/** The common model of one item; `path` names the item in errors (`item`, `[3]`). */
function toInstance(
  raw: unknown,
  account: string,
  path: string,
): Instance<'evolution-api', EvolutionApiInstance> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  if (!Object.hasOwn(item, 'name') && typeof item.instance === 'object' && item.instance !== null) {
    // The published description's example is v1-shaped (`{ instance: { instanceName } }`): say so
    // rather than only that `name` is missing.
    throw responseFormatError(
      context,
      `${path}.name`,
      'should be a string; the item has the Evolution API v1 shape (`instance.instanceName`), and Switchboard reads v2 servers',
    );
  }
  // `name` is the `{instance}` of every later path; the UUID `id` is used by no later call.
  const name = readString(item, 'name', context, path);
  const providerStatus = emptyToNull(readOptionalString(item, 'connectionStatus', context, path));
  const reasonCode = readOptionalNumber(item, 'disconnectionReasonCode', context, path);
  return {
    provider: PROVIDER,
    account,
    id: name,
    name: emptyToNull(name),
    status: statusOf(providerStatus, reasonCode),
    providerStatus,
    // `number` is what the instance was created with; `ownerJid` is the number that connected.
    phone:
      toE164(readOptionalString(item, 'number', context, path)) ??
      toE164(readOptionalString(item, 'ownerJid', context, path)),
    profile: {
      name: emptyToNull(readOptionalString(item, 'profileName', context, path)),
      pictureUrl: emptyToNull(readOptionalString(item, 'profilePicUrl', context, path)),
      isBusiness: null,
    },
    createdAt: toIsoDate(readOptionalString(item, 'createdAt', context, path)),
    updatedAt: toIsoDate(readOptionalString(item, 'updatedAt', context, path)),
    expiresAt: null,
    raw: raw as EvolutionApiInstance,
  };
}

/**
 * Whether a 404's message is the server's `Instance "<value>" not found`. Read from its start: the
 * error quotes at most 300 characters, so a long name cuts off the `not found`.
 */
function isUnknownInstanceMessage(message: string | undefined): boolean {
  return message !== undefined && /^Instances? "/.test(message);
}

const reader = { provider: PROVIDER, metadata, toInstance } as const;

export const evolutionApiAdapter: ProviderAdapter<'evolution-api', EvolutionApiInstance, EvolutionApiClient> =
  {
    specificationVersion: 'v1',
    provider: PROVIDER,
    metadata,
    createClient: createEvolutionApiClient,
    // The client is on the runtime's transport, which takes a concurrency slot per attempt.
    takesConcurrencySlots: true,

    async listPage(client, request) {
      const pushDown = evolutionApiQueryFor(request.filter);
      if (Object.keys(pushDown).length === 0) return fetchListPage(client, request, reader, { pushDown });
      try {
        return await fetchListPage(client, request, reader, { pushDown });
      } catch (error) {
        // One name that matches nothing answers 404 `Instance "x" not found`: in the common filter
        // language that is no instances. (A 404 for a wrong path says `Cannot GET …` and stays an error.)
        if (NotFoundError.isInstance(error) && isUnknownInstanceMessage(error.providerMessage)) {
          return { instances: [], next: null };
        }
        // An instance token answers 401 when the filter names another instance. Asked without the
        // filter, a valid token lists its own instance (which the facade's exact filter then drops),
        // and only a token refused again is an authentication failure.
        if (AuthenticationError.isInstance(error))
          return fetchListPage(client, request, reader, { pushDown: {} });
        throw error;
      }
    },

    normalize: (raw, account) => toInstance(raw, account, 'item'),
  };
