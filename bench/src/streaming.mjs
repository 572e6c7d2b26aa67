// Row 4: 10,000 and 100,000 instances of the registry's first page-number provider streamed through
// `instances()`, pages of 1,000, against its raw client walking the same pages by hand. Each figure comes from its own process (see
// streaming-probe.mjs); the simulators run in another one, so their 100,000 items weigh on neither.
import { fileURLToPath } from 'node:url';
import { startChild } from './child-process.mjs';
import { median } from './measure.mjs';
import { importFacade, importTesting } from './optional-packages.mjs';
import { pageNumberProvider } from './providers.mjs';

const SIMULATOR = fileURLToPath(new URL('./simulator-process.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('./streaming-probe.mjs', import.meta.url));

export const STREAMING = { counts: [10_000, 100_000], pageSize: 1000 };

async function probe(options) {
  const child = await startChild(PROBE, [JSON.stringify(options)], { execArgv: ['--expose-gc'] });
  await child.exit;
  return child.ready.result;
}

export async function benchmarkStreaming({ rounds = 3 } = {}) {
  const [facadeModule, testingModule] = await Promise.all([importFacade(), importTesting()]);
  if (facadeModule === undefined || testingModule === undefined) {
    return { skipped: 'needs the built @switchboard/core and @switchboard/testing' };
  }
  const { pageSize } = STREAMING;
  const definition = pageNumberProvider();
  const provider = definition.key;
  const results = [];
  for (const count of STREAMING.counts) {
    const simulator = await startChild(SIMULATOR, [JSON.stringify({ counts: { [provider]: count } })]);
    try {
      const { baseUrls, tokens } = simulator.ready;
      const base = { provider, baseUrl: baseUrls[provider], token: tokens[provider], pageSize, count };
      const variants = ['facade', 'raw-client'];
      const samples = { facade: [], 'raw-client': [] };
      // 100,000 items take seconds per run; fewer rounds of them keep the whole bench under 5 minutes.
      const countRounds = count >= 100_000 ? Math.max(1, rounds - 1) : rounds;
      for (let round = 0; round < countRounds; round++) {
        for (let step = 0; step < variants.length; step++) {
          const variant = variants[(round + step) % variants.length];
          samples[variant].push(await probe({ ...base, variant }));
        }
      }
      const summary = (variant) => ({
        microsecondsPerItem: median(samples[variant].map((sample) => (sample.wallMs * 1000) / sample.items)),
        cpuMicrosecondsPerItem: median(
          samples[variant].map((sample) => (sample.cpuMs * 1000) / sample.items),
        ),
        wallMs: median(samples[variant].map((sample) => sample.wallMs)),
        // The worst round: a budget on memory is about the most the stream ever holds.
        liveGrowthBytes: Math.max(...samples[variant].map((sample) => sample.liveGrowthBytes)),
        peakGrowthBytes: median(samples[variant].map((sample) => sample.peakGrowthBytes)),
        retainedBytes: median(samples[variant].map((sample) => sample.retainedBytes)),
        rounds: countRounds,
      });
      const facade = summary('facade');
      const rawClient = summary('raw-client');
      const paired = (read) =>
        median(samples.facade.map((sample, index) => read(sample) / read(samples['raw-client'][index])));
      results.push({
        count,
        pageSize,
        facade,
        rawClient,
        timeRatioToRawClient: paired((sample) => sample.wallMs),
        // The client's CPU alone: the wall time also holds the simulator's work, the same for both.
        cpuRatioToRawClient: paired((sample) => sample.cpuMs),
      });
    } finally {
      await simulator.stop();
    }
  }
  return { provider: definition.displayName, results };
}
