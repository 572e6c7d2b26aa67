// `pnpm bench`: every benchmark of the issue in one run, printed as one table and written to
// bench/RESULTS.md. Each figure sits beside a baseline measured in the same run (or a bound computed
// from the setup), so that the ratios hold on a noisy shared machine where the raw numbers do not.
//
//   node --expose-gc src/run.mjs [--only=request-cost,fan-out,rate-limit,streaming,watch,size,codegen] [--quick]
//
// --quick runs fewer rounds (a smoke run); --only runs some benchmarks. Either way RESULTS.md is only
// written by a full run, so that it never mixes a partial run with an older one.
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchmarkCodegen } from './codegen.mjs';
import { benchmarkFanOut } from './fan-out.mjs';
import { formatBytes, formatMs, formatRatio } from './measure.mjs';
import { PROVIDERS } from './providers.mjs';
import { benchmarkRateLimit } from './rate-limit.mjs';
import { benchmarkRequestCost } from './request-cost.mjs';
import { CEILINGS, measureSizes, TARGETS } from './size-budget.mjs';
import { benchmarkStreaming } from './streaming.mjs';
import { benchmarkWatch } from './watch.mjs';

const RESULTS_PATH = fileURLToPath(new URL('../RESULTS.md', import.meta.url));
const BENCHMARKS = ['request-cost', 'fan-out', 'rate-limit', 'streaming', 'watch', 'size', 'codegen'];
const MB = 1024 * 1024;

