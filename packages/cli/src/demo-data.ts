import {
  type AccountOptions,
  builtInProvidersByKey,
  PROVIDER_KEYS,
  type ProviderKey,
} from '@switchboard/core';
import { readPath } from '@switchboard/runtime';
import type { SimulatorServer } from '@switchboard/testing';

/** Providers whose lists come in pages: the demo gives them enough instances for several pages of 100. */
function pages(provider: ProviderKey): boolean {
  return builtInProvidersByKey[provider].metadata.listOperation.paging.style !== 'none';
}

/**
 * The demo's data set: every common status, enough instances of the providers that page to take several
 * pages (100 a page), twice a provider's default elsewhere.
 */
export const DEMO_COUNTS: Readonly<Record<ProviderKey, number>> = Object.fromEntries(
  PROVIDER_KEYS.map((provider) => [provider, pages(provider) ? 240 : 18]),
) as Record<ProviderKey, number>;

/**
 * A second account of the first provider whose list comes whole, served by a second simulator server
 * with its own instances: labels tell two accounts of one provider apart.
 */
export const SECOND_ACCOUNT_PROVIDER: ProviderKey =
  PROVIDER_KEYS.find((provider) => !pages(provider)) ?? PROVIDER_KEYS[0]!;
export const SECOND_ACCOUNT = {
  label: `${SECOND_ACCOUNT_PROVIDER}-latam`,
  token: `demo-second-account-token`,
  count: 9,
} as const;

/**
 * A status no mapping knows (Evolution API's `refused`), set on the last instance of the last provider
 * whose spec maps statuses, so the demo shows how it comes out: `unknown`, with the provider's text kept
 * in `providerStatus`.
 */
const UNLISTED_STATUS = 'refused';

/**
 * Writes the unlisted status straight into the item, at the path its spec names: `setStatus` takes
 * only the values a provider documents, and this one is, on purpose, none of them.
 */
function markOneStatusUnlisted(server: SimulatorServer): void {
  const mapped = PROVIDER_KEYS.filter(
    (provider) => builtInProvidersByKey[provider].metadata.status !== null,
  ).at(-1);
  if (mapped === undefined) return;
  const field = builtInProvidersByKey[mapped].metadata.status!.field.split('.');
  const holder = readPath(server.simulators[mapped].instances.at(-1), field.slice(0, -1).join('.'));
  if (typeof holder === 'object' && holder !== null) {
    (holder as Record<string, unknown>)[field.at(-1)!] = UNLISTED_STATUS;
  }
}

/** Self-hosted providers' accounts say so in their label. */
function demoLabel(provider: ProviderKey): string {
  return builtInProvidersByKey[provider].metadata.selfHosted ? `${provider}-self-hosted` : provider;
}

export interface DemoAccount {
  readonly provider: ProviderKey;
  readonly label: string;
  readonly baseUrl: string;
  readonly token: string;
  /** The provider's own demo account options (WhatsApp Cloud's business account id). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly instances: number;
}

export interface DemoSimulators {
  readonly main: SimulatorServer;
  readonly second: SimulatorServer;
  /** Every demo account, in the order they are listed. */
  readonly accounts: readonly DemoAccount[];
  /** How many requests each account's simulator has answered so far. */
  requestCounts(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * How often each simulator changes one of its instances in `demo --watch`: with a handful of
 * simulators, something changes about every second.
 */
export const DEMO_CHURN_INTERVAL_MS = 4_000;

export interface StartDemoOptions {
  seed: number;
  /** Port of the main server; the second takes the next one (or a free one when this is 0). */
  port: number;
  /**
   * Instances connect, drop, log out, appear and disappear while the demo runs (`demo --watch`):
   * the simulators' own churn, one change per simulator every `DEMO_CHURN_INTERVAL_MS`.
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
  const churnOption = churn ? { churn: { intervalMs: DEMO_CHURN_INTERVAL_MS } } : {};
  const main = await startSimulatorServer({ seed, counts: { ...DEMO_COUNTS }, port, ...churnOption });
  let second: SimulatorServer;
  try {
    second = await startSimulatorServer({
      seed: seed + 1,
      counts: Object.fromEntries(
        PROVIDER_KEYS.map((provider) => [
          provider,
          provider === SECOND_ACCOUNT_PROVIDER ? SECOND_ACCOUNT.count : 0,
        ]),
      ),
      tokens: { [SECOND_ACCOUNT_PROVIDER]: SECOND_ACCOUNT.token },
      ...churnOption,
      port: port === 0 || port === 65_535 ? 0 : port + 1,
    });
  } catch (error) {
    await main.close();
    throw error;
  }
  try {
    markOneStatusUnlisted(main);
  } catch (error) {
    await Promise.all([main.close(), second.close()]);
    throw error;
  }

  const accountOf = (server: SimulatorServer, provider: ProviderKey, label: string): DemoAccount => ({
    provider,
    label,
    baseUrl: server.baseUrls[provider],
    token: server.tokens[provider],
    options: server.simulators.accountOptions[provider] ?? {},
    instances: server.simulators[provider].instances.length,
  });
  const accounts: DemoAccount[] = PROVIDER_KEYS.flatMap((provider) => [
    accountOf(main, provider, demoLabel(provider)),
    ...(provider === SECOND_ACCOUNT_PROVIDER ? [accountOf(second, provider, SECOND_ACCOUNT.label)] : []),
  ]);
  return {
    main,
    second,
    accounts,
    requestCounts() {
      return Object.fromEntries([
        ...PROVIDER_KEYS.map((provider) => [demoLabel(provider), main.simulators[provider].requests.length]),
        [SECOND_ACCOUNT.label, second.simulators[SECOND_ACCOUNT_PROVIDER].requests.length],
      ]);
    },
    async close() {
      await Promise.all([main.close(), second.close()]);
    },
  };
}

/** The demo accounts as `createSwitchboard` takes them. */
export function toAccountOptions(accounts: readonly DemoAccount[]): AccountOptions[] {
  return accounts.map(
    ({ provider, label, baseUrl, token, options }) =>
      ({ ...options, provider, label, baseUrl, token }) as AccountOptions,
  );
}
