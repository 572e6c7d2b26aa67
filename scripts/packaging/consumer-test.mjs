#!/usr/bin/env node
// Installs the packages as a user would, from the tarballs `pnpm pack` makes, into throw-away projects
// outside the workspace (so nothing resolves through the workspace's node_modules), and checks them
// from there:
//   (a) one provider alone: @switchboard/runtime + @switchboard/ryzeapi, a request through a custom fetch
//   (b) the facade: createSwitchboard over the four providers, fed the specs' documented bodies
//   (c) a strict TypeScript consumer, `nodenext` and `bundler`, without @types/node or skipLibCheck
//   (d) esbuild bundles one provider's client without any other provider's code
//   (e) @switchboard/testing imports from its tarball, its own dependencies installed from the registry
//   (f) the `switchboard` command of @switchboard/cli runs `switchboard demo`
//   (g) a CommonJS `.cjs` file `require()`s every library package (Node >= 20.19 loads ES modules
//       through the `default` condition), then lists instances with @switchboard/core and one provider's
//       client from the simulator server of the installed @switchboard/testing
//   (h) source maps resolve: under `node --enable-source-maps`, the stack of an error thrown inside an
//       installed package names `.ts` files, and those files exist in the installed packages
// It builds nothing: run `pnpm build` first. A check whose package is not built yet is skipped with a
// notice, except (a), (c) and (d), whose packages exist from the start. Prints one line per check,
// then `N passed, N failed`; exits 1 when a check fails.
//
// Usage: node scripts/packaging/consumer-test.mjs [--keep]   (--keep leaves the temporary folder)
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import {
  listPublishablePackages,
  mapWithConcurrency,
  missingEntryFiles,
  packPackage,
  repositoryRoot,
  runCommand,
} from './workspace-packages.mjs';

const PROVIDERS = {
  'z-api': { package: '@switchboard/z-api', path: '/instances', status: 201, host: 'api.z-api.io' },
  ryzeapi: { package: '@switchboard/ryzeapi', path: '/instance/list', status: 200, host: 'ryzeapi.cloud' },
  hypersender: {
    package: '@switchboard/hypersender',
    path: '/instances',
    status: 200,
    host: 'app.hypersender.com',
  },
  wachat: { package: '@switchboard/wachat', path: '/instance/list', status: 200, host: 'app.wachat.net' },
};
const keepTemporaryFolder = process.argv.includes('--keep');
const typescriptCompiler = createRequire(join(repositoryRoot, 'package.json')).resolve('typescript/bin/tsc');

/** The body a provider's spec documents for its list call, with the status it documents it under. */
function documentedListBody(provider) {
  const { path, status } = PROVIDERS[provider];
  const spec = parseYaml(readFileSync(join(repositoryRoot, 'specs', `${provider}.openapi.yaml`), 'utf8'));
  const example = spec.paths[path].get.responses[String(status)].content['application/json'].example;
  if (example === undefined)
    throw new Error(`specs/${provider}.openapi.yaml documents no example for ${path}`);
  return example;
}

/**
 * A fetch for the consumer projects: answers each provider's list call at its default base URL with
 * the documented body, and records what it was asked. Written out as source, as the projects run it.
 */
const CUSTOM_FETCH_SOURCE = `
const bodies = JSON.parse(readFileSync(new URL('./documented-bodies.json', import.meta.url), 'utf8'));
export const requests = [];
export async function documentedFetch(input, init) {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  requests.push({ url: request.url, headers: Object.fromEntries(request.headers) });
  const answer = bodies.find((candidate) => url.host === candidate.host && url.pathname.endsWith(candidate.path));
  if (!answer) return Response.json({ message: 'not documented' }, { status: 404 });
  return Response.json(answer.body, { status: answer.status });
}
`;

function writeProject(folder, files) {
  mkdirSync(folder, { recursive: true });
  const documentedBodies = Object.entries(PROVIDERS).map(([provider, { path, status, host }]) => ({
    provider,
    path,
    status,
    host,
    body: documentedListBody(provider),
  }));
  const baseFiles = {
    'package.json': JSON.stringify({ name: 'switchboard-consumer', private: true, type: 'module' }, null, 2),
    'documented-bodies.json': JSON.stringify(documentedBodies, null, 2),
    'documented-fetch.mjs': `import { readFileSync } from 'node:fs';\n${CUSTOM_FETCH_SOURCE}`,
  };
  for (const [name, content] of Object.entries({ ...baseFiles, ...files })) {
    writeFileSync(join(folder, name), content);
  }
}

