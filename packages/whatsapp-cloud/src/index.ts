export type { components, operations, paths } from './generated/whatsapp-cloud.gen.js';
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
