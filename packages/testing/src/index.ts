export type {
  FetchFunction,
  InjectedFault,
  ProviderSimulator,
  ProviderSimulatorOptions,
  SimulatorChange,
  SimulatorChurnOptions,
  SimulatorCredential,
  SimulatorFault,
  SimulatorFaultType,
  SimulatorInstanceId,
  SimulatorRequestContext,
  SimulatorRequestLogEntry,
} from '@switchboard/runtime/simulator';
export {
  createSimulators,
  type ProviderSimulatorOptionsRecord,
  type SimulatorKey,
  type Simulators,
  type SimulatorsComposition,
  type SimulatorsOptions,
} from './create-simulators.js';
export { createFakeInstances, type FakeInstanceOptions } from './fake-instances.js';
export {
  builtInSimulatedProviders,
  DEFAULT_BASE_URLS,
  DEFAULT_INSTANCE_COUNTS,
  DEMO_TOKENS,
  isSimulatedProvider,
  loadSimulatedProviders,
  type RawItemOf,
  SIMULATED_PROVIDERS,
  type SimulatedInstanceByProvider,
  type SimulatedProvider,
  type SimulatedProviderEntry,
} from './providers.js';
export {
  DEFAULT_CHURN_INTERVAL_MS,
  DEFAULT_SIMULATE_PORT,
  describeSimulatorServer,
  parseSimulateArguments,
  type SimulateArguments,
} from './simulate-command.js';
export {
  type SimulatorServer,
  type SimulatorServerOptions,
  startSimulatorServer,
} from './simulator-server.js';
