import type { SimulatorFaultType } from './simulator-faults.js';

/** Which kind of credential a request presented, as the simulator judged it. */
export type SimulatorCredential = 'account' | 'instance' | 'restricted' | 'invalid' | 'missing';

/**
 * One request a simulator received. Secrets never reach the log: the values of `Authorization`,
 * `token` and every other credential-like header are masked, so a log can be printed or snapshotted.
 */
export interface SimulatorRequestLogEntry {
  /** 1 for the first request this simulator received (since its last reset), then 2, 3… */
  readonly sequence: number;
  /** The key of the provider whose simulator received it (`acme`). */
  readonly provider: string;
  readonly method: string;
  /** The path under the simulator's base URL, as the spec names it: `/instance/list`. */
  readonly path: string;
  /** The query parameters (the first value of a repeated key), decoded: `{ 'filter[name]': 'Sales' }`. */
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case; credential values masked (`Bearer [redacted]`, `[redacted]`). */
  readonly headers: Readonly<Record<string, string>>;
  /** How the simulator judged the credential; null when no answer was computed (a fault, an abort). */
  readonly credential: SimulatorCredential | null;
  /** The fault that answered in place of the simulator, if one did. */
  readonly fault: SimulatorFaultType | null;
  /** `pending` while in flight; `dropped` when the connection was closed without an answer. */
  readonly outcome: 'pending' | 'response' | 'dropped' | 'aborted';
  /** The HTTP status answered, or null when none was (in flight, dropped, aborted). */
  readonly status: number | null;
  /** When the request arrived, in epoch milliseconds by the simulator's clock. */
  readonly startedAt: number;
  /** From arrival to answer (added latency included); null while in flight. */
  readonly durationMs: number | null;
}

export type MutableLogEntry = {
  -readonly [Key in keyof SimulatorRequestLogEntry]: SimulatorRequestLogEntry[Key];
};

export const MASKED = '[redacted]';

const SECRET_HEADER = /authorization|token|secret|password|api[-_]?key|cookie|credential|session/i;

/** A header value fit for the log: credential headers keep their scheme word (`Bearer`) and nothing else. */
export function maskHeaderValue(name: string, value: string): string {
  if (!SECRET_HEADER.test(name) || value === '') return value;
  const scheme = /^(Bearer|Basic|Token|Digest)\s+/i.exec(value);
  return scheme ? `${scheme[1]} ${MASKED}` : MASKED;
}

export function maskHeaders(headers: Headers): Record<string, string> {
  const masked: Record<string, string> = {};
  headers.forEach((value, name) => {
    masked[name.toLowerCase()] = maskHeaderValue(name, value);
  });
  return masked;
}

export function readQuery(searchParams: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of searchParams) if (!(key in query)) query[key] = value;
  return query;
}
