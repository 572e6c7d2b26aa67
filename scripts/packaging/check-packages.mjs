#!/usr/bin/env node
// Checks that every publishable package is fit to publish, from the tarball `pnpm pack` makes (what
// `changeset publish` uploads): the manifest rules this repository holds itself to, publint (strict:
// warnings and suggestions fail too) and Are The Types Wrong. It builds nothing: run `pnpm build` first.
//
// attw runs with `--profile node16 --ignore-rules cjs-resolves-to-esm`: the packages are ESM with a
// `default` condition after `import`, so that `require()` loads them on Node >= 20.19 (require of a
// synchronous ES module). attw 0.18 predates that Node feature and reports "CJS resolves to ESM" for
// every `node16 (from CJS)` resolution; only that one rule is ignored, every other rule still runs for
// `node16 (from CJS)`, `node16 (from ESM)` and `bundler`. `node10` (no `exports` support) is left out,
// as Node 10's resolution cannot reach an ESM-only package at all. The consumer test proves the
// `require()` in a real `.cjs` file.
//
// Usage: node scripts/packaging/check-packages.mjs [package folder…]   (default: every packages/*)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import {
  listPublishablePackages,
  mapWithConcurrency,
  missingEntryFiles,
  packPackage,
  readPackage,
  repositoryRoot,
  runCommand,
} from './workspace-packages.mjs';

const ATTW_PROFILE = 'node16';
/** The one attw rule that Node >= 20.19's require(esm) makes wrong; see the comment above. */
const ATTW_IGNORED_RULES = ['cjs-resolves-to-esm'];

/**
 * Source maps whose `sources` name a file the tarball does not hold: a debugger or
 * `node --enable-source-maps` would point a user at a `.ts` file they do not have.
 */
function unresolvedSourceMaps(workspacePackage, packedFiles) {
  const packed = new Set(packedFiles);
  const maps = packedFiles.filter((file) => file.endsWith('.map'));
  const problems = [];
  for (const mapFile of maps) {
    const map = JSON.parse(readFileSync(join(workspacePackage.directory, mapFile), 'utf8'));
    const base = posix.dirname(mapFile);
    for (const source of map.sources ?? []) {
      const target = posix.normalize(posix.join(base, map.sourceRoot ?? '', source));
      if (!packed.has(target)) problems.push(`${mapFile} maps to ${target}, which the tarball does not hold`);
    }
  }
  if (problems.length > 3) return [...problems.slice(0, 3), `…and ${problems.length - 3} more`];
  return problems;
}

/** The repository's own rules for a published manifest; publint and attw check the rest. */
function checkManifest(workspacePackage, packedFiles) {
  const { manifest, folder } = workspacePackage;
  const problems = [];
  if (manifest.license !== 'MIT') problems.push('license must be "MIT"');
  if (manifest.type !== 'module') problems.push('type must be "module"');
  if (manifest.engines?.node !== '>=20') problems.push('engines.node must be ">=20"');
  if (typeof manifest.repository?.url !== 'string') problems.push('repository.url is missing');
  if (manifest.repository?.directory !== `packages/${folder}`) {
    problems.push(`repository.directory must be "packages/${folder}"`);
  }
  const isCommand = manifest.bin !== undefined;
  if (isCommand ? typeof manifest.sideEffects !== 'boolean' : manifest.sideEffects !== false) {
    problems.push('sideEffects must be false (a package with a bin may say true)');
  }
  if (!Array.isArray(manifest.files) || manifest.files.length === 0)
    problems.push('files must list what to publish');
  const root = manifest.exports?.['.'];
  if (isCommand && manifest.exports === undefined) {
    // A command-only package has no entry point to import.
  } else if (typeof root !== 'object' || root === null) {
    problems.push('exports["."] must be an object of conditions');
  }
  for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
    if (typeof conditions !== 'object' || conditions === null) continue;
    const names = Object.keys(conditions);
    // `default` last and equal to `import`: `require()` on Node >= 20.19 takes it and loads the ES module.
    if (names.at(-1) !== 'default' || conditions.default !== conditions.import) {
      problems.push(`exports["${subpath}"] must end with a "default" condition equal to its "import"`);
    }
    if (names[0] !== 'types') problems.push(`exports["${subpath}"] must name its "types" condition first`);
  }
  for (const required of ['README.md', 'LICENSE', 'package.json']) {
    if (!packedFiles.includes(required)) problems.push(`the tarball has no ${required}`);
  }
  const leaked = packedFiles.filter((file) => /\.test(-d)?\.|__fixtures__/.test(file));
  if (leaked.length > 0) problems.push(`the tarball holds test files: ${leaked.slice(0, 3).join(', ')}`);
  problems.push(...unresolvedSourceMaps(workspacePackage, packedFiles));
  let readme = '';
  try {
    readme = readFileSync(join(workspacePackage.directory, 'README.md'), 'utf8');
  } catch {
    // Reported just below, as a README without an example.
  }
  if (!/```(ts|typescript|js|sh)\n/.test(readme))
    problems.push('README.md must show an example in a code block');
  return problems;
}

async function runPublint(tarball) {
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const result = await publint({ pack: { tarball: buffer }, level: 'suggestion', strict: true });
  return result.messages.map(
    (message) => `${message.type}: ${formatMessage(message, result.pkg, { color: false })}`,
  );
}

async function runAttw(tarball) {
  const attw = join(repositoryRoot, 'node_modules', '.bin', 'attw');
  const result = await runCommand(attw, [
    tarball,
    '--profile',
    ATTW_PROFILE,
    '--ignore-rules',
    ...ATTW_IGNORED_RULES,
    '--no-color',
    '--no-emoji',
  ]);
  if (result.status === 0) return [];
  return [`${result.stdout}${result.stderr}`.trim()];
}

async function checkPackage(workspacePackage, destination) {
  const missing = missingEntryFiles(workspacePackage);
  if (missing.length > 0) {
    return { manifest: [`not built (missing ${missing.join(', ')}): run \`pnpm build\` first`] };
  }
  const { tarball, files } = await packPackage(workspacePackage, destination);
  const [publintProblems, attwProblems] = await Promise.all([runPublint(tarball), runAttw(tarball)]);
  return { manifest: checkManifest(workspacePackage, files), publint: publintProblems, attw: attwProblems };
}

async function main() {
  const folders = process.argv.slice(2);
  const packages =
    folders.length > 0 ? folders.map((folder) => readPackage(resolve(folder))) : listPublishablePackages();
  const destination = mkdtempSync(join(tmpdir(), 'switchboard-check-packages-'));
  let failed = 0;
  try {
    const reports = await mapWithConcurrency(packages, 4, (workspacePackage) =>
      checkPackage(workspacePackage, destination).catch((error) => ({ manifest: [String(error.message)] })),
    );
    packages.forEach((workspacePackage, index) => {
      const report = reports[index];
      const problems = Object.values(report).flat();
      if (problems.length > 0) failed++;
      console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${workspacePackage.name}`);
      for (const [tool, toolProblems] of Object.entries(report)) {
        const label =
          tool === 'attw'
            ? `attw --profile ${ATTW_PROFILE} --ignore-rules ${ATTW_IGNORED_RULES.join(' ')}`
            : tool;
        if (toolProblems.length === 0) console.log(`       ${label}: clean`);
        for (const problem of toolProblems)
          console.log(`       ${label}: ${problem.replace(/\n/g, '\n         ')}`);
      }
    });
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
  console.log(`\ncheck-packages: ${packages.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
