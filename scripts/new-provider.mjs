#!/usr/bin/env node
// Scaffolds a provider package from its spec and registers it: `pnpm new-provider <key>` reads
// specs/<key>.openapi.yaml and writes packages/<key>/ in the shape of every provider package (client,
// adapter, definition, simulator, tests), adds it to the registry (packages/providers: its dependency,
// import and entry), then runs `pnpm install` and the generator. What is left is the provider's own
// knowledge: how one item maps to the common Instance, and realistic fake items; the generated tests
// fail until then. docs/adding-a-provider.md gives the steps.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `acme-chat` → `{ camel: 'acmeChat', pascal: 'AcmeChat', constant: 'ACME_CHAT' }`. */
export function namesFor(key) {
  const words = key.split('-').filter(Boolean);
  const pascal = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
  return {
    key,
    camel: pascal[0].toLowerCase() + pascal.slice(1),
    pascal,
    constant: words.join('_').toUpperCase(),
  };
}

/** Every file of the new package, by path under packages/<key>. */
export function packageFiles(names, spec) {
  const { key, camel, pascal, constant } = names;
  const itemSchema = spec['x-switchboard-item-schema'];
  const displayName = spec['x-switchboard-display-name'] ?? spec.info?.title ?? pascal;
  const packageJson = {
    name: `@switchboard/${key}`,
    version: '0.0.0',
    description: `Typed ${displayName} client generated from its OpenAPI spec, its adapter to Switchboard's common Instance model, and its simulator.`,
    keywords: [
      'switchboard',
      'whatsapp',
      'whatsapp-api',
      key,
      'openapi',
      'openapi-fetch',
      'typescript',
      'sdk',
    ],
    license: 'MIT',
    author: 'Switchboard contributors',
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20' },
    repository: {
      type: 'git',
      url: 'git+https://github.com/switchboard-sdk/switchboard.git',
      directory: `packages/${key}`,
    },
    exports: {
      '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      './simulator': {
        types: `./dist/${key}-simulator.d.ts`,
        import: `./dist/${key}-simulator.js`,
        default: `./dist/${key}-simulator.js`,
      },
      './package.json': './package.json',
    },
    types: './dist/index.d.ts',
    files: [
      'dist',
      'src',
      '!dist/**/*.test.*',
      '!dist/**/*.test-d.*',
      '!dist/**/__fixtures__',
      '!src/**/*.test.*',
      '!src/**/*.test-d.*',
      '!src/**/__fixtures__',
    ],
    scripts: {
      generate: `node ../../scripts/generate-client.mjs ${key}`,
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p tsconfig.json --noEmit',
      test: 'vitest run',
    },
    dependencies: { '@switchboard/runtime': 'workspace:^', 'openapi-fetch': '0.17.0' },
    devDependencies: { 'fast-check': '^4.10.2', msw: '^2.15.0', 'openapi-msw': '^2.0.0' },
    publishConfig: { access: 'public' },
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'turbo.json': `${JSON.stringify(
      {
        $schema: '../../node_modules/turbo/schema.json',
        extends: ['//'],
        tasks: {
          generate: {
            inputs: [`$TURBO_ROOT$/specs/${key}.openapi.yaml`, '$TURBO_ROOT$/scripts/generate-client.mjs'],
            outputs: ['src/generated/**'],
          },
        },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true, types: ['node'] }, include: ['src'] }, null, 2)}\n`,
    'tsconfig.build.json': `${JSON.stringify(
      {
        extends: '../../tsconfig.base.json',
        compilerOptions: { rootDir: 'src', outDir: 'dist', types: [] },
        include: ['src'],
        exclude: ['src/**/*.test.ts', 'src/**/*.test-d.ts', 'src/**/__fixtures__'],
      },
      null,
      2,
    )}\n`,
    'vitest.config.ts': "export { default } from '../../vitest.shared.js';\n",
    'README.md': `# @switchboard/${key}\n\nA typed ${displayName} client generated from Switchboard's OpenAPI spec (\`specs/${key}.openapi.yaml\`), the adapter that maps its instances to Switchboard's common \`Instance\` model, and its simulator (\`@switchboard/${key}/simulator\`).\n\n\`\`\`ts\nimport { create${pascal}Client } from '@switchboard/${key}';\nconst client = create${pascal}Client({ token: process.env.${constant}_TOKEN ?? '' });\n\`\`\`\n`,
    'src/index.ts': `export type { components, operations, paths } from './generated/${key}.gen.js';
export { ${camel}Adapter } from './${key}-adapter.js';
export { create${pascal}Client, type ${pascal}Client, type ${pascal}Instance, ${camel}Metadata } from './${key}-client.js';
export { ${camel}Provider } from './${key}-provider.js';
`,
    [`src/${key}-client.ts`]: `import { type ClientOptions, createBoundClient } from '@switchboard/runtime';
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/${key}.gen.js';
import { metadata } from './generated/${key}-metadata.gen.js';

export type ${pascal}Instance = components['schemas']['${itemSchema}'];

/** An openapi-fetch client typed by the spec's \`paths\`. */
export type ${pascal}Client = Client<paths>;

/** The spec's server URL, auth, rate limit, secret fields and list operation. */
export const ${camel}Metadata = metadata;

/**
 * A typed client of the ${displayName} API, authenticated as the spec's security scheme says. Requests go
 * through Switchboard's transport (timeout, retries, rate limit, no redirects followed); an HTTP error
 * comes back as \`{ error, response }\` as openapi-fetch does, while connection failures, timeouts and
 * aborts throw typed errors.
 */
export function create${pascal}Client(options: ClientOptions): ${pascal}Client {
  return createBoundClient('${key}', metadata, options, createClient<paths>);
}
`,
    [`src/${key}-adapter.ts`]: `import {
  emptyToNull,
  expectRecord,
  fetchListPage,
  type Instance,
  mapStatus,
  type ProviderAdapter,
  readIdentifier,
  readOptionalString,
  readPath,
} from '@switchboard/runtime';
import { create${pascal}Client, type ${pascal}Client, type ${pascal}Instance } from './${key}-client.js';
import { metadata } from './generated/${key}-metadata.gen.js';

const PROVIDER = '${key}';

/**
 * The common model of one item; \`path\` names the item in errors (\`instances[3]\`).
 * TODO(${key}): map every field as API.md's mapping table says for ${displayName}: the id later calls take,
 * the name, the phone (E.164, \`toE164\`), the profile and the dates (\`toIsoDate\`).
 */
function toInstance(raw: unknown, account: string, path: string): Instance<'${key}', ${pascal}Instance> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  const status = metadata.status;
  const providerStatus = status === null ? null : emptyToNull(String(readPath(item, status.field) ?? '') || null);
  return {
    provider: PROVIDER,
    account,
    id: readIdentifier(item, 'id', context, path),
    name: emptyToNull(readOptionalString(item, 'name', context, path)),
    status: mapStatus(status, providerStatus),
    providerStatus,
    phone: null,
    profile: { name: null, pictureUrl: null, isBusiness: null },
    createdAt: null,
    updatedAt: null,
    expiresAt: null,
    raw: raw as ${pascal}Instance,
  };
}

const reader = { provider: PROVIDER, metadata, toInstance } as const;

export const ${camel}Adapter: ProviderAdapter<'${key}', ${pascal}Instance, ${pascal}Client> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: create${pascal}Client,
  // The client is on the runtime's transport, which takes a concurrency slot per attempt.
  takesConcurrencySlots: true,
  listPage: (client, request) => fetchListPage(client, request, reader),
  normalize: (raw, account) => toInstance(raw, account, 'item'),
};
`,
    [`src/${key}-provider.ts`]: `import { noAccountOptions, type ProviderDefinition } from '@switchboard/runtime';
import { ${camel}Adapter } from './${key}-adapter.js';
import type { ${pascal}Client, ${pascal}Instance } from './${key}-client.js';
import { metadata } from './generated/${key}-metadata.gen.js';

/** ${displayName}, as the registry and \`createSwitchboard({ providers })\` take it. */
export const ${camel}Provider: ProviderDefinition<'${key}', ${pascal}Instance, ${pascal}Client> = {
  specificationVersion: 'v1',
  key: '${key}',
  displayName: metadata.displayName,
  metadata,
  adapter: ${camel}Adapter,
  // TODO(${key}): the account options ${displayName} needs beyond the common ones, checked here.
  accountOptions: noAccountOptions,
  environment: { token: '${constant}_TOKEN', baseUrl: '${constant}_BASE_URL' },
  loadSimulator: () => import('./${key}-simulator.js'),
};
`,
    [`src/${key}-simulator.ts`]: `import {
  BaseProviderSimulator,
  fakeInstanceFactory,
  identities,
  jsonResponse,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  type SeededRandom,
  type SimulatorRequestContext,
  statusPlan,
} from '@switchboard/runtime/simulator';
import type { ${pascal}Instance } from './${key}-client.js';
import { metadata } from './generated/${key}-metadata.gen.js';

/** Every status value the spec maps, in the provider's vocabulary. */
const STATUS_VALUES = Object.keys(metadata.status?.map ?? {});

/** TODO(${key}): realistic items, valid against the spec (every required field), covering every status. */
function create${pascal}Instances(random: SeededRandom, count: number): ${pascal}Instance[] {
  const statuses = statusPlan(random, STATUS_VALUES.length > 0 ? STATUS_VALUES : ['unknown'], count);
  return identities(random, count).map(
    (identity, index) =>
      ({ id: \`${key}-\${index + 1}\`, name: \`\${identity.team} \${identity.place}\`, status: statuses[index] }) as unknown as ${pascal}Instance,
  );
}

export const createFakeInstances: (count: number, options?: { seed?: number }) => ${pascal}Instance[] =
  fakeInstanceFactory('${key}', create${pascal}Instances);

/** The token the simulator accepts unless told otherwise; an obviously fake value. */
export const demoToken = 'demo-${key}-token';

/** Instances the simulator holds when the caller names no count. */
export const defaultInstanceCount = 6;

const definition: ProviderSimulatorDefinition<'${key}', ${pascal}Instance> = {
  provider: '${key}',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  instanceId: (instance) => (instance as unknown as { id: string }).id,
  // TODO(${key}): where the status is, and what the provider derives from it.
  status: {
    values: STATUS_VALUES,
    read: (instance) => (instance as unknown as { status?: unknown }).status,
    write: (instance, value) => Object.assign(instance as object, { status: value }),
  },
};

/** The token the request carries, as the spec's security scheme says. */
function tokenOf(headers: Headers): string | undefined {
  const auth = metadata.auth;
  if (auth.scheme === 'header') return headers.get(auth.header) ?? undefined;
  return /^Bearer\\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1];
}

/**
 * ${displayName}'s list operation, where the spec's \`x-switchboard-list\` operation says it is.
 * TODO(${key}): the provider's documented behaviours: filters, paging, error bodies, statuses.
 */
export class ${pascal}Simulator extends BaseProviderSimulator<'${key}', ${pascal}Instance> {
  protected readonly successStatus = 200;

  constructor(options: ProviderSimulatorOptions<${pascal}Instance> = {}) {
    super(definition, options);
  }

  protected respond(context: SimulatorRequestContext): Response {
    if (context.path !== metadata.listOperation.path) return this.errorResponse(404, 'Not found');
    if (tokenOf(context.request.headers) !== this.accountToken) {
      context.setCredential('invalid');
      return this.errorResponse(401, 'Unauthorized');
    }
    context.setCredential('account');
    return jsonResponse(200, this.successBody());
  }

  protected errorBody(status: number, message: string): unknown {
    return { statusCode: status, message };
  }

  protected wrongShapeBody(): unknown {
    return { data: [...this.instances] };
  }

  protected successBody(): unknown {
    const items = metadata.listOperation.items;
    return items === '.' ? [...this.instances] : { [items]: [...this.instances] };
  }
}

export function create${pascal}Simulator(options: ProviderSimulatorOptions<${pascal}Instance> = {}): ${pascal}Simulator {
  return new ${pascal}Simulator(options);
}

/** The module's \`createSimulator\`, as \`ProviderSimulatorModule\` names it. */
export const createSimulator = create${pascal}Simulator;
`,
    [`src/${key}-adapter.test.ts`]: `import { describe, expect, it } from 'vitest';
import { createFakeInstances } from './${key}-simulator.js';
import { ${camel}Adapter } from './${key}-adapter.js';

describe('${camel}Adapter', () => {
  // TODO(${key}): the spec's published examples, normalized as API.md's mapping table says.
  it('maps every fake item to the common model with its own id and a known status', () => {
    const items = createFakeInstances(6, { seed: 1 });
    const instances = items.map((item) => ${camel}Adapter.normalize(item, 'main'));
    expect(new Set(instances.map((instance) => instance.id)).size).toBe(items.length);
    expect(instances.every((instance) => instance.status !== 'unknown')).toBe(true);
  });
});
`,
  };
}

