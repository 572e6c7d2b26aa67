import { defaultHeaders } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { metadata } from './generated/hypersender-metadata.gen.js';
import { createHypersenderSimulator, demoToken } from './hypersender-simulator.js';

const LIST_URL = `${metadata.defaultBaseUrl}${metadata.listOperation.path}`;

// Moved from the cross-provider fault suite of @switchboard/testing, which checks only that a fault's
// body is JSON naming the status: the shape of the body is this provider's own.
describe("Hypersender simulator: an injected status answers in Hypersender's error shape", () => {
  it.each([
    [503, 'Service Unavailable'],
    // Laravel's throttle message, as Hypersender sends it.
    [429, 'Too Many Attempts.'],
  ])('%i', async (status, message) => {
    const simulator = createHypersenderSimulator({ count: 2 });
    simulator.injectFault({ type: 'status', status, headers: { 'Retry-After': '5' } });
    const response = await simulator.fetch(LIST_URL, { headers: defaultHeaders(metadata, demoToken) });
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ message });
  });
});