async function npmInstall(folder, tarballs) {
  const result = await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', ...tarballs],
    { cwd: folder },
  );
  if (result.status !== 0)
    throw new Error(`npm install failed in ${folder}:\n${result.stderr || result.stdout}`);
}

/** Runs a script of a consumer project with Node and parses the JSON it prints last. */
async function runNodeScript(folder, script, timeoutMs = 60_000, environment = {}, nodeOptions = []) {
  const child = spawn(process.execPath, [...nodeOptions, script], {
    cwd: folder,
    env: { ...process.env, ...environment },
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
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const status = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  clearTimeout(timer);
  return { status, stdout, stderr };
}

function parseLastJson(output, what) {
  const line = output.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${what} printed no JSON result:\n${output.slice(-2000)}`);
  }
}

function expectEqual(actual, expected, what) {
  const actualText = JSON.stringify(actual);
  const expectedText = JSON.stringify(expected);
  if (actualText !== expectedText) throw new Error(`${what}: expected ${expectedText}, got ${actualText}`);
}

// (a) ------------------------------------------------------------------------------------------------
const SINGLE_PROVIDER_SCRIPT = `
import { createRyzeApiClient } from '@switchboard/ryzeapi';
import { documentedFetch, requests } from './documented-fetch.mjs';

let coreResolves = true;
try {
  await import('@switchboard/core');
} catch {
  coreResolves = false;
}
const ryze = createRyzeApiClient({ token: 'consumer-test-token', fetch: documentedFetch, maxRetries: 0 });
const { data, error, response } = await ryze.GET('/instance/list', { params: { query: { instanceName: 'my-instance' } } });
let validationError = null;
try {
  createRyzeApiClient({ token: '' });
} catch (caught) {
  validationError = { name: caught.name, code: caught.code };
}
console.log(JSON.stringify({
  coreResolves,
  status: response.status,
  error: error ?? null,
  names: data?.instances.map((instance) => instance.name),
  url: requests[0]?.url,
  tokenHeader: requests[0]?.headers.token,
  validationError,
}));
`;

async function checkSingleProvider(folder, tarballs) {
  writeProject(folder, { 'single-provider.mjs': SINGLE_PROVIDER_SCRIPT });
  await npmInstall(folder, [tarballs['@switchboard/runtime'], tarballs['@switchboard/ryzeapi']]);
  const installed = readdirSync(join(folder, 'node_modules', '@switchboard')).sort();
  expectEqual(installed, ['runtime', 'ryzeapi'], 'installed @switchboard packages');
  const run = await runNodeScript(folder, 'single-provider.mjs');
  if (run.status !== 0) throw new Error(`single-provider.mjs exited ${run.status}:\n${run.stderr}`);
  const result = parseLastJson(run.stdout, 'single-provider.mjs');
  expectEqual(result.coreResolves, false, '@switchboard/core resolvable');
  expectEqual(result.status, 200, 'response status');
  expectEqual(result.error, null, 'error');
  expectEqual(result.names, ['my-instance'], 'instance names');
  expectEqual(result.url, 'https://ryzeapi.cloud/api/instance/list?instanceName=my-instance', 'request URL');
  expectEqual(result.tokenHeader, 'consumer-test-token', 'token header');
  expectEqual(result.validationError, { name: 'ValidationError', code: 'validation' }, 'empty token error');
  return 'runtime + ryzeapi alone: createRyzeApiClient over a custom fetch returned the documented instance';
}

// (b) ------------------------------------------------------------------------------------------------
const FACADE_SCRIPT = `
import { createSwitchboard } from '@switchboard/core';
import { documentedFetch, requests } from './documented-fetch.mjs';

const switchboard = createSwitchboard({
  accounts: [
    { provider: 'z-api', token: 'consumer-z-api-token' },
    { provider: 'ryzeapi', token: 'consumer-ryzeapi-token' },
    { provider: 'hypersender', token: 'consumer-hypersender-token' },
    { provider: 'wachat', token: 'consumer-wachat-token' },
  ],
  fetch: documentedFetch,
  maxRetries: 0,
});
const instances = await switchboard.listInstances();
const connected = await switchboard.listInstances({ status: 'connected' });
console.log(JSON.stringify({ instances, connected: connected.map((instance) => instance.provider).sort(), requestCount: requests.length }));
`;

async function checkFacade(folder) {
  const run = await runNodeScript(folder, 'facade.mjs');
  if (run.status !== 0) throw new Error(`facade.mjs exited ${run.status}:\n${run.stderr}`);
  const { instances, connected } = parseLastJson(run.stdout, 'facade.mjs');
  const byProvider = (provider) => instances.filter((instance) => instance.provider === provider);
  expectEqual(
    Object.keys(PROVIDERS).map((provider) => byProvider(provider).length),
    [1, 1, 2, 1],
    'instances per provider (z-api, ryzeapi, hypersender, wachat)',
  );
  const [ryze] = byProvider('ryzeapi');
  expectEqual(
    [ryze.account, ryze.id, ryze.status, ryze.phone, ryze.profile.name, ryze.raw.token],
    ['ryzeapi', '5e1d...', 'connected', '+5511999999999', 'Orion', '[redacted]'],
    'ryzeapi instance (account, id, status, phone, profile name, raw token)',
  );
  const [zApi] = byProvider('z-api');
  expectEqual(
    [zApi.status, zApi.expiresAt],
    ['disconnected', new Date(1648565999675).toISOString()],
    'z-api',
  );
  const hypersender = byProvider('hypersender').map((instance) => [instance.status, instance.createdAt]);
  expectEqual(
    hypersender,
    [
      ['connected', '2025-05-26T10:12:45.000Z'],
      ['qr_pending', '2025-05-25T15:30:22.000Z'],
    ],
    'hypersender statuses and UTC dates',
  );
  const [wachat] = byProvider('wachat');
  expectEqual(
    [wachat.id, wachat.phone],
    ['t1_mq9r2jov_jakarta_store', '+628123456789'],
    'wachat id and phone',
  );
  expectEqual(connected, ['hypersender', 'ryzeapi', 'wachat'], 'providers with a connected instance');
  return `createSwitchboard over the 4 providers: ${instances.length} documented instances normalized, filter and redaction hold`;
}

// (c) ------------------------------------------------------------------------------------------------
const TYPESCRIPT_CONSUMER = `
import { createHypersenderClient, type HypersenderInstance } from '@switchboard/hypersender';
import { SwitchboardError, ValidationError, type Instance, type InstanceStatus } from '@switchboard/runtime';
import { createRyzeApiClient, type RyzeApiInstance } from '@switchboard/ryzeapi';
import { createWachatClient, type WachatInstance } from '@switchboard/wachat';
import { createZApiClient, type ZApiInstance } from '@switchboard/z-api';

export async function listEverywhere(token: string): Promise<string[]> {
  const ryze = createRyzeApiClient({ token, timeoutMs: 5_000, maxRetries: 1 });
  const ryzeList = await ryze.GET('/instance/list', { params: { query: { instanceName: 'sales' } } });
  const ryzeItems: RyzeApiInstance[] = ryzeList.data?.instances ?? [];

  const zApi = createZApiClient({ token });
  const zApiPage = await zApi.GET('/instances', { params: { query: { page: 1, pageSize: 100 } } });
  const zApiItems: ZApiInstance[] = zApiPage.data?.content ?? [];

  const hypersender = createHypersenderClient({ token, baseUrl: 'http://127.0.0.1:4010' });
  const hypersenderList = await hypersender.GET('/instances', { params: { query: { 'filter[status]': 'WORKING' } } });
  const hypersenderItems: HypersenderInstance[] = hypersenderList.data ?? [];

  const wachat = createWachatClient({ token, fetch: globalThis.fetch });
  const wachatList = await wachat.GET('/instance/list');
  const wachatItems: WachatInstance[] = wachatList.data?.instances ?? [];

  // @ts-expect-error: a path the spec does not have
  await ryze.GET('/instance/unknown');
  // @ts-expect-error: Z-API's page and pageSize are required
  await zApi.GET('/instances', { params: { query: { page: 1 } } });
  // @ts-expect-error: a Hypersender status the spec does not list
  await hypersender.GET('/instances', { params: { query: { 'filter[status]': 'RUNNING' } } });

  return [...ryzeItems, ...zApiItems, ...hypersenderItems, ...wachatItems].map((item) => String(item.id));
}

export function describe(error: unknown, instance: Instance): string {
  const status: InstanceStatus = instance.status;
  if (error instanceof ValidationError) return \`\${error.code}: \${status}\`;
  return SwitchboardError.isInstance(error) ? String(error.retryable) : status;
}
`;

const TYPESCRIPT_CORE_CONSUMER = `
import {
  createSwitchboard,
  FanOutError,
  type Instance,
  type InstanceFilter,
  type InstanceOf,
  ValidationError,
} from '@switchboard/core';

// Core names no provider's types; a provider's raw item is the \`raw\` of its \`Instance\`.
type RyzeApiInstance = InstanceOf<'ryzeapi'>['raw'];

export async function connectedRyzeInstances(token: string, signal: AbortSignal): Promise<RyzeApiInstance[]> {
  const switchboard = createSwitchboard({
    accounts: [{ provider: 'ryzeapi', token, label: 'main' }, { provider: 'wachat', token }],
    concurrency: 4,
    secrets: 'redact',
    logLevel: 'off',
  });
  const filter: InstanceFilter = { status: ['connected', 'connecting'], provider: 'ryzeapi', nameContains: 'sales' };
  const all: Instance[] = await switchboard.listInstances(filter, { signal });
  const { instances, failures } = await switchboard.listInstancesSettled({ provider: ['ryzeapi', 'wachat'] });
  for (const failure of failures) if (failure.error instanceof FanOutError) throw failure.error;
  const raws: RyzeApiInstance[] = [];
  for (const instance of [...all, ...instances]) if (instance.provider === 'ryzeapi') raws.push(instance.raw);
  for await (const instance of switchboard.instances({ name: 'sales' })) if (instance.provider === 'ryzeapi') raws.push(instance.raw);
  return raws;
}

export function badOptions(): unknown {
  try {
    // @ts-expect-error: not a provider key
    return createSwitchboard({ accounts: [{ provider: 'not-a-provider', token: 'x' }] });
  } catch (error) {
    return error instanceof ValidationError;
  }
}

// @ts-expect-error: not an InstanceStatus
export const wrongStatus: InstanceFilter = { status: 'online' };
`;

function typescriptConfig(moduleResolution, files) {
  const module = moduleResolution === 'bundler' ? 'preserve' : 'nodenext';
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        module,
        moduleResolution,
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        // Nothing from node_modules/@types is loaded unless named, and nothing is named.
        types: [],
      },
      files,
    },
    null,
    2,
  );
}

async function checkTypeScript(folder, moduleResolution, withCore) {
  const files = withCore ? ['consumer.ts', 'core-consumer.ts'] : ['consumer.ts'];
  const configName = `tsconfig.${moduleResolution}.json`;
  writeFileSync(join(folder, configName), typescriptConfig(moduleResolution, files));
  const result = await runCommand(process.execPath, [typescriptCompiler, '-p', configName, '--listFiles'], {
    cwd: folder,
  });
  const output = `${result.stdout}${result.stderr}`;
  const diagnostics = output.split('\n').filter((line) => /error TS\d+/.test(line));
  if (result.status !== 0 || diagnostics.length > 0) {
    throw new Error(`tsc (${moduleResolution}) failed:\n${diagnostics.join('\n') || output.slice(-3000)}`);
  }
  const loaded = output.split('\n').filter((line) => line.includes('/node_modules/'));
  if (loaded.some((file) => file.includes('/@types/node/')))
    throw new Error('the program loaded @types/node');
  const ownDeclarations = loaded.filter((file) => file.includes('/node_modules/@switchboard/')).length;
  if (ownDeclarations === 0) throw new Error('no @switchboard declaration file was loaded');
  const coreNote = withCore ? 'with' : 'without (not built)';
  return `${moduleResolution}: strict, no @types/node, no skipLibCheck, ${ownDeclarations} @switchboard .d.ts files, ${coreNote} core`;
}

// (d) ------------------------------------------------------------------------------------------------
async function checkSingleProviderBundle(folder) {
  const entry = join(folder, 'bundle-entry.mjs');
  writeFileSync(
    entry,
    "import { createZApiClient } from '@switchboard/z-api';\nexport const client = createZApiClient({ token: 'x' });\n",
  );
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: folder,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const bundle = result.outputFiles[0].text;
  if (!bundle.includes(PROVIDERS['z-api'].host)) throw new Error("the bundle lacks Z-API's own base URL");
  const strays = Object.entries(PROVIDERS)
    .filter(([provider, { host }]) => provider !== 'z-api' && bundle.includes(host))
    .map(([provider]) => provider);
  if (strays.length > 0) throw new Error(`the z-api bundle holds code of: ${strays.join(', ')}`);
  return `esbuild bundle of createZApiClient: ${(bundle.length / 1024).toFixed(1)} KiB, no other provider's base URL`;
}

// (e) (f) --------------------------------------------------------------------------------------------
async function checkTestingImport(folder) {
  writeFileSync(
    join(folder, 'testing-import.mjs'),
    "const testing = await import('@switchboard/testing');\nconsole.log(JSON.stringify(Object.keys(testing).sort()));\n",
  );
  const run = await runNodeScript(folder, 'testing-import.mjs');
  if (run.status !== 0) throw new Error(`importing @switchboard/testing failed:\n${run.stderr}`);
  const exported = parseLastJson(run.stdout, 'testing-import.mjs');
  if (exported.length === 0) throw new Error('@switchboard/testing exports nothing');
  return `@switchboard/testing imports with its dependencies from the registry (${exported.length} exports)`;
}

async function checkCommand(folder) {
  const bin = join(folder, 'node_modules', '.bin', 'switchboard');
  if (!existsSync(bin)) throw new Error('npm linked no `switchboard` command');
  // SIGKILL: the command handles SIGTERM itself, so a demo that hangs would outlive a SIGTERM.
  const result = await runCommand(bin, ['demo'], { cwd: folder, timeout: 60_000, killSignal: 'SIGKILL' });
  if (result.status !== 0) {
    const how = result.signal ? `was killed (${result.signal}) after 60 s` : `exited ${result.status}`;
    throw new Error(`switchboard demo ${how}:\n${result.stderr.slice(-2000)}`);
  }
  const lines = result.stdout.trim().split('\n').length;
  return `node_modules/.bin/switchboard demo printed ${lines} lines`;
}

// (g) ------------------------------------------------------------------------------------------------
/** The packages a program may depend on: not private, not the simulators, not the command. */
function isLibraryPackage(workspacePackage) {
  return !['@switchboard/testing', '@switchboard/cli'].includes(workspacePackage.name);
}

const COMMONJS_CONSUMER = `'use strict';
// A CommonJS program: require() of ES modules, as Node >= 20.19 allows without a flag.
const libraryNames = JSON.parse(process.env.SWITCHBOARD_LIBRARIES);
const simulator = JSON.parse(process.env.SWITCHBOARD_SIMULATOR);
const loaded = {};
for (const name of libraryNames) loaded[name] = Object.keys(require(name)).length;
const { createSwitchboard, PROVIDER_KEYS, AuthenticationError } = require('@switchboard/core');
const { createRyzeApiClient } = require('@switchboard/ryzeapi');

async function main() {
  const simulated = PROVIDER_KEYS.filter((provider) => simulator.baseUrls[provider] !== undefined);
  const switchboard = createSwitchboard({
    accounts: simulated.map((provider) => ({
      ...simulator.accountOptions[provider],
      provider,
      token: simulator.tokens[provider],
      baseUrl: simulator.baseUrls[provider],
    })),
    maxRetries: 0,
  });
  const instances = await switchboard.listInstances();
  const perProvider = {};
  for (const instance of instances) perProvider[instance.provider] = (perProvider[instance.provider] ?? 0) + 1;
  const ryze = createRyzeApiClient({ token: simulator.tokens.ryzeapi, baseUrl: simulator.baseUrls.ryzeapi, maxRetries: 0 });
  const { data, response } = await ryze.GET('/instance/list');
  let refused = null;
  try {
    await createSwitchboard({
      accounts: [{ provider: 'ryzeapi', token: 'not-the-token', baseUrl: simulator.baseUrls.ryzeapi }],
      maxRetries: 0,
    }).listInstances();
  } catch (error) {
    refused = AuthenticationError.isInstance(error) ? 'AuthenticationError' : String(error);
  }
  console.log(JSON.stringify({
    loaded,
    simulated,
    unsimulated: PROVIDER_KEYS.filter((provider) => !simulated.includes(provider)),
    perProvider,
    ryzeStatus: response.status,
    ryzeCount: data ? data.instances.length : null,
    refused,
  }));
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

async function checkCommonJsConsumer(folder, libraryNames) {
  writeFileSync(join(folder, 'require-consumer.cjs'), COMMONJS_CONSUMER);
  // The installed @switchboard/testing, not the workspace's: the server runs from the tarball.
  const testingEntry = join(folder, 'node_modules', '@switchboard', 'testing', 'dist', 'index.js');
  const { startSimulatorServer } = await import(pathToFileURL(testingEntry).href);
  const server = await startSimulatorServer();
  try {
    const expected = Object.fromEntries(
      server.simulators.all.map((simulator) => [simulator.provider, simulator.instances.length]),
    );
    const run = await runNodeScript(folder, 'require-consumer.cjs', 60_000, {
      SWITCHBOARD_LIBRARIES: JSON.stringify(libraryNames),
      SWITCHBOARD_SIMULATOR: JSON.stringify({
        baseUrls: server.baseUrls,
        tokens: server.tokens,
        accountOptions: server.simulators.accountOptions,
      }),
    });
    if (run.status !== 0) throw new Error(`require-consumer.cjs exited ${run.status}:\n${run.stderr}`);
    const result = parseLastJson(run.stdout, 'require-consumer.cjs');
    const empty = libraryNames.filter((name) => !(result.loaded[name] > 0));
    if (empty.length > 0) throw new Error(`require() gave no exports for: ${empty.join(', ')}`);
    expectEqual(Object.keys(result.loaded).sort(), [...libraryNames].sort(), 'required packages');
    if (result.simulated.length === 0) throw new Error('no PROVIDER_KEYS entry has a simulator');
    const expectedSimulated = Object.fromEntries(
      result.simulated.map((provider) => [provider, expected[provider]]),
    );
    expectEqual(
      Object.fromEntries(result.simulated.map((provider) => [provider, result.perProvider[provider] ?? 0])),
      expectedSimulated,
      'instances per provider',
    );
    expectEqual([result.ryzeStatus, result.ryzeCount], [200, expected.ryzeapi], 'createRyzeApiClient list');
    expectEqual(result.refused, 'AuthenticationError', 'a wrong token');
    const unsimulated =
      result.unsimulated.length > 0 ? `; no simulator for ${result.unsimulated.join(', ')}` : '';
    return `require() of ${libraryNames.length} packages (${libraryNames.join(', ')}); listed ${result.simulated.length} providers from the simulator server${unsimulated}; a wrong token is an AuthenticationError`;
  } finally {
    await server.close();
  }
}

// (h) ------------------------------------------------------------------------------------------------
const STACK_TRACE_SCRIPT = `
import { createRyzeApiClient } from '@switchboard/ryzeapi';
try {
  createRyzeApiClient({ token: '' });
  console.log(JSON.stringify({ stack: null }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, stack: error.stack }));
}
`;

async function checkSourceMaps(folder) {
  writeFileSync(join(folder, 'stack-trace.mjs'), STACK_TRACE_SCRIPT);
  const run = await runNodeScript(folder, 'stack-trace.mjs', 60_000, {}, ['--enable-source-maps']);
  if (run.status !== 0) throw new Error(`stack-trace.mjs exited ${run.status}:\n${run.stderr}`);
  const { name, stack } = parseLastJson(run.stdout, 'stack-trace.mjs');
  if (typeof stack !== 'string') throw new Error('createRyzeApiClient({ token: "" }) did not throw');
  expectEqual(name, 'ValidationError', 'error name');
  // Frames look like `at fn (/abs/path/file.ts:12:7)` or `at /abs/path/file.ts:12:7`.
  const frames = [...stack.matchAll(/(\/[^\s():]+\/node_modules\/@switchboard\/[^\s():]+):\d+:\d+/g)].map(
    (match) => match[1],
  );
  if (frames.length === 0) throw new Error(`no frame inside an installed package:\n${stack}`);
  const notTypeScript = frames.filter((file) => !file.endsWith('.ts'));
  if (notTypeScript.length > 0)
    throw new Error(`frames that did not map to a .ts file: ${notTypeScript.join(', ')}\n${stack}`);
  const missing = frames.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`mapped .ts files missing from the install: ${missing.join(', ')}`);
  const shown = [...new Set(frames.map((file) => file.slice(file.indexOf('@switchboard/'))))];
  return `a ValidationError's stack maps to ${shown.join(', ')}, each present in node_modules`;
}

