import { describe, expect, it } from 'vitest';
import { wachatProvider } from './wachat-provider.js';
import { createWachatSimulator } from './wachat-simulator.js';

describe('wachatProvider', () => {
  it('answers 403 for a key whose subscription cannot list instances, as PermissionDeniedError', async () => {
    const simulator = createWachatSimulator({ count: 3, seed: 5 });
    simulator.restrictedTokens.add(simulator.accountToken);
    const { adapter } = wachatProvider;
    const client = adapter.createClient({
      token: simulator.accountToken,
      fetch: simulator.fetch,
      maxRetries: 2,
    });
    const result = adapter.listPage(client, { account: 'w', page: { number: 1 }, filter: {}, settings: {} });
    await expect(result).rejects.toMatchObject({ code: 'permission_denied', status: 403, retryable: false });
    expect(simulator.requests).toHaveLength(1);
  });

  it('uses apiInstanceName as the id, the name later calls take', async () => {
    const simulator = createWachatSimulator({ count: 3, seed: 5 });
    const { adapter } = wachatProvider;
    const client = adapter.createClient({ token: simulator.accountToken, fetch: simulator.fetch });
    const { instances } = await adapter.listPage(client, {
      account: 'w',
      page: { number: 1 },
      filter: {},
      settings: {},
    });
    expect(instances.map((instance) => instance.id)).toEqual(
      simulator.instances.map((raw) => raw.apiInstanceName),
    );
  });

  it('declares its environment variables', () => {
    expect(wachatProvider.environment).toEqual({ token: 'WACHAT_TOKEN', baseUrl: 'WACHAT_BASE_URL' });
  });
});