function parseArguments(argv) {
  const options = { only: BENCHMARKS, quick: false };
  for (const argument of argv) {
    if (argument === '--quick') options.quick = true;
    else if (argument.startsWith('--only=')) {
      options.only = argument.slice('--only='.length).split(',');
      const unknown = options.only.filter((name) => !BENCHMARKS.includes(name));
      if (unknown.length > 0)
        throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS}`);
    } else throw new Error(`unknown argument ${argument}; usage: run.mjs [--only=a,b] [--quick]`);
  }
  return options;
}

/** A row of the table. `met` is true, false, or null for a figure with no target. */
function row(benchmark, own, baseline, ratio, target, met, note) {
  return { benchmark, own, baseline, ratio, target, met, note };
}

const perRequest = (ms) => `${formatMs(ms)}/req`;
const perSecond = (value) => `${Math.round(value).toLocaleString('en-US')} req/s`;
const megabytes = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
const kilobytes = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;

function requestCostRows(outcome) {
  const rows = [];
  for (const result of outcome.results) {
    const size = formatBytes(result.bytes);
    const mode = result.mode === 'sequential' ? 'sequential' : `${result.inFlight} in flight`;
    const where = `${outcome.provider}, ${size} (${result.items} item${result.items === 1 ? '' : 's'}), ${mode}`;
    const { fetch: plain, facade, 'raw-client': rawClient } = result.figures;
    if (facade !== undefined) {
      rows.push(
        row(
          `Request CPU, ${where}: facade vs plain fetch`,
          perRequest(facade.cpuPerRequestMs),
          perRequest(plain.cpuPerRequestMs),
          facade.cpuRatioToFetch,
          '≤ 1.15x',
          facade.cpuRatioToFetch <= 1.15,
          'request-cost',
        ),
      );
    }
    for (const [name, figure] of Object.entries(result.figures)) {
      if (!name.startsWith('facade-')) continue;
      const transport = name.slice('facade-'.length);
      rows.push(
        row(
          `Request CPU, ${where}: facade on the ${transport} transport vs plain fetch`,
          perRequest(figure.cpuPerRequestMs),
          perRequest(plain.cpuPerRequestMs),
          figure.cpuRatioToFetch,
          '< 1.0x',
          figure.cpuRatioToFetch < 1,
          'request-cost-transport',
        ),
      );
    }
    rows.push(
      row(
        `Request CPU, ${where}: raw client vs plain fetch`,
        perRequest(rawClient.cpuPerRequestMs),
        perRequest(plain.cpuPerRequestMs),
        rawClient.cpuRatioToFetch,
        '—',
        null,
      ),
    );
    if (facade !== undefined) {
      rows.push(
        row(
          `Throughput, ${where}: facade vs plain fetch`,
          perSecond(facade.requestsPerSecond),
          perSecond(plain.requestsPerSecond),
          facade.throughputRatioToFetch,
          '—',
          null,
        ),
      );
    }
  }
  if (!outcome.facadeAvailable) {
    rows.push(row('Request cost: facade', 'skipped', '—', Number.NaN, '≤ 1.15x', null, 'skipped'));
  }
  return rows;
}

function fanOutRows(outcome) {
  if (outcome.skipped) return [row('Fan-out, 1,000 accounts', 'skipped', '—', Number.NaN, '≤ 1.10x', null)];
  const { accounts, concurrency, latencyMs, facade, fetch: plain, idealMs } = outcome;
  const where = `${accounts.toLocaleString('en-US')} accounts, concurrency ${concurrency}, ${latencyMs} ms latency`;
  return [
    row(
      `Fan-out, ${where}: facade wall time vs ideal`,
      formatMs(facade.wallMs),
      `${formatMs(idealMs)} (ideal)`,
      facade.ratioToIdeal,
      '≤ 1.10x',
      facade.ratioToIdeal <= 1.1,
      'fan-out',
    ),
    row(
      `Fan-out, same requests: pool of ${concurrency} plain fetches vs ideal`,
      formatMs(plain.wallMs),
      `${formatMs(outcome.fetchIdealMs)} (ideal)`,
      plain.ratioToIdeal,
      '—',
      null,
    ),
  ];
}

function rateLimitRows(outcome) {
  if (outcome.skipped)
    return [row('Rate-limited burst', 'skipped', '—', Number.NaN, '≤ 1.05x, 0 × 429', null)];
  const { calls, rateLimit, lowerBoundMs, facade, plain } = outcome;
  const where = `${calls} ${outcome.provider} calls at ${rateLimit.requests} per ${formatMs(rateLimit.perMs)}`;
  return [
    row(
      `Burst, ${where}: wall time vs the limit's lower bound`,
      formatMs(facade.wallMs),
      `${formatMs(lowerBoundMs)} (bound)`,
      facade.ratioToLowerBound,
      '≤ 1.05x',
      facade.ratioToLowerBound <= 1.05,
      'rate-limit',
    ),
    row(
      `Burst, same calls: 429s (worst round) vs plain fetch with no limiter`,
      String(facade.rateLimited),
      String(plain.rateLimited),
      Number.NaN,
      '0',
      facade.rateLimited === 0,
      'rate-limit-429',
    ),
  ];
}

function streamingRows(outcome) {
  if (outcome.skipped)
    return [row('Streaming 100,000 items', 'skipped', '—', Number.NaN, '< 30 MB, flat', null)];
  const rows = [];
  const byCount = Object.fromEntries(outcome.results.map((result) => [result.count, result]));
  for (const result of outcome.results) {
    const count = result.count.toLocaleString('en-US');
    rows.push(
      row(
        `Stream ${count} ${outcome.provider} items (pages of ${result.pageSize}): client CPU/item vs raw client`,
        `${result.facade.cpuMicrosecondsPerItem.toFixed(1)} µs`,
        `${result.rawClient.cpuMicrosecondsPerItem.toFixed(1)} µs`,
        result.cpuRatioToRawClient,
        '—',
        null,
      ),
    );
  }
  const small = byCount[10_000];
  const large = byCount[100_000];
  if (small !== undefined) {
    rows.push(
      row(
        'Stream 10,000: live heap growth, facade vs raw client',
        megabytes(small.facade.liveGrowthBytes),
        megabytes(small.rawClient.liveGrowthBytes),
        small.facade.liveGrowthBytes / small.rawClient.liveGrowthBytes,
        '< 30 MB',
        small.facade.liveGrowthBytes < 30 * MB,
        'streaming-heap',
      ),
    );
  }
  if (small !== undefined && large !== undefined) {
    const flat = large.facade.liveGrowthBytes <= small.facade.liveGrowthBytes + 5 * MB;
    rows.push(
      row(
        'Stream 100,000: live heap growth, facade at 100,000 vs at 10,000',
        megabytes(large.facade.liveGrowthBytes),
        megabytes(small.facade.liveGrowthBytes),
        large.facade.liveGrowthBytes / small.facade.liveGrowthBytes,
        '< 30 MB, ≤ 10k + 5 MB',
        large.facade.liveGrowthBytes < 30 * MB && flat,
        'streaming-heap',
      ),
    );
  }
  return rows;
}

