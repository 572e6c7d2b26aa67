export type { components, operations, paths } from './generated/waha.gen.js';
export { wahaAdapter, wahaSessionLookupFor } from './waha-adapter.js';
export {
  createWahaClient,
  type WahaClient,
  type WahaClientOptions,
  type WahaHttpError,
  type WahaMeInfo,
  type WahaSession,
  type WahaSessionConfig,
  type WahaSessionStatus,
  type WahaUnexpectedError,
  wahaMetadata,
} from './waha-client.js';
export { wahaProvider } from './waha-provider.js';
