// Row 3: a burst of 300 calls to the registry's first provider with a documented rate limit, against
// its simulator's limit, scaled down from the spec's window to 100 a second so that the run stays short. A sliding window of 100 per second lets 300 calls finish
// no sooner than 2 windows after the first: the lower bound. The simulator's request log counts the
// 429s. The baseline, in the same run, is the same burst sent by plain fetch with no client-side limit.
import { fileURLToPath } from 'node:url';
import { startChild } from './child-process.mjs';
import { measure, median, runPool, sleep } from './measure.mjs';
import { importFacade, importTesting } from './optional-packages.mjs';
import { demoAccountOptions, plainListRequest, rateLimitedProvider } from './providers.mjs';

const SIMULATOR = fileURLToPath(new URL('./simulator-process.mjs', import.meta.url));

export const BURST = { calls: 300, requests: 100, perMs: 1000 };
/** The plain-fetch burst's requests in flight, the same as the facade's default concurrency. */
const PLAIN_IN_FLIGHT = 8;

export async function benchmarkRateLimit({ rounds = 3 } = {}) {
  const [facadeModule, testingModule] = await Promise.all([importFacade(), importTesting()]);
  if (facadeModule === undefined || testingModule === undefined) {
    return { skipped: 'needs the built @switchboard/core and @switchboard/testing' };
  }
  const { calls, requests, perMs } = BURST;
  const rateLimit = { requests, perMs };
  const lowerBoundMs = (Math.ceil(calls / requests) - 1) * perMs;
  const definition = rateLimitedProvider();
  const provider = definition.key;
  // The simulator of a provider that documents a limit enforces it, and takes it as its `rateLimit`.
  const simulatorOptions = { providers: { [provider]: { rateLimit } } };
  const simulator = await startChild(SIMULATOR, [JSON.stringify(simulatorOptions)]);
  try {
    const { baseUrls, tokens } = simulator.ready;
    const plainRequest = plainListRequest(definition, baseUrls[provider], tokens[provider]);
    const extraOptions = await demoAccountOptions(definition);
    const facade = [];
    const plain = [];
    for (let round = 0; round < rounds; round++) {
      // A fresh switchboard each round; the client-side limiter is shared across the process per base
      // URL and token, so every burst starts after a full quiet window on both sides.
      await sleep(perMs + 100);
      await simulator.ask({ type: 'reset', provider, rateLimit });
      const switchboard = facadeModule.createSwitchboard({
        accounts: [
          { ...extraOptions, provider, token: tokens[provider], baseUrl: baseUrls[provider], rateLimit },
        ],
      });
      const { wallMs } = await measure(() =>
        Promise.all(Array.from({ length: calls }, () => switchboard.listInstances())),
      );
      const log = await simulator.ask({ type: 'requests', provider });
      facade.push({ wallMs, requests: log.total, rateLimited: log.byStatus['429'] ?? 0 });

      await sleep(perMs + 100);
      await simulator.ask({ type: 'reset', provider, rateLimit });
      let rejected = 0;
      const plainRun = await measure(() =>
        runPool(calls, PLAIN_IN_FLIGHT, async () => {
          const response = await fetch(plainRequest.url, { headers: plainRequest.headers });
          await response.arrayBuffer();
          if (response.status === 429) rejected++;
        }),
      );
      plain.push({ wallMs: plainRun.wallMs, rateLimited: rejected });
    }
    return {
      provider: definition.displayName,
      calls,
      rateLimit,
      lowerBoundMs,
      facade: {
        wallMs: median(facade.map((sample) => sample.wallMs)),
        ratioToLowerBound: median(facade.map((sample) => sample.wallMs / lowerBoundMs)),
        requests: median(facade.map((sample) => sample.requests)),
        // The worst round, not the median: one 429 in any round is a miss.
        rateLimited: Math.max(...facade.map((sample) => sample.rateLimited)),
        samples: facade,
      },
      plain: {
        wallMs: median(plain.map((sample) => sample.wallMs)),
        rateLimited: median(plain.map((sample) => sample.rateLimited)),
      },
    };
  } finally {
    await simulator.stop();
  }
}
