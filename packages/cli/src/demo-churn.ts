import type { ProviderSimulator } from '@switchboard/testing';

/**
 * Instances that change while `demo --watch` runs: every tick one instance of one simulator
 * connects, drops, logs out, appears or disappears. Deterministic for a seed.
 *
 * A stand-in until the simulators have their own churn mode (issue 14, item 3): then
 * `startDemoSimulators` passes `churn: true` to `startSimulatorServer` and this file goes.
 */
export interface DemoChurn {
  /** Changes made so far. */
  readonly changes: number;
  stop(): void;
}

export interface DemoChurnOptions {
  seed: number;
  /** Time between two changes. Default 1 000 ms. */
  everyMs?: number;
  /** How far an account may grow or shrink from where it started. Default 3. */
  maxDrift?: number;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Item = Record<string, unknown>;

/** The status values each simulator's items take, and how to write one into an item. */
const STATE_CHANGES: Record<string, readonly ((item: Item) => void)[]> = {
  'z-api': [
    (item) => Object.assign(item, { phoneConnected: true, whatsappConnected: true }),
    (item) => Object.assign(item, { phoneConnected: true, whatsappConnected: false }),
    (item) => Object.assign(item, { phoneConnected: false, whatsappConnected: false }),
  ],
  ryzeapi: ['connected', 'connecting', 'disconnected', 'loggedout'].map((state) => (item: Item) => {
    item.status = state;
    const connection = item.connection as Item | null | undefined;
    if (connection && typeof connection === 'object') connection.state = state;
  }),
  hypersender: ['WORKING', 'STARTING', 'SCAN_QR_CODE', 'STOPPED', 'FAILED'].map((status) => (item: Item) => {
    item.status = status;
  }),
  wachat: ['open', 'connecting', 'close'].map((state) => (item: Item) => {
    Object.assign(item, { state, status: state, isConnected: state === 'open' });
  }),
};

/** Where each provider's item keeps the id and the name the common model reads. */
const IDENTITY_FIELDS: Record<string, { id: string; name: string }> = {
  'z-api': { id: 'id', name: 'name' },
  ryzeapi: { id: 'id', name: 'name' },
  hypersender: { id: 'id', name: 'name' },
  wachat: { id: 'apiInstanceName', name: 'instanceName' },
};

export function startDemoChurn(
  simulators: readonly ProviderSimulator[],
  { seed, everyMs = 1_000, maxDrift = 3 }: DemoChurnOptions,
): DemoChurn {
  const random = seededRandom(seed);
  const pick = <Value>(values: readonly Value[]): Value =>
    values[Math.floor(random() * values.length)] as Value;
  const targets = simulators.filter((simulator) => STATE_CHANGES[simulator.provider] !== undefined);
  const startCounts = new Map(targets.map((simulator) => [simulator, simulator.instances.length]));
  let changes = 0;
  let added = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const changeOne = (): void => {
    const simulator = pick(targets);
    const items = simulator.instances as unknown as Item[];
    const start = startCounts.get(simulator) ?? items.length;
    const roll = random();
    if (roll < 0.1 && items.length < start + maxDrift && items.length > 0) {
      const fields = IDENTITY_FIELDS[simulator.provider] as { id: string; name: string };
      const copy = structuredClone(pick(items));
      added += 1;
      copy[fields.id] = `${String(copy[fields.id])}-new${added}`;
      copy[fields.name] = `${String(copy[fields.name] ?? 'instance')} new ${added}`;
      pick(STATE_CHANGES[simulator.provider] ?? [])(copy);
      items.push(copy);
    } else if (roll < 0.2 && items.length > Math.max(1, start - maxDrift)) {
      items.splice(Math.floor(random() * items.length), 1);
    } else if (items.length > 0) {
      pick(STATE_CHANGES[simulator.provider] ?? [])(pick(items));
    }
    changes += 1;
  };

  const schedule = (): void => {
    timer = setTimeout(tick, everyMs);
    // The demo ends on Ctrl-C; a pending change must not keep the process alive after that.
    (timer as { unref?: () => void }).unref?.();
  };
  const tick = (): void => {
    if (targets.length > 0) changeOne();
    schedule();
  };
  schedule();

  return {
    get changes() {
      return changes;
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
