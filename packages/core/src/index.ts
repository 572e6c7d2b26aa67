export type { HypersenderInstance } from '@switchboard/hypersender';
export {
  AbortError,
  AuthenticationError,
  type ClientOptions,
  ConnectionError,
  FanOutError,
  INSTANCE_STATUSES,
  type InstanceProfile,
  type InstanceStatus,
  isInstanceStatus,
  type ListPageRequest,
  type ListPageResult,
  LOG_LEVELS,
  type Logger,
  type LogLevel,
  NotFoundError,
  PermissionDeniedError,
  type ProviderAdapter,
  ProviderError,
  type ProviderMetadata,
  type PushDownFilter,
  type RateLimit,
  RateLimitError,
  REDACTED,
  ResponseFormatError,
  SwitchboardError,
  type SwitchboardErrorCode,
  type SwitchboardErrorOptions,
  TimeoutError,
  ValidationError,
} from '@switchboard/runtime';
export type { RyzeApiInstance } from '@switchboard/ryzeapi';
export type { WachatInstance } from '@switchboard/wachat';
export type { ZApiInstance } from '@switchboard/z-api';
export {
  type AccountFailure,
  type AccountOptions,
  type AccountSummary,
  createSwitchboard,
  type Instance,
  type InstanceFilter,
  type InstanceOf,
  isProviderKey,
  type ListInstancesSettledResult,
  PROVIDER_KEYS,
  type ProviderKey,
  type Switchboard,
  type SwitchboardOptions,
} from './create-switchboard.js';
export type { OneOrMany } from './instance-filter.js';
export type { ListOptions } from './options.js';
