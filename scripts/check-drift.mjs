#!/usr/bin/env node
// Fails when the committed generated files differ from a fresh generation of the specs, so that a spec
// change cannot land without its regenerated client, and a hand edit of a *.gen.ts cannot land at all.
// It runs the generator directly (no turbo cache) so the answer never comes from a cache.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const providers = readdirSync(join(repositoryRoot, 'specs'))
  .filter((file) => file.endsWith('.openapi.yaml'))
  .map((file) => file.replace(/\.openapi\.yaml$/, ''));

for (const provider of providers) {
  const result = spawnSync(
    process.execPath,
    [join(repositoryRoot, 'scripts', 'generate-client.mjs'), provider],
    {
      cwd: repositoryRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const generatedFolders = providers.map((provider) => `packages/${provider}/src/generated`);
const status = spawnSync('git', ['status', '--porcelain', '--', ...generatedFolders], {
  cwd: repositoryRoot,
  encoding: 'utf8',
});
if (status.status !== 0) {
  console.error('check-drift: git status failed');
  process.exit(1);
}
if (status.stdout.trim() !== '') {
  console.error('Generated files differ from the specs (regenerate with `pnpm generate` and commit):');
  console.error(status.stdout);
  spawnSync('git', ['--no-pager', 'diff', '--stat', '--', ...generatedFolders], {
    cwd: repositoryRoot,
    stdio: 'inherit',
  });
  process.exit(1);
}
console.log(`check-drift: the generated files of ${providers.length} specs match the specs`);
