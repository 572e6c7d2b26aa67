import { describe, expect, it } from 'vitest';
import {
  authHeaders,
  clientHeaders,
  LIST_PATHS,
  listRequest,
  SUCCESS_STATUS,
} from './__fixtures__/list-request.js';
import { createSpecValidator, readSpec } from './__fixtures__/spec-validator.js';
import { createSimulators, type Simulators } from './create-simulators.js';
import { createFakeInstances } from './fake-instances.js';
import { SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';

/**
 * Each spec's error schema, the first one its list's error responses name (through a shared response
 * when they point at one): what an error status the spec does not list (a 503 from a fault) is checked
 * against. A spec whose errors are all inline has none, and such a status is checked for JSON only.
 */
const ERROR_SCHEMAS = Object.fromEntries(
  SIMULATED_PROVIDERS.map((provider) => {
    const spec = readSpec(provider) as ReturnType<typeof readSpec> & {
      components?: { responses?: Record<string, ErrorResponse> };
    };
    const responses = spec.paths[LIST_PATHS[provider]]?.get?.responses ?? {};
    const reference = Object.entries(responses)
      .filter(([status]) => /^[45]\d\d$/.test(status))
      .map(([, response]) => {
        const shared = (response as { $ref?: string }).$ref;
        const resolved =
          typeof shared === 'string'
            ? spec.components?.responses?.[shared.replace('#/components/responses/', '')]
            : (response as ErrorResponse);
        return resolved?.content?.['application/json']?.schema?.$ref;
      })
      .find((ref) => typeof ref === 'string');
    return [provider, reference?.replace('#/components/schemas/', '')];
  }),
) as Record<SimulatedProvider, string | undefined>;
/** Each spec's item schema, as its `x-switchboard-item-schema` names it. */
const ITEM_SCHEMAS = Object.fromEntries(
  SIMULATED_PROVIDERS.map((provider) => [
    provider,
    readSpec(provider)['x-switchboard-item-schema'] as string,
  ]),
) as Record<SimulatedProvider, string>;

interface ErrorResponse {
  content?: { 'application/json'?: { schema?: { $ref?: string } } };
}

const validators = Object.fromEntries(
  SIMULATED_PROVIDERS.map((provider) => [provider, createSpecValidator(provider)]),
) as Record<SimulatedProvider, ReturnType<typeof createSpecValidator>>;

interface Scenario {
  name: string;
  /** Makes the request; `call` sends a list request with the account token and an extra query. */
  run(
    simulators: Simulators,
    call: (query?: string, token?: string | null, init?: RequestInit) => Promise<Response>,
  ): Promise<Response>;
  expectedStatus: number;
}

const faultScenarios = (provider: SimulatedProvider): Scenario[] =>
  [429, 500, 503].map((status) => ({
    name: `fault ${status} with the default body`,
    expectedStatus: status,
    run: (simulators, call) => {
      simulators[provider].injectFault({ type: 'status', status, headers: { 'Retry-After': '1' } });
      return call();
    },
  }));

/**
 * The scenarios of a provider with none of its own here: its full list, no credential, a wrong one, and
 * the faults. Its own behaviours are tested against its spec in its package.
 */
const commonScenarios = (provider: SimulatedProvider): Scenario[] => [
  { name: 'every instance', expectedStatus: SUCCESS_STATUS[provider], run: (_, call) => call() },
  { name: 'no token', expectedStatus: 401, run: (_, call) => call('', null) },
  { name: 'a wrong token', expectedStatus: 401, run: (_, call) => call('', 'wrong') },
  ...faultScenarios(provider),
];

const SCENARIOS: Partial<Record<SimulatedProvider, Scenario[]>> = {
  'z-api': [
    { name: 'first page', expectedStatus: 201, run: (_, call) => call() },
    { name: 'a small page', expectedStatus: 201, run: (_, call) => call('pageSize=2&page=2') },
    { name: 'a page past the end', expectedStatus: 201, run: (_, call) => call('page=99') },
    {
      name: 'a query that matches nothing',
      expectedStatus: 201,
      run: (_, call) => call('query=999999999999'),
    },
    {
      name: 'a query on a name',
      expectedStatus: 201,
      run: (simulators, call) =>
        call(`query=${encodeURIComponent(simulators['z-api'].instances[0]!.name.slice(0, 4))}`),
    },
    {
      name: 'page missing',
      expectedStatus: 400,
      run: (simulators) =>
        simulators.fetch(`${simulators['z-api'].baseUrl}/instances?pageSize=3`, {
          headers: authHeaders('z-api', simulators['z-api'].accountToken),
        }),
    },
    { name: 'pageSize zero', expectedStatus: 400, run: (_, call) => call('pageSize=0') },
    { name: 'no token', expectedStatus: 401, run: (_, call) => call('', null) },
    { name: 'a wrong token', expectedStatus: 401, run: (_, call) => call('', 'wrong') },
    { name: 'POST', expectedStatus: 405, run: (_, call) => call('', undefined, { method: 'POST' }) },
    ...faultScenarios('z-api'),
  ],
  ryzeapi: [
    { name: 'every instance', expectedStatus: 200, run: (_, call) => call() },
    {
      name: 'one name',
      expectedStatus: 200,
      run: (simulators, call) => call(`instanceName=${simulators.ryzeapi.instances[0]!.name}`),
    },
    {
      name: 'several names, one unknown',
      expectedStatus: 200,
      run: (simulators, call) => call(`instanceName=${simulators.ryzeapi.instances[1]!.name},ghost`),
    },
    { name: 'only commas and spaces', expectedStatus: 200, run: (_, call) => call('instanceName=,%20,') },
    {
      name: 'an instance token',
      expectedStatus: 200,
      run: (simulators, call) => call('instanceName=ghost', simulators.ryzeapi.instances[2]!.token),
    },
    { name: 'one unknown name', expectedStatus: 404, run: (_, call) => call('instanceName=ghost') },
    { name: 'no token', expectedStatus: 401, run: (_, call) => call('', null) },
    { name: 'an unknown token', expectedStatus: 401, run: (_, call) => call('', 'wrong') },
    {
      name: 'over the rate limit',
      expectedStatus: 429,
      run: async (simulators, call) => {
        (simulators.ryzeapi as unknown as { rateLimit: unknown }).rateLimit = { requests: 1, perMs: 60_000 };
        await call();
        return call();
      },
    },
    ...faultScenarios('ryzeapi'),
  ],
  hypersender: [
    { name: 'every instance', expectedStatus: 200, run: (_, call) => call() },
    { name: 'filter[name]', expectedStatus: 200, run: (_, call) => call('filter[name]=a') },
    { name: 'filter[status]', expectedStatus: 200, run: (_, call) => call('filter[status]=WORKING') },
    {
      name: 'filter[phone]',
      expectedStatus: 200,
      run: (simulators, call) =>
        call(`filter[phone]=${encodeURIComponent(simulators.hypersender.instances[0]!.phone)}`),
    },
    {
      name: 'filter[uuid]',
      expectedStatus: 200,
      run: (simulators, call) => call(`filter[uuid]=${simulators.hypersender.instances[0]!.id}`),
    },
    {
      name: 'an invalid filter[status]',
      expectedStatus: 422,
      run: (_, call) => call('filter[status]=BROKEN'),
    },
    { name: 'no token', expectedStatus: 401, run: (_, call) => call('', null) },
    ...faultScenarios('hypersender'),
  ],
  wachat: [
    { name: 'every instance', expectedStatus: 200, run: (_, call) => call() },
    { name: 'no key', expectedStatus: 401, run: (_, call) => call('', null) },
    { name: 'a wrong key', expectedStatus: 401, run: (_, call) => call('', 'wrong') },
    {
      name: 'a restricted subscription',
      expectedStatus: 403,
      run: (simulators, call) => {
        (simulators.wachat as unknown as { restrictedTokens: Set<string> }).restrictedTokens.add(
          simulators.wachat.accountToken,
        );
        return call();
      },
    },
    ...faultScenarios('wachat'),
  ],
};

function validate(provider: SimulatedProvider, status: number, body: unknown): string[] | undefined {
  const validator = validators[provider];
  const documented = validator.documentedStatuses(LIST_PATHS[provider], 'get').includes(String(status));
  return documented
    ? validator.validateBody(LIST_PATHS[provider], 'get', status, body)
    : ERROR_SCHEMAS[provider] === undefined
      ? undefined
      : validator.validateComponent(ERROR_SCHEMAS[provider], body);
}

describe.each(SIMULATED_PROVIDERS)('%s: every answer validates against its spec', (provider) => {
  it.each(
    (SCENARIOS[provider] ?? commonScenarios(provider)).map((scenario) => [scenario.name, scenario] as const),
  )('%s', async (_name, scenario) => {
    const simulators = createSimulators({ seed: 5, counts: { [provider]: 9 } });
    const simulator = simulators[provider];
    const call = (query = '', token: string | null = simulator.accountToken, init: RequestInit = {}) => {
      const [url, base] = listRequest(provider, simulator.baseUrl, token ?? '', query);
      const headers = token === null ? clientHeaders(provider) : base.headers;
      return simulators.fetch(url, { ...init, headers });
    };
    const response = await scenario.run(simulators, call);
    expect(response.status).toBe(scenario.expectedStatus);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body: unknown = await response.json();
    expect(validate(provider, response.status, body)).toBeUndefined();
  });

  it.each([1, 2, 3, 17, 99])('serves a spec-valid list for seed %i at several sizes', async (seed) => {
    for (const count of [0, 1, 6, 40]) {
      const simulators = createSimulators({ seed, counts: { [provider]: count } });
      const simulator = simulators[provider];
      const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
      const response = await simulators.fetch(url, init);
      expect(validate(provider, response.status, await response.json())).toBeUndefined();
    }
  });

  it('generates items that each validate against the item schema', () => {
    for (const item of createFakeInstances(provider, 200, { seed: 23 })) {
      expect(validators[provider].validateComponent(ITEM_SCHEMAS[provider], item)).toBeUndefined();
    }
  });

  it('the validator is live: a wrong-shape fault and an item missing a required field both fail', async () => {
    const simulators = createSimulators({ counts: { [provider]: 3 } });
    const simulator = simulators[provider];
    simulator.injectFault({ type: 'wrong-shape' });
    const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
    const response = await simulators.fetch(url, init);
    expect(validate(provider, response.status, await response.json())).toBeDefined();
    const [item] = createFakeInstances(provider, 1) as Record<string, unknown>[];
    const { id: _id, ...withoutId } = item!;
    expect(validators[provider].validateComponent(ITEM_SCHEMAS[provider], withoutId)).toBeDefined();
  });
});

describe('RyzeAPI rate-limit headers match the spec', () => {
  it.each([200, 429])('declares and sends integer X-RateLimit-* headers on %i', async (status) => {
    const simulators = createSimulators({ rateLimit: { requests: 1, perMs: 30_000 } });
    const [url, init] = listRequest('ryzeapi', simulators.ryzeapi.baseUrl, simulators.ryzeapi.accountToken);
    let response = await simulators.fetch(url, init);
    if (status === 429) response = await simulators.fetch(url, init);
    expect(response.status).toBe(status);
    const declared = validators.ryzeapi.documentedHeaders('/instance/list', 'get', status);
    const expected = [
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      ...(status === 429 ? ['Retry-After'] : []),
    ];
    expect(Object.keys(declared).sort()).toEqual(expected.sort());
    for (const [name, header] of Object.entries(declared)) {
      const value = response.headers.get(name);
      expect(value, name).toMatch(/^\d+$/);
      expect((header.schema as { type: string }).type).toBe('integer');
    }
  });
});
