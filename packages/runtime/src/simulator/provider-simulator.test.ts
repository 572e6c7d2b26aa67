import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../errors.js';
import { fakeInstanceFactory } from './fake-data.js';
import {
  BaseProviderSimulator,
  jsonResponse,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  readBearerToken,
  type SimulatorRequestContext,
} from './provider-simulator.js';
import { statusHookFromMapping } from './simulator-changes.js';

interface ToyItem {
  id: string;
  name: string;
  health: { state: string };
  online: boolean;
}

const toyDefinition: ProviderSimulatorDefinition<'toy', ToyItem> = {
  provider: 'toy',
  defaultBaseUrl: 'https://toy.example.com/api/',
  demoToken: 'demo-toy-token',
  defaultInstanceCount: 4,
  createFakeInstances: fakeInstanceFactory('toy', (random, count) =>
    Array.from({ length: count }, () => {
      const state = random.pick(['up', 'down', 'gone']);
      return {
        id: random.text(12, 'abcdef0123456789'),
        name: random.pick(['Sales', 'Support', 'Billing']),
        health: { state },
        online: state === 'up',
      };
    }),
  ),
  instanceId: (item) => item.id,
  setName: (item, name) => {
    item.name = name;
  },
  status: statusHookFromMapping<ToyItem>(
    {
      field: 'health.state',
      fallbackField: null,
      map: { up: 'connected', down: 'disconnected', gone: 'logged_out' },
    },
    (item, value) => {
      item.online = value === 'up';
    },
  ),
};

/** A provider that exists only here: the base must work for any key, with no provider list to consult. */
class ToySimulator extends BaseProviderSimulator<'toy', ToyItem> {
  protected readonly successStatus = 200;

  constructor(options: ProviderSimulatorOptions<ToyItem> = {}) {
    super(toyDefinition, options);
  }

  protected respond(context: SimulatorRequestContext): Response {
    if (readBearerToken(context.request.headers) !== this.accountToken) {
      return this.errorResponse(401, 'no');
    }
    return jsonResponse(200, { items: this.instances });
  }

  protected errorBody(_status: number, message: string): unknown {
    return { message };
  }

  protected wrongShapeBody(): unknown {
    return this.instances;
  }

