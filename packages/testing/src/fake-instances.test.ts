import { ValidationError } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { createFakeInstances } from './fake-instances.js';
import { builtInSimulatedProviders, SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';

describe.each(
  builtInSimulatedProviders.map((entry) => [entry.definition.key as SimulatedProvider, entry] as const),
)('createFakeInstances(%s)', (provider, entry) => {
  it('gives the same items for the same seed and count, and others for another seed', () => {
    const first = createFakeInstances(provider, 12, { seed: 4 });
    expect(createFakeInstances(provider, 12, { seed: 4 })).toEqual(first);
    expect(createFakeInstances(provider, 12, { seed: 5 })).not.toEqual(first);
    expect(first).toEqual(entry.simulator.createFakeInstances(12, { seed: 4 }));
  });

  it('covers every status value the spec maps, in a list at least that long', () => {
    const mapping = entry.definition.metadata.status;
    if (mapping === null) return;
    const values = Object.keys(mapping.map);
    const items = createFakeInstances(provider, values.length, { seed: 2 });
    const seen = new Set(
      items.map((item) => {
        let value: unknown = item;
        for (const key of mapping.field.split('.')) value = (value as Record<string, unknown>)?.[key];
        return value;
      }),
    );
    expect([...seen].sort()).toEqual([...values].sort());
  });

  it('refuses a bad count or seed with a ValidationError', () => {
    expect(() => createFakeInstances(provider, -1)).toThrow(ValidationError);
    expect(() => createFakeInstances(provider, 1.5)).toThrow(ValidationError);
    expect(() => createFakeInstances(provider, 1, { seed: Number.NaN })).toThrow(ValidationError);
  });
});

it('refuses a provider the registry does not hold, naming those it does', () => {
  expect(() => createFakeInstances('nope' as never, 1)).toThrow(
    new RegExp(`unknown provider "nope"; expected one of ${SIMULATED_PROVIDERS.join(', ')}`),
  );
});
