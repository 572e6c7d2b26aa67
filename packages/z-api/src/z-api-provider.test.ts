import type { ValidationError } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { zApiProvider } from './z-api-provider.js';
import { createZApiSimulator } from './z-api-simulator.js';

/** Every page the adapter's `next` leads to, from page 1, as the facade walks them. */
async function walk(pageSize: number, count: number) {
  const simulator = createZApiSimulator({ count, seed: 3 });
  const { adapter } = zApiProvider;
  const client = adapter.createClient({
    token: simulator.accountToken,
    fetch: simulator.fetch,
    maxRetries: 0,
  });
  const ids: string[] = [];
  let page: { number: number } | null = { number: 1 };
  while (page !== null) {
    const result = await adapter.listPage(client, { account: 'z', page, filter: {}, settings: { pageSize } });
    for (const instance of result.instances) ids.push(instance.id);
    page = result.next;
  }
  return { simulator, ids };
}

describe('zApiProvider', () => {
  it('walks every page, from 1 to totalPage, with the page size asked for', async () => {
    const { simulator, ids } = await walk(5, 23);
    expect(ids).toEqual(simulator.instances.map((raw) => raw.id));
    expect(simulator.requests.map((request) => [request.query.page, request.query.pageSize])).toEqual([
      ['1', '5'],
      ['2', '5'],
      ['3', '5'],
      ['4', '5'],
      ['5', '5'],
    ]);
  });

  it('takes a page size of 100 unless the account says otherwise, and refuses a bad one', () => {
    expect(zApiProvider.accountOptions.resolve({}, 'accounts[0]')).toEqual({ pageSize: 100 });
    expect(zApiProvider.accountOptions.resolve({ pageSize: 7 }, 'accounts[0]')).toEqual({ pageSize: 7 });
    for (const pageSize of [0, -1, 2.5, '10', Number.NaN]) {
      expect(() => zApiProvider.accountOptions.resolve({ pageSize }, 'accounts[2]')).toThrow(
        expect.objectContaining({ field: 'accounts[2].pageSize' }) as ValidationError,
      );
    }
  });

  it('declares its environment variables and its spec facts', () => {
    expect(zApiProvider.environment).toEqual({ token: 'ZAPI_TOKEN', baseUrl: 'ZAPI_BASE_URL' });
    expect(zApiProvider.metadata.listOperation.paging.style).toBe('page-number');
    expect(zApiProvider.metadata.auth).toEqual({ scheme: 'bearer' });
  });
});
