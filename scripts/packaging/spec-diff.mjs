// Compares two versions of an OpenAPI 3.x document (parsed objects) and lists what a user of the
// generated client would notice. Pure: no file or git access, so that it can be tested on small specs.
//
// Severity `breaking`: code written against the old spec may stop compiling or working:
//   removed paths, operations, responses, media types, parameters, properties and schemas; removed
//   enum values; parameters or request properties that became required (or new required ones);
//   narrowed types (`string | null` -> `string`, `number` -> `integer`, any -> string, a new enum);
//   changed types (`string` -> `integer`).
// Severity `change`: user-visible but compatible: additions, a new optional parameter, a response
// property that became optional or nullable, widened types, a new default base URL or rate limit.
// Reading chosen for response properties that become optional or nullable: reported as a `change`
// (a changeset is still asked for), not as breaking, as the brief of this check decided; strict
// TypeScript consumers reading such a field will see new `undefined` or `null` in its type.
// Descriptions, examples, summaries and validation keywords (pattern, minimum…) are not compared:
// they change no generated type.

/** @typedef {'breaking' | 'change'} Severity */
/** @typedef {{ severity: Severity, location: string, message: string }} SpecChange */
/** @typedef {'request' | 'response'} Direction */

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * @param {Record<string, any>} base the spec before
 * @param {Record<string, any>} head the spec after
 * @returns {SpecChange[]}
 */
export function diffSpecs(base, head) {
  const changes = [];
  const visitedSchemaPairs = new Set();
  const add = (severity, location, message) => changes.push({ severity, location, message });

  compareTopLevel(base, head, add);

  const basePaths = base.paths ?? {};
  const headPaths = head.paths ?? {};
  for (const path of Object.keys(basePaths)) {
    if (!(path in headPaths)) add('breaking', path, 'path removed');
  }
  for (const path of Object.keys(headPaths)) {
    if (!(path in basePaths)) add('change', path, 'path added');
  }
  for (const path of Object.keys(basePaths).filter((candidate) => candidate in headPaths)) {
    const basePathItem = resolve(base, basePaths[path]);
    const headPathItem = resolve(head, headPaths[path]);
    for (const method of HTTP_METHODS) {
      const location = `${method.toUpperCase()} ${path}`;
      const baseOperation = basePathItem?.[method];
      const headOperation = headPathItem?.[method];
      if (baseOperation && !headOperation) add('breaking', location, 'operation removed');
      else if (!baseOperation && headOperation) add('change', location, 'operation added');
      else if (baseOperation && headOperation) {
        const context = { base, head, add, visitedSchemaPairs };
        compareParameters(context, location, basePathItem, baseOperation, headPathItem, headOperation);
        compareRequestBodies(context, location, baseOperation.requestBody, headOperation.requestBody);
        compareResponses(context, location, baseOperation.responses ?? {}, headOperation.responses ?? {});
      }
    }
  }

  // The packages export the generated `components` type, so a schema no operation reaches is still
  // public: compare every schema the operations did not already reach.
  const baseSchemas = base.components?.schemas ?? {};
  const headSchemas = head.components?.schemas ?? {};
  for (const name of Object.keys(baseSchemas)) {
    if (!(name in headSchemas)) add('breaking', `schema ${name}`, 'schema removed');
  }
  for (const name of Object.keys(headSchemas)) {
    if (!(name in baseSchemas)) add('change', `schema ${name}`, 'schema added');
  }
  for (const name of Object.keys(baseSchemas).filter((candidate) => candidate in headSchemas)) {
    const reference = `#/components/schemas/${name}`;
    const alreadyCompared = [...visitedSchemaPairs].some((key) =>
      key.startsWith(`${reference}|${reference}|`),
    );
    if (alreadyCompared) continue;
    compareSchemas(
      { base, head, add, visitedSchemaPairs },
      `schema ${name}`,
      { $ref: reference },
      { $ref: reference },
      'response',
    );
  }
  return deduplicate(changes);
}

/**
 * One line per location and message: a schema used both in requests and in responses is compared in
 * both directions, and the breaking reading wins.
 */
function deduplicate(changes) {
  const byKey = new Map();
  for (const change of changes) {
    const key = `${change.location}\u0000${change.message}`;
    const known = byKey.get(key);
    if (!known || (known.severity === 'change' && change.severity === 'breaking')) byKey.set(key, change);
  }
  return [...byKey.values()];
}

