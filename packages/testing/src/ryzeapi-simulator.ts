import { ValidationError } from '@switchboard/runtime';
import type { RyzeApiInstance, RyzeApiInstanceList } from '@switchboard/ryzeapi';
import {
  BaseProviderSimulator,
  jsonResponse,
  type ProviderSimulatorOptions,
  type SimulatorRequestContext,
} from './provider-simulator.js';

/** The server-side limit: `requests` per sliding window of `perMs`, per token. */
export interface SimulatorRateLimit {
  requests: number;
  perMs: number;
}

/** RyzeAPI's documented limit: 100 requests per minute. */
export const RYZEAPI_RATE_LIMIT: Readonly<SimulatorRateLimit> = { requests: 100, perMs: 60_000 };

export interface RyzeApiSimulatorOptions extends ProviderSimulatorOptions<'ryzeapi'> {
  /**
   * Defaults to the documented 100 per minute; scale it down (`{ requests: 5, perMs: 200 }`) to
   * exercise the limit quickly, or `false` to turn it off.
   */
  rateLimit?: SimulatorRateLimit | false;
}

export const RYZEAPI_MESSAGES = {
  invalidToken: 'Invalid token',
  notFound: 'Instance not found',
  rateLimited: 'Rate limit exceeded. Try again later.',
} as const;

function assertRateLimit(rateLimit: unknown): asserts rateLimit is SimulatorRateLimit | false {
  if (rateLimit === false) return;
  const candidate = rateLimit as SimulatorRateLimit;
  if (
    typeof rateLimit !== 'object' ||
    rateLimit === null ||
    !Number.isInteger(candidate.requests) ||
    candidate.requests < 1 ||
    !Number.isFinite(candidate.perMs) ||
    candidate.perMs <= 0
  ) {
    throw new ValidationError(
      'ryzeapi simulator: `rateLimit` must be false or { requests, perMs } with a whole number of requests and a positive perMs',
      { field: 'rateLimit' },
    );
  }
}

function instancesFoundMessage(total: number): string {
  return total === 1 ? '1 Instance found' : `${total} Instances found`;
}

/**
 * RyzeAPI's `GET /instance/list` (under `/api`).
 *
 * - Auth: the `token` header. The account token sees every instance and honours `instanceName`; an
 *   instance token (an item's own `token`) sees only that instance and ignores the filter. A missing
 *   or unknown token is 401 `Invalid token`.
 * - `instanceName`, per the docs' filter rules: names are split on commas and trimmed; one name that
 *   does not exist is 404 `Instance not found`; with several, the unknown ones are ignored; a value
 *   of only commas and spaces is an empty list with no error. Our reading of the edges: an empty
 *   value (`?instanceName=`) is no filter; a name repeated counts once, so `a,a` is one name.
 *   Names match exactly (case-sensitive); items come back in account order.
 * - `message` is "1 Instance found", else "<N> Instances found" (0 included); `meta.total` is the count.
 * - Rate limit: `requests` per sliding `perMs` per token value (100 a minute by default), counted
 *   before auth so that bad tokens are limited too; the one over the limit is 429 `Rate limit exceeded.
 *   Try again later.` with `Retry-After` (whole seconds, rounded up) and, so that a scaled-down window
 *   needs no whole-second waits, `retry-after-ms`. A 429 does not use up the window. Every answer of
 *   the endpoint carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`: the
 *   epoch second (rounded up) when the oldest request in the window leaves it, freeing a slot.
 * - Errors are `{ success: false, error: { message } }`.
 */
export class RyzeApiSimulator extends BaseProviderSimulator<'ryzeapi'> {
  protected readonly successStatus = 200;
  #rateLimit: SimulatorRateLimit | false;
  /** Arrival times of the requests each token value made in the current window, oldest first. */
  #windows = new Map<string, number[]>();

  constructor(options: RyzeApiSimulatorOptions = {}) {
    super('ryzeapi', options);
    const rateLimit = options.rateLimit ?? RYZEAPI_RATE_LIMIT;
    assertRateLimit(rateLimit);
    this.#rateLimit = rateLimit === false ? false : { ...rateLimit };
  }

