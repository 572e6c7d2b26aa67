#!/usr/bin/env node
// `pnpm version:dry-run`: shows what `pnpm changeset version` would do (new versions, changelogs,
// internal dependency bumps) without touching the repository: it runs it on a copy of the manifests and
// .changeset/ in a temporary folder, prints the outcome and deletes the copy.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot } from './workspace-packages.mjs';

const copy = mkdtempSync(join(tmpdir(), 'switchboard-version-dry-run-'));
try {
  for (const file of ['package.json', 'pnpm-workspace.yaml'])
    cpSync(join(repositoryRoot, file), join(copy, file));
  cpSync(join(repositoryRoot, '.changeset'), join(copy, '.changeset'), { recursive: true });

  // Every workspace package's manifest (and changelog, which `changeset version` prepends to).
  const workspace = parse(readFileSync(join(repositoryRoot, 'pnpm-workspace.yaml'), 'utf8'));
  const folders = [];
  for (const pattern of workspace.packages ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      if (!existsSync(join(repositoryRoot, parent))) continue;
      for (const name of readdirSync(join(repositoryRoot, parent))) folders.push(`${parent}/${name}`);
    } else {
      folders.push(pattern);
    }
  }
  const manifests = new Map();
  for (const folder of folders) {
    const manifestPath = join(repositoryRoot, folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    mkdirSync(join(copy, folder), { recursive: true });
    cpSync(manifestPath, join(copy, folder, 'package.json'));
    if (existsSync(join(repositoryRoot, folder, 'CHANGELOG.md'))) {
      cpSync(join(repositoryRoot, folder, 'CHANGELOG.md'), join(copy, folder, 'CHANGELOG.md'));
    }
    manifests.set(folder, JSON.parse(readFileSync(manifestPath, 'utf8')));
  }

  const pendingChangesets = readdirSync(join(copy, '.changeset')).filter(
    (file) => file.endsWith('.md') && file !== 'README.md',
  );
  const changeset = join(repositoryRoot, 'node_modules', '.bin', 'changeset');
  const result = spawnSync(changeset, ['version'], { cwd: copy, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`changeset version failed:\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }

  const versionsAfter = new Map(
    [...manifests.keys()].map((folder) => {
      const after = JSON.parse(readFileSync(join(copy, folder, 'package.json'), 'utf8'));
      return [after.name, after.version];
    }),
  );
  // What `pnpm publish` writes in place of a `workspace:` range.
  const publishedRange = (name, range) => {
    if (!range.startsWith('workspace:')) return range;
    const specifier = range.slice('workspace:'.length);
    const version = versionsAfter.get(name);
    if (specifier === '^' || specifier === '~') return `${specifier}${version}`;
    return specifier === '*' ? version : specifier;
  };

  console.log(`changeset version would consume ${pendingChangesets.length} changesets:`);
  for (const [folder, before] of manifests) {
    const after = JSON.parse(readFileSync(join(copy, folder, 'package.json'), 'utf8'));
    if (after.version === before.version) continue;
    console.log(`\n${after.name}: ${before.version} -> ${after.version}`);
    for (const field of ['dependencies', 'peerDependencies']) {
      for (const [name, range] of Object.entries(after[field] ?? {})) {
        if (!name.startsWith('@switchboard/')) continue;
        console.log(`  ${field} ${name}: ${range} (published as ${publishedRange(name, range)})`);
      }
    }
    const changelog = join(copy, folder, 'CHANGELOG.md');
    if (!existsSync(changelog)) {
      console.log('  (no CHANGELOG.md written)');
      continue;
    }
    const entry = readFileSync(changelog, 'utf8').split(/\n(?=## )/)[1] ?? '';
    console.log(`  CHANGELOG.md:\n    ${entry.trim().split('\n').slice(0, 14).join('\n    ')}`);
  }
  const left = readdirSync(join(copy, '.changeset')).filter(
    (file) => file.endsWith('.md') && file !== 'README.md',
  );
  console.log(`\n${left.length} changesets left after versioning; the repository was not changed.`);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
