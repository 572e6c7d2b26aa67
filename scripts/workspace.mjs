#!/usr/bin/env node
// The entry point of the README's commands (`npm start`, `npm test`), written so that a fresh machine
// with only Node and npm can run them: it installs pnpm and the workspace's dependencies when they
// are missing, then hands over to pnpm and turbo.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const isWindows = process.platform === 'win32';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: repositoryRoot,
    stdio: 'inherit',
    shell: isWindows,
    ...options,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function runOrExit(command, args) {
  const status = run(command, args);
  if (status !== 0) process.exit(status);
}

function hasPnpm10() {
  const result = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: isWindows });
  return result.status === 0 && result.stdout.trim().startsWith('10.');
}

function ensureDependencies() {
  if (!hasPnpm10()) {
    console.error('switchboard: pnpm 10 is missing; installing it with npm (npm install -g pnpm@10)');
    runOrExit('npm', ['install', '-g', 'pnpm@10']);
  }
  const installed = existsSync(join(repositoryRoot, 'node_modules', '.modules.yaml'));
  if (!installed || process.env.CI) runOrExit('pnpm', ['install', '--frozen-lockfile']);
}

/** Sums the per-package vitest reports into one closing line a person and CI can read. */
function printTestTotals() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const folder of ['packages', 'bench', 'scripts']) {
    const base = join(repositoryRoot, folder);
    if (!existsSync(base)) continue;
    const packageFolders = folder === 'packages' ? readdirSync(base) : [''];
    for (const name of packageFolders) {
      const report = join(base, name, '.vitest', 'results.json');
      if (!existsSync(report)) continue;
      const results = JSON.parse(readFileSync(report, 'utf8'));
      passed += results.numPassedTests ?? 0;
      failed += results.numFailedTests ?? 0;
      skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
    }
  }
  console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

const tasks = {
  test() {
    ensureDependencies();
    runOrExit('pnpm', ['run', 'lint']);
    runOrExit('pnpm', ['run', 'check:drift']);
    const steps = [
      ['exec', 'turbo', 'run', 'build', 'typecheck', 'test'],
      // The repository's own scripts (spec diffing, the spec watcher) have tests too.
      [
        'exec',
        'vitest',
        'run',
        'scripts',
        '--reporter=default',
        '--reporter=json',
        '--outputFile.json=scripts/.vitest/results.json',
      ],
      // The README's providers table is the registry's, not a hand-kept copy.
      ['run', 'docs:providers', '--check'],
      // What users install: publint and attw on every packed package, then a consumer project outside the workspace.
      ['run', 'check:packages'],
      ['run', 'test:consumer'],
      // The release, dry-run: every package packs and would publish.
      ['-r', '--reporter=append-only', 'publish', '--dry-run', '--no-git-checks'],
    ];
    let status = 0;
    for (const step of steps) {
      status = run('pnpm', step);
      if (status !== 0) break;
    }
    printTestTotals();
    process.exit(status);
  },
  start() {
    ensureDependencies();
    runOrExit('pnpm', [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@switchboard/cli...',
      '--output-logs=errors-only',
    ]);
    process.exit(run('node', ['packages/cli/dist/bin.js', 'demo', ...process.argv.slice(3)]));
  },
  simulate() {
    ensureDependencies();
    runOrExit('pnpm', [
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@switchboard/testing...',
      '--output-logs=errors-only',
    ]);
    process.exit(run('node', ['packages/testing/dist/simulate.js', ...process.argv.slice(3)]));
  },
  bench() {
    ensureDependencies();
    runOrExit('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
    process.exit(run('pnpm', ['--filter', '@switchboard/bench', 'run', 'bench', ...process.argv.slice(3)]));
  },
};

const task = tasks[process.argv[2]];
if (!task) {
  console.error(`usage: node scripts/workspace.mjs <${Object.keys(tasks).join('|')}>`);
  process.exit(64);
}
task();
