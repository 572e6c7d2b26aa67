import { createSimulators } from '@switchboard/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDemoChurn } from './demo-churn.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

function snapshot(simulators: ReturnType<typeof createSimulators>): string {
  return JSON.stringify(simulators.all.map((simulator) => simulator.instances));
}

describe('startDemoChurn', () => {
  it('changes one instance a tick, the same way for the same seed, and stops', () => {
    const runs = [1, 2].map(() => {
      const simulators = createSimulators({ seed: 4 });
      const start = snapshot(simulators);
      const churn = startDemoChurn(simulators.all, { seed: 9, everyMs: 1_000 });
      vi.advanceTimersByTime(999);
      expect(churn.changes).toBe(0);
      vi.advanceTimersByTime(30_000);
      expect(churn.changes).toBe(30);
      churn.stop();
      vi.advanceTimersByTime(10_000);
      expect(churn.changes).toBe(30);
      expect(snapshot(simulators)).not.toBe(start);
      return snapshot(simulators);
    });
    expect(runs[0]).toBe(runs[1]);
  });

  it('keeps each account within maxDrift of its size, and never empties one', () => {
    const simulators = createSimulators({
      seed: 4,
      counts: { 'z-api': 1, ryzeapi: 2, hypersender: 3, wachat: 2 },
    });
    const sizes = simulators.all.map((simulator) => simulator.instances.length);
    const churn = startDemoChurn(simulators.all, { seed: 5, everyMs: 1_000, maxDrift: 2 });
    for (let tick = 0; tick < 300; tick++) {
      vi.advanceTimersByTime(1_000);
      simulators.all.forEach((simulator, index) => {
        expect(simulator.instances.length).toBeGreaterThanOrEqual(1);
        expect(simulator.instances.length).toBeLessThanOrEqual(sizes[index]! + 2);
      });
    }
    churn.stop();
    const ids = simulators.wachat.instances.map((instance) => instance.apiInstanceName);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
