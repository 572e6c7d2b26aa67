export type { components, operations, paths } from './generated/ryzeapi.gen.js';
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
