import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffSpecs, hasBreakingChanges, schemaTypes } from './spec-diff.mjs';

const specsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'specs');
const readSpec = (name) => parse(readFileSync(join(specsFolder, `${name}.openapi.yaml`), 'utf8'));
/** Every spec of the repository, by the name before `.openapi.yaml`. */
const SPEC_NAMES = readdirSync(specsFolder)
  .filter((file) => file.endsWith('.openapi.yaml'))
  .map((file) => file.slice(0, -'.openapi.yaml'.length))
  .sort();
/** The first component schema that is an enum, if the spec has one. */
const enumSchemaOf = (spec) =>
  Object.entries(spec.components?.schemas ?? {}).find(
    ([, schema]) => Array.isArray(schema.enum) && schema.enum.length > 1,
  )?.[0];

/** A small spec in the shape of the providers' ones: one list operation, an item schema and an error. */
function makeSpec() {
  return {
    openapi: '3.1.0',
    servers: [{ url: 'https://api.example.test/v1' }],
    paths: {
      '/instances': {
        get: {
          parameters: [
            { name: 'page', in: 'query', required: true, schema: { type: 'integer' } },
            { name: 'name', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { $ref: '#/components/schemas/Status' } },
          ],
          responses: {
            200: {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/InstanceList' } } },
            },
            401: {
              description: 'no',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
            500: {
              description: 'no',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      },
      '/health': { get: { responses: { 200: { description: 'ok' } } } },
    },
    components: {
      schemas: {
        InstanceList: {
          type: 'object',
          required: ['instances'],
          properties: { instances: { type: 'array', items: { $ref: '#/components/schemas/Instance' } } },
        },
        Instance: {
          type: 'object',
          required: ['id', 'name', 'status'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            phone: { type: ['string', 'null'] },
            count: { type: 'number' },
            status: { $ref: '#/components/schemas/Status' },
          },
        },
        Status: { type: 'string', enum: ['WORKING', 'STOPPED', 'FAILED'] },
        Error: { type: 'object', properties: { message: { type: 'string' } } },
      },
    },
  };
}

function changesAfter(mutate) {
  const head = makeSpec();
  mutate(head);
  return diffSpecs(makeSpec(), head);
}

const summary = (changes) =>
  changes.map(({ severity, location, message }) => `${severity} ${location}: ${message}`);

describe('diffSpecs', () => {
  it('finds nothing between a spec and its copy, or when only documentation changed', () => {
    expect(diffSpecs(makeSpec(), makeSpec())).toEqual([]);
    const changes = changesAfter((spec) => {
      spec.paths['/instances'].get.description = 'Lists instances.';
      spec.components.schemas.Instance.properties.id.description = 'The id.';
      spec.paths['/instances'].get.responses[200].content['application/json'].example = { instances: [] };
    });
    expect(changes).toEqual([]);
  });

  it('reports removed paths and operations as breaking, added ones as changes', () => {
    const changes = changesAfter((spec) => {
      delete spec.paths['/health'];
      spec.paths['/instances'].post = { responses: { 201: { description: 'created' } } };
    });
    expect(summary(changes)).toEqual([
      'breaking /health: path removed',
      'change POST /instances: operation added',
    ]);
    expect(summary(changesAfter((spec) => delete spec.paths['/instances'].get))).toContain(
      'breaking GET /instances: operation removed',
    );
  });

  it('reports a removed response property once, under its schema, however many responses use it', () => {
    const changes = changesAfter((spec) => delete spec.components.schemas.Error.properties.message);
    expect(summary(changes)).toEqual(['breaking schema Error.message: property removed']);
    expect(hasBreakingChanges(changes)).toBe(true);
  });

  it('reports a property removed from an inline response schema at its place', () => {
    const changes = changesAfter((spec) => {
      spec.components.schemas.InstanceList = {
        type: 'object',
        properties: {
          instances: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        },
      };
    });
    expect(summary(changes)).toContain('breaking schema InstanceList.instances[].name: property removed');
  });

  it('reports removed enum values as breaking and added ones as changes', () => {
    const removed = changesAfter((spec) => {
      spec.components.schemas.Status.enum = ['WORKING', 'STOPPED'];
    });
    expect(summary(removed)).toEqual(['breaking schema Status: enum values removed: FAILED']);
    const added = changesAfter((spec) => {
      spec.components.schemas.Status.enum.push('PENDING');
    });
    expect(summary(added)).toEqual(['change schema Status: enum values added: PENDING']);
    expect(hasBreakingChanges(added)).toBe(false);
  });

  it('reports parameters that became required, and new required ones, as breaking', () => {
    const changes = changesAfter((spec) => {
      const parameters = spec.paths['/instances'].get.parameters;
      parameters[1].required = true;
      parameters.push({ name: 'pageSize', in: 'query', required: true, schema: { type: 'integer' } });
      parameters.push({ name: 'query', in: 'query', schema: { type: 'string' } });
      parameters.push({ name: 'token', in: 'header', required: true, schema: { type: 'string' } });
    });
    expect(summary(changes)).toEqual([
      'breaking GET /instances query parameter name: parameter became required',
      'breaking GET /instances query parameter pageSize: new required parameter',
      'change GET /instances query parameter query: parameter added',
      'breaking GET /instances header parameter token: new required parameter',
    ]);
  });

  it('reports a removed parameter as breaking and one that became optional as a change', () => {
    const changes = changesAfter((spec) => {
      const parameters = spec.paths['/instances'].get.parameters;
      parameters[0].required = false;
      parameters.splice(1, 1);
    });
    expect(summary(changes)).toEqual([
      'change GET /instances query parameter page: parameter became optional',
      'breaking GET /instances query parameter name: parameter removed',
    ]);
  });

  it('reports narrowed types as breaking: a null dropped, number to integer, a new enum', () => {
    const changes = changesAfter((spec) => {
      const properties = spec.components.schemas.Instance.properties;
      properties.phone = { type: 'string' };
      properties.count = { type: 'integer' };
      properties.name = { type: 'string', enum: ['a', 'b'] };
    });
    expect(summary(changes)).toEqual([
      'breaking schema Instance.name: narrowed to the values a, b',
      'breaking schema Instance.phone: type narrowed from null | string to string',
      'breaking schema Instance.count: type narrowed from number to integer',
    ]);
  });

  it('reports changed property and parameter types as breaking', () => {
    const changes = changesAfter((spec) => {
      spec.components.schemas.Instance.properties.id = { type: 'integer' };
      spec.paths['/instances'].get.parameters[1].schema = { type: 'boolean' };
    });
    expect(summary(changes)).toEqual([
      'breaking GET /instances query parameter name: type changed from string to boolean',
      'breaking schema Instance.id: type changed from string to integer',
    ]);
  });

  it('reports a response property that became optional or nullable, or a widened type, as a change', () => {
    const changes = changesAfter((spec) => {
      const instance = spec.components.schemas.Instance;
      instance.required = ['id', 'status'];
      instance.properties.id = { type: ['string', 'null'] };
      instance.properties.count = { type: ['number', 'string'] };
      instance.properties.label = { type: 'string' };
    });
    expect(summary(changes)).toEqual([
      'change schema Instance.id: became nullable',
      'change schema Instance.name: became optional',
      'change schema Instance.count: type widened from number to number | string',
      'change schema Instance.label: property added',
    ]);
    expect(hasBreakingChanges(changes)).toBe(false);
  });

  it('reads OpenAPI 3.0 nullable and allOf compositions', () => {
    const base = makeSpec();
    base.components.schemas.Error = {
      allOf: [{ type: 'object', properties: { message: { type: 'string', nullable: true } } }],
    };
    const head = makeSpec();
    head.components.schemas.Error = { type: 'object', properties: { message: { type: 'string' } } };
    expect(summary(diffSpecs(base, head))).toEqual([
      'breaking schema Error.message: type narrowed from null | string to string',
    ]);
    expect([...schemaTypes(base, { type: 'integer', nullable: true })]).toEqual(['integer', 'null']);
  });

  it('reports removed responses, request bodies that became required, and removed schemas', () => {
    const base = makeSpec();
    base.paths['/instances'].get.requestBody = {
      content: {
        'application/json': { schema: { type: 'object', properties: { tag: { type: 'string' } } } },
      },
    };
    const head = makeSpec();
    delete head.paths['/instances'].get.responses[500];
    head.paths['/instances'].get.requestBody = {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['tag', 'owner'],
            properties: { tag: { type: 'string' }, owner: { type: 'string' } },
          },
        },
      },
    };
    head.components.schemas.Unused = { type: 'string' };
    const changes = diffSpecs(base, head);
    expect(summary(changes)).toEqual([
      'breaking GET /instances request body: request body became required',
      'breaking GET /instances request body application/json.tag: became required',
      'breaking GET /instances request body application/json.owner: new required property',
      'breaking GET /instances response 500: response removed',
      'change schema Unused: schema added',
    ]);
    const withoutSchema = makeSpec();
    delete withoutSchema.components.schemas.Error;
    delete withoutSchema.paths['/instances'].get.responses[401];
    delete withoutSchema.paths['/instances'].get.responses[500];
    expect(summary(diffSpecs(makeSpec(), withoutSchema))).toContain('breaking schema Error: schema removed');
  });

  it('reports a new default base URL, rate limit or authentication as changes', () => {
    const changes = changesAfter((spec) => {
      spec.servers = [{ url: 'https://api2.example.test/v1' }];
      spec['x-rate-limit'] = { requests: 100, perMs: 60000 };
      spec.components.securitySchemes = { bearer: { type: 'http', scheme: 'bearer' } };
    });
    expect(summary(changes)).toEqual([
      'change servers: default base URL changed from https://api.example.test/v1 to https://api2.example.test/v1',
      'change x-rate-limit: changed from none to {"requests":100,"perMs":60000}',
      'change securitySchemes: authentication changed',
    ]);
  });

  it('terminates on recursive schemas', () => {
    const withTree = () => {
      const spec = makeSpec();
      spec.components.schemas.Node = {
        type: 'object',
        properties: {
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
          label: { type: 'string' },
        },
      };
      spec.components.schemas.Instance.properties.tree = { $ref: '#/components/schemas/Node' };
      return spec;
    };
    const head = withTree();
    delete head.components.schemas.Node.properties.label;
    expect(summary(diffSpecs(withTree(), head))).toEqual(['breaking schema Node.label: property removed']);
  });

  it.each(SPEC_NAMES)('finds nothing between the %s spec and itself', (name) => {
    expect(diffSpecs(readSpec(name), readSpec(name))).toEqual([]);
  });

  it.each(SPEC_NAMES.filter((name) => enumSchemaOf(readSpec(name)) !== undefined))(
    'reports an enum value removed from the %s spec once, wherever the schema is used',
    (name) => {
      const head = readSpec(name);
      const schemaName = enumSchemaOf(head);
      const schema = head.components.schemas[schemaName];
      const removed = schema.enum.pop();
      expect(summary(diffSpecs(readSpec(name), head))).toEqual([
        `breaking schema ${schemaName}: enum values removed: ${removed}`,
      ]);
    },
  );

  it.each(SPEC_NAMES)(
    "reports the %s spec's answer dropped and a required property made optional",
    (name) => {
      const head = readSpec(name);
      const [path, item] = Object.entries(head.paths).find(([, methods]) => methods.get !== undefined);
      const status = Object.keys(item.get.responses).at(-1);
      delete item.get.responses[status];
      expect(summary(diffSpecs(readSpec(name), head))).toEqual([
        `breaking GET ${path} response ${status}: response removed`,
      ]);
      const optional = readSpec(name);
      const [schemaName, schema] = Object.entries(optional.components.schemas).find(
        ([, candidate]) => (candidate.required ?? []).length > 0 && candidate.properties !== undefined,
      );
      const property = schema.required.shift();
      expect(summary(diffSpecs(readSpec(name), optional))).toEqual([
        `change schema ${schemaName}.${property}: became optional`,
      ]);
    },
  );

  it('has specs to check', () => {
    expect(SPEC_NAMES.length).toBeGreaterThan(0);
  });
});
