// The `@switchboard/core/custom` entry: the facade without the registry of built-in providers.
export {
  AbortError,
  AuthenticationError,
  ConnectionError,
  FanOutError,
  INSTANCE_STATUSES,
  type InstanceStatus,
  NotFoundError,
  PermissionDeniedError,
  type ProviderDefinition,
  ProviderError,
  RateLimitError,
  ResponseFormatError,
  SwitchboardError,
  type SwitchboardErrorCode,
  TimeoutError,
  ValidationError,
} from '@switchboard/runtime';
export { type CustomSwitchboardOptions, createSwitchboard } from './custom-switchboard.js';
export type { InstanceFilter } from './instance-filter.js';
export type { AccountOptions, DefinitionRegistry, ListOptions, ProviderKeyOf } from './options.js';
export type { InstanceUnionOf, Switchboard } from './switchboard.js';
export type {
  InstanceField,
  WaitForStatusOptions,
  WatchEvent,
  WatchEventType,
  WatchOptions,
} from './watch.js';