  protected successBody(): unknown {
    return { items: this.instances };
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('BaseProviderSimulator for a provider it has never heard of', () => {
  it('takes its base URL, demo token and fake items from the definition', async () => {
    const simulator = new ToySimulator();
    expect(simulator.provider).toBe('toy');
    expect(simulator.baseUrl).toBe('https://toy.example.com/api');
    expect(simulator.accountToken).toBe('demo-toy-token');
    expect(simulator.instances).toHaveLength(4);
    const response = await simulator.fetch('https://toy.example.com/api/list', {
      headers: { authorization: 'Bearer demo-toy-token' },
    });
    expect(response.status).toBe(200);
    expect(simulator.requests[0]).toMatchObject({ provider: 'toy', path: '/list', status: 200 });
    expect(simulator.requests[0]?.headers.authorization).toBe('Bearer [redacted]');
  });
});

describe('add, update, setStatus and remove', () => {
  it('changes what the next request sees, and records each change', async () => {
    const simulator = new ToySimulator({ instances: [] });
    const added = simulator.add({ id: 'one', name: 'First', health: { state: 'down' }, online: false });
    simulator.update('one', { name: 'Renamed' });
    simulator.setStatus('one', 'up');
    expect(simulator.instances).toEqual([
      { id: 'one', name: 'Renamed', health: { state: 'up' }, online: true },
    ]);
    expect(added).toBe(simulator.instances[0]);
    simulator.remove('one');
    const response = await simulator.fetch('https://toy.example.com/api/list', {
      headers: { authorization: 'Bearer demo-toy-token' },
    });
    expect(await response.json()).toEqual({ items: [] });
    expect(simulator.changes.map((change) => [change.type, change.id, change.source])).toEqual([
      ['added', 'one', 'test'],
      ['changed', 'one', 'test'],
      ['changed', 'one', 'test'],
      ['removed', 'one', 'test'],
    ]);
  });

  it('names an item by the id its changes take, so a caller can change any item of any provider', () => {
    const simulator = new ToySimulator({ count: 3 });
    const item = simulator.instances[1]!;
    const next = simulator.statusValues.find((value) => value !== simulator.statusOf(item));
    simulator.setStatus(simulator.idOf(item), next);
    expect(simulator.idOf(item)).toBe(item.id);
    expect(simulator.statusOf(item)).toBe(next);
  });

  it('refuses an unknown id, a taken id and a status the provider does not have', () => {
    const simulator = new ToySimulator({
      instances: [{ id: 'a', name: 'A', health: { state: 'up' }, online: true }],
    });
    expect(() => simulator.update('nope', { name: 'x' })).toThrow(ValidationError);
    expect(() => simulator.remove('nope')).toThrow(/no instance has the id "nope"/);
    expect(() => simulator.add({ id: 'a', name: 'B', health: { state: 'up' }, online: true })).toThrow(
      /exists already/,
    );
    expect(() => simulator.setStatus('a', 'sleeping')).toThrow(
      /unknown status "sleeping"; expected one of "up"/,
    );
  });

  it('renameInstance names the item at an index through the provider hook', () => {
    const simulator = new ToySimulator({ count: 2 });
    expect(simulator.renameInstance(1, 'Sales, North').name).toBe('Sales, North');
    expect(simulator.instances[1]?.name).toBe('Sales, North');
    expect(() => simulator.renameInstance(2, 'x')).toThrow(/no instance at index 2; it holds 2/);
  });

  it('reset() brings back the first instances and forgets the changes', () => {
    const simulator = new ToySimulator();
    const first = structuredClone(simulator.instances);
    simulator.remove(first[0]?.id as string);
    simulator.reset();
    expect(simulator.instances).toEqual(first);
    expect(simulator.changes).toEqual([]);
  });
});

describe('churn', () => {
  function churnFor(ticks: number, seed: number): { instances: ToyItem[]; changes: string[] } {
    vi.useFakeTimers();
    const simulator = new ToySimulator({ churn: { intervalMs: 1000, seed } });
    vi.advanceTimersByTime(ticks * 1000);
    simulator.stopChurn();
    const result = {
      instances: structuredClone(simulator.instances),
      changes: simulator.changes.map((change) => `${change.type} ${change.id}`),
    };
    vi.useRealTimers();
    return result;
  }

  it('makes one change per interval, on the clock, and the same ones for the same seed', () => {
    const first = churnFor(30, 7);
    expect(first.changes).toHaveLength(30);
    expect(churnFor(30, 7)).toEqual(first);
    expect(churnFor(30, 8).changes).not.toEqual(first.changes);
  });

  it('connects, drops, adds and removes instances, and keeps the list within bounds', () => {
    const { instances, changes } = churnFor(200, 3);
    const types = new Set(changes.map((change) => change.split(' ')[0]));
    expect(types).toEqual(new Set(['added', 'changed', 'removed']));
    expect(instances.length).toBeGreaterThan(0);
    expect(instances.length).toBeLessThanOrEqual(8);
    expect(new Set(instances.map((item) => item.id)).size).toBe(instances.length);
    for (const item of instances) expect(item.online).toBe(item.health.state === 'up');
  });

  it('stops when told, and restarts from its seed on reset()', () => {
    vi.useFakeTimers();
    const simulator = new ToySimulator({ churn: { intervalMs: 500, seed: 1 } });
    vi.advanceTimersByTime(2000);
    const seen = simulator.changes.map((change) => `${change.type} ${change.id}`);
    simulator.reset();
    vi.advanceTimersByTime(2000);
    expect(simulator.changes.map((change) => `${change.type} ${change.id}`)).toEqual(seen);
    simulator.stopChurn();
    expect(simulator.churning).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(simulator.changes).toHaveLength(4);
  });

  it('refuses an interval that would spin', () => {
    expect(() => new ToySimulator({ churn: { intervalMs: 0 } })).toThrow(ValidationError);
    expect(() => new ToySimulator({ churn: { intervalMs: 100, seed: Number.NaN } })).toThrow(/churn.seed/);
  });
});
