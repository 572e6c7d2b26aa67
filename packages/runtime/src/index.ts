export { authHeaders, defaultHeaders } from './auth-headers.js';
export { type Clock, systemClock } from './clock.js';
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
  describeSource,
  type ErrorClassification,
  type ErrorClassifier,
  extractProviderMessage,
  isRedirectResponse,
  MAX_REPORTED_WAIT_MS,
  type OpenApiFetchResult,
  type ProviderCallContext,
  parseRateLimitResetMs,
  parseRetryAfterMs,
  readProviderResponse,
  readRequestId,
  redirectOrigin,
} from './http-errors.js';
export {
  INSTANCE_STATUSES,
  type Instance,
  type InstanceProfile,
  type InstanceStatus,
  isInstanceStatus,
} from './instance.js';
export {
  /** What errors about a client's answers must never show: the token its setup was bound with. */
  clientSecrets,
  fetchListPage,
  itemPath,
  type ListingClient,
  type ListPageCall,
  type ListPageReader,
  listQuery,
  mapStatus,
  navigatePages,
  type PageNavigation,
  pageQuery,
  pushDownQuery,
  readListItems,
  readPath,
} from './list-operation.js';
export { LOG_LEVELS, type Logger, type LogLevel } from './logger.js';
export { emptyToNull, toE164, toIsoDate } from './normalize.js';
export {
  assertBaseUrl,
  assertHeaderSafeToken,
  describeBaseUrlProblem,
  describeTokenProblem,
  isLoopbackUrl,
  type OptionFieldContext,
} from './option-checks.js';
export type {
  ClientOptions,
  ListOperation,
  ListPageRequest,
  ListPageResult,
  ListPaging,
  PageRequest,
  ProviderAdapter,
  ProviderAuth,
  ProviderMetadata,
  PushDownFilter,
  PushDownParameter,
  RateLimit,
  StatusMapping,
} from './provider-adapter.js';
export {
  type BoundClientInit,
  bindClientSetup,
  type ClientTransportOptions,
  clientSetupOf,
  /** A provider's raw client: options checked, transport built, default headers set, setup bound. */
  createBoundClient,
  type ProviderClientSetup,
  resolveClientSetup,
} from './provider-client.js';
export {
  type AccountOptionsSchema,
  type AnyProviderDefinition,
  assertProviderDefinition,
  noAccountOptions,
  type PageSizeOption,
  type ProviderDefinition,
  type ProviderEnvironment,
  type ProviderSimulatorModule,
  readPageSizeOption,
} from './provider-definition.js';
export {
  getSharedRateLimiter,
  MAX_RATE_LIMIT_RESET_WAIT_MS,
  RateLimiter,
  type SharedRateLimiterOptions,
} from './rate-limiter.js';
export {
  createRedactor,
  REDACTED,
  redactError,
  redactSecretFields,
  redactText,
  redactUrlPath,
} from './redact.js';
export {
  expectArray,
  expectRecord,
  readIdentifier,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalRecord,
  readOptionalString,
  readString,
  responseFormatError,
  type ShapeContext,
} from './response-shape.js';
export {
  backoffDelayMs,
  createTransport,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  INITIAL_BACKOFF_MS,
  isRetryableStatus,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  type TransportCallOptions,
  type TransportFetch,
  type TransportOptions,
  type TransportSlots,
} from './transport.js';
