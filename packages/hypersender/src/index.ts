export type { components, operations, paths } from './generated/hypersender.gen.js';
export { type HypersenderListQuery, hypersenderAdapter, hypersenderQueryFor } from './hypersender-adapter.js';
export {
  createHypersenderClient,
  type HypersenderClient,
  type HypersenderClientOptions,
  type HypersenderError,
  type HypersenderInstance,
  type HypersenderInstanceStatus,
  hypersenderMetadata,
} from './hypersender-client.js';
export { hypersenderProvider } from './hypersender-provider.js';
