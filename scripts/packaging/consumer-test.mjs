#!/usr/bin/env node
// Installs the packages as a user would, from the tarballs `pnpm pack` makes, into throw-away projects
// outside the workspace (so nothing resolves through the workspace's node_modules), and checks them
// from there:
//   (a) one provider alone: @switchboard/runtime + the first one-shot provider of the registry, a
//       request through a custom fetch
//   (b) the facade: createSwitchboard over every provider of the registry, fed the specs' documented bodies
//   (c) a strict TypeScript consumer, `nodenext` and `bundler`, without @types/node or skipLibCheck
//   (d) esbuild bundles the first provider's client without any other provider's code
//   (e) @switchboard/testing imports from its tarball, its own dependencies installed from the registry
//   (f) the `switchboard` command of @switchboard/cli runs `switchboard demo`
//   (g) a CommonJS `.cjs` file `require()`s every library package (Node >= 20.19 loads ES modules
//       through the `default` condition), then lists instances with @switchboard/core and a one-shot
//       provider's client from the simulator server of the installed @switchboard/testing
//   (h) source maps resolve: under `node --enable-source-maps`, the stack of an error thrown inside an
//       installed package names `.ts` files, and those files exist in the installed packages
//   (i) docs/examples/outside-provider.mjs, a provider defined outside Switchboard, runs as written:
//       its instances listed, its secret field redacted, a wrong key an AuthenticationError without it
// The providers come from the built registry package (`@switchboard/providers`), their documented
// answers and parameters from their specs: nothing here names a provider.
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
  readPackage,
  repositoryRoot,
  runCommand,
} from './workspace-packages.mjs';

const keepTemporaryFolder = process.argv.includes('--keep');
const typescriptCompiler = createRequire(join(repositoryRoot, 'package.json')).resolve('typescript/bin/tsc');
const REGISTRY_PACKAGE = '@switchboard/providers';

/**
 * @typedef {object} ProviderUnderTest
 * @property {string} key              the provider key, `acme`
 * @property {string} packageName      the package exporting its definition, `@switchboard/acme`
 * @property {string} clientFactory    the package's `create…Client` export
 * @property {Record<string, any>} metadata  the definition's metadata (generated from the spec)
 * @property {Record<string, unknown>} accountOptions  what a demo account of it needs beyond the token
 * @property {{ status: number, body: unknown }} documented  the list answer its spec documents
 * @property {Record<string, Record<string, unknown>>} requiredParameters  the list call's required
 *   parameters by location (`path`, `query`, `header`), each with its spec example
 * @property {string | undefined} requiredQueryParameter  a required query parameter, to leave out
 * @property {{ name: string, values: string[] } | undefined} enumQueryParameter  a query parameter whose
 *   schema lists its values, to send one it does not list
 */

/**
 * The providers to check, read from the built registry package of the workspace (the one place that
 * names them): each definition, the package that exports it and the spec it was generated from.
 * Everything below iterates this list, so a provider added to the registry is checked with no edit.
 * @returns {Promise<ProviderUnderTest[]>}
 */
async function loadProvidersUnderTest() {
  const registryFolder = join(repositoryRoot, 'packages', 'providers');
  const registryRequire = createRequire(join(registryFolder, 'package.json'));
  const importFromRegistry = (name) => import(pathToFileURL(registryRequire.resolve(name)).href);
  const { builtInProviders } = await importFromRegistry(REGISTRY_PACKAGE);
  const registryManifest = readPackage(registryFolder).manifest;
  const candidates = Object.keys(registryManifest.dependencies ?? {}).filter(
    (name) => name !== '@switchboard/runtime',
  );
  const modules = await Promise.all(
    candidates.map(async (name) => ({ name, exports: await importFromRegistry(name) })),
  );
  return Promise.all(
    builtInProviders.map(async (definition) => {
      const owner = modules.find(({ exports }) => Object.values(exports).includes(definition));
      if (owner === undefined)
        throw new Error(`no dependency of ${REGISTRY_PACKAGE} exports "${definition.key}"`);
      const clientFactory = Object.keys(owner.exports).find((name) => /^create\w+Client$/.test(name));
      if (clientFactory === undefined) throw new Error(`${owner.name} exports no create…Client`);
      const simulator = await definition.loadSimulator();
      return {
        key: definition.key,
        packageName: owner.name,
        clientFactory,
        metadata: definition.metadata,
        accountOptions: { ...(simulator.demoAccountOptions ?? {}) },
        ...readListOperationSpec(definition.key, definition.metadata.listOperation),
      };
    }),
  );
}

