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
  createHypersenderSimulator,
  HypersenderSimulator,
  type HypersenderSimulatorOptions,
} from './hypersender-simulator.js';
export type {
  FetchFunction,
  ProviderSimulator,
  ProviderSimulatorOptions,
  SimulatorRequestContext,
} from './provider-simulator.js';
export {
  DEFAULT_BASE_URLS,
  DEFAULT_INSTANCE_COUNTS,
  DEMO_TOKENS,
  isSimulatedProvider,
  SIMULATED_PROVIDERS,
  type SimulatedInstanceByProvider,
  type SimulatedProvider,
} from './providers.js';
export type { SimulatorCredential, SimulatorRequestLogEntry } from './request-log.js';
export {
  createRyzeApiSimulator,
  RYZEAPI_MESSAGES,
  RYZEAPI_RATE_LIMIT,
  RyzeApiSimulator,
  type RyzeApiSimulatorOptions,
  type SimulatorRateLimit,
} from './ryzeapi-simulator.js';
export {
  DEFAULT_SIMULATE_PORT,
  describeSimulatorServer,
  PROVIDER_ENVIRONMENT_PREFIX,
  parseSimulateArguments,
  type SimulateArguments,
} from './simulate-command.js';
export type { InjectedFault, SimulatorFault, SimulatorFaultType } from './simulator-faults.js';
export {
  type SimulatorServer,
  type SimulatorServerOptions,
  startSimulatorServer,
} from './simulator-server.js';
export {
  createWachatSimulator,
  WACHAT_MESSAGES,
  WachatSimulator,
  type WachatSimulatorOptions,
} from './wachat-simulator.js';
export { createZApiSimulator, ZApiSimulator, type ZApiSimulatorOptions } from './z-api-simulator.js';
