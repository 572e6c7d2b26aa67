import { noAccountOptions, type ProviderDefinition } from '@switchboard/runtime';
import { metadata } from './generated/ryzeapi-metadata.gen.js';
import { ryzeApiAdapter } from './ryzeapi-adapter.js';
import type { RyzeApiClient, RyzeApiInstance } from './ryzeapi-client.js';

/** RyzeApi, as the registry and `createSwitchboard({ providers })` take it. */
export const ryzeApiProvider: ProviderDefinition<'ryzeapi', RyzeApiInstance, RyzeApiClient> = {
  specificationVersion: 'v1',
  key: 'ryzeapi',
  displayName: metadata.displayName,
  metadata,
  adapter: ryzeApiAdapter,
  accountOptions: noAccountOptions,
  environment: { token: 'RYZEAPI_TOKEN', baseUrl: 'RYZEAPI_BASE_URL' },
  loadSimulator: () => import('./ryzeapi-simulator.js'),
};
