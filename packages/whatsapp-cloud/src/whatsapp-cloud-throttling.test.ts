import { describe, expect, it } from 'vitest';
import { createGraphThrottlingFetches } from './whatsapp-cloud-throttling.js';

const throttlingBody = JSON.stringify({
  error: { message: '(#80007) Rate limit issues', type: 'OAuthException', code: 80007 },
});
const usage = JSON.stringify({ '1': [{ type: 'whatsapp', estimated_time_to_regain_access: 2 }] });

/** The stand-in the transport would see, and what openapi-fetch then gets back through `above`. */
async function roundTrip(answer: () => Response) {
  const fetches = createGraphThrottlingFetches();
  const below = fetches.below(async () => answer());
  let seenByTransport: Response | undefined;
  const above = fetches.above(async (input, init) => {
    seenByTransport = await below(input, init);
    return seenByTransport;
  });
  const final = await above('https://graph.facebook.com/v23.0/1/phone_numbers');
  return { seenByTransport: seenByTransport!, final };
}

describe('createGraphThrottlingFetches', () => {
  it('shows the transport a throttling 400 as a 429 with the announced wait, and gives back Graph’s answer', async () => {
    const { seenByTransport, final } = await roundTrip(
      () =>
        new Response(throttlingBody, {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'content-type': 'application/json', 'x-business-use-case-usage': usage },
        }),
    );
    expect(seenByTransport.status).toBe(429);
    expect(seenByTransport.headers.get('retry-after-ms')).toBe('120000');
    expect(final.status).toBe(400);
    expect(final.statusText).toBe('Bad Request');
    expect(final.headers.get('retry-after-ms')).toBeNull();
    expect(final.headers.get('x-business-use-case-usage')).toBe(usage);
    expect([...final.headers.keys()].filter((name) => name.startsWith('x-switchboard'))).toEqual([]);
    expect(await final.text()).toBe(throttlingBody);
  });

  it('leaves successes, other errors and bodies too large to peek at untouched', async () => {
    const html = `<html>${'x'.repeat(200_000)}</html>`;
    const bigThrottling = JSON.stringify({ error: { code: 80007, message: 'y'.repeat(70_000) } });
    for (const [status, body] of [
      [200, '{"data":[]}'],
      [502, html],
      [400, '{"error":{"code":100,"message":"bad limit"}}'],
      [400, bigThrottling],
    ] as const) {
      const { seenByTransport, final } = await roundTrip(() => new Response(body, { status }));
      expect(seenByTransport.status).toBe(status);
      expect(final.status).toBe(status);
      expect(await final.text()).toBe(body);
    }
  });

  it('keeps a retry-after-ms Graph sent itself, and survives a transport that rebuilds the answer', async () => {
    const fetches = createGraphThrottlingFetches();
    const below = fetches.below(
      async () =>
        new Response(throttlingBody, {
          status: 400,
          headers: { 'x-business-use-case-usage': usage, 'retry-after-ms': '7' },
        }),
    );
    const above = fetches.above(async (input, init) => {
      const standIn = await below(input, init);
      // As the runtime's transport does once it has read the body under maxResponseBytes.
      return new Response(await standIn.arrayBuffer(), standIn);
    });
    const final = await above('https://graph.facebook.com/v23.0/1/phone_numbers');
    expect(final.status).toBe(400);
    expect(final.headers.get('retry-after-ms')).toBe('7');
    expect(await final.text()).toBe(throttlingBody);
  });

  it('adds no wait when Graph announces none, so the transport backs off on its own', async () => {
    const { seenByTransport, final } = await roundTrip(() => new Response(throttlingBody, { status: 400 }));
    expect(seenByTransport.status).toBe(429);
    expect(seenByTransport.headers.has('retry-after-ms')).toBe(false);
    expect(final.status).toBe(400);
  });
});
