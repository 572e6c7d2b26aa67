import { defaultHeaders } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { metadata } from './generated/wachat-metadata.gen.js';
import { createWachatSimulator, demoToken } from './wachat-simulator.js';

const LIST_URL = `${metadata.defaultBaseUrl}${metadata.listOperation.path}`;

// Moved from the cross-provider fault suite of @switchboard/testing, which checks only that a fault's
// body is JSON naming the status: the shape of the body is this provider's own.
describe("Wachat simulator: an injected status answers in Wachat's error shape", () => {
  it.each([
    [503, 'Service Unavailable'],
    [429, 'Too Many Requests'],
  ])('%i', async (status, message) => {
    const simulator = createWachatSimulator({ count: 2 });
    simulator.injectFault({ type: 'status', status, headers: { 'Retry-After': '5' } });
    const response = await simulator.fetch(LIST_URL, { headers: defaultHeaders(metadata, demoToken) });
    expect(response.status).toBe(status);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ success: false, message });
  });
});
