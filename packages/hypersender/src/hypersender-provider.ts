import { noAccountOptions, type ProviderDefinition } from '@switchboard/runtime';
import { metadata } from './generated/hypersender-metadata.gen.js';
import { hypersenderAdapter } from './hypersender-adapter.js';
import type { HypersenderClient, HypersenderInstance } from './hypersender-client.js';

/** Hypersender, as the registry and `createSwitchboard({ providers })` take it. */
export const hypersenderProvider: ProviderDefinition<'hypersender', HypersenderInstance, HypersenderClient> =
  {
    specificationVersion: 'v1',
    key: 'hypersender',
    displayName: metadata.displayName,
    metadata,
    adapter: hypersenderAdapter,
    accountOptions: noAccountOptions,
    environment: { token: 'HYPERSENDER_TOKEN', baseUrl: 'HYPERSENDER_BASE_URL' },
    loadSimulator: () => import('./hypersender-simulator.js'),
  };
