import { ValidationError } from '@switchboard/runtime';
import type { WachatInstanceList } from '@switchboard/wachat';
import {
  BaseProviderSimulator,
  jsonResponse,
  type ProviderSimulatorOptions,
  readBearerToken,
  type SimulatorRequestContext,
} from './provider-simulator.js';

export interface WachatSimulatorOptions extends ProviderSimulatorOptions<'wachat'> {
  /**
   * API keys that are valid but whose subscription does not allow listing instances: they get 403.
   * Add the account token itself (`simulator.restrictedTokens.add(simulator.accountToken)`) to restrict
   * the main account.
   */
  restrictedTokens?: Iterable<string>;
}

export const WACHAT_MESSAGES = {
  unauthorized: 'Unauthorized: missing or invalid API key',
  restricted: 'Your subscription does not allow instance list lookup. Upgrade your plan to use the API.',
  serverError: 'Internal server error',
} as const;

/**
 * Wachat's `GET /instance/list` (under `/api/v1`).
 *
 * - Auth: `Authorization: Bearer <API key>`; a missing or unknown key is 401. A key in
 *   `restrictedTokens` is known but its subscription is restricted: 403. A 500 comes from fault
 *   injection (`{ type: 'status', status: 500 }`).
 * - The answer is `{ success: true, count, instances }`; the endpoint takes no query parameters.
 * - Wachat documents its errors without a body; the simulator sends `{ success: false, message }`.
 */
export class WachatSimulator extends BaseProviderSimulator<'wachat'> {
  protected readonly successStatus = 200;
  /** Keys answered with 403; change it at any time. */
  readonly restrictedTokens: Set<string>;

  constructor(options: WachatSimulatorOptions = {}) {
    super('wachat', options);
    const restricted = options.restrictedTokens ?? [];
    if (typeof (restricted as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new ValidationError('wachat simulator: `restrictedTokens` must be a list of strings', {
        field: 'restrictedTokens',
      });
    }
    this.restrictedTokens = new Set(restricted);
  }

  protected respond(context: SimulatorRequestContext): Response {
    const path = context.path.replace(/\/+$/, '') || '/';
    if (path !== '/instance/list') return this.errorResponse(404, 'Endpoint not found');
    if (context.request.method !== 'GET')
      return this.errorResponse(405, 'Method not allowed', { allow: 'GET' });
    const token = readBearerToken(context.request.headers);
    if (token !== undefined && this.restrictedTokens.has(token)) {
      context.setCredential('restricted');
      return this.errorResponse(403, WACHAT_MESSAGES.restricted);
    }
    if (token !== this.accountToken) {
      context.setCredential(token === undefined ? 'missing' : 'invalid');
      return this.errorResponse(401, WACHAT_MESSAGES.unauthorized);
    }
    context.setCredential('account');
    const body: WachatInstanceList = {
      success: true,
      count: this.instances.length,
      instances: [...this.instances],
    };
    return jsonResponse(200, body);
  }

  protected override defaultErrorMessage(status: number): string {
    return status === 500 ? WACHAT_MESSAGES.serverError : super.defaultErrorMessage(status);
  }

  protected errorBody(_status: number, message: string): unknown {
    return { success: false, message };
  }

  protected wrongShapeBody(): unknown {
    // `data` in place of `instances`, with no count.
    return { success: true, data: [...this.instances] };
  }

  protected successBody(): unknown {
    return { success: true, count: this.instances.length, instances: this.instances };
  }
}

export function createWachatSimulator(options: WachatSimulatorOptions = {}): WachatSimulator {
  return new WachatSimulator(options);
}
