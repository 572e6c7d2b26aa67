import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { SimulatedProvider } from '../providers.js';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

type JsonObject = { [key: string]: unknown };

interface OpenApiDocument extends JsonObject {
  paths: Record<string, Record<string, { responses: Record<string, JsonObject> }>>;
  components?: { schemas?: Record<string, JsonObject> };
}

const specsFolder = new URL('../../../../specs/', import.meta.url);

export function readSpec(provider: SimulatedProvider): OpenApiDocument {
  return parse(readFileSync(new URL(`${provider}.openapi.yaml`, specsFolder), 'utf8')) as OpenApiDocument;
}

/** The value a local `$ref` (`#/components/schemas/X`) points at. */
function resolvePointer(document: JsonObject, reference: string): unknown {
  if (!reference.startsWith('#/')) throw new Error(`Only local $refs are supported, not ${reference}`);
  return reference
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => {
      if (typeof node !== 'object' || node === null || !(part in node)) {
        throw new Error(`Unresolvable $ref ${reference}`);
      }
      return (node as JsonObject)[part];
    }, document);
}

/** A copy of a schema with every local `$ref` inlined (the specs have no cycles). */
export function dereference(document: JsonObject, node: unknown, depth = 0): unknown {
  if (depth > 50) throw new Error('$ref nesting too deep: a cycle?');
  if (Array.isArray(node)) return node.map((item) => dereference(document, item, depth + 1));
  if (typeof node !== 'object' || node === null) return node;
  const object = node as JsonObject;
  if (typeof object.$ref === 'string') {
    const { $ref, ...siblings } = object;
    const target = dereference(document, resolvePointer(document, $ref), depth + 1) as JsonObject;
    return { ...target, ...(dereference(document, siblings, depth + 1) as JsonObject) };
  }
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [key, dereference(document, value, depth + 1)]),
  );
}

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  // OpenAPI's annotations and the specs' extensions, which JSON Schema does not know.
  ajv.addVocabulary(['example', 'x-secret']);
  return ajv;
}

export interface SpecValidator {
  readonly document: OpenApiDocument;
  /** The statuses the spec documents for an operation. */
  documentedStatuses(path: string, method: string): string[];
  /** Errors of a body against the response schema of that status; undefined when it is valid. */
  validateBody(path: string, method: string, status: number, body: unknown): string[] | undefined;
  /** Errors of a body against a named component schema (the error schema for undocumented statuses). */
  validateComponent(name: string, body: unknown): string[] | undefined;
  /** The response headers the spec declares for that status, with their (dereferenced) schemas. */
  documentedHeaders(path: string, method: string, status: number): Record<string, JsonObject>;
}

export function createSpecValidator(provider: SimulatedProvider): SpecValidator {
  const document = readSpec(provider);
  const ajv = createAjv();
  const cache = new Map<string, ValidateFunction>();
  const describe = (validate: ValidateFunction) =>
    validate.errors?.map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`.trim());
  const compile = (key: string, schema: unknown): ValidateFunction => {
    let validate = cache.get(key);
    if (validate === undefined) {
      validate = ajv.compile(dereference(document, schema) as JsonObject);
      cache.set(key, validate);
    }
    return validate;
  };
  const operation = (path: string, method: string) => {
    const found = document.paths[path]?.[method.toLowerCase()];
    if (found === undefined) throw new Error(`${provider} spec has no ${method} ${path}`);
    return found;
  };
  return {
    document,
    documentedStatuses: (path, method) => Object.keys(operation(path, method).responses),
    validateBody(path, method, status, body) {
      const response = operation(path, method).responses[String(status)];
      if (response === undefined) return [`status ${status} is not documented for ${method} ${path}`];
      const resolved = dereference(document, response) as JsonObject;
      const schema = (resolved.content as Record<string, { schema?: unknown }> | undefined)?.[
        'application/json'
      ]?.schema;
      if (schema === undefined) return [`status ${status} documents no JSON body`];
      const validate = compile(`${path} ${method} ${status}`, schema);
      return validate(body) ? undefined : describe(validate);
    },
    validateComponent(name, body) {
      const schema = document.components?.schemas?.[name];
      if (schema === undefined) throw new Error(`${provider} spec has no component schema ${name}`);
      const validate = compile(`#${name}`, schema);
      return validate(body) ? undefined : describe(validate);
    },
    documentedHeaders(path, method, status) {
      const response = dereference(
        document,
        operation(path, method).responses[String(status)] ?? {},
      ) as JsonObject;
      const headers = (response.headers ?? {}) as Record<string, JsonObject>;
      return headers;
    },
  };
}
