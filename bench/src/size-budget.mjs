// Row 5: what each entry point costs a browser bundle, minified and gzipped, measured the way an app
// would ship it: esbuild bundles the built packages (dist/, as published) with tree shaking and code
// splitting. A provider's `loadSimulator()` is a dynamic import, which every app bundler splits into a
// chunk of its own that loads only when a simulator is asked for; what is counted is the entry's chunk
// and the chunks it imports statically, which is what an app downloads to list instances.
//
// The entries come from the registry: each provider's raw client (the export of its package that is
// `definition.adapter.createClient`), the facade with every provider, the facade over the seed
// providers and over each provider alone through `@switchboard/core/custom`.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { listPublishablePackages } from '../../scripts/packaging/workspace-packages.mjs';
import { PROVIDERS } from './providers.mjs';

/** The targets, in gzipped bytes. */
export const TARGETS = {
  /** What a raw client may add on top of openapi-fetch itself (the transport, errors, redaction). */
  clientOverOpenapiFetch: 1.5 * 1024,
  /** The facade with the seed providers (the registry's first `SEED_PROVIDER_COUNT`). */
  facadeSeedProviders: 10 * 1024,
  /** The facade with every provider of the registry. */
  facadeEveryProvider: 12 * 1024,
  /** `@switchboard/core/custom` with one provider. */
  facadeOneProvider: 6 * 1024,
};

/**
 * The seed providers are the registry's first four: providers added later are appended to it, and
 * the issue budgets the facade with the first four and with all of them apart.
 */
export const SEED_PROVIDER_COUNT = 4;

/**
 * What `npm test` enforces (src/size-budget.test.ts), in gzipped bytes: the sizes reached, plus a
 * small margin, so that a bundle cannot grow unnoticed. Where a ceiling is above its target above,
 * the target is missed and RESULTS.md says so. Lower these as the bundles shrink; never raise one
 * without saying why in the commit.
 */
export const CEILINGS = {
  rawClient: 11.5 * 1024,
  facadeSeedProviders: 23.5 * 1024,
  facadeEveryProvider: 26.5 * 1024,
  facadeOneProvider: 22.5 * 1024,
};

const BENCH_SOURCE = fileURLToPath(new URL('.', import.meta.url));

/**
 * The workspace package of each registry provider: its name, its folder, and the names under which
 * its main entry exports the definition and the raw client factory (`definition.adapter.createClient`).
 * Found by importing each workspace package that has a `./simulator` entry (every provider package
 * does) and comparing its exports with the registry's values, so nothing here names a provider.
 */
export async function providerPackages() {
  const candidates = [];
  for (const { name, directory, manifest } of listPublishablePackages()) {
    const main = manifest.exports?.['.']?.import;
    if (typeof main !== 'string' || manifest.exports?.['./simulator'] === undefined) continue;
    // The same file the registry imported (pnpm links resolve to it), so the same module instance.
    const exports = await import(pathToFileURL(join(directory, main)).href).catch(() => ({}));
    candidates.push({ name, directory, main: join(directory, main), exports });
  }
  const packages = [];
  for (const definition of PROVIDERS) {
    let found;
    for (const { exports, ...candidate } of candidates) {
      const nameOf = (value) => Object.keys(exports).find((name) => exports[name] === value);
      const definitionExport = nameOf(definition);
      if (definitionExport === undefined) continue;
      const clientExport = nameOf(definition.adapter.createClient);
      if (clientExport === undefined) {
        throw new Error(`${candidate.name} does not export its adapter's createClient by name`);
      }
      found = { ...candidate, key: definition.key, definitionExport, clientExport };
      break;
    }
    if (found === undefined)
      throw new Error(`bench: no workspace package exports ${definition.key}'s definition`);
    packages.push(found);
  }
  return packages;
}

/**
 * Every entry measured, by name: `{ contents, packages }` where `packages` are the provider packages
 * its imports name (resolved from their own folders, as an app that depends on them would).
 */
/** @returns {Promise<Record<string, { kind?: string, contents: string, packages: { name: string, directory: string }[] }>>} */
export async function sizeEntries() {
  const packages = await providerPackages();
  const customFacade = (chosen) => {
    const imports = chosen.map(
      (provider) => `import { ${provider.definitionExport} } from '${provider.name}';`,
    );
    const providers = chosen.map(
      (provider) => `${JSON.stringify(provider.key)}: ${provider.definitionExport}`,
    );
    return [
      "import { createSwitchboard } from '@switchboard/core/custom';",
      ...imports,
      `export const createApp = (options) => createSwitchboard({ ...options, providers: { ${providers.join(', ')} } });`,
    ].join('\n');
  };
  const entries = {
    'openapi-fetch': { contents: "export { default } from 'openapi-fetch';", packages: [] },
  };
  for (const provider of packages) {
    entries[`${provider.key} raw client`] = {
      kind: 'raw-client',
      contents: `export { ${provider.clientExport} } from '${provider.name}';`,
      packages: [provider],
    };
  }
  const seed = packages.slice(0, SEED_PROVIDER_COUNT);
  entries[`facade, the ${seed.length} seed providers (@switchboard/core/custom)`] = {
    kind: 'facade-seed',
    contents: customFacade(seed),
    packages: seed,
  };
  entries[`facade, every provider (${packages.length}, @switchboard/core)`] = {
    kind: 'facade-every',
    contents: "export { createSwitchboard } from '@switchboard/core';",
    packages: [],
  };
  for (const provider of packages) {
    entries[`facade, ${provider.key} alone (@switchboard/core/custom)`] = {
      kind: 'facade-one',
      contents: customFacade([provider]),
      packages: [provider],
    };
  }
  return entries;
}

