#!/usr/bin/env node
// What a user pays for `npm install @switchboard/cli`: packs @switchboard/cli and the workspace
// packages it depends on (transitively), installs the tarballs with npm into an empty folder outside
// the workspace, and reports the third-party packages installed, their size on disk, and the wall
// time of `switchboard demo` (the median of several runs, the first one included). It builds nothing:
// run `pnpm build` first.
//
// Usage: node scripts/packaging/measure-cli-install.mjs [--runs N] [--keep] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  listPublishablePackages,
  mapWithConcurrency,
  missingEntryFiles,
  packPackage,
  runCommand,
  workspaceClosure,
} from './workspace-packages.mjs';

const argumentsGiven = process.argv.slice(2);
const runsIndex = argumentsGiven.indexOf('--runs');
const runs = runsIndex === -1 ? 5 : Number(argumentsGiven[runsIndex + 1]);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
  console.error('measure-cli-install: --runs takes a whole number from 1 to 50');
  process.exit(64);
}
const keep = argumentsGiven.includes('--keep');
const asJson = argumentsGiven.includes('--json');
const COMMAND_PACKAGE = '@switchboard/cli';

/** Bytes of the files under a folder (what the files hold, not the blocks they take). */
function apparentBytes(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) total += apparentBytes(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
  return total;
}

/** Kilobytes the folder takes on disk, as `du -sk` counts them. */
function diskKilobytes(folder) {
  const result = spawnSync('du', ['-sk', folder], { encoding: 'utf8' });
  if (result.status !== 0) return Number.NaN;
  return Number(result.stdout.split(/\s+/)[0]);
}

/** Every installed package folder under a node_modules, nested node_modules included. */
function installedPackages(nodeModules) {
  const found = [];
  const visitFolder = (folder) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
      const path = join(folder, entry.name);
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(path, { withFileTypes: true })) {
          if (scoped.isDirectory()) visitPackage(join(path, scoped.name), `${entry.name}/${scoped.name}`);
        }
      } else visitPackage(path, entry.name);
    }
  };
  const visitPackage = (path, name) => {
    if (!existsSync(join(path, 'package.json'))) return;
    const { version } = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
    found.push({ name, version, path });
    visitFolder(join(path, 'node_modules'));
  };
  visitFolder(nodeModules);
  return found;
}

function median(values) {
  const sorted = [...values].sort((first, second) => first - second);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main() {
  const closure = workspaceClosure(COMMAND_PACKAGE, listPublishablePackages());
  const unbuilt = closure.filter((workspacePackage) => missingEntryFiles(workspacePackage).length > 0);
  if (unbuilt.length > 0) {
    throw new Error(
      `not built: ${unbuilt.map((workspacePackage) => workspacePackage.name).join(', ')} (run \`pnpm build\`)`,
    );
  }
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-measure-cli-'));
  try {
    const tarballFolder = join(folder, 'tarballs');
    const project = join(folder, 'project');
    mkdirSync(tarballFolder);
    mkdirSync(project);
    const packed = await mapWithConcurrency(closure, 4, (workspacePackage) =>
      packPackage(workspacePackage, tarballFolder),
    );
    const installStarted = performance.now();
    const install = await runCommand(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        '--loglevel=error',
        ...packed.map((item) => item.tarball),
      ],
      { cwd: project },
    );
    const installSeconds = (performance.now() - installStarted) / 1000;
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr || install.stdout}`);

    const nodeModules = join(project, 'node_modules');
    const all = installedPackages(nodeModules);
    const own = all.filter((item) => item.name.startsWith('@switchboard/'));
    const thirdParty = all.filter((item) => !item.name.startsWith('@switchboard/'));
    const ownBytes = own.reduce((sum, item) => sum + apparentBytes(item.path), 0);
    const totalBytes = apparentBytes(nodeModules);
    const diskKb = diskKilobytes(nodeModules);

    const bin = join(nodeModules, '.bin', 'switchboard');
    const timings = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const result = spawnSync(bin, ['demo'], {
        cwd: project,
        encoding: 'utf8',
        timeout: 60_000,
        // The command handles SIGTERM itself; a demo that hangs must still end.
        killSignal: 'SIGKILL',
      });
      const milliseconds = performance.now() - started;
      if (result.status !== 0) {
        const how = result.signal ? `was killed (${result.signal}, 60 s limit)` : `exited ${result.status}`;
        throw new Error(`switchboard demo ${how}:\n${result.stderr}`);
      }
      timings.push(milliseconds);
    }

    const megabytes = (bytes) => (bytes / 1_000_000).toFixed(1);
    const summary = {
      node: process.version,
      workspacePackages: own.map((item) => item.name).sort(),
      thirdPartyPackages: thirdParty.length,
      thirdPartyNames: [...new Set(thirdParty.map((item) => item.name))].sort(),
      nodeModulesMegabytes: Number(megabytes(totalBytes)),
      thirdPartyMegabytes: Number(megabytes(totalBytes - ownBytes)),
      nodeModulesDiskMegabytes: Number((diskKb / 1000).toFixed(1)),
      installSeconds: Number(installSeconds.toFixed(1)),
      demoMilliseconds: timings.map((milliseconds) => Math.round(milliseconds)),
      demoMedianMilliseconds: Math.round(median(timings)),
      // Timings on a machine shared with other work move with its load; the figure travels with them.
      loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
    };
    if (asJson) {
      console.log(JSON.stringify(summary, null, 2));
      return;
    }
    console.log(
      `npm install of ${own.length} @switchboard tarballs (${summary.workspacePackages.join(', ')}) on node ${process.version}`,
    );
    console.log(
      `third-party packages: ${summary.thirdPartyPackages} installed, ${summary.thirdPartyNames.length} distinct names (a nested copy counts once more): ${summary.thirdPartyNames.join(', ')}`,
    );
    console.log(
      `node_modules: ${summary.nodeModulesMegabytes} MB of files (${summary.thirdPartyMegabytes} MB third-party), ${summary.nodeModulesDiskMegabytes} MB on disk (du -sk)`,
    );
    console.log(`npm install took ${summary.installSeconds} s`);
    console.log(
      `switchboard demo: median ${summary.demoMedianMilliseconds} ms of ${runs} runs (${summary.demoMilliseconds.join(', ')} ms; load average ${summary.loadAverage.join(' ')})`,
    );
  } finally {
    if (keep) console.log(`kept ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  }
}

await main();
