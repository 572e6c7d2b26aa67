// Row 6: 1,000 accounts (250 per provider) watched through `watch()` at a 30 s interval for 10
// virtual minutes, then on to 20, on a manual clock against the in-process simulators (see
// watch-probe.mjs, run in a fresh process with --expose-gc so that its heap holds nothing else).
// Every RyzeAPI account shares one token, so the 250 of them share its 100 requests a minute.
// Figures: requests per account per minute against the interval's 2 a minute (RyzeAPI: against its
// token's limit), the simulators' 429s, the live heap at 10 and at 20 minutes, and CPU per poll
// against the CPU per account of one `listInstances()` of the same accounts (simulators and clock
// included in both, since they run in the same process).
import { fileURLToPath } from 'node:url';
import { startChild } from './child-process.mjs';
import { importFacade, importTesting } from './optional-packages.mjs';

const PROBE = fileURLToPath(new URL('./watch-probe.mjs', import.meta.url));

export const WATCH = { accounts: 1_000, intervalMs: 30_000, minutes: 10, heapMinutes: 20 };
/** RyzeAPI's documented limit, per token (its spec's `x-rate-limit`). */
export const RYZEAPI_LIMIT_PER_MINUTE = 100;

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

const othersRate = (result) =>
  Math.min(
    ...['z-api', 'hypersender', 'wachat'].map((provider) => result.rates[provider].perAccountPerMinute),
  );

const median = (values) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];

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
    typeof facadeModule.createSwitchboard({ accounts: [{ provider: 'ryzeapi', token: 't' }] }).watch !==
    'function'
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
  const ryzeBoundPerAccount = Math.min(
    configuredPerMinute,
    RYZEAPI_LIMIT_PER_MINUTE / result.accountsPerProvider.ryzeapi,
  );
  return {
    ...result,
    configuredPerMinute,
    othersPerAccount: othersRate(result),
    ryzePerMinute: result.rates.ryzeapi.perMinute,
    ryzeBoundPerAccount,
    ...cpuFigures(result),
    wide: {
      concurrency: WIDE_CONCURRENCY,
      othersPerAccount: othersRate(wide),
      ryzePerMinute: wide.rates.ryzeapi.perMinute,
      rateLimitedAll: wide.rateLimitedAll,
      rates: wide.rates,
      watch: wide.watch,
      list: wide.list,
      ...cpuFigures(wide),
    },
  };
}