function watchRows(outcome) {
  if (outcome.skipped) return [row('Watch, 1,000 accounts', 'skipped', '—', Number.NaN, '—', null)];
  const { accounts, intervalMs, minutes, heapMinutes, configuredPerMinute } = outcome;
  const perMinute = (value) => `${value.toFixed(2)}/min`;
  const where = `${accounts.toLocaleString('en-US')} accounts, every ${intervalMs / 1000} s, ${minutes} virtual min`;
  const othersRatio = outcome.othersPerAccount / configuredPerMinute;
  const { limited } = outcome;
  const limitedRatio = outcome.limitedPerMinute / limited.limitPerMinute;
  const heapFlat = outcome.heap[heapMinutes] <= outcome.heap[minutes] + 5 * MB;
  return [
    row(
      `Watch ${where}: requests/account/min, ${outcome.others.join(', ')} (slowest) vs the interval`,
      perMinute(outcome.othersPerAccount),
      `${perMinute(configuredPerMinute)} (interval)`,
      othersRatio,
      '0.95–1.05x',
      othersRatio >= 0.95 && othersRatio <= 1.05,
      'watch-rate',
    ),
    row(
      `Watch, same setup with concurrency ${outcome.wide.concurrency.toLocaleString('en-US')} (no request waits for a slot): the same rate`,
      perMinute(outcome.wide.othersPerAccount),
      `${perMinute(configuredPerMinute)} (interval)`,
      outcome.wide.othersPerAccount / configuredPerMinute,
      '0.95–1.05x',
      outcome.wide.othersPerAccount / configuredPerMinute >= 0.95 &&
        outcome.wide.othersPerAccount / configuredPerMinute <= 1.05,
      'watch-rate',
    ),
    row(
      `Watch, same setup with concurrency ${outcome.wide.concurrency.toLocaleString('en-US')}: ${limited.displayName} requests/min vs its limit, and 429s (all providers)`,
      `${perMinute(outcome.wide.limitedPerMinute)}, ${outcome.wide.rateLimitedAll} × 429`,
      `${perMinute(limited.limitPerMinute)} (limit), 0`,
      outcome.wide.limitedPerMinute / limited.limitPerMinute,
      '≤ 1.00x, 0',
      outcome.wide.limitedPerMinute <= limited.limitPerMinute && outcome.wide.rateLimitedAll === 0,
      'watch-limited',
    ),
    row(
      `Watch, same run: ${limited.displayName}, ${outcome.accountsPerProvider[limited.key]} accounts on one token: requests/min vs its limit`,
      perMinute(outcome.limitedPerMinute),
      `${perMinute(limited.limitPerMinute)} (limit)`,
      limitedRatio,
      '≤ 1.00x',
      limitedRatio <= 1,
      'watch-limited',
    ),
    row(
      `Watch, same run: 429s from the ${limited.displayName} simulator (all providers: same)`,
      String(outcome.rates[limited.key].rateLimited),
      String(outcome.rateLimitedAll),
      Number.NaN,
      '0',
      outcome.rateLimitedAll === 0,
      'watch-limited',
    ),
    row(
      `Watch, same run: live heap at ${heapMinutes} vs ${minutes} virtual minutes (median of 3 minutes around each)`,
      megabytes(outcome.heap[heapMinutes]),
      megabytes(outcome.heap[minutes]),
      outcome.heap[heapMinutes] / outcome.heap[minutes],
      `≤ ${minutes} min + 5 MB`,
      heapFlat,
      'watch-heap',
    ),
    row(
      `Watch, concurrency ${outcome.wide.concurrency.toLocaleString('en-US')} run: CPU per poll vs one listInstances() per account, same accounts`,
      perRequest(outcome.wide.cpuPerPollMs),
      perRequest(outcome.wide.listCpuPerAccountMs),
      outcome.wide.cpuRatio,
      '≤ 1.25x',
      outcome.wide.cpuRatio <= 1.25,
      'watch-cpu',
    ),
    row(
      'Watch, default concurrency run: the same, with up to 1,000 polls queued for 8 slots',
      perRequest(outcome.cpuPerPollMs),
      perRequest(outcome.listCpuPerAccountMs),
      outcome.cpuRatio,
      '—',
      null,
    ),
  ];
}