/** Follows a local `$ref` (`#/components/…`) of the spec, or returns the value as it is. */
function resolveReference(spec, value) {
  let current = value;
  while (current && typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((node, segment) => node?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
}

/** What the spec of `key` says of its list operation: the documented answer and the parameters. */
function readListOperationSpec(key, listOperation) {
  const specFile = join(repositoryRoot, 'specs', `${key}.openapi.yaml`);
  const spec = parseYaml(readFileSync(specFile, 'utf8'));
  const operation = spec.paths?.[listOperation.path]?.[listOperation.method.toLowerCase()];
  if (operation === undefined)
    throw new Error(`${specFile} has no ${listOperation.method} ${listOperation.path}`);
  let documented;
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const content = resolveReference(spec, response).content?.['application/json'];
    const example = content?.example ?? Object.values(content?.examples ?? {})[0]?.value;
    if (example !== undefined) {
      documented = { status: Number(status), body: example };
      break;
    }
  }
  if (documented === undefined)
    throw new Error(`${specFile} documents no example of a 2xx answer to ${listOperation.path}`);
  const requiredParameters = { path: {}, query: {}, header: {} };
  let requiredQueryParameter;
  let enumQueryParameter;
  for (const reference of [
    ...(spec.paths[listOperation.path].parameters ?? []),
    ...(operation.parameters ?? []),
  ]) {
    const parameter = resolveReference(spec, reference);
    const schema = resolveReference(spec, parameter.schema ?? {});
    if (parameter.in === 'query' && Array.isArray(schema.enum) && enumQueryParameter === undefined)
      enumQueryParameter = { name: parameter.name, values: schema.enum.map(String) };
    if (parameter.required !== true || requiredParameters[parameter.in] === undefined) continue;
    const integer = schema.type === 'integer' || schema.type === 'number';
    requiredParameters[parameter.in][parameter.name] =
      parameter.example ?? schema.example ?? schema.default ?? schema.enum?.[0] ?? (integer ? 1 : 'example');
    if (parameter.in === 'query' && requiredQueryParameter === undefined)
      requiredQueryParameter = parameter.name;
  }
  return { documented, requiredParameters, requiredQueryParameter, enumQueryParameter };
}

/** The list call's parameters for openapi-fetch: only the locations that have any. */
function callParameters(provider) {
  return Object.fromEntries(
    Object.entries(provider.requiredParameters).filter(([, values]) => Object.keys(values).length > 0),
  );
}

/** The first provider whose list comes in one answer, so a raw client's one call gets everything. */
function oneShotProvider(providers) {
  const provider = providers.find((candidate) => candidate.metadata.listOperation.paging.style === 'none');
  if (provider === undefined) throw new Error('no provider of the registry lists in one answer');
  return provider;
}

/**
 * A fetch for the consumer projects: answers each provider's list call at its default base URL with
 * the documented body, and records what it was asked. Written out as source, as the projects run it.
 */
const CUSTOM_FETCH_SOURCE = `
const bodies = JSON.parse(readFileSync(new URL('./documented-bodies.json', import.meta.url), 'utf8'));
const routes = bodies.map((answer) => ({
  ...answer,
  // A templated path (\`/{version}/{account}/items\`) matches any value of each parameter.
  pattern: new RegExp(\`\${answer.path.replace(/[.*+?^$()|[\\]\\\\]/g, '\\\\$&').replace(/\\{[^}]+\\}/g, '[^/]+')}$\`),
}));
export const requests = [];
export async function documentedFetch(input, init) {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  requests.push({ url: request.url, headers: Object.fromEntries(request.headers) });
  const answer = routes.find((route) => url.origin === route.origin && route.pattern.test(url.pathname));
  if (!answer) return Response.json({ message: 'not documented' }, { status: 404 });
  return Response.json(answer.body, { status: answer.status });
}
`;

function writeProject(folder, providers, files) {
  mkdirSync(folder, { recursive: true });
  const documentedBodies = providers.map((provider) => ({
    provider: provider.key,
    origin: new URL(provider.metadata.defaultBaseUrl).origin,
    path: `${new URL(provider.metadata.defaultBaseUrl).pathname.replace(/\/+$/, '')}${provider.metadata.listOperation.path}`,
    status: provider.documented.status,
    body: provider.documented.body,
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

/** How many items a documented body holds at the list operation's items path. */
function documentedItems(provider) {
  const { items } = provider.metadata.listOperation;
  const list =
    items === '.'
      ? provider.documented.body
      : items.split('.').reduce((node, key) => node?.[key], provider.documented.body);
  if (!Array.isArray(list)) throw new Error(`${provider.key}: the documented body has no list at "${items}"`);
  return list;
}

/** The header the token travels in and its value, as the spec's security scheme says. */
function expectedAuthHeader(provider, token) {
  const { auth } = provider.metadata;
  if (auth.scheme === 'bearer') return ['authorization', `Bearer ${token}`];
  if (auth.scheme === 'header') return [auth.header.toLowerCase(), token];
  throw new Error(`${provider.key}: auth scheme ${JSON.stringify(auth.scheme)} is not one this check knows`);
}

// (a) ------------------------------------------------------------------------------------------------
function singleProviderScript(provider) {
  return `
import { ${provider.clientFactory} } from '${provider.packageName}';
import { documentedFetch, requests } from './documented-fetch.mjs';
import { readPath } from '@switchboard/runtime';

let coreResolves = true;
try {
  await import('@switchboard/core');
} catch {
  coreResolves = false;
}
const client = ${provider.clientFactory}({ token: 'consumer-test-token', fetch: documentedFetch, maxRetries: 0 });
const { data, error, response } = await client.GET(${JSON.stringify(provider.metadata.listOperation.path)}, {
  params: ${JSON.stringify(callParameters(provider))},
});
let validationError = null;
try {
  ${provider.clientFactory}({ token: '' });
} catch (caught) {
  validationError = { name: caught.name, code: caught.code };
}
const items = readPath(data, ${JSON.stringify(provider.metadata.listOperation.items)});
console.log(JSON.stringify({
  coreResolves,
  status: response.status,
  error: error ?? null,
  items,
  url: requests[0]?.url,
  headers: requests[0]?.headers,
  validationError,
}));
`;
}

async function checkSingleProvider(folder, providers, tarballs) {
  const provider = oneShotProvider(providers);
  writeProject(folder, providers, { 'single-provider.mjs': singleProviderScript(provider) });
  await npmInstall(folder, [tarballs['@switchboard/runtime'], tarballs[provider.packageName]]);
  const installed = readdirSync(join(folder, 'node_modules', '@switchboard')).sort();
  expectEqual(
    installed,
    ['runtime', provider.packageName.replace('@switchboard/', '')].sort(),
    'installed @switchboard packages',
  );
  const run = await runNodeScript(folder, 'single-provider.mjs');
  if (run.status !== 0) throw new Error(`single-provider.mjs exited ${run.status}:\n${run.stderr}`);
  const result = parseLastJson(run.stdout, 'single-provider.mjs');
  expectEqual(result.coreResolves, false, '@switchboard/core resolvable');
  expectEqual(result.status, provider.documented.status, 'response status');
  expectEqual(result.error, null, 'error');
  expectEqual(result.items, documentedItems(provider), 'items of the documented body');
  const listUrl = `${provider.metadata.defaultBaseUrl.replace(/\/+$/, '')}${provider.metadata.listOperation.path}`;
  if (!result.url?.startsWith(listUrl))
    throw new Error(`request URL: expected ${listUrl}…, got ${result.url}`);
  const [header, value] = expectedAuthHeader(provider, 'consumer-test-token');
  expectEqual(result.headers?.[header], value, `the ${header} header`);
  expectEqual(result.validationError, { name: 'ValidationError', code: 'validation' }, 'empty token error');
  return `runtime + ${provider.key} alone: ${provider.clientFactory} over a custom fetch returned the ${result.items.length} documented items, the token in its "${header}" header`;
}

// (b) ------------------------------------------------------------------------------------------------
function facadeScript(providers) {
  const accounts = providers.map((provider) => ({
    ...provider.accountOptions,
    provider: provider.key,
    token: `consumer-${provider.key}-token`,
  }));
  return `
import { createSwitchboard, INSTANCE_STATUSES } from '@switchboard/core';
import { documentedFetch, requests } from './documented-fetch.mjs';

const switchboard = createSwitchboard({
  accounts: ${JSON.stringify(accounts)},
  fetch: documentedFetch,
  maxRetries: 0,
});
const instances = await switchboard.listInstances();
const connected = await switchboard.listInstances({ status: 'connected' });
console.log(JSON.stringify({ instances, connected, statuses: INSTANCE_STATUSES, requestCount: requests.length }));
`;
}

/** The values of a secret field of `raw` (`a.b`, `list[].b`) wherever it holds one. */
function secretValues(raw, field) {
  const [head, ...rest] = field.split('.');
  const isList = head.endsWith('[]');
  const value = raw?.[isList ? head.slice(0, -2) : head];
  // An empty value hides nothing, so redaction leaves it as it is.
  if (rest.length === 0) return value === undefined || value === null || value === '' ? [] : [value];
  const nodes = isList ? (Array.isArray(value) ? value : []) : [value];
  return nodes.flatMap((node) => secretValues(node, rest.join('.')));
}

async function checkFacade(folder, providers) {
  const run = await runNodeScript(folder, 'facade.mjs');
  if (run.status !== 0) throw new Error(`facade.mjs exited ${run.status}:\n${run.stderr}`);
  const { instances, connected, statuses } = parseLastJson(run.stdout, 'facade.mjs');
  const byProvider = (key) => instances.filter((instance) => instance.provider === key);
  expectEqual(
    Object.fromEntries(providers.map((provider) => [provider.key, byProvider(provider.key).length])),
    Object.fromEntries(providers.map((provider) => [provider.key, documentedItems(provider).length])),
    'instances per provider, as many as each spec documents',
  );
  const strays = instances.filter(
    (instance) => instance.account !== instance.provider || !statuses.includes(instance.status),
  );
  if (strays.length > 0)
    throw new Error(`instances with a wrong account or status: ${JSON.stringify(strays)}`);
  let redacted = 0;
  for (const provider of providers) {
    for (const instance of byProvider(provider.key)) {
      for (const field of provider.metadata.secretFields) {
        const values = secretValues(instance.raw, field);
        const shown = values.filter((value) => value !== '[redacted]');
        if (shown.length > 0) throw new Error(`${provider.key} raw.${field} is not redacted`);
        redacted += values.length;
      }
    }
  }
  if (redacted === 0) throw new Error('no documented body held a secret field: redaction was not exercised');
  const identify = (instance) => `${instance.provider}/${instance.id}`;
  expectEqual(
    connected.map(identify),
    instances.filter((instance) => instance.status === 'connected').map(identify),
    "listInstances({ status: 'connected' })",
  );
  if (connected.length === 0)
    throw new Error('no documented instance is connected: the filter was not exercised');
  return `createSwitchboard over the ${providers.length} providers: ${instances.length} documented instances normalized, ${connected.length} connected, ${redacted} secrets redacted`;
}

// (c) ------------------------------------------------------------------------------------------------
/** `result.data?.a?.b` for the items path `a.b`. */
function itemsAccessor(provider) {
  const { items } = provider.metadata.listOperation;
  return items === '.' ? 'result.data' : `result.data?.${items.split('.').join('?.')}`;
}

function typescriptConsumer(providers) {
  const imports = providers
    .map((provider) => `import { ${provider.clientFactory} } from '${provider.packageName}';`)
    .join('\n');
  const calls = providers.map((provider, index) => {
    const path = JSON.stringify(provider.metadata.listOperation.path);
    const parameters = callParameters(provider);
    const lines = [
      `export async function list${index}(token: string): Promise<number> {`,
      `  const client = ${provider.clientFactory}({ token, timeoutMs: 5_000, maxRetries: 1 });`,
      `  const result = await client.GET(${path}, { params: ${JSON.stringify(parameters)} });`,
      `  const items = ${itemsAccessor(provider)} ?? [];`,
      '  // @ts-expect-error: a path the spec does not have',
      "  await client.GET('/switchboard-consumer/no-such-path');",
    ];
    if (provider.requiredQueryParameter !== undefined) {
      const { [provider.requiredQueryParameter]: _left, ...query } = parameters.query;
      lines.push(
        `  // @ts-expect-error: the spec requires ${provider.requiredQueryParameter}`,
        `  await client.GET(${path}, { params: ${JSON.stringify({ ...parameters, query })} });`,
      );
    }
    if (provider.enumQueryParameter !== undefined) {
      const { name, values } = provider.enumQueryParameter;
      const unlisted = `NOT_${values.join('_').toUpperCase()}`.slice(0, 40);
      const query = { ...parameters.query, [name]: unlisted };
      lines.push(
        `  // @ts-expect-error: ${name} takes only the values the spec lists`,
        `  await client.GET(${path}, { params: ${JSON.stringify({ ...parameters, query })} });`,
      );
    }
    lines.push('  return items.length;', '}');
    return lines.join('\n');
  });
  return `${imports}
import { SwitchboardError, ValidationError, type Instance, type InstanceStatus } from '@switchboard/runtime';

${calls.join('\n\n')}

export function describe(error: unknown, instance: Instance): string {
  const status: InstanceStatus = instance.status;
  if (error instanceof ValidationError) return \`\${error.code}: \${status}\`;
  return SwitchboardError.isInstance(error) ? String(error.retryable) : status;
}
`;
}

function typescriptCoreConsumer(providers) {
  const [first, second = first] = providers;
  const account = (provider, extra) =>
    JSON.stringify({ ...provider.accountOptions, provider: provider.key, ...extra }).replace(
      '"token":"TOKEN"',
      'token',
    );
  const imports = providers
    .map((provider) => `import { ${provider.clientFactory} } from '${provider.packageName}';`)
    .join('\n');
  // The raw item core types an instance with is the item type of the provider's own client.
  const raws = providers.map(
    (
      provider,
      index,
    ) => `export async function raw${index}(token: string): Promise<InstanceOf<'${provider.key}'>['raw'][]> {
  const result = await ${provider.clientFactory}({ token }).GET(${JSON.stringify(provider.metadata.listOperation.path)}, {
    params: ${JSON.stringify(callParameters(provider))},
  });
  return ${itemsAccessor(provider)} ?? [];
}`,
  );
  return `
import {
  createSwitchboard,
  FanOutError,
  type Instance,
  type InstanceFilter,
  type InstanceOf,
  ValidationError,
} from '@switchboard/core';
${imports}

// Core names no provider's types; a provider's raw item is the \`raw\` of its \`Instance\`.
type FirstRaw = InstanceOf<'${first.key}'>['raw'];

export async function firstProviderRaws(token: string, signal: AbortSignal): Promise<FirstRaw[]> {
  const switchboard = createSwitchboard({
    accounts: [${account(first, { token: 'TOKEN', label: 'main' })}, ${account(second, { token: 'TOKEN' })}],
    concurrency: 4,
    secrets: 'redact',
    logLevel: 'off',
  });
  const filter: InstanceFilter = { status: ['connected', 'connecting'], provider: '${first.key}', nameContains: 'sales' };
  const all: Instance[] = await switchboard.listInstances(filter, { signal });
  const { instances, failures } = await switchboard.listInstancesSettled({ provider: ['${first.key}', '${second.key}'] });
  for (const failure of failures) if (failure.error instanceof FanOutError) throw failure.error;
  const raws: FirstRaw[] = [];
  for (const instance of [...all, ...instances]) if (instance.provider === '${first.key}') raws.push(instance.raw);
  for await (const instance of switchboard.instances({ name: 'sales' })) if (instance.provider === '${first.key}') raws.push(instance.raw);
  return raws;
}

${raws.join('\n\n')}

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
}
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
async function checkSingleProviderBundle(folder, providers) {
  const [provider, ...others] = providers;
  const entry = join(folder, 'bundle-entry.mjs');
  writeFileSync(
    entry,
    `import { ${provider.clientFactory} } from '${provider.packageName}';\nexport const client = ${provider.clientFactory}({ token: 'x' });\n`,
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
  const ownBaseUrl = provider.metadata.defaultBaseUrl;
  if (!bundle.includes(ownBaseUrl)) throw new Error(`the bundle lacks ${provider.key}'s own base URL`);
  // A self-hosted provider's default base URL is a local address any client could name.
  const strays = others
    .filter((other) => !other.metadata.selfHosted && bundle.includes(other.metadata.defaultBaseUrl))
    .map((other) => other.key);
  if (strays.length > 0) throw new Error(`the ${provider.key} bundle holds code of: ${strays.join(', ')}`);
  return `esbuild bundle of ${provider.clientFactory}: ${(bundle.length / 1024).toFixed(1)} KiB, no other provider's base URL`;
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
const rawProvider = JSON.parse(process.env.SWITCHBOARD_RAW_PROVIDER);
const { createSwitchboard, PROVIDER_KEYS, AuthenticationError } = require('@switchboard/core');
const createClient = require(rawProvider.packageName)[rawProvider.clientFactory];
const { readPath } = require('@switchboard/runtime');

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
  const key = rawProvider.key;
  const client = createClient({ token: simulator.tokens[key], baseUrl: simulator.baseUrls[key], maxRetries: 0 });
  const { data, response } = await client.GET(rawProvider.path, { params: rawProvider.parameters });
  const items = readPath(data, rawProvider.items);
  let refused = null;
  try {
    await createSwitchboard({
      accounts: [{ ...simulator.accountOptions[key], provider: key, token: 'not-the-token', baseUrl: simulator.baseUrls[key] }],
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
    rawStatus: response.status,
    rawCount: Array.isArray(items) ? items.length : null,
    refused,
  }));
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

async function checkCommonJsConsumer(folder, libraryNames, providers) {
  const rawProvider = oneShotProvider(providers);
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
      SWITCHBOARD_RAW_PROVIDER: JSON.stringify({
        key: rawProvider.key,
        packageName: rawProvider.packageName,
        clientFactory: rawProvider.clientFactory,
        path: rawProvider.metadata.listOperation.path,
        items: rawProvider.metadata.listOperation.items,
        parameters: callParameters(rawProvider),
      }),
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
    expectEqual(
      [result.rawStatus, result.rawCount],
      [200, expected[rawProvider.key]],
      `${rawProvider.clientFactory} list`,
    );
    expectEqual(result.refused, 'AuthenticationError', 'a wrong token');
    const unsimulated =
      result.unsimulated.length > 0 ? `; no simulator for ${result.unsimulated.join(', ')}` : '';
    return `require() of ${libraryNames.length} packages (${libraryNames.join(', ')}); listed ${result.simulated.length} providers from the simulator server${unsimulated}; ${rawProvider.clientFactory} listed ${result.rawCount}; a wrong token is an AuthenticationError`;
  } finally {
    await server.close();
  }
}

// (h) ------------------------------------------------------------------------------------------------
const stackTraceScript = (provider) => `
import { ${provider.clientFactory} } from '${provider.packageName}';
try {
  ${provider.clientFactory}({ token: '' });
  console.log(JSON.stringify({ stack: null }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, stack: error.stack }));
}
`;

async function checkSourceMaps(folder, providers) {
  const [provider] = providers;
  writeFileSync(join(folder, 'stack-trace.mjs'), stackTraceScript(provider));
  const run = await runNodeScript(folder, 'stack-trace.mjs', 60_000, {}, ['--enable-source-maps']);
  if (run.status !== 0) throw new Error(`stack-trace.mjs exited ${run.status}:\n${run.stderr}`);
  const { name, stack } = parseLastJson(run.stdout, 'stack-trace.mjs');
  if (typeof stack !== 'string') throw new Error(`${provider.clientFactory}({ token: '' }) did not throw`);
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

// (i) ------------------------------------------------------------------------------------------------
async function checkOutsideProviderExample(folder) {
  const example = join(repositoryRoot, 'docs', 'examples', 'outside-provider.mjs');
  writeFileSync(join(folder, 'outside-provider.mjs'), readFileSync(example, 'utf8'));
  const run = await runNodeScript(folder, 'outside-provider.mjs');
  if (run.status !== 0) throw new Error(`outside-provider.mjs exited ${run.status}:\n${run.stderr}`);
  const result = parseLastJson(run.stdout, 'outside-provider.mjs');
  expectEqual(
    result.connected,
    [{ provider: 'acme', id: 'l-1', name: 'Sales', status: 'connected', apiKey: '[redacted]' }],
    'connected acme instances',
  );
  expectEqual(result.wrongKey, { error: 'AuthenticationError', showsTheKey: false }, 'a wrong key');
  return 'docs/examples/outside-provider.mjs: 1 connected instance, its apiKey redacted; a wrong key is an AuthenticationError that does not show it';
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
    let providers;
    try {
      providers = await loadProvidersUnderTest();
    } catch (error) {
      report('registry', 'fail', `${error.message} (run \`pnpm build\` first)`);
      return;
    }
    const built = packages.filter((workspacePackage) => missingEntryFiles(workspacePackage).length === 0);
    const isBuilt = (name) => built.some((workspacePackage) => workspacePackage.name === name);
    const required = [
      '@switchboard/runtime',
      REGISTRY_PACKAGE,
      ...providers.map((provider) => provider.packageName),
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
      writeProject(fullProject, providers, {
        'facade.mjs': facadeScript(providers),
        'consumer.ts': typescriptConsumer(providers),
        'core-consumer.ts': typescriptCoreConsumer(providers),
      });
      await npmInstall(fullProject, Object.values(tarballs));
    })();
    // The single-provider project installs while the full one does.
    await run('(a) single provider', () =>
      checkSingleProvider(join(temporaryFolder, 'single-provider'), providers, tarballs),
    );
    try {
      await fullInstall;
    } catch (error) {
      report('install', 'fail', error.message);
      return;
    }

    if (isBuilt('@switchboard/core')) await run('(b) facade', () => checkFacade(fullProject, providers));
    else
      report(
        '(b) facade',
        'skip',
        'packages/core/dist does not exist yet (core not built): facade not checked',
      );
    const withCore = isBuilt('@switchboard/core');
    await run('(c) types nodenext', () => checkTypeScript(fullProject, 'nodenext', withCore));
    await run('(c) types bundler', () => checkTypeScript(fullProject, 'bundler', withCore));
    await run('(d) single-provider bundle', () => checkSingleProviderBundle(fullProject, providers));
    if (isBuilt('@switchboard/testing'))
      await run('(e) testing package', () => checkTestingImport(fullProject));
    else report('(e) testing package', 'skip', 'packages/testing/dist does not exist yet');
    if (isBuilt('@switchboard/cli')) await run('(f) cli command', () => checkCommand(fullProject));
    else report('(f) cli command', 'skip', 'packages/cli/dist does not exist yet');
    const libraryNames = built.filter(isLibraryPackage).map((workspacePackage) => workspacePackage.name);
    if (isBuilt('@switchboard/core') && isBuilt('@switchboard/testing'))
      await run('(g) require() from CommonJS', () =>
        checkCommonJsConsumer(fullProject, libraryNames, providers),
      );
    else report('(g) require() from CommonJS', 'skip', 'packages/core or packages/testing is not built');
    await run('(h) source maps', () => checkSourceMaps(fullProject, providers));
    if (isBuilt('@switchboard/core'))
      await run('(i) provider defined outside', () => checkOutsideProviderExample(fullProject));
    else report('(i) provider defined outside', 'skip', 'packages/core is not built');
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
