import { noAccountOptions, type ProviderDefinition } from '@switchboard/runtime';
import { evolutionApiAdapter } from './evolution-api-adapter.js';
import type { EvolutionApiClient, EvolutionApiInstance } from './evolution-api-client.js';
import { metadata } from './generated/evolution-api-metadata.gen.js';

/** Evolution API (self-hosted), as the registry and `createSwitchboard({ providers })` take it. */
export const evolutionApiProvider: ProviderDefinition<
  'evolution-api',
  EvolutionApiInstance,
  EvolutionApiClient
> = {
  specificationVersion: 'v1',
  key: 'evolution-api',
  displayName: metadata.displayName,
  metadata,
  adapter: evolutionApiAdapter,
  accountOptions: noAccountOptions,
  environment: { token: 'EVOLUTION_API_TOKEN', baseUrl: 'EVOLUTION_API_BASE_URL' },
  loadSimulator: () => import('./evolution-api-simulator.js'),
};
