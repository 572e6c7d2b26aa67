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
  const child = await startChild(PROBE, [JSON.stringify({ ...WATCH, listRounds })], {
    execArgv: ['--expose-gc'],
  });
  await child.exit;
  const result = child.ready.result;
  const configuredPerMinute = 60_000 / result.intervalMs;
  const others = ['z-api', 'hypersender', 'wachat'];
  const othersPerAccount = others.map((provider) => result.rates[provider].perAccountPerMinute);
  const ryze = result.rates.ryzeapi;
  const ryzeBoundPerAccount = Math.min(
    configuredPerMinute,
    RYZEAPI_LIMIT_PER_MINUTE / result.accountsPerProvider.ryzeapi,
  );
  const listCpuPerAccount = result.list
    .map((sample) => sample.cpuMs / sample.requests)
    .sort((left, right) => left - right)[Math.floor(result.list.length / 2)];
  const cpuPerPoll = result.watch.cpuMs / result.watch.requests;
  return {
    ...result,
    configuredPerMinute,
    othersPerAccount: Math.min(...othersPerAccount),
    othersPerAccountMax: Math.max(...othersPerAccount),
    ryzePerMinute: ryze.perMinute,
    ryzeBoundPerAccount,
    cpuPerPollMs: cpuPerPoll,
    listCpuPerAccountMs: listCpuPerAccount,
    cpuRatio: cpuPerPoll / listCpuPerAccount,
    rawCpuPerPollMs: result.watch.cpuMs / result.watch.requests,
  };
}
