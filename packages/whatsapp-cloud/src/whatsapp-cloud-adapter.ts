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
} from '@switchboard/runtime';
import { metadata } from './generated/whatsapp-cloud-metadata.gen.js';
import {
  createWhatsAppCloudClient,
  type WhatsAppCloudClient,
  type WhatsAppCloudPhoneNumber,
} from './whatsapp-cloud-client.js';
import { classifyGraphError } from './whatsapp-cloud-graph-errors.js';

const PROVIDER = 'whatsapp-cloud';

/**
 * An account's own options, checked and defaulted by the provider definition. A type, not an
 * interface, so that it is assignable to the runtime's `Readonly<Record<string, unknown>>`.
 */
export type WhatsAppCloudAccountSettings = {
  /** The WhatsApp Business Account id (digits), the `{WABA-ID}` of the list path. */
  readonly businessAccountId: string;
  /** The Graph API version of the path (`v23.0`). */
  readonly apiVersion: string;
  /** Graph's `limit`, 1 to 100. */
  readonly pageSize: number;
};

/**
 * The common model of one phone number; `path` names it in errors (`data[3]`). A phone number is
 * always a business's (Cloud API numbers are WhatsApp Business numbers), its only profile is the
 * verified business name, and Graph gives it no picture and no dates in this listing.
 */
function toInstance(
  raw: unknown,
  account: string,
  path: string,
): Instance<'whatsapp-cloud', WhatsAppCloudPhoneNumber> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  const verifiedName = emptyToNull(readOptionalString(item, 'verified_name', context, path));
  const providerStatus = emptyToNull(readOptionalString(item, 'status', context, path));
  return {
    provider: PROVIDER,
    account,
    id: readIdentifier(item, 'id', context, path),
    name: verifiedName,
    status: mapStatus(metadata.status, providerStatus),
    providerStatus,
    phone: toE164(readOptionalString(item, 'display_phone_number', context, path)),
    profile: { name: verifiedName, pictureUrl: null, isBusiness: true },
    createdAt: null,
    updatedAt: null,
    expiresAt: null,
    raw: raw as WhatsAppCloudPhoneNumber,
  };
}

const reader = { provider: PROVIDER, metadata, toInstance, classifyError: classifyGraphError } as const;

export const whatsAppCloudAdapter: ProviderAdapter<
  'whatsapp-cloud',
  WhatsAppCloudPhoneNumber,
  WhatsAppCloudClient,
  WhatsAppCloudAccountSettings
> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createWhatsAppCloudClient,
  // The client is on the runtime's transport, which takes a concurrency slot per attempt.
  takesConcurrencySlots: true,

  // The spec's paging walks the cursors (`after` from `paging.cursors.after` while `paging.next` is
  // there) and its fixed query sends every field; only the path and the limit are the account's.
  listPage: (client, request) =>
    fetchListPage(client, request, reader, {
      path: { Version: request.settings.apiVersion, 'WABA-ID': request.settings.businessAccountId },
      pageSize: request.settings.pageSize,
    }),

  normalize: (raw, account) => toInstance(raw, account, 'item'),
};
