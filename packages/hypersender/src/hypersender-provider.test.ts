import { describe, expect, it } from 'vitest';
import { hypersenderProvider } from './hypersender-provider.js';
import { createHypersenderSimulator } from './hypersender-simulator.js';

function setUp() {
  const simulator = createHypersenderSimulator({ count: 8, seed: 11 });
  const { adapter } = hypersenderProvider;
  const client = adapter.createClient({
    token: simulator.accountToken,
    fetch: simulator.fetch,
    maxRetries: 0,
  });
  const list = (filter: { phones?: string[] } = {}) =>
    adapter.listPage(client, { account: 'h', page: { number: 1 }, filter, settings: {} });
  return { simulator, list };
}

describe('hypersenderProvider', () => {
  it('reads dates without a zone as UTC', async () => {
    const { simulator, list } = setUp();
    const { instances } = await list();
    const zoned = /Z|[+-]\d\d:?\d\d$/;
    expect(simulator.instances.some((raw) => !zoned.test(raw.created_at))).toBe(true);
    for (const instance of instances) {
      const raw = simulator.instances.find((candidate) => candidate.id === instance.id)!;
      const expected = zoned.test(raw.created_at) ? raw.created_at : `${raw.created_at}Z`;
      expect(instance.createdAt).toBe(new Date(expected).toISOString());
    }
  });

  it('sends a phone filter in E.164 with its +, and finds the instance', async () => {
    const { simulator, list } = setUp();
    const withPhone = (await list()).instances.find((instance) => instance.phone !== null)!;
    simulator.clearRequests();
    const found = await list({ phones: [withPhone.phone!] });
    expect(found.instances.map((instance) => instance.id)).toEqual([withPhone.id]);
    expect(simulator.requests.map((request) => request.query['filter[phone]'])).toEqual([withPhone.phone]);
  });

  it('declares its environment variables', () => {
    expect(hypersenderProvider.environment).toEqual({
      token: 'HYPERSENDER_TOKEN',
      baseUrl: 'HYPERSENDER_BASE_URL',
    });
  });
});
