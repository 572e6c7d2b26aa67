import { assertProviderDefinition } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { builtInProviders, builtInProvidersByKey } from './index.js';

describe('builtInProviders', () => {
  it('holds v1 definitions, each under its own key, with no key twice', () => {
    const keys = builtInProviders.map((definition) => definition.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of builtInProviders) {
      expect(() => assertProviderDefinition(definition, definition.key)).not.toThrow();
      expect(builtInProvidersByKey[definition.key as keyof typeof builtInProvidersByKey]).toBe(definition);
    }
    expect(Object.keys(builtInProvidersByKey)).toEqual(keys);
  });

  it('gives every provider environment variables of its own', () => {
    const variables = builtInProviders.flatMap((definition) => [
      definition.environment.token,
      definition.environment.baseUrl,
      ...Object.values(definition.environment.options ?? {}),
    ]);
    expect(new Set(variables).size).toBe(variables.length);
    for (const variable of variables) expect(variable).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('reads each default base URL, auth and list operation from the spec', () => {
    for (const { metadata } of builtInProviders) {
      expect(() => new URL(metadata.defaultBaseUrl)).not.toThrow();
      expect(['bearer', 'header']).toContain(metadata.auth.scheme);
      expect(metadata.listOperation.method).toBe('GET');
      expect(metadata.listOperation.path.startsWith('/')).toBe(true);
    }
  });

  it('loads each simulator lazily, as a module with the fields testing composes', async () => {
    for (const definition of builtInProviders) {
      const simulator = await definition.loadSimulator();
      expect(typeof simulator.createSimulator).toBe('function');
      expect(simulator.createFakeInstances(3, { seed: 1 })).toHaveLength(3);
      expect(simulator.demoToken).not.toBe('');
    }
  });
});
