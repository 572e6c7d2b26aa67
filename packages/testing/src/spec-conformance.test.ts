import { builtInProvidersByKey } from '@switchboard/providers';
import { describe, expect, it } from 'vitest';
import { clientHeaders, LIST_PATHS, listRequest, SUCCESS_STATUS } from './__fixtures__/list-request.js';
import { createSpecValidator } from './__fixtures__/spec-validator.js';
import { createSimulators, type Simulators, type SimulatorsOptions } from './create-simulators.js';
import { createFakeInstances } from './fake-instances.js';
import { SIMULATED_PROVIDERS, type SimulatedProvider } from './providers.js';

type JsonObject = Record<string, unknown>;

/** A local `$ref`'s component name and schema, or the schema itself when it is no reference. */
function resolveSchema(document: JsonObject, schema: unknown): { name?: string; schema: JsonObject } {
  const reference = (schema as { $ref?: string } | undefined)?.$ref;
  if (reference === undefined) return { schema: (schema ?? {}) as JsonObject };
  const name = reference.split('/').at(-1)!;
  const components = (document.components as { schemas: Record<string, JsonObject> }).schemas;
  return { name, schema: components[name]! };
}

/** The component an item of the list is, following the spec's success body to its items path. */
function itemSchemaOf(provider: SimulatedProvider): string {
  const { document } = validators[provider];
  const operation = (document.paths[LIST_PATHS[provider]] as JsonObject).get as {
    responses: Record<string, JsonObject>;
  };
  const content = operation.responses[String(SUCCESS_STATUS[provider])]!.content as Record<
    string,
    JsonObject
  >;
  let current = resolveSchema(document, content['application/json']!.schema);
  const items = builtInProvidersByKey[provider].metadata.listOperation.items;
  for (const key of items === '.' ? [] : items.split('.')) {
    current = resolveSchema(document, (current.schema.properties as Record<string, unknown>)[key]);
  }
  const item = resolveSchema(document, current.schema.items);
  if (item.name === undefined) throw new Error(`The ${provider} spec's list items are not a named schema`);
  return item.name;
}

/** The spec's error schema: what an error status the spec does not list (a 503 from a fault) is checked against. */
function errorSchemaOf(provider: SimulatedProvider): string {
  const names = Object.keys(validators[provider].document.components?.schemas ?? {});
  const errors = names.filter((name) => name.endsWith('Error'));
  if (errors.length !== 1)
    throw new Error(`The ${provider} spec has ${errors.length} *Error schemas, not one`);
  return errors[0]!;
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
  /** A status, or `documented`: whichever status the spec lists for the operation (a 404 or a 200 for no match). */
  expectedStatus: number | 'documented';
  /** Options of the simulators the scenario runs against, beside the seed and count. */
  simulatorOptions?: SimulatorsOptions;
}

const faultScenarios = (provider: SimulatedProvider): Scenario[] =>
  [429, 500, 503].map((status) => ({
    name: `fault ${status} with the default body`,
    expectedStatus: status,
    run: (simulators, call) => {
      simulators.simulator(provider).injectFault({ type: 'status', status, headers: { 'Retry-After': '1' } });
      return call();
    },
  }));

/** A parameter of the list operation, as the spec declares it. */
function specParameter(provider: SimulatedProvider, name: string): JsonObject | undefined {
  const { document } = validators[provider];
  const operation = (document.paths[LIST_PATHS[provider]] as JsonObject).get as { parameters?: unknown[] };
  return (operation.parameters ?? [])
    .map((parameter) => resolveSchema(document, parameter).schema)
    .find((parameter) => parameter.name === name);
}

/** The value of a push-down parameter that matches the simulator's first instance. */
function matchingValue(
  provider: SimulatedProvider,
  simulators: Simulators,
  field: 'ids' | 'names' | 'statuses' | 'phones',
  format: 'e164' | 'digits' | undefined,
): string | undefined {
  const simulator = simulators.simulator(provider);
  const item = simulator.instances.find((candidate) => {
    const instance = builtInProvidersByKey[provider].adapter.normalize(candidate as never, provider);
    return field !== 'phones' || instance.phone !== null;
  });
  if (item === undefined) return undefined;
  const instance = builtInProvidersByKey[provider].adapter.normalize(item as never, provider);
  if (field === 'ids') return instance.id;
  if (field === 'names') return instance.name ?? undefined;
  if (field === 'statuses') {
    const status = simulator.statusOf(item);
    return typeof status === 'string' ? status : undefined;
  }
  if (instance.phone === null) return undefined;
  return format === 'digits' ? instance.phone.slice(1) : instance.phone;
}

