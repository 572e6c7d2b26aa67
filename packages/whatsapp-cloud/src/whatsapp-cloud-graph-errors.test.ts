import { describe, expect, it } from 'vitest';
import errorExamples from './__fixtures__/whatsapp-cloud-error-examples.json' with { type: 'json' };
import {
  classifyGraphError,
  GRAPH_THROTTLING_CODES,
  readBusinessUseCaseWaitMs,
  readGraphErrorFields,
} from './whatsapp-cloud-graph-errors.js';

const usage = (records: Record<string, unknown>) =>
  new Headers({ 'X-Business-Use-Case-Usage': JSON.stringify(records) });

describe('readBusinessUseCaseWaitMs', () => {
  it('reads the longest estimated_time_to_regain_access, in minutes, of any business and use case', () => {
    const headers = usage({
      '102290129340398': [
        { type: 'whatsapp', call_count: 100, estimated_time_to_regain_access: 2 },
        { type: 'management', call_count: 40, estimated_time_to_regain_access: 0 },
      ],
      '555': [{ type: 'whatsapp', estimated_time_to_regain_access: 5 }],
    });
    expect(readBusinessUseCaseWaitMs(headers)).toBe(300_000);
  });

  it.each([
    ['absent', new Headers()],
    ['not JSON', new Headers({ 'X-Business-Use-Case-Usage': '{oops' })],
    ['an array', new Headers({ 'X-Business-Use-Case-Usage': '[1]' })],
    ['no wait', usage({ '1': [{ type: 'whatsapp', estimated_time_to_regain_access: 0 }] })],
    ['a text wait', usage({ '1': [{ estimated_time_to_regain_access: '3' }] })],
    ['records not in an array', usage({ '1': { estimated_time_to_regain_access: 3 } })],
  ])('announces no wait when the header is %s', (_case, headers) => {
    expect(readBusinessUseCaseWaitMs(headers)).toBeUndefined();
  });
});

describe('classifyGraphError', () => {
  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    classifyGraphError(new Response(JSON.stringify(body), { status, headers }), body);

  it.each([...GRAPH_THROTTLING_CODES])('calls code %i a rate limit, whatever the status', (code) => {
    expect(respond(400, { error: { message: 'limit', code, fbtrace_id: 'AXt' } })).toEqual({
      kind: 'rate_limited',
      requestId: 'AXt',
    });
  });

  it('gives a throttling error the wait of the usage header', () => {
    const body = errorExamples[400].business_account_throttled;
    const headers = {
      'x-business-use-case-usage': JSON.stringify({ '1': [{ estimated_time_to_regain_access: 1 }] }),
    };
    expect(respond(400, body, headers)).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
      requestId: 'AXsgnV2Cm3ZMGF3dF_cfYIn',
    });
  });

  it('calls code 190 an authentication failure, and other codes only by their request id', () => {
    expect(respond(401, errorExamples[401].default)).toEqual({
      kind: 'authentication',
      requestId: 'AXsgnV2Cm3ZMGF3dF_cfYIn',
    });
    expect(respond(403, errorExamples[403].default)).toEqual({ requestId: 'AXsgnV2Cm3ZMGF3dF_cfYIn' });
  });

  it('takes the x-fb-trace-id header when the body has no fbtrace_id, and says nothing of other bodies', () => {
    expect(respond(500, { error: { message: 'boom', code: 2 } }, { 'x-fb-trace-id': 'AXheader' })).toEqual({
      requestId: 'AXheader',
    });
    expect(respond(502, '<html>bad gateway</html>')).toBeUndefined();
    expect(respond(400, { error: 'text' })).toBeUndefined();
    expect(respond(400, { error: { code: '80007' } })).toBeUndefined();
  });
});

describe('readGraphErrorFields', () => {
  it('reads own fields only', () => {
    expect(readGraphErrorFields(Object.create({ error: { code: 4 } }))).toBeUndefined();
    expect(readGraphErrorFields({ error: { code: 4.5, fbtrace_id: '  ' } })).toEqual({
      code: undefined,
      traceId: undefined,
    });
  });
});
