import { HttpResponse, http as mswHttp } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import errorExamples from './__fixtures__/whatsapp-cloud-error-examples.json' with { type: 'json' };
import listExample from './__fixtures__/whatsapp-cloud-list-example.json' with { type: 'json' };
import { createWhatsAppCloudClient, whatsAppCloudMetadata } from './whatsapp-cloud-client.js';

const BASE_URL = 'https://graph.facebook.com';
const PHONE_NUMBERS = '/{Version}/{WABA-ID}/phone_numbers';
const server = setupServer();
const seen: Request[] = [];
const params = { path: { Version: 'v23.0', 'WABA-ID': '102290129340398' } };

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

/** A usage header announcing `minutes` before the business regains access. */
function usageHeader(minutes: number): string {
  return JSON.stringify({
    '102290129340398': [
      {
        type: 'whatsapp',
        call_count: 100,
        total_cputime: 10,
        total_time: 10,
        estimated_time_to_regain_access: minutes,
      },
    ],
  });
}

// openapi-msw cannot match this path (msw reads `:WABA-ID` as a parameter named `WABA`), so msw's own.
/** Answers each request with the next of `answers`, the last one over and over. */
function answerInTurn(...answers: (() => Response)[]) {
  server.use(
    mswHttp.get(`${BASE_URL}/:version/:business/phone_numbers`, ({ request }) => {
      seen.push(request);
      const answer = answers[Math.min(seen.length, answers.length) - 1]!;
      return answer();
    }),
  );
}

const throttled =
  (status: number, code: number, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json(
      {
        error: {
          message: `(#${code}) Rate limit issues`,
          type: 'OAuthException',
          code,
          fbtrace_id: 'AXthrottle',
        },
      },
      { status, headers },
    );
const listed = () => HttpResponse.json(listExample, { headers: { 'x-fb-trace-id': 'AXok' } });

describe('createWhatsAppCloudClient', () => {
  it('sends a bearer token to the versioned business account path of the spec server', async () => {
    answerInTurn(listed);
    const client = createWhatsAppCloudClient({ token: 'EAAB-system-user', rateLimit: false });
    await client.GET(PHONE_NUMBERS, {
      params: { ...params, query: { fields: 'id,status', limit: 100, after: 'MTAx' } },
    });
    const url = new URL(seen[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE_URL}/v23.0/102290129340398/phone_numbers`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      fields: 'id,status',
      limit: '100',
      after: 'MTAx',
    });
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer EAAB-system-user');
    expect(whatsAppCloudMetadata.defaultBaseUrl).toBe(BASE_URL);
  });

  it('parses the published example into typed data, values outside the published enums included', async () => {
    answerInTurn(listed);
    const client = createWhatsAppCloudClient({ token: 'EAAB-system-user', rateLimit: false });
    const { data, error } = await client.GET(PHONE_NUMBERS, { params });
    expect(error).toBeUndefined();
    expect(data?.data.map((number) => number.status)).toEqual(['LINKED', 'PENDING']);
    expect(data?.data[1]?.quality_rating).toBe('UNKNOWN');
    expect(data?.data[1]?.code_verification_status).toBe('NOT_VERIFIED');
    expect(data?.paging?.cursors?.after).toBe('MTAxNTExOTQ1MjAwNzI5NDE=');
    expect(data?.paging?.next).toBeUndefined();
  });

  it.each(
    Object.entries(errorExamples).flatMap(([status, examples]) =>
      Object.entries(examples)
        .filter(([, body]) => ![4, 80007].includes(body.error.code))
        .map(([name, body]) => [Number(status), name, body] as const),
    ),
  )('surfaces a published %i (%s) as { error, response } with Graph’s body', async (status, _name, body) => {
    answerInTurn(() => HttpResponse.json(body, { status }));
    const client = createWhatsAppCloudClient({ token: 'EAAB-system-user', rateLimit: false, maxRetries: 0 });
    const { data, error, response } = await client.GET(PHONE_NUMBERS, { params });
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error).toEqual(body);
  });

  it('retries a throttling HTTP 400 (code 80007) like a 429, after the wait the usage header announces', async () => {
    // 0.0005 minutes: 30 ms, a real wait far below the test timeout.
    answerInTurn(
      throttled(400, 80007, { 'x-business-use-case-usage': usageHeader(0.0005) }),
      throttled(400, 4),
      listed,
    );
    const client = createWhatsAppCloudClient({ token: 'EAAB-system-user', rateLimit: false, maxRetries: 2 });
    const startedAt = Date.now();
    const { data, response } = await client.GET(PHONE_NUMBERS, { params });
    expect(response.status).toBe(200);
    expect(data?.data).toHaveLength(2);
    expect(seen).toHaveLength(3);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(25);
  });

  it('gives back Graph’s own status and headers once the retries run out', async () => {
    answerInTurn(throttled(400, 80007, { 'x-business-use-case-usage': usageHeader(0.0001) }));
    const client = createWhatsAppCloudClient({ token: 'EAAB-system-user', rateLimit: false, maxRetries: 1 });
    const { error, response } = await client.GET(PHONE_NUMBERS, { params });
    expect(seen).toHaveLength(2);
    expect(response.status).toBe(400);
    expect(response.headers.get('retry-after-ms')).toBeNull();
    expect(response.headers.get('x-business-use-case-usage')).toBe(usageHeader(0.0001));
    expect(error).toMatchObject({ error: { code: 80007, fbtrace_id: 'AXthrottle' } });
  });

  it.each([
    [400, 80007],
    [429, 4],
  ])('does not wait out an announced wait over 60 s (HTTP %i, code %i)', async (status, code) => {
    answerInTurn(throttled(status, code, { 'x-business-use-case-usage': usageHeader(2) }));
    const client = createWhatsAppCloudClient({ token: 'EAAB-system-user', rateLimit: false, maxRetries: 2 });
    const { error, response } = await client.GET(PHONE_NUMBERS, { params });
    expect(seen).toHaveLength(1);
    expect(response.status).toBe(status);
    expect(error).toMatchObject({ error: { code } });
  });

  it('does not retry an error whose code is not throttling, whatever its status', async () => {
    answerInTurn(() => HttpResponse.json(errorExamples[400].limit_out_of_range, { status: 400 }));
    const client = createWhatsAppCloudClient({ token: 'EAAB-system-user', rateLimit: false, maxRetries: 2 });
    const { response } = await client.GET(PHONE_NUMBERS, { params });
    expect(seen).toHaveLength(1);
    expect(response.status).toBe(400);
  });

  it('declares bearer auth, no rate limit and no secret fields from the spec', () => {
    expect(whatsAppCloudMetadata.rateLimit).toBeNull();
    expect(whatsAppCloudMetadata.secretFields).toEqual([]);
  });

  it('refuses bad options with a ValidationError that never quotes the token', () => {
    expect(() => createWhatsAppCloudClient({ token: '' })).toThrow(/`token`/);
    expect(() => createWhatsAppCloudClient({ token: 'EAAB', fetch: 'nope' as never })).toThrow(/`fetch`/);
    expect(() => createWhatsAppCloudClient(null as never)).toThrow(/options must be an object/);
  });
});
