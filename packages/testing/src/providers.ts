import type { HypersenderInstance } from '@switchboard/hypersender';
import type { RyzeApiInstance } from '@switchboard/ryzeapi';
import type { WachatInstance } from '@switchboard/wachat';
import type { ZApiInstance } from '@switchboard/z-api';

/** The providers the simulators imitate, by the keys Switchboard uses everywhere. */
export const SIMULATED_PROVIDERS = ['z-api', 'ryzeapi', 'hypersender', 'wachat'] as const;

export type SimulatedProvider = (typeof SIMULATED_PROVIDERS)[number];

/** Each provider's list item, as its spec (and the generated types) describe it. */
export interface SimulatedInstanceByProvider {
  'z-api': ZApiInstance;
  ryzeapi: RyzeApiInstance;
  hypersender: HypersenderInstance;
  wachat: WachatInstance;
}

/** The server URL of each spec: where the simulators answer in fetch and msw mode. */
export const DEFAULT_BASE_URLS: Readonly<Record<SimulatedProvider, string>> = {
  'z-api': 'https://api.z-api.io',
  ryzeapi: 'https://ryzeapi.cloud/api',
  hypersender: 'https://app.hypersender.com/api/whatsapp/v1',
  wachat: 'https://app.wachat.net/api/v1',
};

/**
 * The account token each simulator accepts unless told otherwise, and that `switchboard demo` uses.
 * Obviously fake values: they open nothing but a simulator.
 */
export const DEMO_TOKENS: Readonly<Record<SimulatedProvider, string>> = {
  'z-api': 'demo-z-api-partner-token',
  ryzeapi: 'demo-ryzeapi-account-token',
  hypersender: '1|demo-hypersender-api-token',
  wachat: 'demo-wachat-api-key',
};

/** How many instances each simulator holds when the caller names no count. */
export const DEFAULT_INSTANCE_COUNTS: Readonly<Record<SimulatedProvider, number>> = {
  'z-api': 12,
  ryzeapi: 8,
  hypersender: 8,
  wachat: 6,
};

export function isSimulatedProvider(value: unknown): value is SimulatedProvider {
  return typeof value === 'string' && (SIMULATED_PROVIDERS as readonly string[]).includes(value);
}
