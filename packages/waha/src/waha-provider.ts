import { noAccountOptions, type ProviderDefinition } from '@switchboard/runtime';
import { metadata } from './generated/waha-metadata.gen.js';
import { wahaAdapter } from './waha-adapter.js';
import type { WahaClient, WahaSession } from './waha-client.js';

/**
 * WAHA as the registry and `createSwitchboard({ providers })` see it. Self-hosted: an account without
 * `baseUrl` talks to `http://localhost:3000`. It takes no account options of its own.
 */
export const wahaProvider: ProviderDefinition<'waha', WahaSession, WahaClient> = {
  specificationVersion: 'v1',
  key: 'waha',
  displayName: metadata.displayName,
  metadata,
  adapter: wahaAdapter,
  accountOptions: noAccountOptions,
  environment: { token: 'WAHA_TOKEN', baseUrl: 'WAHA_BASE_URL' },
  loadSimulator: () => import('./waha-simulator.js'),
};