/** The registry with the new provider added: its dependency, its import and its entry. */
export function registerProvider(registrySource, registryPackage, names) {
  const { key, camel } = names;
  const importLine = `import { ${camel}Provider } from '@switchboard/${key}';`;
  if (registrySource.includes(importLine)) throw new Error(`${key} is already registered`);
  const source = registrySource
    .replace(/(\nimport [^\n]+ from '@switchboard\/[^\n]+';\n)(?![\s\S]*\nimport )/, `$1${importLine}\n`)
    .replace(
      /(export const builtInProviders = \[[^\]]*?)(,?\s*\] as const;)/,
      (_match, list, end) => `${list}, ${camel}Provider${end.replace(/^,/, '')}`,
    );
  const manifest = JSON.parse(registryPackage);
  manifest.dependencies[`@switchboard/${key}`] = 'workspace:^';
  return { source, manifest: `${JSON.stringify(manifest, null, 2)}\n` };
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repositoryRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  const key = process.argv[2];
  if (!key || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(key)) {
    console.error(
      'usage: pnpm new-provider <key>   (kebab-case, e.g. acme-chat; specs/<key>.openapi.yaml must exist)',
    );
    process.exit(64);
  }
  const specPath = join(repositoryRoot, 'specs', `${key}.openapi.yaml`);
  if (!existsSync(specPath)) {
    console.error(`new-provider: write specs/${key}.openapi.yaml first (see specs/README.md)`);
    process.exit(1);
  }
  const packageFolder = join(repositoryRoot, 'packages', key);
  if (existsSync(packageFolder)) {
    console.error(`new-provider: packages/${key} exists already`);
    process.exit(1);
  }
  const spec = parse(await readFile(specPath, 'utf8'));
  if (!spec['x-switchboard-item-schema']) {
    console.error(
      `new-provider: specs/${key}.openapi.yaml needs x-switchboard-item-schema (see specs/README.md)`,
    );
    process.exit(1);
  }
  const names = namesFor(key);
  for (const [path, content] of Object.entries(packageFiles(names, spec))) {
    const target = join(packageFolder, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    console.log(`wrote packages/${key}/${path}`);
  }
  const registryIndex = join(repositoryRoot, 'packages', 'providers', 'src', 'index.ts');
  const registryManifest = join(repositoryRoot, 'packages', 'providers', 'package.json');
  const registered = registerProvider(
    await readFile(registryIndex, 'utf8'),
    await readFile(registryManifest, 'utf8'),
    names,
  );
  await writeFile(registryIndex, registered.source);
  await writeFile(registryManifest, registered.manifest);
  console.log(`registered ${names.camel}Provider in packages/providers`);
  run('pnpm', ['install']);
  run('node', [join('scripts', 'generate-client.mjs'), key]);
  run('pnpm', ['exec', 'biome', 'check', '--write', `packages/${key}`, 'packages/providers']);
  console.log(
    `\nNext: fill in the TODO(${key}) places (the mapping in src/${key}-adapter.ts, the fake items and`,
  );
  console.log(
    `behaviours in src/${key}-simulator.ts, the tests), then \`npm test\` runs every cross-provider suite on it.`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