/** True when any change is breaking. */
export function hasBreakingChanges(changes) {
  return changes.some((change) => change.severity === 'breaking');
}

function compareTopLevel(base, head, add) {
  const baseUrl = base.servers?.[0]?.url;
  const headUrl = head.servers?.[0]?.url;
  if (baseUrl !== headUrl) {
    add('change', 'servers', `default base URL changed from ${baseUrl ?? 'none'} to ${headUrl ?? 'none'}`);
  }
  for (const extension of ['x-rate-limit', 'x-switchboard-item-schema']) {
    if (JSON.stringify(base[extension]) !== JSON.stringify(head[extension])) {
      add(
        'change',
        extension,
        `changed from ${describeValue(base[extension])} to ${describeValue(head[extension])}`,
      );
    }
  }
  const baseSchemes = base.components?.securitySchemes;
  const headSchemes = head.components?.securitySchemes;
  if (JSON.stringify(stripDocumentation(baseSchemes)) !== JSON.stringify(stripDocumentation(headSchemes))) {
    add('change', 'securitySchemes', 'authentication changed');
  }
}

function describeValue(value) {
  return value === undefined ? 'none' : JSON.stringify(value);
}

function stripDocumentation(value) {
  if (Array.isArray(value)) return value.map(stripDocumentation);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !['description', 'summary', 'example', 'examples', 'title'].includes(key))
      .map(([key, nested]) => [key, stripDocumentation(nested)]),
  );
}

/** Follows local `$ref`s (`#/components/...`) to the object they name; anything else is returned as is. */
export function resolve(document, value) {
  let current = value;
  const seen = new Set();
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    if (seen.has(current.$ref) || !current.$ref.startsWith('#/')) break;
    seen.add(current.$ref);
    current = current.$ref
      .slice(2)
      .split('/')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((node, key) => node?.[key], document);
  }
  return current;
}

function parameterMap(document, pathItem, operation) {
  const parameters = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = resolve(document, raw);
    if (parameter?.name && parameter?.in)
      parameters.set(`${parameter.in} parameter ${parameter.name}`, parameter);
  }
  return parameters;
}

function compareParameters(context, location, basePathItem, baseOperation, headPathItem, headOperation) {
  const { add } = context;
  const baseParameters = parameterMap(context.base, basePathItem, baseOperation);
  const headParameters = parameterMap(context.head, headPathItem, headOperation);
  for (const [key, parameter] of baseParameters) {
    const headParameter = headParameters.get(key);
    const where = `${location} ${key}`;
    if (!headParameter) {
      add('breaking', where, 'parameter removed');
      continue;
    }
    const wasRequired = parameter.required === true || parameter.in === 'path';
    const isRequired = headParameter.required === true || headParameter.in === 'path';
    if (!wasRequired && isRequired) add('breaking', where, 'parameter became required');
    if (wasRequired && !isRequired) add('change', where, 'parameter became optional');
    compareSchemas(context, where, parameter.schema, headParameter.schema, 'request');
  }
  for (const [key, parameter] of headParameters) {
    if (baseParameters.has(key)) continue;
    const required = parameter.required === true || parameter.in === 'path';
    add(
      required ? 'breaking' : 'change',
      `${location} ${key}`,
      required ? 'new required parameter' : 'parameter added',
    );
  }
}

function compareContent(context, location, baseContent, headContent, direction) {
  const { add } = context;
  for (const mediaType of Object.keys(baseContent ?? {})) {
    if (!(mediaType in (headContent ?? {})))
      add('breaking', `${location} ${mediaType}`, 'media type removed');
  }
  for (const mediaType of Object.keys(headContent ?? {})) {
    if (!(mediaType in (baseContent ?? {}))) add('change', `${location} ${mediaType}`, 'media type added');
  }
  for (const mediaType of Object.keys(baseContent ?? {}).filter((type) => type in (headContent ?? {}))) {
    compareSchemas(
      context,
      `${location} ${mediaType}`,
      baseContent[mediaType]?.schema,
      headContent[mediaType]?.schema,
      direction,
    );
  }
}

