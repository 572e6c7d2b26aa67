export type { components, operations, paths } from './generated/wachat.gen.js';
export { wachatAdapter } from './wachat-adapter.js';
export {
  createWachatClient,
  type WachatClient,
  type WachatClientOptions,
  type WachatError,
  type WachatInstance,
  type WachatInstanceList,
  wachatMetadata,
} from './wachat-client.js';
export { wachatProvider } from './wachat-provider.js';
