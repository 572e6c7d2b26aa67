/**
 * The simulator's answers against the spec they imitate: every body it sends validates against the
 * schema of its status, so the simulator cannot drift from what the client is typed by.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PHONE_NUMBER_FIELDS } from './whatsapp-cloud-graph-endpoint.js';
import {
  createSimulator,
  DEMO_BUSINESS_ACCOUNT_ID,
  demoToken,
  graphThrottlingFault,
  type WhatsAppCloudSimulator,
} from './whatsapp-cloud-simulator.js';

type JsonObject = Record<string, unknown>;
const spec = parse(
  readFileSync(new URL('../../../specs/whatsapp-cloud.openapi.yaml', import.meta.url), 'utf8'),
) as JsonObject;

/** A copy with every local `$ref` inlined (the spec has no cycles). */
function dereference(node: unknown, depth = 0): unknown {
  if (depth > 50) throw new Error('$ref nesting too deep');
  if (Array.isArray(node)) return node.map((item) => dereference(item, depth + 1));
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, ...rest } = node as JsonObject;
  if (typeof $ref === 'string') {
    const target = $ref
      .slice(2)
      .split('/')
      .reduce<unknown>((current, key) => (current as JsonObject)[key], spec);
    return {
      ...(dereference(target, depth + 1) as JsonObject),
      ...(dereference(rest, depth + 1) as JsonObject),
    };
  }
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, dereference(value, depth + 1)]));
}

const operation = dereference(
  (spec.paths as Record<string, JsonObject>)['/{Version}/{WABA-ID}/phone_numbers']!.get,
) as { responses: Record<string, { content: { 'application/json': { schema: JsonObject } } }> };
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
ajv.addVocabulary(['example']);
const errorSchema = dereference(
  (spec.components as { schemas: JsonObject }).schemas.GraphError,
) as JsonObject;

function validate(status: number, body: unknown): string[] {
  const documented = operation.responses[String(status)];
  // A status the spec does not list (a 503 from a fault) still carries Graph's error body.
  const schema = documented === undefined ? errorSchema : documented.content['application/json'].schema;
  const check = ajv.compile(schema);
  return check(body) ? [] : (check.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

const LIST_URL = `https://graph.facebook.com/v23.0/${DEMO_BUSINESS_ACCOUNT_ID}/phone_numbers`;

const scenarios: [string, number, (simulator: WhatsAppCloudSimulator) => Promise<Response>][] = [
  ['every field, first page', 200, (s) => call(s, `?fields=${PHONE_NUMBER_FIELDS.join(',')}&limit=5`)],
  ['the default fields', 200, (s) => call(s, '')],
  ['a middle page', 200, async (s) => call(s, `?limit=3&after=${await cursorAfter(s, 3)}`)],
  ['a page before', 200, async (s) => call(s, `?limit=3&before=${await cursorAfter(s, 6)}`)],
  ['past the end', 200, async (s) => call(s, `?after=${await cursorAfter(s, 100)}`)],
  ['limit out of range', 400, (s) => call(s, '?limit=500')],
  ['an unknown field', 400, (s) => call(s, '?fields=nope')],
  ['no token', 401, (s) => call(s, '', null)],
  ['a wrong token', 401, (s) => call(s, '', 'wrong')],
  [
    'another business account',
    404,
    (s) => s.fetch(LIST_URL.replace(DEMO_BUSINESS_ACCOUNT_ID, '7'), auth(demoToken)),
  ],
  ['throttled (80007, HTTP 400)', 400, (s) => fault(s, graphThrottlingFault({ minutesToRegain: 3 }))],
  ['throttled (4, HTTP 429)', 429, (s) => fault(s, graphThrottlingFault({ code: 4, status: 429 }))],
  ['a bare 503 fault', 503, (s) => fault(s, { type: 'status', status: 503 })],
  ['a bare 500 fault', 500, (s) => fault(s, { type: 'status', status: 500 })],
];

function auth(token: string | null): RequestInit {
  return { headers: token === null ? {} : { authorization: `Bearer ${token}` } };
}

function call(simulator: WhatsAppCloudSimulator, query: string, token: string | null = demoToken) {
  return simulator.fetch(`${LIST_URL}${query}`, auth(token));
}

function fault(
  simulator: WhatsAppCloudSimulator,
  injected: Parameters<WhatsAppCloudSimulator['injectFault']>[0],
) {
  simulator.injectFault(injected);
  return call(simulator, '');
}

/** The `after` cursor ending at item `count` (all of them when there are fewer). */
async function cursorAfter(simulator: WhatsAppCloudSimulator, count: number): Promise<string> {
  const response = await call(simulator, `?limit=${Math.min(count, 100)}`);
  const body = (await response.json()) as { paging: { cursors: { after: string } } };
  return encodeURIComponent(body.paging.cursors.after);
}

describe('the WhatsApp Cloud simulator against its spec', () => {
  it.each(scenarios)(
    '%s: the documented status and a body valid against its schema',
    async (_name, status, run) => {
      const simulator = createSimulator({ count: 9, seed: 5 });
      const response = await run(simulator);
      expect(response.status).toBe(status);
      expect(validate(status, await response.json())).toEqual([]);
    },
  );

  it('sends fake numbers that each validate as a list item', () => {
    const simulator = createSimulator({ count: 300, seed: 9 });
    expect(validate(200, { data: simulator.instances })).toEqual([]);
  });
});
