import type { AccountOptions, ProviderKey } from '@switchboard/core';
import type { SimulatorServer } from '@switchboard/testing';
import { type DemoChurn, startDemoChurn } from './demo-churn.js';

/**
 * The demo's data set: every common status, enough Z-API instances to take several pages (100 a page),
 * and a second RyzeAPI account to show that labels tell accounts of one provider apart.
 */
export const DEMO_COUNTS: Readonly<Record<ProviderKey, number>> = {
  'z-api': 240,
  ryzeapi: 24,
  hypersender: 18,
  wachat: 12,
};

/** The second RyzeAPI account, served by a second simulator server with its own instances. */
export const SECOND_RYZEAPI_ACCOUNT = {
  label: 'ryzeapi-latam',
  token: 'demo-ryzeapi-account-token-2',
  count: 9,
} as const;

/**
 * A state Wachat's docs do not list (Evolution API's `refused`), so that the demo shows how a status
 * no mapping knows comes out: `unknown`, with the provider's text kept in `providerStatus`.
 */
const UNLISTED_WACHAT_STATE = 'refused';

export interface DemoAccount {
  readonly provider: ProviderKey;
  readonly label: string;
  readonly baseUrl: string;
  readonly token: string;
  readonly instances: number;
}

export interface DemoSimulators {
  readonly main: SimulatorServer;
  readonly second: SimulatorServer;
  /** Every demo account, in the order they are listed. */
  readonly accounts: readonly DemoAccount[];
  /** How many requests each account's simulator has answered so far. */
  requestCounts(): Record<string, number>;
  /** Set when started with `churn`: the changes being made to the instances. */
  readonly churn: DemoChurn | undefined;
  close(): Promise<void>;
}

export interface StartDemoOptions {
  seed: number;
  /** Port of the main server; the second takes the next one (or a free one when this is 0). */
  port: number;
  /**
   * Instances connect, drop, log out, appear and disappear while the demo runs (`demo --watch`).
   * The CLI drives that itself for now (demo-churn.ts); once the simulators have a churn mode of
   * their own, this is the option to pass on to `startSimulatorServer` instead.
   */
  churn?: boolean;
}

/** Starts the demo's two simulator servers on 127.0.0.1 and fills them with the demo data set. */
export async function startDemoSimulators({
  seed,
  port,
  churn = false,
}: StartDemoOptions): Promise<DemoSimulators> {
  // Imported on demand: `instances list` never needs the simulators or msw.
  const { startSimulatorServer } = await import('@switchboard/testing');
  const main = await startSimulatorServer({ seed, counts: { ...DEMO_COUNTS }, port });
  let second: SimulatorServer;
  try {
    second = await startSimulatorServer({
      seed: seed + 1,
      counts: { 'z-api': 0, ryzeapi: SECOND_RYZEAPI_ACCOUNT.count, hypersender: 0, wachat: 0 },
      tokens: { ryzeapi: SECOND_RYZEAPI_ACCOUNT.token },
      port: port === 0 || port === 65_535 ? 0 : port + 1,
    });
  } catch (error) {
    await main.close();
    throw error;
  }
  const wachat = main.simulators.wachat.instances;
  const unlisted = wachat[wachat.length - 1];
  if (unlisted !== undefined) {
    // The generated type lists the documented states; the spec itself leaves the field open.
    Object.assign(unlisted, {
      state: UNLISTED_WACHAT_STATE,
      status: UNLISTED_WACHAT_STATE,
      isConnected: false,
    });
  }

  const mainAccount = (provider: ProviderKey): DemoAccount => ({
    provider,
    label: provider,
    baseUrl: main.baseUrls[provider],
    token: main.tokens[provider],
    instances: main.simulators[provider].instances.length,
  });
  const accounts: DemoAccount[] = [
    mainAccount('z-api'),
    mainAccount('ryzeapi'),
    {
      provider: 'ryzeapi',
      label: SECOND_RYZEAPI_ACCOUNT.label,
      baseUrl: second.baseUrls.ryzeapi,
      token: second.tokens.ryzeapi,
      instances: second.simulators.ryzeapi.instances.length,
    },
    mainAccount('hypersender'),
    mainAccount('wachat'),
  ];
  const churning = churn
    ? startDemoChurn([...main.simulators.all, second.simulators.ryzeapi], { seed })
    : undefined;
  return {
    main,
    second,
    accounts,
    churn: churning,
    requestCounts() {
      return {
        'z-api': main.simulators['z-api'].requests.length,
        ryzeapi: main.simulators.ryzeapi.requests.length,
        [SECOND_RYZEAPI_ACCOUNT.label]: second.simulators.ryzeapi.requests.length,
        hypersender: main.simulators.hypersender.requests.length,
        wachat: main.simulators.wachat.requests.length,
      };
    },
    async close() {
      churning?.stop();
      await Promise.all([main.close(), second.close()]);
    },
  };
}

/** The demo accounts as `createSwitchboard` takes them. */
export function toAccountOptions(accounts: readonly DemoAccount[]): AccountOptions[] {
  return accounts.map(({ provider, label, baseUrl, token }) => ({ provider, label, baseUrl, token }));
}