function compareRequestBodies(context, location, baseBodyRaw, headBodyRaw) {
  const { add } = context;
  const baseBody = resolve(context.base, baseBodyRaw);
  const headBody = resolve(context.head, headBodyRaw);
  const where = `${location} request body`;
  if (!baseBody && !headBody) return;
  if (baseBody && !headBody) return add('breaking', where, 'request body removed');
  if (!baseBody && headBody) {
    return add(
      headBody.required ? 'breaking' : 'change',
      where,
      headBody.required ? 'new required request body' : 'request body added',
    );
  }
  if (!baseBody.required && headBody.required) add('breaking', where, 'request body became required');
  compareContent(context, where, baseBody.content, headBody.content, 'request');
}

function compareResponses(context, location, baseResponses, headResponses) {
  const { add } = context;
  for (const status of Object.keys(baseResponses)) {
    if (!(status in headResponses)) add('breaking', `${location} response ${status}`, 'response removed');
  }
  for (const status of Object.keys(headResponses)) {
    if (!(status in baseResponses)) add('change', `${location} response ${status}`, 'response added');
  }
  for (const status of Object.keys(baseResponses).filter((candidate) => candidate in headResponses)) {
    const baseResponse = resolve(context.base, baseResponses[status]);
    const headResponse = resolve(context.head, headResponses[status]);
    compareContent(
      context,
      `${location} response ${status}`,
      baseResponse?.content,
      headResponse?.content,
      'response',
    );
  }
}

/** Merges `allOf` members into one schema, so that composition and inline forms compare alike. */
function flatten(document, rawSchema) {
  const schema = resolve(document, rawSchema);
  if (!schema || typeof schema !== 'object' || !Array.isArray(schema.allOf)) return schema;
  const merged = { ...schema, allOf: undefined, properties: { ...(schema.properties ?? {}) } };
  const required = new Set(schema.required ?? []);
  for (const member of schema.allOf) {
    const part = flatten(document, member) ?? {};
    Object.assign(merged.properties, part.properties ?? {});
    for (const name of part.required ?? []) required.add(name);
    for (const key of ['type', 'enum', 'const', 'items', 'nullable', 'additionalProperties']) {
      if (merged[key] === undefined && part[key] !== undefined) merged[key] = part[key];
    }
  }
  merged.required = [...required];
  return merged;
}

/**
 * The JSON types a schema allows; `any` when it says nothing. `nullable: true` (OpenAPI 3.0) and a
 * `null` member of `type` (3.1) both allow null.
 */
export function schemaTypes(document, rawSchema) {
  const schema = flatten(document, rawSchema);
  if (schema === true || schema === undefined || schema === null) return new Set(['any']);
  if (schema === false) return new Set();
  const types = new Set();
  if (Array.isArray(schema.type)) for (const type of schema.type) types.add(type);
  else if (typeof schema.type === 'string') types.add(schema.type);
  else if (schema.const !== undefined) types.add(jsonType(schema.const));
  else if (Array.isArray(schema.enum) && schema.enum.length > 0)
    for (const value of schema.enum) types.add(jsonType(value));
  else if (schema.properties || schema.additionalProperties !== undefined) types.add('object');
  else if (schema.items) types.add('array');
  for (const variant of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    for (const type of schemaTypes(document, variant)) types.add(type);
  }
  if (schema.nullable === true) types.add('null');
  if (types.size === 0) types.add('any');
  return types;
}

function jsonType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Whether a value of type `type` is allowed by a schema allowing `types` (integer fits number). */
function covers(types, type) {
  if (types.has('any') || types.has(type)) return true;
  return type === 'integer' && types.has('number');
}

function describeTypes(types) {
  return [...types].sort().join(' | ');
}

