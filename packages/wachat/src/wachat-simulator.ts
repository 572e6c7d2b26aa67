import { ValidationError } from '@switchboard/runtime';
import {
  asciiWords,
  BASE36,
  BaseProviderSimulator,
  creationTimes,
  DAY_MS,
  fakeInstanceFactory,
  identities,
  jsonResponse,
  type ProviderSimulatorDefinition,
  type ProviderSimulatorOptions,
  pictureUrl,
  readBearerToken,
  requireStatusMapping,
  type SeededRandom,
  type SimulatorRequestContext,
  statusHookFromMapping,
  statusPlan,
  uniquePhones,
} from '@switchboard/runtime/simulator';
import { metadata } from './generated/wachat-metadata.gen.js';
import type { WachatInstance, WachatInstanceList } from './wachat-client.js';

/** Every status value the provider documents; the first items of a fake list cycle through all of them. */
export const WACHAT_STATES = ['open', 'connecting', 'close'] as const;

function createWachatInstances(random: SeededRandom, count: number): WachatInstance[] {
  const states = statusPlan(random, WACHAT_STATES, count);
  const created = creationTimes(random, count);
  const phones = uniquePhones(random, count);
  const tenantTag = `t${random.integer(1, 9)}_${random.text(8, BASE36)}`;
  let nextId = random.integer(10, 90);
  return identities(random, count).map((identity, index) => {
    const state = states[index] as (typeof WACHAT_STATES)[number];
    const instanceName = [...asciiWords(identity.place), ...asciiWords(identity.team)]
      .join('_')
      .toLowerCase()
      .concat(identity.ordinal > 1 ? `_${identity.ordinal}` : '');
    const apiInstanceName = `${tenantTag}_${instanceName}`;
    // An instance that is pairing for the first time has no number yet.
    const paired = state !== 'connecting' || random.chance(0.5);
    const phone = paired ? (phones[index] as string) : null;
    const picture = paired && random.chance(0.75) ? pictureUrl(random) : null;
    const createdAt = created[index] as number;
    nextId += random.integer(1, 5);
    return {
      id: nextId,
      instanceName,
      displayName: instanceName,
      apiInstanceName,
      internalName: apiInstanceName,
      state,
      status: state,
      isConnected: state === 'open',
      number: phone,
      profileName: paired ? instanceName : null,
      profilePictureUrl: picture,
      profilePicUrl: picture,
      owner: phone === null ? null : `${phone}@s.whatsapp.net`,
      integration: 'WHATSAPP-BAILEYS',
      createdAt: new Date(createdAt).toISOString(),
      updatedAt: new Date(
        createdAt + random.integer(0, 90) * DAY_MS + random.integer(0, DAY_MS),
      ).toISOString(),
    };
  });
}

/**
 * Deterministic, realistic list items valid against the spec: the same count and seed give the same
 * items, names are unique within a list, and a list at least as long as the status values holds each.
 */
export const createFakeInstances: (count: number, options?: { seed?: number }) => WachatInstance[] =
  fakeInstanceFactory('wachat', createWachatInstances);

/** The token the simulator accepts unless told otherwise; an obviously fake value. */
export const demoToken = 'demo-wachat-api-key';

/** Instances the simulator holds when the caller names no count. */
export const defaultInstanceCount = 6;

const wachatSimulatorDefinition: ProviderSimulatorDefinition<'wachat', WachatInstance> = {
  provider: 'wachat',
  defaultBaseUrl: metadata.defaultBaseUrl,
  demoToken,
  defaultInstanceCount,
  createFakeInstances,
  // The id the common model uses and later calls take; the numeric `id` is Wachat's row number.
  instanceId: (instance: WachatInstance) => instance.apiInstanceName,
  setName: (item, name) => {
    // The common model reads `instanceName`; `displayName` repeats it.
    item.instanceName = name;
    item.displayName = name;
  },
  status: statusHookFromMapping<WachatInstance>(requireStatusMapping(metadata.status), (instance, value) => {
    // Wachat repeats the state under `status` and derives `isConnected` from it.
    instance.status = value as string;
    instance.isConnected = value === 'open';
  }),
};

export interface WachatSimulatorOptions extends ProviderSimulatorOptions<WachatInstance> {
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
export class WachatSimulator extends BaseProviderSimulator<'wachat', WachatInstance> {
  protected readonly successStatus = 200;
  /** Keys answered with 403; change it at any time. */
  readonly restrictedTokens: Set<string>;

  constructor(options: WachatSimulatorOptions = {}) {
    super(wachatSimulatorDefinition, options);
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

/** The module's `createSimulator`, as `ProviderSimulatorModule` names it. */
export const createSimulator = createWachatSimulator;
