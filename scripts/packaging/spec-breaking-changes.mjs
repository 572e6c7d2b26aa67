#!/usr/bin/env node
// Compares every spec in specs/ at a git revision with the working tree and lists what changed for a
// user of the generated clients (see spec-diff.mjs for what counts as breaking). Read-only: it runs
// `git show <rev>:specs/<file>` and `git ls-tree`, nothing that changes the repository.
//
// Usage: node scripts/packaging/spec-breaking-changes.mjs [base-git-rev]   (default: HEAD)
//   pnpm check:breaking origin/main
// Exit code: 0 when nothing breaking changed, 1 on a breaking change, 2 when git cannot answer.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { diffSpecs, hasBreakingChanges } from './spec-diff.mjs';
import { repositoryRoot } from './workspace-packages.mjs';

const SPEC_PATTERN = /\.openapi\.ya?ml$/;

function git(args) {
  return spawnSync('git', args, { cwd: repositoryRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function fail(message) {
  console.error(`check:breaking: ${message}`);
  process.exit(2);
}

const baseRevision = process.argv[2] ?? 'HEAD';
if (baseRevision.startsWith('-')) {
  console.error('usage: node scripts/packaging/spec-breaking-changes.mjs [base-git-rev]');
  process.exit(64);
}
const verified = git(['rev-parse', '--verify', '--quiet', `${baseRevision}^{commit}`]);
if (verified.status !== 0) fail(`"${baseRevision}" is not a git revision here`);

const listing = git(['ls-tree', '--name-only', `${baseRevision}`, 'specs/']);
if (listing.status !== 0) fail(`cannot list specs/ at ${baseRevision}: ${listing.stderr.trim()}`);
const baseFiles = listing.stdout
  .split('\n')
  .map((line) => line.replace(/^specs\//, ''))
  .filter((file) => SPEC_PATTERN.test(file));
const specsFolder = join(repositoryRoot, 'specs');
const headFiles = existsSync(specsFolder)
  ? readdirSync(specsFolder).filter((file) => SPEC_PATTERN.test(file))
  : [];

let breakingCount = 0;
let changeCount = 0;
for (const file of [...new Set([...baseFiles, ...headFiles])].sort()) {
  const inBase = baseFiles.includes(file);
  const inHead = headFiles.includes(file);
  let changes;
  if (!inHead) {
    changes = [
      { severity: 'breaking', location: file, message: 'spec removed (its provider package loses its API)' },
    ];
  } else if (!inBase) {
    changes = [{ severity: 'change', location: file, message: 'spec added (a new provider)' }];
  } else {
    const shown = git(['show', `${baseRevision}:specs/${file}`]);
    if (shown.status !== 0) fail(`git show ${baseRevision}:specs/${file} failed: ${shown.stderr.trim()}`);
    try {
      changes = diffSpecs(parse(shown.stdout), parse(readFileSync(join(specsFolder, file), 'utf8')));
    } catch (error) {
      console.error(`specs/${file}: cannot be compared (${error.message})`);
      breakingCount++;
      continue;
    }
  }
  if (changes.length === 0) {
    console.log(`specs/${file}: no user-visible change since ${baseRevision}`);
    continue;
  }
  const breaking = changes.filter((change) => change.severity === 'breaking');
  console.log(
    `specs/${file}: ${breaking.length} breaking, ${changes.length - breaking.length} other since ${baseRevision}`,
  );
  for (const change of changes) {
    console.log(
      `  ${change.severity === 'breaking' ? 'BREAKING' : 'change  '}  ${change.location}: ${change.message}`,
    );
  }
  if (hasBreakingChanges(changes)) breakingCount += breaking.length;
  changeCount += changes.length - breaking.length;
}

if (breakingCount + changeCount > 0) {
  console.log(
    `\n${breakingCount} breaking and ${changeCount} other user-visible spec changes since ${baseRevision}.`,
  );
  console.log('add a changeset (pnpm changeset)');
  if (breakingCount > 0) {
    console.log(
      'Breaking changes need a major bump of the provider package (minor while it is 0.x) and of core.',
    );
  }
}
process.exit(breakingCount > 0 ? 1 : 0);
