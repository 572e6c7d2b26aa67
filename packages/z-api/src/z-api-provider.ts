import { type ProviderDefinition, readPageSizeOption } from '@switchboard/runtime';
import { metadata } from './generated/z-api-metadata.gen.js';
import { type ZApiAccountSettings, zApiAdapter } from './z-api-adapter.js';
import type { ZApiClient, ZApiInstance } from './z-api-client.js';

/** The account options Z-API adds to the common ones. */
export interface ZApiAccountOptions {
  /** Instances per page, default 100. */
  pageSize?: number;
}

/** Z-API, as the registry and `createSwitchboard({ providers })` take it. */
export const zApiProvider: ProviderDefinition<
  'z-api',
  ZApiInstance,
  ZApiClient,
  ZApiAccountSettings,
  ZApiAccountOptions
> = {
  specificationVersion: 'v1',
  key: 'z-api',
  displayName: metadata.displayName,
  metadata,
  adapter: zApiAdapter,
  accountOptions: {
    keys: ['pageSize'],
    resolve: (options, field) => ({
      pageSize: readPageSizeOption(options.pageSize, field, { default: 100 }),
    }),
  },
  environment: { token: 'ZAPI_TOKEN', baseUrl: 'ZAPI_BASE_URL' },
  loadSimulator: () => import('./z-api-simulator.js'),
};
