export { evolutionApiAdapter, evolutionApiQueryFor } from './evolution-api-adapter.js';
export {
  createEvolutionApiClient,
  type EvolutionApiClient,
  type EvolutionApiClientOptions,
  type EvolutionApiConnectionStatus,
  type EvolutionApiError,
  type EvolutionApiInstance,
  evolutionApiMetadata,
} from './evolution-api-client.js';
export { evolutionApiProvider } from './evolution-api-provider.js';
export type { components, operations, paths } from './generated/evolution-api.gen.js';
