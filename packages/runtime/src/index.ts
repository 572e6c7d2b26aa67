export {
  AbortError,
  AuthenticationError,
  ConnectionError,
  FanOutError,
  NotFoundError,
  PermissionDeniedError,
  ProviderError,
  RateLimitError,
  ResponseFormatError,
  SwitchboardError,
  type SwitchboardErrorCode,
  type SwitchboardErrorOptions,
  TimeoutError,
  ValidationError,
} from './errors.js';
export {
  createErrorFromResponse,
  type OpenApiFetchResult,
  type ProviderCallContext,
  readProviderResponse,
} from './http-errors.js';
export {
  INSTANCE_STATUSES,
  type Instance,
  type InstanceProfile,
  type InstanceStatus,
  isInstanceStatus,
} from './instance.js';
export { LOG_LEVELS, type Logger, type LogLevel } from './logger.js';
export type {
  ClientOptions,
  ListPageRequest,
  ListPageResult,
  ProviderAdapter,
  ProviderMetadata,
  PushDownFilter,
  RateLimit,
} from './provider-adapter.js';
export { type ProviderClientSetup, resolveClientSetup } from './provider-client.js';
export { REDACTED, redactSecretFields, redactText } from './redact.js';
export { createTransport, type TransportOptions } from './transport.js';