  /** The limit in force; setting it starts every window afresh. */
  get rateLimit(): SimulatorRateLimit | false {
    return this.#rateLimit;
  }

  set rateLimit(rateLimit: SimulatorRateLimit | false) {
    assertRateLimit(rateLimit);
    this.#rateLimit = rateLimit === false ? false : { ...rateLimit };
    this.#windows.clear();
  }

  protected override resetState(): void {
    this.#windows.clear();
  }

  protected respond(context: SimulatorRequestContext): Response {
    const path = context.path.replace(/\/+$/, '') || '/';
    if (path !== '/instance/list') return this.errorResponse(404, 'Route not found');
    if (context.request.method !== 'GET') {
      return this.errorResponse(405, 'Method not allowed', { allow: 'GET' });
    }
    const token = context.request.headers.get('token')?.trim() ?? '';
    const limit = this.#admit(token, context.now);
    if (!limit.admitted) {
      return this.errorResponse(429, RYZEAPI_MESSAGES.rateLimited, limit.headers);
    }
    if (token === '') {
      context.setCredential('missing');
      return this.errorResponse(401, RYZEAPI_MESSAGES.invalidToken, limit.headers);
    }
    let visible: RyzeApiInstance[];
    if (token === this.accountToken) {
      context.setCredential('account');
      const filtered = this.#applyNameFilter(context.query.get('instanceName'));
      if (filtered === 'not-found') return this.errorResponse(404, RYZEAPI_MESSAGES.notFound, limit.headers);
      visible = filtered;
    } else {
      const own = this.instances.find((instance) => instance.token === token);
      if (own === undefined) {
        context.setCredential('invalid');
        return this.errorResponse(401, RYZEAPI_MESSAGES.invalidToken, limit.headers);
      }
      context.setCredential('instance');
      visible = [own];
    }
    const body: RyzeApiInstanceList = {
      success: true,
      message: instancesFoundMessage(visible.length),
      instances: visible,
      meta: { total: visible.length },
    };
    return jsonResponse(200, body, limit.headers);
  }

  #applyNameFilter(raw: string | null): RyzeApiInstance[] | 'not-found' {
    if (raw === null || raw === '') return [...this.instances];
    const names = new Set(
      raw
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    );
    const found = this.instances.filter((instance) => names.has(instance.name));
    if (names.size === 1 && found.length === 0) return 'not-found';
    return found;
  }

  /** Counts the request against its token's window, or refuses it; the headers say where the window stands. */
  #admit(token: string, now: number): { admitted: boolean; headers: Record<string, string> } {
    const rateLimit = this.#rateLimit;
    if (rateLimit === false) return { admitted: true, headers: {} };
    const window = (this.#windows.get(token) ?? []).filter((time) => time > now - rateLimit.perMs);
    this.#windows.set(token, window);
    const admitted = window.length < rateLimit.requests;
    if (admitted) window.push(now);
    const oldest = window[0] ?? now;
    const freedAt = oldest + rateLimit.perMs;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(rateLimit.requests),
      'X-RateLimit-Remaining': String(Math.max(0, rateLimit.requests - window.length)),
      'X-RateLimit-Reset': String(Math.ceil(freedAt / 1000)),
    };
    if (!admitted) {
      const waitMs = Math.max(0, freedAt - now);
      headers['Retry-After'] = String(Math.ceil(waitMs / 1000));
      headers['retry-after-ms'] = String(waitMs);
    }
    return { admitted, headers };
  }

  protected errorBody(_status: number, message: string): unknown {
    return { success: false, error: { message } };
  }

  protected wrongShapeBody(): unknown {
    // The items under `data` instead of `instances`, and no `meta`.
    return { success: true, data: [...this.instances] };
  }

  protected successBody(): unknown {
    return {
      success: true,
      message: instancesFoundMessage(this.instances.length),
      instances: this.instances,
      meta: { total: this.instances.length },
    };
  }
}

export function createRyzeApiSimulator(options: RyzeApiSimulatorOptions = {}): RyzeApiSimulator {
  return new RyzeApiSimulator(options);
}