// ---------------------------------------------------------------------------------------------------
async function main() {
  const startedAt = Date.now();
  const temporaryFolder = mkdtempSync(join(tmpdir(), 'switchboard-consumer-'));
  const results = [];
  const report = (label, outcome, detail) => {
    results.push(outcome);
    const mark = { pass: 'ok  ', fail: 'FAIL', skip: 'skip' }[outcome];
    console.log(`${mark} ${label}: ${detail.replace(/\n/g, '\n       ')}`);
  };
  const run = async (label, check) => {
    try {
      report(label, 'pass', await check());
    } catch (error) {
      report(label, 'fail', error instanceof Error ? error.message : String(error));
    }
  };

  try {
    const packages = listPublishablePackages();
    const built = packages.filter((workspacePackage) => missingEntryFiles(workspacePackage).length === 0);
    const isBuilt = (name) => built.some((workspacePackage) => workspacePackage.name === name);
    const required = [
      '@switchboard/runtime',
      ...Object.values(PROVIDERS).map((provider) => provider.package),
    ];
    const unbuilt = required.filter((name) => !isBuilt(name));
    if (unbuilt.length > 0) {
      report('pack', 'fail', `not built: ${unbuilt.join(', ')} (run \`pnpm build\` first)`);
      return;
    }
    const tarballFolder = join(temporaryFolder, 'tarballs');
    mkdirSync(tarballFolder);
    const packed = await mapWithConcurrency(built, 4, (workspacePackage) =>
      packPackage(workspacePackage, tarballFolder),
    );
    const tarballs = Object.fromEntries(
      built.map((workspacePackage, index) => [workspacePackage.name, packed[index].tarball]),
    );
    console.log(`packed ${built.length} packages into ${tarballFolder}`);

    const fullProject = join(temporaryFolder, 'consumer');
    const fullInstall = (async () => {
      writeProject(fullProject, {
        'facade.mjs': FACADE_SCRIPT,
        'consumer.ts': TYPESCRIPT_CONSUMER,
        'core-consumer.ts': TYPESCRIPT_CORE_CONSUMER,
      });
      await npmInstall(fullProject, Object.values(tarballs));
    })();
    // The single-provider project installs while the full one does.
    await run('(a) single provider', () =>
      checkSingleProvider(join(temporaryFolder, 'single-provider'), tarballs),
    );
    try {
      await fullInstall;
    } catch (error) {
      report('install', 'fail', error.message);
      return;
    }

    if (isBuilt('@switchboard/core')) await run('(b) facade', () => checkFacade(fullProject));
    else
      report(
        '(b) facade',
        'skip',
        'packages/core/dist does not exist yet (core not built): facade not checked',
      );
    const withCore = isBuilt('@switchboard/core');
    await run('(c) types nodenext', () => checkTypeScript(fullProject, 'nodenext', withCore));
    await run('(c) types bundler', () => checkTypeScript(fullProject, 'bundler', withCore));
    await run('(d) single-provider bundle', () => checkSingleProviderBundle(fullProject));
    if (isBuilt('@switchboard/testing'))
      await run('(e) testing package', () => checkTestingImport(fullProject));
    else report('(e) testing package', 'skip', 'packages/testing/dist does not exist yet');
    if (isBuilt('@switchboard/cli')) await run('(f) cli command', () => checkCommand(fullProject));
    else report('(f) cli command', 'skip', 'packages/cli/dist does not exist yet');
    const libraryNames = built.filter(isLibraryPackage).map((workspacePackage) => workspacePackage.name);
    if (isBuilt('@switchboard/core') && isBuilt('@switchboard/testing'))
      await run('(g) require() from CommonJS', () => checkCommonJsConsumer(fullProject, libraryNames));
    else report('(g) require() from CommonJS', 'skip', 'packages/core or packages/testing is not built');
    await run('(h) source maps', () => checkSourceMaps(fullProject));
  } finally {
    if (keepTemporaryFolder) console.log(`kept ${temporaryFolder}`);
    else rmSync(temporaryFolder, { recursive: true, force: true });
    const count = (outcome) => results.filter((result) => result === outcome).length;
    const skipped = count('skip') > 0 ? `, ${count('skip')} skipped` : '';
    console.log(`consumer-test took ${Math.round((Date.now() - startedAt) / 1000)} s`);
    console.log(`${count('pass')} passed, ${count('fail')} failed${skipped}`);
    process.exitCode = count('fail') > 0 ? 1 : 0;
  }
}

await main();
