export type { components, operations, paths } from './generated/ryzeapi.gen.js';
export { ryzeApiAdapter, ryzeApiInstanceNameFor } from './ryzeapi-adapter.js';
export {
  createRyzeApiClient,
  type RyzeApiClient,
  type RyzeApiClientOptions,
  type RyzeApiConnectionState,
  type RyzeApiError,
  type RyzeApiInstance,
  type RyzeApiInstanceList,
  ryzeApiMetadata,
} from './ryzeapi-client.js';
export { ryzeApiProvider } from './ryzeapi-provider.js';
