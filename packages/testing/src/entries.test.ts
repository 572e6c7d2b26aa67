import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every module a source file pulls in, following relative imports (types-only imports excluded). */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [new URL(entry, import.meta.url)];
  while (pending.length > 0 && files.size < 200) {
    const url = pending.pop() as URL;
    if (files.has(url.href)) continue;
    files.add(url.href);
    const source = readFileSync(url, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)';/gms)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.')) pending.push(new URL(specifier.replace(/\.js$/, '.ts'), url));
      else packages.add(specifier);
    }
    for (const match of source.matchAll(/import\('([^']+)'\)/g)) packages.add(match[1] as string);
  }
  return { files, packages };
}

describe('entries', () => {
  it.each(['./index.ts', './simulator-server.ts', './simulate.ts', './fake-instances.ts'])(
    '%s never imports msw (an optional peer, for the ./msw entry only) nor a provider package by name',
    (entry) => {
      const { packages } = importGraph(entry);
      expect([...packages].filter((name) => name === 'msw' || name.startsWith('msw/'))).toEqual([]);
      for (const name of packages) expect(name).toMatch(/^(node:|@switchboard\/(runtime|providers)(\/|$))/);
    },
  );

  it('./msw is where msw comes in', () => {
    expect(importGraph('./msw.ts').packages).toContain('msw');
  });
});
