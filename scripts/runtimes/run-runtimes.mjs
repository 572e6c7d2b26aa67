#!/usr/bin/env node
// `pnpm test:runtimes`: the packed facade on Bun, Deno and Cloudflare's workerd. It packs
// @switchboard/core with the workspace packages it depends on, installs the tarballs with npm into a
// temporary project, installs each runtime from its npm package (`bun`, `deno`, `workerd`; only the
// npm registry, through npm) into a folder of its own, starts the simulator server of
// @switchboard/testing on 127.0.0.1, and runs `switchboard-checks.mjs` (every simulated provider of
// PROVIDER_KEYS listed, one filter, a wrong token as an AuthenticationError) on Node first, as the
// baseline, then on each runtime. A runtime passes when its result equals Node's.
//
// A runtime that cannot run here (its npm package does not install, its binary does not start, or
// workerd exits before it listens) is reported as `skip` with the exact reason and does not fail the
// run; a runtime that runs and answers differently fails it. It builds nothing: run `pnpm build` first.
//
// Usage: node scripts/runtimes/run-runtimes.mjs [bun|deno|workerd…] [--keep]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import {
  listPublishablePackages,
  mapWithConcurrency,
  missingEntryFiles,
  packPackage,
  repositoryRoot,
  workspaceClosure,
} from '../packaging/workspace-packages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FACADE_PACKAGE = '@switchboard/core';
/** How long one runtime may take to install, start or answer before it is stopped. */
const STEP_TIMEOUT_MS = 120_000;
/** The npm packages, by major, so that a new major is a decision rather than a surprise. */
const RUNTIME_PACKAGES = { bun: 'bun@1', deno: 'deno@2', workerd: 'workerd@1' };
const WORKERD_COMPATIBILITY_DATE = '2025-09-01';

const ENTRY_SOURCE = `import { runSwitchboardChecks } from './switchboard-checks.mjs';
const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
console.log(JSON.stringify(await runSwitchboardChecks(JSON.parse(args[0]))));
`;

const WORKER_SOURCE = `import { runSwitchboardChecks } from './switchboard-checks.mjs';
export default {
  async fetch(request) {
    try {
      return Response.json(await runSwitchboardChecks(await request.json()));
    } catch (error) {
      return Response.json({ error: String(error && error.stack ? error.stack : error) }, { status: 500 });
    }
  },
};
`;

/** A workerd configuration: the bundled worker on 127.0.0.1:port, allowed to reach loopback only. */
function workerdConfig(port) {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "checks", worker = .checksWorker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "checks")],
);

const checksWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.mjs")],
  compatibilityDate = "${WORKERD_COMPATIBILITY_DATE}",
  globalOutbound = "loopback",
);
`;
}

/** Runs a command with a time limit and collects its output; never rejects. */
function runProcess(command, args, { cwd, env, timeoutMs = STEP_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      resolve({ status: null, stdout: '', stderr: '', error });
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, stderr, error });
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut: signal === 'SIGKILL' });
    });
  });
}

const lastLines = (text, count = 6) => text.trim().split('\n').slice(-count).join('\n');

function describeFailure(result) {
  if (result.error) return result.error.message;
  if (result.timedOut) return `no answer within ${STEP_TIMEOUT_MS / 1000} s`;
  return `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}: ${lastLines(`${result.stderr}\n${result.stdout}`)}`;
}

function parseLastJson(output) {
  const line = output.trim().split('\n').pop() ?? '';
  return JSON.parse(line);
}

/** A port that was free a moment ago on 127.0.0.1 (workerd binds it itself). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function npmInstall(folder, specifiers) {
  mkdirSync(folder, { recursive: true });
  if (!existsSync(join(folder, 'package.json'))) {
    writeFileSync(
      join(folder, 'package.json'),
      JSON.stringify({ name: 'switchboard-runtime-check', private: true, type: 'module' }),
    );
  }
  return runProcess(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', ...specifiers],
    {
      cwd: folder,
    },
  );
}

/** Installs one runtime's npm package and returns its binary, or why it cannot run here. */
async function installRuntime(name, folder) {
  const specifier = RUNTIME_PACKAGES[name];
  const install = await npmInstall(folder, [specifier]);
  if (install.status !== 0) return { skip: `npm install ${specifier} failed: ${describeFailure(install)}` };
  const binary = join(folder, 'node_modules', '.bin', name);
  if (!existsSync(binary)) return { skip: `npm install ${specifier} linked no node_modules/.bin/${name}` };
  const version = await runProcess(binary, ['--version'], { timeoutMs: 30_000 });
  if (version.status !== 0) {
    return { skip: `${name} from ${specifier} installed but does not start: ${describeFailure(version)}` };
  }
  return { binary, version: version.stdout.trim().split('\n')[0] };
}

async function runScriptRuntime(name, binary, project, payload) {
  const argumentsByRuntime = {
    node: ['entry.mjs', payload],
    bun: ['run', 'entry.mjs', payload],
    deno: [
      'run',
      '--allow-net=127.0.0.1',
      '--allow-read',
      '--allow-env',
      '--node-modules-dir=manual',
      '--no-prompt',
      'entry.mjs',
      payload,
    ],
  };
  const args = argumentsByRuntime[name];
  const env =
    name === 'deno'
      ? { DENO_DIR: join(project, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }
      : { BUN_INSTALL_CACHE_DIR: join(project, '.bun-cache'), NO_COLOR: '1' };
  const result = await runProcess(binary, args, { cwd: project, env });
  if (result.status !== 0) return { fail: describeFailure(result) };
  try {
    return { result: parseLastJson(result.stdout) };
  } catch {
    return { fail: `printed no JSON result: ${lastLines(result.stdout)}` };
  }
}

async function runWorkerd(binary, project, payload) {
  await build({
    entryPoints: [join(project, 'worker-entry.mjs')],
    outfile: join(project, 'worker.bundle.mjs'),
    absWorkingDir: project,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
  });
  const port = await freePort();
  writeFileSync(join(project, 'config.capnp'), workerdConfig(port));
  const child = spawn(binary, ['serve', 'config.capnp'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  let exited = null;
  child.on('exit', (status, signal) => {
    exited = { status, signal };
  });
  try {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    // workerd prints nothing when it listens: the first request that connects is the sign.
    for (;;) {
      if (exited)
        return {
          skip: `workerd serve exited (${exited.status ?? exited.signal}) before it listened: ${lastLines(output)}`,
        };
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: payload });
        const body = await response.json();
        if (!response.ok)
          return { fail: `the worker answered ${response.status}: ${body.error ?? JSON.stringify(body)}` };
        return { result: body };
      } catch (error) {
        if (Date.now() > deadline)
          return { fail: `workerd did not answer on 127.0.0.1:${port}: ${error.message}` };
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    if (!exited) child.kill('SIGKILL');
  }
}

/** What the Node baseline must show, from the simulator server's own state. */
function checkBaseline(result, server) {
  const problems = [];
  if (result.providers.length === 0) problems.push('no PROVIDER_KEYS entry has a simulator');
  for (const provider of result.providers) {
    const expected = server.simulators[provider]?.instances.length;
    if (result.perProvider[provider] !== expected) {
      problems.push(
        `${provider}: ${result.perProvider[provider]} instances, the simulator holds ${expected}`,
      );
    }
  }
  const expectedFiltered = result.statuses
    .filter((entry) => entry.endsWith(`=${result.filter.status}`))
    .map((entry) => entry.slice(0, entry.lastIndexOf('=')))
    .sort();
  if (!isDeepStrictEqual(result.filtered, expectedFiltered))
    problems.push(
      `the filter ${JSON.stringify(result.filter)} did not select exactly the ${result.filter.status} instances`,
    );
  if (result.filtered.length === 0)
    problems.push(`the filter ${JSON.stringify(result.filter)} selected nothing, which proves nothing`);
  if (result.typedError !== 'AuthenticationError') problems.push(`a wrong token gave ${result.typedError}`);
  return problems;
}

function summarise(result) {
  const counts = result.providers.map((provider) => `${provider} ${result.perProvider[provider]}`).join(', ');
  return `listed ${result.providers.length} providers (${counts}); ${JSON.stringify(result.filter)} kept ${result.filtered.length}; a wrong ${result.refusedProvider} token -> ${result.typedError}`;
}

async function main() {
  const startedAt = Date.now();
  const requested = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
  const unknown = requested.filter((name) => !(name in RUNTIME_PACKAGES));
  if (unknown.length > 0) {
    console.error(
      `run-runtimes: unknown runtime ${unknown.join(', ')} (known: ${Object.keys(RUNTIME_PACKAGES).join(', ')})`,
    );
    process.exit(64);
  }
  const runtimes = requested.length > 0 ? requested : Object.keys(RUNTIME_PACKAGES);
  const keep = process.argv.includes('--keep');

  const closure = workspaceClosure(FACADE_PACKAGE, listPublishablePackages());
  const testingEntry = join(repositoryRoot, 'packages', 'testing', 'dist', 'index.js');
  const unbuilt = closure
    .filter((workspacePackage) => missingEntryFiles(workspacePackage).length > 0)
    .map((item) => item.name);
  if (!existsSync(testingEntry)) unbuilt.push('@switchboard/testing');
  if (unbuilt.length > 0) {
    console.error(`run-runtimes: not built: ${unbuilt.join(', ')} (run \`pnpm build\` first)`);
    process.exit(1);
  }

  const folder = mkdtempSync(join(tmpdir(), 'switchboard-runtimes-'));
  const lines = [];
  let failed = 0;
  const report = (outcome, label, detail) => {
    if (outcome === 'FAIL') failed++;
    const line = `${outcome.padEnd(4)} ${label}: ${detail.replace(/\n/g, '\n       ')}`;
    lines.push(line);
    console.log(line);
  };
  const { startSimulatorServer } = await import(pathToFileURL(testingEntry).href);
  const server = await startSimulatorServer();
  try {
    const tarballFolder = join(folder, 'tarballs');
    mkdirSync(tarballFolder);
    const project = join(folder, 'project');
    const packed = await mapWithConcurrency(closure, 4, (workspacePackage) =>
      packPackage(workspacePackage, tarballFolder),
    );
    // The facade and the runtimes install side by side; each runtime in a folder of its own, so that one
    // that fails to install leaves the others standing.
    const [facadeInstall, ...installs] = await Promise.all([
      npmInstall(
        project,
        packed.map((item) => item.tarball),
      ),
      ...runtimes.map((name) => installRuntime(name, join(folder, 'runtimes', name))),
    ]);
    if (facadeInstall.status !== 0) {
      report('FAIL', 'install', `npm install of the packed facade failed: ${describeFailure(facadeInstall)}`);
      return;
    }
    console.log(`installed ${closure.map((item) => item.name).join(', ')} from tarballs into ${project}`);
    copyFileSync(join(here, 'switchboard-checks.mjs'), join(project, 'switchboard-checks.mjs'));
    writeFileSync(join(project, 'entry.mjs'), ENTRY_SOURCE);
    writeFileSync(join(project, 'worker-entry.mjs'), WORKER_SOURCE);
    const payload = JSON.stringify({
      baseUrls: server.baseUrls,
      tokens: server.tokens,
      accountOptions: server.simulators.accountOptions,
    });

    const nodeStarted = Date.now();
    const nodeRun = await runScriptRuntime('node', process.execPath, project, payload);
    if (nodeRun.fail) {
      report('FAIL', `node ${process.version} (baseline)`, nodeRun.fail);
      return;
    }
    const baseline = nodeRun.result;
    const baselineProblems = checkBaseline(baseline, server);
    const nodeSeconds = ((Date.now() - nodeStarted) / 1000).toFixed(1);
    if (baselineProblems.length > 0) {
      report('FAIL', `node ${process.version} (baseline)`, baselineProblems.join('\n'));
      return;
    }
    report('ok', `node ${process.version} (baseline)`, `${summarise(baseline)} (${nodeSeconds} s)`);
    if (baseline.unsimulated.length > 0) {
      console.log(
        `       note: no simulator serves ${baseline.unsimulated.join(', ')}; those providers are not checked`,
      );
    }

    for (const [index, name] of runtimes.entries()) {
      const installed = installs[index];
      if (installed.skip) {
        report('skip', name, installed.skip);
        continue;
      }
      const label = `${name} ${installed.version.replace(/^(bun|deno|workerd)\s+/, '')}`;
      const started = Date.now();
      let outcome;
      try {
        outcome =
          name === 'workerd'
            ? await runWorkerd(installed.binary, project, payload)
            : await runScriptRuntime(name, installed.binary, project, payload);
      } catch (error) {
        outcome = { fail: error instanceof Error ? error.message : String(error) };
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (outcome.skip) report('skip', label, outcome.skip);
      else if (outcome.fail) report('FAIL', label, outcome.fail);
      else if (!isDeepStrictEqual(outcome.result, baseline)) {
        report(
          'FAIL',
          label,
          `answered differently from node:\n${JSON.stringify(outcome.result).slice(0, 1500)}`,
        );
      } else report('ok', label, `${summarise(outcome.result)} (${seconds} s, same as node)`);
    }
  } finally {
    await server.close();
    if (keep) console.log(`kept ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
    console.log(
      `test:runtimes: ${failed === 0 ? 'passed' : `${failed} failed`} in ${Math.round((Date.now() - startedAt) / 1000)} s`,
    );
    process.exitCode = failed === 0 ? 0 : 1;
  }
}

await main();
