export {
  createHypersenderSimulator,
  HypersenderSimulator,
  type HypersenderSimulatorOptions,
} from '@switchboard/hypersender/simulator';
export type {
  FetchFunction,
  InjectedFault,
  ProviderSimulator,
  ProviderSimulatorOptions,
  SimulatorCredential,
  SimulatorFault,
  SimulatorFaultType,
  SimulatorRequestContext,
  SimulatorRequestLogEntry,
} from '@switchboard/runtime/simulator';
export {
  createRyzeApiSimulator,
  RYZEAPI_MESSAGES,
  RYZEAPI_RATE_LIMIT,
  RyzeApiSimulator,
  type RyzeApiSimulatorOptions,
  type SimulatorRateLimit,
} from '@switchboard/ryzeapi/simulator';
export {
  createWachatSimulator,
  WACHAT_MESSAGES,
  WachatSimulator,
  type WachatSimulatorOptions,
} from '@switchboard/wachat/simulator';
export { createZApiSimulator, ZApiSimulator, type ZApiSimulatorOptions } from '@switchboard/z-api/simulator';
export {
  createSimulators,
  type Simulators,
  type SimulatorsOptions,
} from './create-simulators.js';
export {
  createFakeInstances,
  type FakeInstanceOptions,
  HYPERSENDER_STATUSES,
  RYZEAPI_CONNECTION_STATES,
  WACHAT_STATES,
  ZAPI_CONNECTION_STATES,
} from './fake-instances.js';
export {
  DEFAULT_BASE_URLS,
  DEFAULT_INSTANCE_COUNTS,
  DEMO_TOKENS,
  isSimulatedProvider,
  SIMULATED_PROVIDERS,
  type SimulatedInstanceByProvider,
  type SimulatedProvider,
} from './providers.js';
export {
  DEFAULT_SIMULATE_PORT,
  describeSimulatorServer,
  PROVIDER_ENVIRONMENT_PREFIX,
  parseSimulateArguments,
  type SimulateArguments,
} from './simulate-command.js';
export {
  type SimulatorServer,
  type SimulatorServerOptions,
  startSimulatorServer,
} from './simulator-server.js';