/** What the spec says about the list operation, as requests: paging, push-down, auth, rate limit, faults. */
function scenariosOf(provider: SimulatedProvider): Scenario[] {
  const { metadata } = builtInProvidersByKey[provider];
  const { paging, pushDown } = metadata.listOperation;
  const success = SUCCESS_STATUS[provider];
  const scenarios: Scenario[] = [
    { name: 'every instance (the first page)', expectedStatus: success, run: (_, call) => call() },
  ];
  if (paging.style === 'page-number') {
    const { pageParameter: page, pageSizeParameter: size } = paging;
    scenarios.push(
      { name: 'a small page', expectedStatus: success, run: (_, call) => call(`${size}=2&${page}=2`) },
      { name: 'a page past the end', expectedStatus: success, run: (_, call) => call(`${page}=99`) },
      { name: 'a page size of zero', expectedStatus: 400, run: (_, call) => call(`${size}=0`) },
    );
    if (specParameter(provider, page)?.required === true) {
      scenarios.push({
        name: 'the required page parameter missing',
        expectedStatus: 400,
        run: (simulators) => {
          const simulator = simulators.simulator(provider);
          const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken, `${size}=3`);
          const withoutPage = new URL(url);
          withoutPage.searchParams.delete(page);
          return simulators.fetch(withoutPage, init);
        },
      });
    }
  }
  for (const [field, parameter] of Object.entries(pushDown) as [
    'ids' | 'names' | 'statuses' | 'phones',
    NonNullable<(typeof pushDown)['ids']>,
  ][]) {
    const name = parameter.parameter;
    scenarios.push(
      {
        name: `${name} matching an instance (${field})`,
        expectedStatus: success,
        run: (simulators, call) =>
          call(
            `${name}=${encodeURIComponent(matchingValue(provider, simulators, field, parameter.format) ?? '')}`,
          ),
      },
      {
        name: `${name} matching nothing (${field})`,
        expectedStatus: 'documented',
        run: (_, call) => call(`${name}=${field === 'phones' ? '999999999999' : 'ghost'}`),
      },
    );
    if (parameter.many === 'comma') {
      scenarios.push(
        {
          name: `${name} with several values, one unknown (${field})`,
          expectedStatus: 'documented',
          run: (simulators, call) =>
            call(
              `${name}=${encodeURIComponent(`${matchingValue(provider, simulators, field, parameter.format) ?? ''},ghost`)}`,
            ),
        },
        {
          name: `${name} of only commas and spaces`,
          expectedStatus: 'documented',
          run: (_, call) => call(`${name}=,%20,`),
        },
      );
    }
  }
  scenarios.push(
    { name: 'no token', expectedStatus: 401, run: (_, call) => call('', null) },
    { name: 'a wrong token', expectedStatus: 401, run: (_, call) => call('', 'wrong') },
  );
  // Only a spec that documents a 405 says how the API answers another method.
  if (validators[provider].documentedStatuses(LIST_PATHS[provider], 'get').includes('405')) {
    scenarios.push({
      name: 'POST',
      expectedStatus: 405,
      run: (_, call) => call('', undefined, { method: 'POST' }),
    });
  }
  if (pushDown.statuses !== undefined) {
    const name = pushDown.statuses.parameter;
    scenarios.push({
      name: `${name} of a status the provider does not have`,
      expectedStatus: 'documented',
      run: (_, call) => call(`${name}=BROKEN`),
    });
  }
  if (metadata.rateLimit !== null) {
    scenarios.push({
      name: 'over the rate limit',
      expectedStatus: 429,
      simulatorOptions: { rateLimit: { requests: 1, perMs: 60_000 } },
      run: async (_, call) => {
        await call();
        return call();
      },
    });
  }
  scenarios.push(...faultScenarios(provider));
  return scenarios;
}

function validate(provider: SimulatedProvider, status: number, body: unknown): string[] | undefined {
  const validator = validators[provider];
  const documented = validator.documentedStatuses(LIST_PATHS[provider], 'get');
  if (documented.includes(String(status)))
    return validator.validateBody(LIST_PATHS[provider], 'get', status, body);
  // A status the spec does not list: the error schema of a documented status of its class (4xx, 5xx),
  // else of any documented error.
  const errorStatus =
    documented.find((candidate) => candidate[0] === String(status)[0]) ??
    documented.find((candidate) => Number(candidate) >= 400);
  if (errorStatus !== undefined)
    return validator.validateBody(LIST_PATHS[provider], 'get', Number(errorStatus), body);
  return validator.validateComponent(errorSchemaOf(provider), body);
}

