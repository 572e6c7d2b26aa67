import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import recordedList from './__fixtures__/evolution-api-recorded-list.json' with { type: 'json' };
import type { EvolutionApiInstance } from './evolution-api-client.js';
import {
  createFakeInstances,
  createSimulator,
  type EvolutionApiSimulator,
} from './evolution-api-simulator.js';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

type JsonObject = Record<string, unknown>;
const spec = parse(
  readFileSync(new URL('../../../specs/evolution-api.openapi.yaml', import.meta.url), 'utf8'),
) as {
  paths: Record<string, { get: { responses: Record<string, JsonObject> } }>;
  components: { schemas: Record<string, JsonObject> };
};

/** A copy of a schema with every local `$ref` inlined (the spec has no cycles). */
function dereference(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dereference);
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, ...rest } = node as JsonObject;
  if (typeof $ref === 'string') {
    const name = $ref.replace('#/components/schemas/', '');
    return {
      ...(dereference(spec.components.schemas[name]) as JsonObject),
      ...(dereference(rest) as JsonObject),
    };
  }
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, dereference(value)]));
}

function validatorFor(status: number): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  ajv.addVocabulary(['example', 'x-secret']);
  const response = spec.paths['/instance/fetchInstances']!.get.responses[String(status)] as {
    content: { 'application/json': { schema: unknown } };
  };
  return ajv.compile(dereference(response.content['application/json'].schema) as JsonObject);
}

const STATUSES = [200, 401, 404, 500] as const;
const validators = new Map(STATUSES.map((status) => [status, validatorFor(status)]));

function problems(status: number, body: unknown): string[] {
  const validate = validators.get(status as (typeof STATUSES)[number]);
  if (validate === undefined) return [`status ${status} is not in the spec`];
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

const KEY = 'spec-global-key';

async function answer(
  simulator: EvolutionApiSimulator,
  query: string,
  apikey: string | null = KEY,
  method = 'GET',
) {
  const response = await simulator.fetch(`${simulator.baseUrl}/instance/fetchInstances${query}`, {
    method,
    headers: apikey === null ? {} : { apikey },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('the spec and what the server and the simulator send', () => {
  it('validates the recorded v2.3.6 answer against the 200 schema', () => {
    expect(problems(200, recordedList)).toEqual([]);
  });

  it('refuses the published description’s v1-shaped example, which is why the spec follows the server', () => {
    const v1 = [{ instance: { instanceName: 'example-name', instanceId: 'x', status: 'open' } }];
    expect(problems(200, v1)).not.toEqual([]);
  });

  it.each([1, 2, 3, 4, 5])('validates 60 fake instances of seed %i', (seed) => {
    expect(problems(200, createFakeInstances(60, { seed }))).toEqual([]);
  });

  it('documents every status the simulator answers the list with, in the documented shape', async () => {
    const simulator = createSimulator({ count: 12, accountToken: KEY });
    const [first, second] = simulator.instances as [EvolutionApiInstance, EvolutionApiInstance];
    const scenarios: [string, string | null][] = [
      ['', KEY],
      [`?instanceName=${encodeURIComponent(first.name)}`, KEY],
      [`?instanceId=${first.id}`, KEY],
      ['?instanceName=ghost', KEY],
      ['?number=000', KEY],
      ['?instanceName=a&instanceName=b', KEY],
      ['', null],
      ['', 'wrong'],
      ['', first.token],
      [`?instanceName=${encodeURIComponent(second.name)}`, first.token],
    ];
    const statuses = new Set<number>();
    for (const [query, apikey] of scenarios) {
      const { status, body } = await answer(simulator, query, apikey);
      statuses.add(status);
      expect(problems(status, body), `${query} with ${apikey === KEY ? 'the global key' : apikey}`).toEqual(
        [],
      );
    }
    expect([...statuses].sort()).toEqual([200, 401, 404, 500]);
    // A wrong method is a 404 in the same error shape.
    const post = await answer(simulator, '', KEY, 'POST');
    expect(post.status).toBe(404);
    expect(problems(404, post.body)).toEqual([]);
  });

  it('answers injected faults with bodies of the error schema', async () => {
    const simulator = createSimulator({ accountToken: KEY });
    for (const status of [401, 404, 500]) {
      simulator.injectFault({ type: 'status', status });
      const { body } = await answer(simulator, '');
      expect(problems(status, body)).toEqual([]);
    }
  });
});
