export type { components, operations, paths } from './generated/z-api.gen.js';
export { type ZApiAccountSettings, zApiAdapter, zApiSearchFor } from './z-api-adapter.js';
export {
  createZApiClient,
  type ZApiClient,
  type ZApiClientOptions,
  type ZApiError,
  type ZApiInstance,
  type ZApiInstancePage,
  zApiMetadata,
} from './z-api-client.js';
export { type ZApiAccountOptions, zApiProvider } from './z-api-provider.js';