/** Resolves the named provider packages from their own folders, the rest from bench/. */
function workspacePackages(packages) {
  const folders = new Map(packages.map((provider) => [provider.name, provider.directory]));
  return {
    name: 'workspace-packages',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^size-entry$/ }, () => ({ path: 'size-entry', namespace: 'size-entry' }));
      esbuild.onResolve({ filter: /^@/ }, (args) => {
        const directory = folders.get(args.path);
        if (directory === undefined || args.pluginData?.fromWorkspace) return undefined;
        return esbuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: directory,
          pluginData: { fromWorkspace: true },
        });
      });
    },
  };
}

function modulePath(path) {
  return path
    .replace(/^(\.\.\/)+/, '')
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^packages\//, '');
}

/**
 * One entry's bundle: minified and gzipped bytes (node:zlib at its best level) of the chunks an app
 * loads up front, and how many minified bytes each module put in them, largest first.
 * @param {{ contents: string, packages?: { name: string, directory: string }[] }} entry
 * @returns {Promise<{ minifiedBytes: number, gzippedBytes: number, modules: { path: string, bytes: number }[], lazyBytes: number }>}
 */
export async function measureBundle(entry) {
  const plugin = workspacePackages(entry.packages ?? []);
  const result = await build({
    entryPoints: ['size-entry'],
    plugins: [
      {
        name: 'size-entry-contents',
        setup(esbuild) {
          esbuild.onLoad({ filter: /.*/, namespace: 'size-entry' }, () => ({
            contents: entry.contents,
            resolveDir: BENCH_SOURCE,
            loader: 'js',
          }));
        },
      },
      plugin,
    ],
    bundle: true,
    splitting: true,
    outdir: join(BENCH_SOURCE, '.size-out'),
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const outputs = result.metafile.outputs;
  const entryOutput = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined);
  // The entry's chunk and what it imports statically; dynamic imports load later, if ever.
  const upFront = new Set();
  const visit = (path) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const imported of outputs[path].imports) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryOutput);
  const files = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const contentsOf = (path) => files.get(join(process.cwd(), path)) ?? files.get(path);
  let lazyBytes = 0;
  const upFrontCode = [];
  const byModule = new Map();
  for (const [path, output] of Object.entries(outputs)) {
    if (!path.endsWith('.js')) continue;
    const code = contentsOf(path);
    if (code === undefined) throw new Error(`size-budget: no output file for ${path}`);
    if (!upFront.has(path)) {
      lazyBytes += code.length;
      continue;
    }
    upFrontCode.push(code);
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue;
      const name = modulePath(input);
      byModule.set(name, (byModule.get(name) ?? 0) + bytesInOutput);
    }
  }
  // One gzip over the up-front chunks together: served as one file or several over one connection, a
  // browser fetches about that much; gzipping each chunk apart would count the gzip framing twice.
  const code = Buffer.concat(upFrontCode);
  const modules = [...byModule]
    .map(([path, bytes]) => ({ path, bytes }))
    .sort((first, second) => second.bytes - first.bytes);
  return {
    minifiedBytes: code.length,
    gzippedBytes: gzipSync(code, { level: 9 }).length,
    modules,
    lazyBytes,
  };
}

/**
 * Every entry of `sizeEntries()`, measured; an entry that cannot be bundled (its package not built
 * yet) carries the reason instead. Each result keeps its entry's `kind`.
 * @param {Record<string, { kind?: string, contents: string, packages?: { name: string, directory: string }[] }>} [entries]
 */
export async function measureSizes(entries) {
  const measured = entries ?? (await sizeEntries());
  /** @type {Record<string, { kind?: string, minifiedBytes: number, gzippedBytes: number, lazyBytes: number, modules: { path: string, bytes: number }[] } | { kind?: string, error: string }>} */
  const sizes = {};
  for (const [name, entry] of Object.entries(measured)) {
    try {
      sizes[name] = { kind: entry.kind, ...(await measureBundle(entry)) };
    } catch (error) {
      sizes[name] = { kind: entry.kind, error: String(error?.errors?.[0]?.text ?? error?.message ?? error) };
    }
  }
  return sizes;
}