describe.each(SIMULATED_PROVIDERS)('%s: every answer validates against its spec', (provider) => {
  it.each(scenariosOf(provider).map((scenario) => [scenario.name, scenario] as const))(
    '%s',
    async (_name, scenario) => {
      const simulators = createSimulators({
        seed: 5,
        counts: { [provider]: 9 },
        ...scenario.simulatorOptions,
      });
      const simulator = simulators.simulator(provider);
      const call = (query = '', token: string | null = simulator.accountToken, init: RequestInit = {}) => {
        const [url, base] = listRequest(provider, simulator.baseUrl, token ?? '', query);
        const headers = token === null ? clientHeaders(provider) : base.headers;
        return simulators.fetch(url, { ...init, headers });
      };
      const response = await scenario.run(simulators, call);
      if (scenario.expectedStatus === 'documented') {
        expect(validators[provider].documentedStatuses(LIST_PATHS[provider], 'get')).toContain(
          String(response.status),
        );
      } else {
        expect(response.status).toBe(scenario.expectedStatus);
      }
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body: unknown = await response.json();
      expect(validate(provider, response.status, body)).toBeUndefined();
    },
  );

  it.each([1, 2, 3, 17, 99])('serves a spec-valid list for seed %i at several sizes', async (seed) => {
    for (const count of [0, 1, 6, 40]) {
      const simulators = createSimulators({ seed, counts: { [provider]: count } });
      const simulator = simulators.simulator(provider);
      const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
      const response = await simulators.fetch(url, init);
      expect(validate(provider, response.status, await response.json())).toBeUndefined();
    }
  });

  it('generates items that each validate against the item schema', () => {
    for (const item of createFakeInstances(provider, 200, { seed: 23 })) {
      expect(validators[provider].validateComponent(itemSchemaOf(provider), item)).toBeUndefined();
    }
  });

  it('the validator is live: a wrong-shape fault and an item missing a required field both fail', async () => {
    const simulators = createSimulators({ counts: { [provider]: 3 } });
    const simulator = simulators.simulator(provider);
    simulator.injectFault({ type: 'wrong-shape' });
    const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
    const response = await simulators.fetch(url, init);
    expect(validate(provider, response.status, await response.json())).toBeDefined();
    const [item] = createFakeInstances(provider, 1) as Record<string, unknown>[];
    const schemaName = itemSchemaOf(provider);
    const schemas = validators[provider].document.components?.schemas ?? {};
    const required = (schemas[schemaName] as { required?: string[] }).required ?? [];
    expect(required.length, 'the item schema requires a field').toBeGreaterThan(0);
    const { [required[0]!]: _dropped, ...without } = item!;
    expect(validators[provider].validateComponent(schemaName, without)).toBeDefined();
  });
});

const RATE_LIMITED = SIMULATED_PROVIDERS.filter(
  (provider) => builtInProvidersByKey[provider].metadata.rateLimit !== null,
);

describe.each(RATE_LIMITED)('%s: rate-limit headers match the spec', (provider) => {
  it.each([SUCCESS_STATUS[provider], 429])(
    'declares and sends the headers it documents on %i',
    async (status) => {
      const simulators = createSimulators({ rateLimit: { requests: 1, perMs: 30_000 } });
      const simulator = simulators.simulator(provider);
      const [url, init] = listRequest(provider, simulator.baseUrl, simulator.accountToken);
      let response = await simulators.fetch(url, init);
      if (status === 429) response = await simulators.fetch(url, init);
      expect(response.status).toBe(status);
      const declared = validators[provider].documentedHeaders(LIST_PATHS[provider], 'get', status);
      expect(Object.keys(declared).length).toBeGreaterThan(0);
      if (status === 429) expect(Object.keys(declared)).toContain('Retry-After');
      for (const [name, header] of Object.entries(declared)) {
        const value = response.headers.get(name);
        const type = (header.schema as { type: string }).type;
        expect(value, name).not.toBeNull();
        if (type === 'integer') expect(value, name).toMatch(/^\d+$/);
      }
    },
  );
});

it('some provider of the registry documents a rate limit, so the suite above runs', () => {
  expect(RATE_LIMITED.length).toBeGreaterThan(0);
});
