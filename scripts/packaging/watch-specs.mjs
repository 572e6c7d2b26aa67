#!/usr/bin/env node
// `pnpm generate:watch`: watches specs/ and, when a spec is saved, regenerates that provider's
// src/generated/ with `node scripts/generate-client.mjs <provider>` (debounced, one run per provider at
// a time), then says what changed for users since HEAD. Stop it with Ctrl+C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { diffSpecs } from './spec-diff.mjs';
import { createSpecWatcher, providerOfSpecFile } from './spec-watcher.mjs';
import { repositoryRoot } from './workspace-packages.mjs';

const specsFolder = join(repositoryRoot, 'specs');
const generator = join(repositoryRoot, 'scripts', 'generate-client.mjs');
const startedAt = new Map();

function timestamp() {
  return new Date().toLocaleTimeString();
}

function listProviders() {
  return readdirSync(specsFolder)
    .map(providerOfSpecFile)
    .filter((provider) => provider !== null);
}

function specFileOf(provider) {
  return ['yaml', 'yml']
    .map((extension) => `${provider}.openapi.${extension}`)
    .find((file) => existsSync(join(specsFolder, file)));
}

function regenerate(provider) {
  if (!specFileOf(provider)) {
    return Promise.reject(new Error(`specs/${provider}.openapi.yaml is gone; nothing regenerated`));
  }
  if (!existsSync(join(repositoryRoot, 'packages', provider))) {
    return Promise.reject(
      new Error(`there is no packages/${provider}: create the package first (README, "Adding a provider")`),
    );
  }
  try {
    // A spec saved half-way is common while editing: say where it does not parse, without a stack trace.
    parse(readFileSync(join(specsFolder, specFileOf(provider)), 'utf8'));
  } catch (error) {
    return Promise.reject(new Error(`specs/${specFileOf(provider)} does not parse: ${error.message}`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [generator, provider], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) return resolve(output);
      // The generator's stack trace says nothing about the spec: keep the message and its pointer.
      const message = output
        .split('\n')
        .filter((line) => !/^\s+at /.test(line) && !/^Node\.js v/.test(line))
        .join('\n')
        .trim();
      reject(new Error(message || `exit code ${status}`));
    });
  });
}

/** One line on what the saved spec changes for users, against the last commit. */
function describeChangesSinceHead(provider) {
  const file = specFileOf(provider);
  const shown = spawnSync('git', ['show', `HEAD:specs/${file}`], { cwd: repositoryRoot, encoding: 'utf8' });
  if (shown.status !== 0) return 'a new spec (not in HEAD)';
  try {
    const changes = diffSpecs(parse(shown.stdout), parse(readFileSync(join(specsFolder, file), 'utf8')));
    if (changes.length === 0) return 'no user-visible change since HEAD';
    const breaking = changes.filter((change) => change.severity === 'breaking').length;
    return `${breaking} breaking, ${changes.length - breaking} other changes since HEAD (details: pnpm check:breaking; then pnpm changeset)`;
  } catch (error) {
    return `cannot compare with HEAD (${error.message})`;
  }
}

const watcher = createSpecWatcher({
  specsFolder,
  regenerate,
  listProviders,
  onEvent(event, provider, error) {
    if (event === 'started') {
      startedAt.set(provider, Date.now());
      console.log(`[${timestamp()}] ${provider}: regenerating packages/${provider}/src/generated`);
    } else if (event === 'done') {
      const took = Date.now() - (startedAt.get(provider) ?? Date.now());
      console.log(
        `[${timestamp()}] ${provider}: regenerated in ${took} ms; ${describeChangesSinceHead(provider)}`,
      );
    } else if (event === 'failed') {
      console.error(
        `[${timestamp()}] ${provider}: regeneration failed:\n  ${String(error?.message).replace(/\n/g, '\n  ')}`,
      );
    }
  },
});

console.log(`watching specs/ for ${listProviders().join(', ')} (Ctrl+C to stop)`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await watcher.close();
    process.exit(0);
  });
}
