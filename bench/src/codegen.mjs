// Row 6: `pnpm generate` for every spec of specs/, cold (turbo's cache bypassed with --force) and from
// turbo's cache, each timed from the command's start to its exit, as a person at the terminal sees it.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from './measure.mjs';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runCommand(command, args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      cwd: REPOSITORY_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      if (code === 0) resolve({ wallMs, output });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

const GENERATE = ['exec', 'turbo', 'run', 'generate', '--output-logs=errors-only', '--ui=stream'];

/** Cold and cached `pnpm generate`, alternated `rounds` times; medians of each. */
export async function benchmarkCodegen({ rounds = 2 } = {}) {
  const cold = [];
  const cached = [];
  for (let round = 0; round < rounds; round++) {
    cold.push((await runCommand('pnpm', [...GENERATE, '--force'])).wallMs);
    const { wallMs, output } = await runCommand('pnpm', GENERATE);
    cached.push(wallMs);
    // turbo reports "FULL TURBO" when every task came from its cache.
    if (round === rounds - 1 && !/FULL TURBO/.test(output)) {
      console.warn('codegen: the second `pnpm generate` was not fully cached');
    }
  }
  return {
    command: 'pnpm exec turbo run generate [--force]',
    coldMs: median(cold),
    cachedMs: median(cached),
    coldSamples: cold,
    cachedSamples: cached,
  };
}
