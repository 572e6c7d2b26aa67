// Measuring helpers shared by every benchmark. Figures on a small shared machine drift from one
// second to the next, so each comparison runs its variants interleaved, round after round, and
// keeps the median: a slow moment then hurts every variant of that round instead of one of them.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((first, second) => first - second);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `work` and returns its wall time and the process's CPU time (user + system), both in ms. */
export async function measure(work) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result };
}

/**
 * Runs every variant once per round, in an order that rotates each round so that none always goes
 * first (right after a GC, say) or last. The first `warmupRounds` rounds let the JIT settle and are
 * dropped. Returns, per variant name, the list of samples `run` returned.
 */
export async function interleave({ rounds, warmupRounds = 1, variants, between }) {
  const samples = Object.fromEntries(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (let step = 0; step < variants.length; step++) {
      const variant = variants[(round + step) % variants.length];
      const sample = await variant.run();
      if (round >= warmupRounds) samples[variant.name].push(sample);
      if (between) await between();
    }
  }
  return samples;
}

/**
 * The median of the per-round ratios of two sample lists (paired by round): a ratio of two figures
 * measured seconds apart is steadier than a ratio of two medians taken over the whole run.
 */
export function pairedRatio(these, baselines, read) {
  const ratios = these.map((sample, index) => read(sample) / read(baselines[index]));
  return median(ratios);
}

/** Runs `count` calls of `call`, at most `inFlight` at a time. */
export async function runPool(count, inFlight, call) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
}

export function formatMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(2)} kB`;
  return `${Math.round(bytes)} B`;
}

export function formatRatio(ratio) {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a';
}
