export type { components, operations, paths } from './generated/whatsapp-cloud.gen.js';
export { type WhatsAppCloudAccountSettings, whatsAppCloudAdapter } from './whatsapp-cloud-adapter.js';
export {
  createWhatsAppCloudClient,
  type GraphCursorPaging,
  type GraphError,
  type WhatsAppCloudClient,
  type WhatsAppCloudClientOptions,
  type WhatsAppCloudPhoneNumber,
  type WhatsAppCloudPhoneNumberList,
  type WhatsAppCloudPhoneNumberStatus,
  whatsAppCloudMetadata,
} from './whatsapp-cloud-client.js';
export {
  BUSINESS_USE_CASE_USAGE_HEADER,
  classifyGraphError,
  GRAPH_INVALID_TOKEN_CODE,
  GRAPH_THROTTLING_CODES,
  readBusinessUseCaseWaitMs,
} from './whatsapp-cloud-graph-errors.js';
export {
  DEFAULT_API_VERSION,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type WhatsAppCloudAccountOptions,
  whatsAppCloudAccountOptions,
  whatsAppCloudProvider,
} from './whatsapp-cloud-provider.js';
