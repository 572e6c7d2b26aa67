import { beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEYS } from './providers.mjs';
import { CEILINGS, measureSizes, SEED_PROVIDER_COUNT, sizeEntries } from './size-budget.mjs';

// Bundle sizes are deterministic for a given lockfile and source, so their budgets can live in
// `npm test`: a change that grows a bundle past its ceiling fails here, with the sizes in the
// message. The entries come from the registry, so a provider added to it is budgeted with no edit.
type Sizes = Awaited<ReturnType<typeof measureSizes>>;
type Size = Sizes[string] | undefined;

/** The biggest modules of a bundle, so that a failure says where the bytes are. */
function largestModules(size: Size): string {
  if (size === undefined || 'error' in size) return '';
  return size.modules
    .slice(0, 6)
    .map((module: { path: string; bytes: number }) => `${module.path} ${module.bytes} B`)
    .join(', ');
}

function gzipped(sizes: Sizes, name: string): number {
  const size = sizes[name];
  if (size === undefined || 'error' in size) {
    throw new Error(`${name} could not be bundled: ${size?.error ?? 'not measured'}`);
  }
  return size.gzippedBytes;
}

function namesOf(sizes: Sizes, kind: string): string[] {
  return Object.keys(sizes).filter((name) => sizes[name]?.kind === kind);
}

const CEILING_BY_KIND: Record<string, number> = {
  'raw-client': CEILINGS.rawClient,
  'facade-seed': CEILINGS.facadeSeedProviders,
  'facade-every': CEILINGS.facadeEveryProvider,
  'facade-one': CEILINGS.facadeOneProvider,
};

describe('bundle size budgets (esbuild, minified, gzipped)', () => {
  let sizes: Sizes;

  beforeAll(async () => {
    sizes = await measureSizes();
  }, 60_000);

  it('measures openapi-fetch alone as the reference, a few kB', () => {
    const reference = gzipped(sizes, 'openapi-fetch');
    expect(reference).toBeGreaterThan(1_000);
    expect(reference).toBeLessThan(5_000);
  });

  it('measures a raw client and a one-provider facade for every provider of the registry', async () => {
    const entries = await sizeEntries();
    const kinds = Object.values(entries).map((entry) => entry.kind);
    expect(kinds.filter((kind) => kind === 'raw-client')).toHaveLength(PROVIDER_KEYS.length);
    expect(kinds.filter((kind) => kind === 'facade-one')).toHaveLength(PROVIDER_KEYS.length);
    for (const key of PROVIDER_KEYS) {
      expect(Object.keys(entries)).toContain(`${key} raw client`);
      expect(Object.keys(entries)).toContain(`facade, ${key} alone (@switchboard/core/custom)`);
    }
    expect(Math.min(SEED_PROVIDER_COUNT, PROVIDER_KEYS.length)).toBeGreaterThan(0);
  });

  it.each(Object.keys(CEILING_BY_KIND))('keeps every %s bundle under its ceiling', (kind) => {
    const names = namesOf(sizes, kind);
    expect(names.length).toBeGreaterThan(0);
    const ceiling = CEILING_BY_KIND[kind] as number;
    for (const name of names) {
      const actual = gzipped(sizes, name);
      expect(
        actual,
        `${name}: ${actual} B gzipped; ceiling ${ceiling} B; largest minified modules: ${largestModules(sizes[name])}`,
      ).toBeLessThanOrEqual(ceiling);
    }
  });

  it('keeps a raw client from pulling in the facade or another provider', () => {
    const every = gzipped(sizes, namesOf(sizes, 'facade-every')[0] as string);
    for (const name of namesOf(sizes, 'raw-client')) {
      const size = sizes[name];
      if (size === undefined || 'error' in size) throw new Error(`${name} was not measured`);
      expect(gzipped(sizes, name)).toBeLessThan(every / 1.5);
      // The package folder of each module is the first segment of its path.
      const packages = new Set(size.modules.map((module: { path: string }) => module.path.split('/')[0]));
      expect([...packages].filter((folder) => folder === 'core' || folder === 'providers')).toEqual([]);
    }
  });

  it('leaves every simulator out of what an app loads up front', () => {
    for (const [name, size] of Object.entries(sizes)) {
      if (size === undefined || 'error' in size) continue;
      const simulatorModules = size.modules.filter((module: { path: string }) =>
        /simulator/.test(module.path),
      );
      expect(simulatorModules, name).toEqual([]);
    }
  });
});
