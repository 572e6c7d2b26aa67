import { noAccountOptions, type ProviderDefinition } from '@switchboard/runtime';
import { metadata } from './generated/wachat-metadata.gen.js';
import { wachatAdapter } from './wachat-adapter.js';
import type { WachatClient, WachatInstance } from './wachat-client.js';

/** Wachat, as the registry and `createSwitchboard({ providers })` take it. */
export const wachatProvider: ProviderDefinition<'wachat', WachatInstance, WachatClient> = {
  specificationVersion: 'v1',
  key: 'wachat',
  displayName: metadata.displayName,
  metadata,
  adapter: wachatAdapter,
  accountOptions: noAccountOptions,
  environment: { token: 'WACHAT_TOKEN', baseUrl: 'WACHAT_BASE_URL' },
  loadSimulator: () => import('./wachat-simulator.js'),
};