function allowedValues(schema) {
  if (!schema || typeof schema !== 'object') return undefined;
  if (schema.const !== undefined) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function compareSchemas(context, location, baseRaw, headRaw, direction) {
  const { add, base, head, visitedSchemaPairs } = context;
  if (baseRaw === undefined && headRaw === undefined) return;
  // A pair of named schemas is compared once per direction, under its own name: this stops recursive
  // schemas, and reports a change of a shared schema once rather than at every place that uses it.
  let where = location;
  if (typeof baseRaw?.$ref === 'string' && typeof headRaw?.$ref === 'string') {
    const key = `${baseRaw.$ref}|${headRaw.$ref}|${direction}`;
    if (visitedSchemaPairs.has(key)) return;
    visitedSchemaPairs.add(key);
    if (baseRaw.$ref === headRaw.$ref) where = `schema ${baseRaw.$ref.split('/').pop()}`;
  }
  const baseSchema = flatten(base, baseRaw);
  const headSchema = flatten(head, headRaw);

  const baseTypes = schemaTypes(base, baseSchema);
  const headTypes = schemaTypes(head, headSchema);
  const removed = [...baseTypes].filter((type) => !covers(headTypes, type));
  const added = [...headTypes].filter((type) => !covers(baseTypes, type));
  const typeText = `from ${describeTypes(baseTypes)} to ${describeTypes(headTypes)}`;
  if (removed.length > 0 && added.length > 0) add('breaking', where, `type changed ${typeText}`);
  else if (removed.length > 0) add('breaking', where, `type narrowed ${typeText}`);
  else if (added.length === 1 && added[0] === 'null') add('change', where, 'became nullable');
  else if (added.length > 0) add('change', where, `type widened ${typeText}`);

  const baseValues = allowedValues(baseSchema);
  const headValues = allowedValues(headSchema);
  if (baseValues && headValues) {
    const removedValues = baseValues.filter((value) => !headValues.some((other) => Object.is(other, value)));
    const addedValues = headValues.filter((value) => !baseValues.some((other) => Object.is(other, value)));
    if (removedValues.length > 0)
      add('breaking', where, `enum values removed: ${removedValues.map(String).join(', ')}`);
    if (addedValues.length > 0)
      add('change', where, `enum values added: ${addedValues.map(String).join(', ')}`);
  } else if (!baseValues && headValues) {
    add('breaking', where, `narrowed to the values ${headValues.map(String).join(', ')}`);
  } else if (baseValues && !headValues) {
    add('change', where, 'no longer limited to a list of values');
  }

  if (!baseSchema || !headSchema || typeof baseSchema !== 'object' || typeof headSchema !== 'object') return;

  const baseProperties = baseSchema.properties ?? {};
  const headProperties = headSchema.properties ?? {};
  const baseRequired = new Set(baseSchema.required ?? []);
  const headRequired = new Set(headSchema.required ?? []);
  for (const name of Object.keys(baseProperties)) {
    const property = `${where}.${name}`;
    if (!(name in headProperties)) {
      add('breaking', property, 'property removed');
      continue;
    }
    if (baseRequired.has(name) && !headRequired.has(name)) add('change', property, 'became optional');
    if (!baseRequired.has(name) && headRequired.has(name)) {
      add(direction === 'request' ? 'breaking' : 'change', property, 'became required');
    }
    compareSchemas(context, property, baseProperties[name], headProperties[name], direction);
  }
  for (const name of Object.keys(headProperties)) {
    if (name in baseProperties) continue;
    const required = headRequired.has(name) && direction === 'request';
    add(
      required ? 'breaking' : 'change',
      `${where}.${name}`,
      required ? 'new required property' : 'property added',
    );
  }

  if (baseSchema.items !== undefined || headSchema.items !== undefined) {
    compareSchemas(context, `${where}[]`, baseSchema.items, headSchema.items, direction);
  }
  const baseExtra = baseSchema.additionalProperties;
  const headExtra = headSchema.additionalProperties;
  if (typeof baseExtra === 'object' && typeof headExtra === 'object') {
    compareSchemas(context, `${where}[*]`, baseExtra, headExtra, direction);
  } else if (baseExtra !== undefined && baseExtra !== false && headExtra === false) {
    add(direction === 'request' ? 'breaking' : 'change', where, 'no longer allows other properties');
  }

  for (const keyword of ['oneOf', 'anyOf']) {
    const baseVariants = baseSchema[keyword] ?? [];
    const headVariants = headSchema[keyword] ?? [];
    if (baseVariants.length > headVariants.length) {
      add('breaking', where, `${keyword} lost ${baseVariants.length - headVariants.length} variant(s)`);
    } else if (headVariants.length > baseVariants.length) {
      add('change', where, `${keyword} gained ${headVariants.length - baseVariants.length} variant(s)`);
    }
    for (let index = 0; index < Math.min(baseVariants.length, headVariants.length); index++) {
      compareSchemas(
        context,
        `${where} (${keyword}[${index}])`,
        baseVariants[index],
        headVariants[index],
        direction,
      );
    }
  }
}