function sizeRows(sizes) {
  const base = sizes['openapi-fetch'];
  const rows = [];
  const measured = (kind) =>
    Object.entries(sizes).filter(([, size]) => size.kind === kind && size.gzippedBytes !== undefined);
  const sizeRow = (name, size, target, note) =>
    row(
      `Bundle (esbuild min + gzip): ${name}`,
      kilobytes(size.gzippedBytes),
      kilobytes(base.gzippedBytes),
      size.gzippedBytes / base.gzippedBytes,
      `≤ ${kilobytes(target)}`,
      size.gzippedBytes <= target,
      note,
    );
  const clientTarget = base.gzippedBytes + TARGETS.clientOverOpenapiFetch;
  for (const [name, size] of measured('raw-client')) {
    rows.push({
      ...sizeRow(`${name} vs openapi-fetch alone`, size, clientTarget, 'size-client'),
      target: `≤ openapi-fetch + 1.5 kB (${kilobytes(clientTarget)})`,
    });
  }
  for (const [name, size] of measured('facade-seed')) {
    rows.push(sizeRow(name, size, TARGETS.facadeSeedProviders, 'size-facade'));
  }
  for (const [name, size] of measured('facade-every')) {
    rows.push(sizeRow(name, size, TARGETS.facadeEveryProvider, 'size-facade'));
  }
  const onePerProvider = measured('facade-one').sort(([, first], [, second]) => {
    return second.gzippedBytes - first.gzippedBytes;
  });
  if (onePerProvider.length > 0) {
    const [name, size] = onePerProvider[0];
    const others = onePerProvider.length - 1;
    rows.push(
      sizeRow(
        `${name}, the largest of the ${onePerProvider.length} one-provider facades`,
        size,
        TARGETS.facadeOneProvider,
        'size-facade',
      ),
    );
    if (others > 0) {
      const smallest = onePerProvider[onePerProvider.length - 1][1];
      rows.push(
        row(
          `Bundle: the smallest one-provider facade (${onePerProvider[onePerProvider.length - 1][0]})`,
          kilobytes(smallest.gzippedBytes),
          kilobytes(base.gzippedBytes),
          smallest.gzippedBytes / base.gzippedBytes,
          `≤ ${kilobytes(TARGETS.facadeOneProvider)}`,
          smallest.gzippedBytes <= TARGETS.facadeOneProvider,
          'size-facade',
        ),
      );
    }
  }
  const failed = Object.entries(sizes).filter(([, size]) => size.error !== undefined);
  for (const [name, size] of failed) {
    rows.push(row(`Bundle: ${name}`, `not built (${size.error})`, '—', Number.NaN, '—', false));
  }
  return rows;
}

