// Row 2: listing 1,000 accounts (spread evenly over the registry's providers) with concurrency 16 against simulators that take
// 50 ms per request. The ideal is (requests / 16) x 50 ms: the facade's overhead is what it adds.
// A pool of 16 plain fetches doing the same requests, in the same run, shows how close a hand-written
// client gets on this machine.
import { fileURLToPath } from 'node:url';
import { builtInProvidersByKey } from '@switchboard/core';
import { startChild } from './child-process.mjs';
import { interleave, measure, median, runPool } from './measure.mjs';
import { importFacade, importTesting } from './optional-packages.mjs';
import {
  demoAccountOptions,
  demoListPath,
  PROVIDERS,
  plainFetchList,
  plainListRequest,
} from './providers.mjs';

const SIMULATOR = fileURLToPath(new URL('./simulator-process.mjs', import.meta.url));

export const FAN_OUT = { accounts: 1000, concurrency: 16, latencyMs: 50 };

async function accountsFor(count, baseUrls, tokens) {
  const extraOptions = await Promise.all(PROVIDERS.map(demoAccountOptions));
  return Array.from({ length: count }, (_, index) => {
    const definition = PROVIDERS[index % PROVIDERS.length];
    const provider = definition.key;
    return {
      ...extraOptions[index % PROVIDERS.length],
      provider,
      token: tokens[provider],
      label: `${provider}-${index}`,
      baseUrl: baseUrls[provider],
      // One token per provider is shared by many accounts here; a provider's documented limit would
      // otherwise (rightly) hold them all to one window together.
      rateLimit: false,
    };
  });
}

export async function benchmarkFanOut({ rounds = 3, accounts = FAN_OUT.accounts } = {}) {
  const [facadeModule, testingModule] = await Promise.all([importFacade(), importTesting()]);
  if (facadeModule === undefined || testingModule === undefined) {
    return { skipped: 'needs the built @switchboard/core and @switchboard/testing' };
  }
  const { concurrency, latencyMs } = FAN_OUT;
  const simulator = await startChild(SIMULATOR, [JSON.stringify({ latencyMs, rateLimit: false })]);
  try {
    const { baseUrls, tokens } = simulator.ready;
    const accountList = await accountsFor(accounts, baseUrls, tokens);
    const listPaths = Object.fromEntries(
      await Promise.all(
        PROVIDERS.map(async (definition) => [definition.key, await demoListPath(definition)]),
      ),
    );
    const switchboard = facadeModule.createSwitchboard({ accounts: accountList, concurrency });
    const plainRequests = accountList.map((account) =>
      plainListRequest(
        builtInProvidersByKey[account.provider],
        account.baseUrl,
        account.token,
        {},
        listPaths[account.provider],
      ),
    );

    // A short warm-up of both, so the first measured round does not pay for the JIT and connections.
    await switchboard.listInstances({ provider: PROVIDERS[0].key });
    await runPool(64, concurrency, () => plainFetchList(plainRequests[0]));

    const requestCounts = { facade: [], fetch: [] };
    const samples = await interleave({
      rounds,
      warmupRounds: 0,
      variants: [
        {
          name: 'facade',
          run: async () => {
            await simulator.ask({ type: 'reset' });
            const { wallMs, result } = await measure(() => switchboard.listInstances());
            const log = await simulator.ask({ type: 'requests' });
            requestCounts.facade.push(log.total);
            return { wallMs, instances: result.length, requests: log.total, maxInFlight: log.maxInFlight };
          },
        },
        {
          name: 'fetch',
          run: async () => {
            await simulator.ask({ type: 'reset' });
            let next = 0;
            const { wallMs } = await measure(() =>
              runPool(plainRequests.length, concurrency, () => plainFetchList(plainRequests[next++])),
            );
            const log = await simulator.ask({ type: 'requests' });
            requestCounts.fetch.push(log.total);
            return { wallMs, requests: log.total, maxInFlight: log.maxInFlight };
          },
        },
      ],
    });
    const facadeRequests = median(requestCounts.facade);
    const idealMs = (facadeRequests / concurrency) * latencyMs;
    const fetchIdealMs = (median(requestCounts.fetch) / concurrency) * latencyMs;
    const facadeRatios = samples.facade.map(
      (sample) => sample.wallMs / ((sample.requests / concurrency) * latencyMs),
    );
    const fetchRatios = samples.fetch.map(
      (sample) => sample.wallMs / ((sample.requests / concurrency) * latencyMs),
    );
    return {
      accounts,
      concurrency,
      latencyMs,
      facade: {
        wallMs: median(samples.facade.map((sample) => sample.wallMs)),
        requests: facadeRequests,
        instances: median(samples.facade.map((sample) => sample.instances)),
        maxInFlight: Math.max(...samples.facade.map((sample) => sample.maxInFlight)),
        ratioToIdeal: median(facadeRatios),
      },
      fetch: {
        wallMs: median(samples.fetch.map((sample) => sample.wallMs)),
        requests: median(requestCounts.fetch),
        maxInFlight: Math.max(...samples.fetch.map((sample) => sample.maxInFlight)),
        ratioToIdeal: median(fetchRatios),
      },
      idealMs,
      fetchIdealMs,
    };
  } finally {
    await simulator.stop();
  }
}
