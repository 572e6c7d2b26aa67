import {
  type AccountOptionsSchema,
  type ProviderDefinition,
  readPageSizeOption,
  ValidationError,
} from '@switchboard/runtime';
import { metadata } from './generated/whatsapp-cloud-metadata.gen.js';
import { type WhatsAppCloudAccountSettings, whatsAppCloudAdapter } from './whatsapp-cloud-adapter.js';
import type { WhatsAppCloudClient, WhatsAppCloudPhoneNumber } from './whatsapp-cloud-client.js';

/** The account options the WhatsApp Cloud API adds to the common ones. */
export interface WhatsAppCloudAccountOptions {
  /** The WhatsApp Business Account id, digits only (`'102290129340398'`). Required. */
  businessAccountId: string;
  /** The Graph API version, `vN.N`. Default `'v23.0'`, the version the spec describes. */
  apiVersion?: string;
  /** Phone numbers per page (Graph's `limit`), 1 to 100. Default 100. */
  pageSize?: number;
}

export const DEFAULT_API_VERSION = 'v23.0';
/** Graph's own default is 25; the most it allows means the fewest requests. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 100;

const API_VERSION = /^v\d+\.\d+$/;
// Digits only, as the spec's path parameter says; a length bound keeps a pasted blob out of URLs.
const BUSINESS_ACCOUNT_ID = /^\d{1,32}$/;

function invalid(field: string, key: string, expectation: string): ValidationError {
  // The value stays out of the message: someone may paste a token into the wrong field.
  return new ValidationError(`${field}.${key} ${expectation}`, {
    provider: 'whatsapp-cloud',
    field: `${field}.${key}`,
  });
}

export const whatsAppCloudAccountOptions: AccountOptionsSchema<WhatsAppCloudAccountSettings> = {
  keys: ['businessAccountId', 'apiVersion', 'pageSize'],
  resolve(options, field) {
    const { businessAccountId, apiVersion = DEFAULT_API_VERSION } = options;
    if (businessAccountId === undefined) {
      throw invalid(field, 'businessAccountId', 'is required: the WhatsApp Business Account id, in digits');
    }
    if (typeof businessAccountId !== 'string' || !BUSINESS_ACCOUNT_ID.test(businessAccountId)) {
      throw invalid(
        field,
        'businessAccountId',
        'must be a string of digits (the WhatsApp Business Account id, such as "102290129340398")',
      );
    }
    if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion)) {
      throw invalid(field, 'apiVersion', `must be a Graph API version such as "${DEFAULT_API_VERSION}"`);
    }
    return Object.freeze({
      businessAccountId,
      apiVersion,
      pageSize: readPageSizeOption(options.pageSize, field, {
        default: DEFAULT_PAGE_SIZE,
        max: MAX_PAGE_SIZE,
      }),
    });
  },
};

/** The WhatsApp Cloud API, as the registry and `createSwitchboard({ providers })` take it. */
export const whatsAppCloudProvider: ProviderDefinition<
  'whatsapp-cloud',
  WhatsAppCloudPhoneNumber,
  WhatsAppCloudClient,
  WhatsAppCloudAccountSettings,
  WhatsAppCloudAccountOptions
> = {
  specificationVersion: 'v1',
  key: 'whatsapp-cloud',
  displayName: metadata.displayName,
  metadata,
  adapter: whatsAppCloudAdapter,
  accountOptions: whatsAppCloudAccountOptions,
  environment: {
    token: 'WHATSAPP_CLOUD_TOKEN',
    baseUrl: 'WHATSAPP_CLOUD_BASE_URL',
    options: { businessAccountId: 'WHATSAPP_CLOUD_BUSINESS_ACCOUNT_ID' },
  },
  loadSimulator: () => import('./whatsapp-cloud-simulator.js'),
};