function codegenRows(outcome) {
  return [
    row(
      `\`pnpm generate\`, ${PROVIDERS.length} specs: from turbo cache vs cold (--force)`,
      formatMs(outcome.cachedMs),
      `${formatMs(outcome.coldMs)} (cold)`,
      outcome.cachedMs / outcome.coldMs,
      '—',
      null,
    ),
  ];
}

function metCell(met) {
  if (met === null) return '—';
  return met ? 'yes' : '**NO**';
}

function renderTable(rows, { markdown }) {
  const header = ['Benchmark', 'Switchboard', 'Baseline', 'Ratio', 'Target', 'Met'];
  const cells = rows.map((entry) => [
    entry.benchmark,
    entry.own,
    entry.baseline,
    formatRatio(entry.ratio),
    entry.target,
    markdown ? metCell(entry.met) : metCell(entry.met).replaceAll('*', ''),
  ]);
  if (markdown) {
    const line = (values) => `| ${values.join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...cells.map(line)].join('\n');
  }
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((values) => values[column].length)),
  );
  const line = (values) => values.map((value, column) => value.padEnd(widths[column])).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

/** Why a missed target was missed, in a line; the evidence is in bench/NOTES.md, appended below. */
const WHEN_MISSED = {
  'request-cost':
    'on top of a raw-client call, the facade reads and normalises every item, redacts its secrets and runs the page walk, the concurrency limiter and the abort scopes per call. See "Request CPU" in the analysis, with the profile.',
  'request-cost-transport': 'see "The undici transport" in the analysis.',
  'fan-out':
    'compare with the pool of plain fetches in the next row: what both share is this machine (simulator timers, loopback, two shared cores); the gap is the facade\'s CPU per request. See "Fan-out" in the analysis.',
  'rate-limit':
    'the limiter moves each grant to the time its answer arrives (the server counts a request on arrival, so the client\'s window must end after the server\'s); a window of 100 concurrent calls therefore ends when the slowest of them answers, not when the first left. See "Rate-limited burst" in the analysis.',
  'rate-limit-429':
    'the server counted more requests in one of its windows than the limiter let go in the client\'s; see "Rate-limited burst" in the analysis.',
  'streaming-heap':
    'the facade keeps every id seen in a walk (core/src/switchboard.ts, `seenIds`), so that a listing that shifts while it is walked never yields an item twice: memory grows with the account\'s distinct ids. See "Streaming heap" in the analysis.',
  'size-client':
    'the raw client\'s bundle carries the runtime\'s transport, rate limiter, errors, redaction and option checks. See the per-module list below and "Bundle sizes" in the analysis.',
  'size-facade': 'see the per-module list below and "Bundle sizes" in the analysis.',
  'watch-rate':
    'an account is polled less often than its interval: look for requests that hold a `concurrency` slot while they wait (for a rate-limit window, a backoff); compare with the concurrency 1,000 row. See "Watch" in the details.',
  'watch-limited': 'see "Watch" in the details.',
  'watch-heap': 'see "Watch" in the details.',
  'watch-cpu':
    'a poll is a listing plus the diff against the last state and the events it yields. See "Watch" in the details.',
};

function machineDescription() {
  const processors = cpus();
  return {
    cpu: processors[0]?.model?.trim() ?? 'unknown',
    cores: availableParallelism?.() ?? processors.length,
    memory: `${Math.round(totalmem() / 1024 ** 3)} GB`,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

function renderDetails(outcomes) {
  const lines = [];
  const requestCost = outcomes['request-cost'];
  if (requestCost) {
    lines.push('### Request cost (medians of the rounds; ratios are medians of per-round ratios)', '');
    lines.push('| Body | Mode | Requests/sample | Variant | CPU/request | Requests/s | CPU vs fetch |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const result of requestCost.results) {
      for (const [name, figure] of Object.entries(result.figures)) {
        lines.push(
          `| ${formatBytes(result.bytes)} (${result.items} item${result.items === 1 ? '' : 's'}) | ${result.mode === 'sequential' ? 'sequential' : `${result.inFlight} in flight`} | ${result.requests} | ${name}: ${figure.label} | ${formatMs(figure.cpuPerRequestMs)} | ${Math.round(figure.requestsPerSecond)} | ${formatRatio(figure.cpuRatioToFetch)} |`,
        );
      }
    }
    lines.push('');
  }
  const fanOut = outcomes['fan-out'];
  if (fanOut && !fanOut.skipped) {
    lines.push('### Fan-out', '');
    lines.push(
      `Facade: ${fanOut.facade.requests} requests for ${fanOut.facade.instances} instances, at most ${fanOut.facade.maxInFlight} in flight at the simulators (from their request log). Plain fetch: ${fanOut.fetch.requests} requests, at most ${fanOut.fetch.maxInFlight} in flight. Ideal = requests / ${fanOut.concurrency} × ${fanOut.latencyMs} ms.`,
      '',
    );
  }
  const rateLimit = outcomes['rate-limit'];
  if (rateLimit && !rateLimit.skipped) {
    lines.push('### Rate-limited burst', '');
    lines.push(
      `Rounds (wall time, requests at the simulator, 429s): ${rateLimit.facade.samples.map((sample) => `${formatMs(sample.wallMs)} / ${sample.requests} / ${sample.rateLimited}`).join('; ')}. Plain fetch with no client-side limit: ${formatMs(rateLimit.plain.wallMs)}, ${rateLimit.plain.rateLimited} answers of 429 out of ${rateLimit.calls}.`,
      '',
    );
  }
  const streaming = outcomes.streaming;
  if (streaming && !streaming.skipped) {
    lines.push('### Streaming', '');
    lines.push(
      '| Items | Variant | Wall/item | CPU/item | Live heap growth | Peak heap growth (with garbage) | Retained after |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const result of streaming.results) {
      for (const [name, figure] of [
        ['facade `instances()`', result.facade],
        ['raw client, page loop', result.rawClient],
      ]) {
        lines.push(
          `| ${result.count.toLocaleString('en-US')} | ${name} | ${figure.microsecondsPerItem.toFixed(1)} µs | ${figure.cpuMicrosecondsPerItem.toFixed(1)} µs | ${megabytes(figure.liveGrowthBytes)} | ${megabytes(figure.peakGrowthBytes)} | ${megabytes(figure.retainedBytes)} |`,
        );
      }
    }
    lines.push(
      '',
      'Live heap growth: the most heap that survives a full GC, sampled every 5,000 items, over the heap before the stream (after a full GC); the worst of the rounds. Peak: heapUsed sampled every 1,000 items with no forced GC (the median of the rounds). Each run is a fresh process; both variants pay for the same forced GCs, which are in their times.',
      '',
    );
  }
  const watch = outcomes.watch;
  if (watch && !watch.skipped) {
    lines.push('### Watch', '');
    lines.push(
      '| Provider | Accounts | Requests (first 10 min) | Requests/min (minutes 2-10) | Per account/min | 429s |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const [provider, rate] of Object.entries(watch.rates)) {
      lines.push(
        `| ${provider} | ${watch.accountsPerProvider[provider]} | ${rate.requests} | ${rate.perMinute.toFixed(1)} | ${rate.perAccountPerMinute.toFixed(3)} | ${rate.rateLimited} |`,
      );
    }
    lines.push(
      '',
      `Events over ${watch.heapMinutes} virtual minutes: ${Object.entries(watch.events)
        .map(([type, count]) => `${count} ${type}`)
        .join(
          ', ',
        )} (${watch.failures.length === 0 ? 'no failure' : watch.failures.join('; ')}). ${watch.heapMinutes} virtual minutes took ${formatMs(watch.watch.wallMs)} of real time. Requests after the abort: ${watch.requestsAfterAbort}. listInstances() rounds (CPU / requests / clock turns): ${watch.list.map((sample) => `${formatMs(sample.cpuMs)} / ${sample.requests} / ${sample.turns}`).join('; ')}; the watch's minutes 2 to ${watch.minutes}: ${formatMs(watch.watch.cpuMs)} / ${watch.watch.requests} / ${watch.watch.turns}, one clock turn ${formatMs(watch.cpuPerTurnMs)} of CPU (taken out of both sides in the CPU rows; before that, a poll cost ${formatMs(watch.rawCpuPerPollMs)}). listInstances() is the median of its rounds. With concurrency ${watch.wide.concurrency}: ${formatMs(watch.wide.cpuPerPollMs)} per poll, ${formatMs(watch.wide.listCpuPerAccountMs)} per listed account; per provider ${Object.entries(
        watch.wide.rates,
      )
        .map(([provider, rate]) => `${provider} ${rate.perAccountPerMinute.toFixed(3)}/account/min`)
        .join(
          ', ',
        )}. ${watch.limited.displayName}'s fair share here is ${watch.limitedBoundPerAccount.toFixed(2)} requests per account per minute (its limit over its accounts). The clock is virtual (setTimeout, clearTimeout and Date.now replaced for the whole probe process), the simulators run in the same process, so CPU figures include theirs on both sides.`,
      '',
    );
  }
  const size = outcomes.size;
  if (size) {
    lines.push('### Bundle sizes (esbuild --bundle --minify, ESM, browser, es2022; gzip level 9)', '');
    lines.push(
      "Counted: the entry chunk and the chunks it imports statically (code splitting on, as in an app); a provider's simulator is a dynamic import (`loadSimulator()`), split into a chunk loaded only when asked for, shown apart. `npm test` enforces the ceilings in the last column (src/size-budget.test.ts).",
      '',
    );
    const ceilingOf = {
      'raw-client': CEILINGS.rawClient,
      'facade-seed': CEILINGS.facadeSeedProviders,
      'facade-every': CEILINGS.facadeEveryProvider,
      'facade-one': CEILINGS.facadeOneProvider,
    };
    lines.push(
      '| Entry | Minified | Gzipped | Lazy chunks (minified, not counted) | Ceiling in `npm test` |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const [name, figure] of Object.entries(size)) {
      const ceiling = ceilingOf[figure.kind] === undefined ? '—' : kilobytes(ceilingOf[figure.kind]);
      lines.push(
        figure.error
          ? `| ${name} | not measured: ${figure.error} | | | |`
          : `| ${name} | ${kilobytes(figure.minifiedBytes)} | ${kilobytes(figure.gzippedBytes)} | ${kilobytes(figure.lazyBytes)} | ${ceiling} |`,
      );
    }
    lines.push('');
    const firstOfKind = (kind) => Object.keys(size).find((name) => size[name].kind === kind);
    for (const name of ['raw-client', 'facade-one', 'facade-every'].map(firstOfKind)) {
      const modules = name === undefined ? undefined : size[name].modules;
      if (modules === undefined) continue;
      lines.push(
        `What the ${name} bundle holds (minified bytes per module): ${modules.map((module) => `${module.path} ${module.bytes}`).join(', ')}.`,
        '',
      );
    }
  }
  const codegen = outcomes.codegen;
  if (codegen) {
    lines.push('### Codegen', '');
    lines.push(
      `\`${codegen.command}\`: cold ${codegen.coldSamples.map(formatMs).join(', ')}; cached ${codegen.cachedSamples.map(formatMs).join(', ')}.`,
      '',
    );
  }
  return lines.join('\n');
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const started = performance.now();
  const date = new Date().toISOString();
  const machine = machineDescription();
  const rounds = (full) => (options.quick ? Math.max(1, Math.ceil(full / 3)) : full);
  const outcomes = {};
  const rows = [];
  const failures = [];
  const step = async (name, run, toRows) => {
    if (!options.only.includes(name)) return;
    const stepStart = performance.now();
    process.stdout.write(`bench: ${name}… `);
    try {
      outcomes[name] = await run();
      rows.push(...toRows(outcomes[name]));
      process.stdout.write(`${formatMs(performance.now() - stepStart)}\n`);
    } catch (error) {
      // One broken benchmark (a package failing to build, say) must not hide the others' figures.
      process.stdout.write('failed\n');
      console.error(error);
      failures.push(name);
      rows.push(
        row(
          `${name}: failed (${String(error?.message ?? error).split('\n')[0]})`,
          '—',
          '—',
          Number.NaN,
          '—',
          false,
        ),
      );
    }
  };
  // Cheap and deterministic first; codegen last, since it spawns turbo and rewrites generated files.
  await step('size', () => measureSizes(), sizeRows);
  await step(
    'request-cost',
    () => benchmarkRequestCost({ rounds: rounds(7), scale: options.quick ? 0.3 : 1 }),
    requestCostRows,
  );
  await step('fan-out', () => benchmarkFanOut({ rounds: rounds(3) }), fanOutRows);
  await step('rate-limit', () => benchmarkRateLimit({ rounds: rounds(3) }), rateLimitRows);
  await step('streaming', () => benchmarkStreaming({ rounds: rounds(3) }), streamingRows);
  await step('watch', () => benchmarkWatch({ listRounds: rounds(3) }), watchRows);
  await step('codegen', () => benchmarkCodegen({ rounds: rounds(2) }), codegenRows);
  const totalMs = performance.now() - started;

  console.log(`\n${renderTable(rows, { markdown: false })}\n`);
  console.log(
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ${date}; total ${formatMs(totalMs)}`,
  );
  const missed = rows.filter((entry) => entry.met === false);
  if (missed.length > 0) console.log(`${missed.length} target(s) missed: see bench/RESULTS.md`);

  if (failures.length > 0) process.exitCode = 1;
  const fullRun = options.only.length === BENCHMARKS.length && !options.quick;
  if (!fullRun) {
    console.log('(a partial or --quick run: bench/RESULTS.md left as it was)');
    return;
  }
  const missedNotes = [...new Set(missed.map((entry) => entry.note).filter((note) => WHEN_MISSED[note]))].map(
    (note) => {
      const names = missed.filter((entry) => entry.note === note).map((entry) => entry.benchmark);
      const rowsText = names.length === 1 ? names[0] : `${names[0]}, and ${names.length - 1} more like it`;
      return `- ${rowsText}: ${WHEN_MISSED[note]}`;
    },
  );
  const document = [
    '# Benchmark results',
    '',
    'Written by `pnpm bench` (bench/src/run.mjs); do not edit by hand: rerun it.',
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} RAM, ${machine.os}`,
    `- Node: ${machine.node}`,
    `- Date: ${date}`,
    '- Command: `pnpm bench` (builds with turbo, then `node --expose-gc src/run.mjs` in bench/)',
    `- Duration: ${formatMs(totalMs)}`,
    '',
    'Every ratio is this project against a baseline measured in the same run, interleaved round by round',
    '(the median of several rounds), or against a bound computed from the setup. Ratios above 1 mean',
    'Switchboard costs more. Servers run in child processes on 127.0.0.1, so CPU time is the client’s.',
    '',
    renderTable(rows, { markdown: true }),
    '',
    missed.length === 0 ? 'Every target with a figure was met.' : '## Missed targets',
    '',
    ...missedNotes,
    '',
    '## Details',
    '',
    renderDetails(outcomes),
    await readNotes(),
  ].join('\n');
  await writeFile(RESULTS_PATH, `${document.trimEnd()}\n`);
  console.log(`written: ${RESULTS_PATH}`);
}

/** The hand-written analysis (profiles, what remains and why), kept beside the code that measures. */
async function readNotes() {
  const { readFile } = await import('node:fs/promises');
  try {
    return `\n${await readFile(fileURLToPath(new URL('../NOTES.md', import.meta.url)), 'utf8')}`;
  } catch {
    return '';
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
