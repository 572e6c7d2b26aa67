import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulators } from './create-simulators.js';

afterEach(() => {
  vi.useRealTimers();
});

function churnedState(seed: number, ticks: number) {
  vi.useFakeTimers();
  const simulators = createSimulators({ seed, churn: { intervalMs: 2000 } });
  vi.advanceTimersByTime(ticks * 2000);
  simulators.stopChurn();
  const state = simulators.all.map((simulator) => ({
    provider: simulator.provider,
    instances: structuredClone(simulator.instances),
    changes: simulator.changes.map((change) => `${change.type} ${change.id}`),
  }));
  vi.useRealTimers();
  return state;
}

describe('createSimulators({ churn })', () => {
  it('changes every simulator once per interval, the same way for the same seed', () => {
    const first = churnedState(5, 40);
    for (const simulator of first) expect(simulator.changes).toHaveLength(40);
    expect(churnedState(5, 40)).toEqual(first);
    expect(churnedState(6, 40)).not.toEqual(first);
  });

  it('gives each provider added, changed and removed instances over a few minutes', () => {
    for (const simulator of churnedState(1, 150)) {
      const types = new Set(simulator.changes.map((change) => change.split(' ')[0]));
      expect({ provider: simulator.provider, types: [...types].sort() }).toEqual({
        provider: simulator.provider,
        types: ['added', 'changed', 'removed'],
      });
    }
  });
});
