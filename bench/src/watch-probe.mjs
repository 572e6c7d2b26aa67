// One watch measurement in a fresh process (started by watch.mjs with --expose-gc): 1,000 accounts
// (spread evenly over the registry's providers) watched through the facade for 20 virtual minutes on
// a manual clock, against the in-process simulators (no network, no latency). Every account of a
// provider shares its simulator's one token, so the accounts of a provider that documents a rate
// limit share that limit. A few instances change every minute, so that the polls have something to
// diff. argv[2] is JSON: { accounts, intervalMs, minutes, heapMinutes, listRounds, concurrency }.
import { builtInProvidersByKey, createSwitchboard } from '@switchboard/core';
import { createSimulators } from '@switchboard/testing';
import { serveRequests } from './child-process.mjs';
import { installManualClock } from './manual-clock.mjs';
import { median } from './measure.mjs';
import { PROVIDER_KEYS as PROVIDERS } from './providers.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const {
  accounts = 1_000,
  intervalMs = 30_000,
  minutes = 10,
  heapMinutes = 20,
  listRounds = 3,
  concurrency = undefined,
} = options;
const INSTANCES_PER_ACCOUNT = 8;
const CHANGES_PER_MINUTE = 4;

if (typeof globalThis.gc !== 'function') throw new Error('watch-probe needs node --expose-gc');

function fullGc() {
  globalThis.gc();
  globalThis.gc();
}

const cpuMs = (usage) => (usage.user + usage.system) / 1000;

