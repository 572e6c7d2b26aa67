// Row 6: 1,000 accounts (spread evenly over the registry's providers) watched through `watch()` at a
// 30 s interval for 10 virtual minutes, then on to 20, on a manual clock against the in-process
// simulators (see watch-probe.mjs, run in a fresh process with --expose-gc so that its heap holds
// nothing else). Every account of a provider shares its simulator's token, so the accounts of the
// registry's first provider with a documented rate limit share that limit.
// Figures: requests per account per minute against the interval's 2 a minute (the rate-limited
// provider: against its token's limit), the simulators' 429s, the live heap at 10 and at 20 minutes,
// and CPU per poll against the CPU per account of one `listInstances()` of the same accounts
// (simulators and clock included in both, since they run in the same process).
import { fileURLToPath } from 'node:url';
import { startChild } from './child-process.mjs';
import { median } from './measure.mjs';
import { importFacade, importTesting } from './optional-packages.mjs';
import { PROVIDERS, rateLimitedProvider } from './providers.mjs';

const PROBE = fileURLToPath(new URL('./watch-probe.mjs', import.meta.url));

export const WATCH = { accounts: 1_000, intervalMs: 30_000, minutes: 10, heapMinutes: 20 };
/** Requests a minute the provider's spec allows one token (`x-rate-limit`). */
function limitPerMinute(definition) {
  const { requests, perMs } = definition.metadata.rateLimit;
  return (requests * 60_000) / perMs;
}

/** The other run: enough slots that no request waits for one, to tell the watch from the slot queue. */
const WIDE_CONCURRENCY = 1_000;

async function runProbe(options) {
  const child = await startChild(PROBE, [JSON.stringify(options)], { execArgv: ['--expose-gc'] });
  try {
    return await child.ask({ type: 'measure' });
  } finally {
    await child.stop();
  }
}

/** The providers with no documented limit: they poll at the interval, the limited one at its share. */
const unlimited = () => PROVIDERS.filter((definition) => definition.metadata.rateLimit === null);

const othersRate = (result) =>
  Math.min(...unlimited().map((definition) => result.rates[definition.key].perAccountPerMinute));

/**
 * CPU per poll and per listed account. The manual clock waits event-loop turns between timers, and a
 * watch fires more timers per request than a listing, so what those turns cost (measured in the same
 * process) is taken out of both sides.
 */
function cpuFigures(result) {
  const withoutClock = (sample) => (sample.cpuMs - sample.turns * result.cpuPerTurnMs) / sample.requests;
  const cpuPerPollMs = withoutClock(result.watch);
  const listCpuPerAccountMs = median(result.list.map(withoutClock));
  return {
    cpuPerPollMs,
    listCpuPerAccountMs,
    cpuRatio: cpuPerPollMs / listCpuPerAccountMs,
    rawCpuPerPollMs: result.watch.cpuMs / result.watch.requests,
  };
}

export async function benchmarkWatch({ listRounds = 3 } = {}) {
  const [facadeModule, testingModule] = await Promise.all([importFacade(), importTesting()]);
  if (facadeModule === undefined || testingModule === undefined) {
    return { skipped: 'needs the built @switchboard/core and @switchboard/testing' };
  }
  if (
    typeof facadeModule.createSwitchboard({ accounts: [{ provider: PROVIDERS[0].key, token: 't' }] })
      .watch !== 'function'
  ) {
    return { skipped: 'the built @switchboard/core has no watch()' };
  }
  const result = await runProbe({ ...WATCH, listRounds });
  const wide = await runProbe({
    ...WATCH,
    listRounds,
    heapMinutes: WATCH.minutes + 1,
    concurrency: WIDE_CONCURRENCY,
  });
  const configuredPerMinute = 60_000 / result.intervalMs;
  const limited = rateLimitedProvider();
  const limit = limitPerMinute(limited);
  const limitedBoundPerAccount = Math.min(
    configuredPerMinute,
    limit / result.accountsPerProvider[limited.key],
  );
  return {
    ...result,
    limited: { key: limited.key, displayName: limited.displayName, limitPerMinute: limit },
    others: unlimited().map((definition) => definition.displayName),
    configuredPerMinute,
    othersPerAccount: othersRate(result),
    limitedPerMinute: result.rates[limited.key].perMinute,
    limitedBoundPerAccount,
    ...cpuFigures(result),
    wide: {
      concurrency: WIDE_CONCURRENCY,
      othersPerAccount: othersRate(wide),
      limitedPerMinute: wide.rates[limited.key].perMinute,
      rateLimitedAll: wide.rateLimitedAll,
      rates: wide.rates,
      watch: wide.watch,
      list: wide.list,
      ...cpuFigures(wide),
    },
  };
}
