import { ValidationError } from '../errors.js';

/**
 * A failure to serve in place of the simulator's own answer, for the next `times` requests (default 1;
 * `Infinity` keeps it until cancelled). Answer faults (everything but `latency`) queue up in the order
 * they were injected: a 500 twice then a 429 answers 500, 500, 429, then the real thing.
 * `latency` faults add to every request while they last, alongside any answer fault.
 */
export type SimulatorFault =
  | {
      /** An HTTP error such as 429, 500 or 503. */
      type: 'status';
      status: number;
      /** Sent as given, e.g. `{ 'Retry-After': '2' }`: nothing is added for you. */
      headers?: Record<string, string>;
      /**
       * Defaults to the provider's own error body for that status. An object is sent as JSON; a string
       * as it is (an HTML page from a proxy, say), as `text/plain` unless `headers` names a type.
       */
      body?: unknown;
      times?: number;
    }
  | { type: 'latency'; ms: number; times?: number }
  | {
      /** A JSON content type over a body cut short: what a truncated upstream answer looks like. */
      type: 'malformed-json';
      /** Defaults to the endpoint's success status (a 200, or the 201 a spec may document). */
      status?: number;
      times?: number;
    }
  | {
      /** Valid JSON that is not the documented shape; defaults to a plausible drift of the provider's body. */
      type: 'wrong-shape';
      body?: unknown;
      status?: number;
      times?: number;
    }
  | {
      /**
       * The connection closes with no answer: the server destroys the socket, and in fetch and msw
       * mode the fetch rejects with a network error (`TypeError: fetch failed`).
       */
      type: 'drop-connection';
      times?: number;
    };

export type SimulatorFaultType = SimulatorFault['type'];

/** What `injectFault` gives back: how many uses are left, and a way to withdraw the fault early. */
export interface InjectedFault {
  readonly fault: Readonly<SimulatorFault>;
  readonly remaining: number;
  cancel(): void;
}

const FAULT_TYPES: readonly SimulatorFaultType[] = [
  'status',
  'latency',
  'malformed-json',
  'wrong-shape',
  'drop-connection',
];

function invalidFault(message: string, field: string): ValidationError {
  return new ValidationError(`injectFault: ${message}`, { field: `fault.${field}` });
}

function assertStatus(status: unknown, field: string): void {
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
    throw invalidFault('`status` must be a whole number from 200 to 599', field);
  }
}

/** Rejects a fault the simulator could not play faithfully, rather than doing something surprising. */
export function assertFault(fault: SimulatorFault): void {
  if (typeof fault !== 'object' || fault === null || !FAULT_TYPES.includes(fault.type)) {
    throw invalidFault(`\`type\` must be one of ${FAULT_TYPES.join(', ')}`, 'type');
  }
  const times = fault.times ?? 1;
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw invalidFault('`times` must be a whole number above 0, or Infinity', 'times');
  }
  if (fault.type === 'status') assertStatus(fault.status, 'status');
  if ((fault.type === 'malformed-json' || fault.type === 'wrong-shape') && fault.status !== undefined) {
    assertStatus(fault.status, 'status');
  }
  if (fault.type === 'latency' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw invalidFault('`ms` must be a finite number of milliseconds, 0 or more', 'ms');
  }
  if (fault.type === 'status' && fault.headers !== undefined) {
    if (typeof fault.headers !== 'object' || fault.headers === null) {
      throw invalidFault('`headers` must be an object of header names to text values', 'headers');
    }
    for (const value of Object.values(fault.headers)) {
      if (typeof value !== 'string') throw invalidFault('header values must be strings', 'headers');
    }
  }
}

interface ActiveFault {
  fault: SimulatorFault;
  remaining: number;
}

/** The faults a simulator holds: answer faults in a queue, latency faults all at once. */
export class FaultQueue {
  #answers: ActiveFault[] = [];
  #latencies: ActiveFault[] = [];

  add(fault: SimulatorFault): InjectedFault {
    assertFault(fault);
    const frozen = Object.freeze({ ...fault });
    const active: ActiveFault = { fault: frozen, remaining: fault.times ?? 1 };
    if (fault.type === 'latency') this.#latencies.push(active);
    else this.#answers.push(active);
    return {
      fault: frozen,
      get remaining() {
        return active.remaining;
      },
      cancel: () => {
        active.remaining = 0;
        this.#answers = this.#answers.filter((held) => held !== active);
        this.#latencies = this.#latencies.filter((held) => held !== active);
      },
    };
  }

  /** The answer fault this request gets, if any; it uses one of that fault's turns. */
  takeAnswer(): SimulatorFault | undefined {
    const head = this.#answers[0];
    if (head === undefined) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) this.#answers.shift();
    return head.fault;
  }

  /** The latency every active latency fault adds to this request, using one turn of each. */
  takeLatencyMs(): number {
    let total = 0;
    for (const active of this.#latencies) {
      total += (active.fault as { ms: number }).ms;
      active.remaining -= 1;
    }
    this.#latencies = this.#latencies.filter((active) => active.remaining > 0);
    return total;
  }

  get size(): number {
    return this.#answers.length + this.#latencies.length;
  }

  clear(): void {
    for (const active of [...this.#answers, ...this.#latencies]) active.remaining = 0;
    this.#answers = [];
    this.#latencies = [];
  }
}