/** The whole measurement; answered over IPC, since it takes longer than a child's start-up allowance. */
async function measureWatch() {
  const clock = installManualClock();
  const simulators = createSimulators({
    seed: 7,
    counts: Object.fromEntries(PROVIDERS.map((provider) => [provider, INSTANCES_PER_ACCOUNT])),
  });
  let requestsStarted = 0;
  let requestsAnswered = 0;
  const countingFetch = async (input, init) => {
    requestsStarted += 1;
    try {
      return await simulators.fetch(input, init);
    } finally {
      requestsAnswered += 1;
    }
  };
  clock.watchActivity(() => requestsStarted + requestsAnswered);

  const accountList = Array.from({ length: accounts }, (_, index) => {
    const provider = PROVIDERS[index % PROVIDERS.length];
    return {
      ...simulators.accountOptions[provider],
      provider,
      label: `${provider}-${index}`,
      token: simulators.tokens[provider],
      baseUrl: simulators.baseUrls[provider],
    };
  });
  const accountsPerProvider = Object.fromEntries(
    PROVIDERS.map((provider) => [
      provider,
      accountList.filter((account) => account.provider === provider).length,
    ]),
  );
  const switchboard = createSwitchboard({
    accounts: accountList,
    fetch: countingFetch,
    logLevel: 'off',
    ...(concurrency !== undefined && { concurrency }),
  });

  /** The simulators' logs since the last call, per provider: requests and 429s; the logs are emptied. */
  function drainLogs() {
    const tally = {};
    for (const simulator of simulators.all) {
      tally[simulator.provider] = {
        requests: simulator.requests.length,
        rateLimited: simulator.requests.filter((entry) => entry.status === 429).length,
      };
      simulator.clearRequests();
    }
    return tally;
  }

  let changeStep = 0;
  /** A few instances change status, so that every poll of their accounts has a change to diff. */
  function changeSomeInstances() {
    for (let step = 0; step < CHANGES_PER_MINUTE; step++) {
      changeStep += 1;
      for (const provider of PROVIDERS) {
        const simulator = simulators[provider];
        const item = simulator.instances[changeStep % simulator.instances.length];
        const { id } = builtInProvidersByKey[provider].adapter.normalize(item, 'bench');
        const next = simulator.statusValues[changeStep % simulator.statusValues.length];
        simulator.setStatus(id, next);
      }
    }
  }

  const controller = new AbortController();
  const events = { added: 0, changed: 0, removed: 0, synced: 0, failed: 0 };
  const failures = [];
  const loop = (async () => {
    for await (const event of switchboard.watch(undefined, { intervalMs, signal: controller.signal })) {
      events[event.type] += 1;
      if (event.type === 'failed' && failures.length < 5)
        failures.push(`${event.account}: ${event.error.code}`);
    }
  })();

  const perMinute = [];
  let watchCpu;
  let heapAt;
  const heapSamples = [];
  const HEAP_WINDOWS = [
    [minutes - 1, minutes, minutes + 1],
    [heapMinutes - 2, heapMinutes - 1, heapMinutes],
  ];
  let watchTurns;
  let watchRequests;
  // CPU is read over the steady minutes (2 to `minutes`), past the first poll of every account and
  // the JIT's warm-up, like the rates.
  let cpuStart;
  let turnsStart;
  let requestsStart;
  const wallStart = performance.now();
  for (let minute = 1; minute <= heapMinutes; minute++) {
    changeSomeInstances();
    await clock.advance(60_000);
    perMinute.push(drainLogs());
    if (minute === 1) {
      cpuStart = process.cpuUsage();
      turnsStart = clock.turns;
      requestsStart = requestsStarted;
    }
    if (minute === minutes) {
      watchCpu = cpuMs(process.cpuUsage(cpuStart));
      watchTurns = clock.turns - turnsStart;
      watchRequests = requestsStarted - requestsStart;
      heapAt = minute;
    }
    // The heap "at" a minute is the median of three minutes around it: what is alive at one instant
    // includes whichever polls happen to be queued behind the limits then.
    if (HEAP_WINDOWS.some((window) => window.includes(minute))) {
      fullGc();
      heapSamples.push({ minute, bytes: process.memoryUsage().heapUsed });
    }
  }
  const watchWallMs = performance.now() - wallStart;
  const heapIn = (window) =>
    median(heapSamples.filter((sample) => window.includes(sample.minute)).map((sample) => sample.bytes));
  const heap = { [minutes]: heapIn(HEAP_WINDOWS[0]), [heapMinutes]: heapIn(HEAP_WINDOWS[1]) };
  controller.abort();
  await loop;
  const eventsAfterAbort = requestsStarted;
  await clock.advance(5 * 60_000);
  const requestsAfterAbort = requestsStarted - eventsAfterAbort;

  // Rates over the steady minutes: the first one holds the first poll of every account at once (and,
  // read at its closing instant, a rate-limited provider's next window opening too).
  const steadyMinutes = perMinute.slice(1, minutes);
  const sum = (tallies, provider, field) =>
    tallies.reduce((total, tally) => total + tally[provider][field], 0);
  const rates = Object.fromEntries(
    PROVIDERS.map((provider) => [
      provider,
      {
        requests: sum(perMinute.slice(0, minutes), provider, 'requests'),
        rateLimited: sum(perMinute, provider, 'rateLimited'),
        perAccountPerMinute:
          sum(steadyMinutes, provider, 'requests') / accountsPerProvider[provider] / steadyMinutes.length,
        perMinute: sum(steadyMinutes, provider, 'requests') / steadyMinutes.length,
      },
    ]),
  );
  const rateLimitedAll = perMinute.reduce(
    (total, tally) => total + PROVIDERS.reduce((inner, provider) => inner + tally[provider].rateLimited, 0),
    0,
  );

  // The same accounts listed once: the cost a poll is compared with. Past two quiet minutes, so that
  // a rate-limited provider's window starts empty, as the watch's first poll did.
  await clock.advance(2 * 60_000);
  drainLogs();
  const listCpu = [];
  for (let round = 0; round < listRounds; round++) {
    const before = process.cpuUsage();
    const startedRequests = requestsStarted;
    const startedTurns = clock.turns;
    const listed = await clock.runUntil(switchboard.listInstances());
    const cpu = cpuMs(process.cpuUsage(before));
    listCpu.push({
      cpuMs: cpu,
      requests: requestsStarted - startedRequests,
      instances: listed.length,
      turns: clock.turns - startedTurns,
    });
    await clock.advance(2 * 60_000);
  }
  drainLogs();
  // What one empty turn of the event loop costs here, so that the clock's own share can be taken out.
  const calibrationTurns = 200_000;
  const calibrationStart = process.cpuUsage();
  await clock.idleTurns(calibrationTurns);
  const cpuPerTurnMs = cpuMs(process.cpuUsage(calibrationStart)) / calibrationTurns;
  clock.uninstall();
  return {
    accounts,
    accountsPerProvider,
    intervalMs,
    minutes,
    heapMinutes,
    rates,
    rateLimitedAll,
    events,
    failures,
    watch: { cpuMs: watchCpu, requests: watchRequests, wallMs: watchWallMs, heapAt, turns: watchTurns },
    cpuPerTurnMs,
    heap,
    heapSamples,
    requestsAfterAbort,
    list: listCpu,
  };
}

serveRequests(() => measureWatch());
process.send({ type: 'ready' });
