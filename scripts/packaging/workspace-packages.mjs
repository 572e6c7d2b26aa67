// What the packaging scripts share: the workspace's publishable packages, and packing them with pnpm
// exactly as `pnpm publish` (and so `changeset publish`) would, `workspace:` ranges rewritten.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name        the package name, `@switchboard/acme`
 * @property {string} folder      its folder name under packages/, `acme`
 * @property {string} directory   its absolute path
 * @property {Record<string, any>} manifest  its package.json
 */

/** Every package under packages/ that is not private, in folder order. */
export function listPublishablePackages() {
  const packagesFolder = join(repositoryRoot, 'packages');
  return readdirSync(packagesFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesFolder, entry.name, 'package.json')))
    .map((entry) => readPackage(join(packagesFolder, entry.name)))
    .filter((workspacePackage) => workspacePackage.manifest.private !== true);
}

/**
 * The workspace packages `name` needs at run time (its `dependencies` that are workspace packages,
 * transitively), itself first.
 * @param {string} name
 * @param {WorkspacePackage[]} packages
 * @returns {WorkspacePackage[]}
 */
export function workspaceClosure(name, packages) {
  const byName = new Map(packages.map((workspacePackage) => [workspacePackage.name, workspacePackage]));
  if (!byName.has(name)) throw new Error(`${name} is not a publishable workspace package`);
  const needed = new Set();
  const visit = (current) => {
    if (needed.has(current) || !byName.has(current)) return;
    needed.add(current);
    for (const dependency of Object.keys(byName.get(current).manifest.dependencies ?? {})) visit(dependency);
  };
  visit(name);
  return [...needed].map((current) => byName.get(current));
}

/** @returns {WorkspacePackage} */
export function readPackage(directory) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  return { name: manifest.name, folder: directory.split(/[\\/]/).pop(), directory, manifest };
}

/**
 * The files a package's `exports`, `types` and `bin` point at that are not on disk: a package whose
 * build output is missing, which these scripts report instead of building it.
 */
export function missingEntryFiles(workspacePackage) {
  const targets = new Set();
  const collect = (value) => {
    if (typeof value === 'string') targets.add(value);
    else if (value && typeof value === 'object') for (const nested of Object.values(value)) collect(nested);
  };
  const { manifest } = workspacePackage;
  collect(manifest.exports);
  collect(manifest.types);
  collect(manifest.main);
  collect(manifest.bin);
  return [...targets]
    .filter((target) => !target.includes('*'))
    .filter((target) => !existsSync(join(workspacePackage.directory, target)));
}

/**
 * Runs a command and collects what it prints.
 * @returns {Promise<{ status: number, signal: string | null, stdout: string, stderr: string }>}
 */
export function runCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repositoryRoot,
      shell: process.platform === 'win32',
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status: status ?? 1, signal, stdout, stderr }));
  });
}

/**
 * Packs one package with `pnpm pack` into `destination`.
 * @returns {Promise<{ tarball: string, files: string[] }>}
 */
export async function packPackage(workspacePackage, destination) {
  const result = await runCommand('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: workspacePackage.directory,
  });
  if (result.status !== 0) {
    throw new Error(`pnpm pack failed for ${workspacePackage.name}:\n${result.stderr || result.stdout}`);
  }
  // pnpm may print lifecycle output before the JSON document.
  const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  // The tarball itself is listed rather than pnpm's report, which leaves out the LICENSE that pnpm
  // copies in from the workspace root.
  const listing = await runCommand('tar', ['-tzf', report.filename]);
  if (listing.status !== 0) throw new Error(`cannot list ${report.filename}: ${listing.stderr}`);
  const files = listing.stdout
    .split('\n')
    .filter((line) => line.startsWith('package/'))
    .map((line) => line.slice('package/'.length));
  return { tarball: report.filename, files };
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the order of the results. */
export async function mapWithConcurrency(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
