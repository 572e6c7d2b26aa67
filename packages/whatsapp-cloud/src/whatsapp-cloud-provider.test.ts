import { ValidationError } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { whatsAppCloudProvider } from './whatsapp-cloud-provider.js';

const resolve = (options: Record<string, unknown>) =>
  whatsAppCloudProvider.accountOptions.resolve(options, 'accounts[2]');

function refusal(options: Record<string, unknown>): ValidationError {
  try {
    resolve(options);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('whatsAppCloudProvider', () => {
  it('defaults the version to v23.0 and the page size to 100', () => {
    expect(resolve({ businessAccountId: '102290129340398' })).toEqual({
      businessAccountId: '102290129340398',
      apiVersion: 'v23.0',
      pageSize: 100,
    });
    expect(resolve({ businessAccountId: '1', apiVersion: 'v19.0', pageSize: 1 })).toEqual({
      businessAccountId: '1',
      apiVersion: 'v19.0',
      pageSize: 1,
    });
  });

  it('requires a businessAccountId, naming the account and the field', () => {
    const error = refusal({});
    expect(error.message).toMatch(/^accounts\[2\]\.businessAccountId is required/);
    expect(error.field).toBe('accounts[2].businessAccountId');
  });

  it.each([
    [{ businessAccountId: 102290129340398 }, 'accounts[2].businessAccountId'],
    [{ businessAccountId: '1022-9012' }, 'accounts[2].businessAccountId'],
    [{ businessAccountId: '' }, 'accounts[2].businessAccountId'],
    [{ businessAccountId: 'EAAB-secret-looking' }, 'accounts[2].businessAccountId'],
    [{ businessAccountId: '1', apiVersion: '23.0' }, 'accounts[2].apiVersion'],
    [{ businessAccountId: '1', apiVersion: 'v23' }, 'accounts[2].apiVersion'],
    [{ businessAccountId: '1', apiVersion: 23 }, 'accounts[2].apiVersion'],
    [{ businessAccountId: '1', pageSize: 0 }, 'accounts[2].pageSize'],
    [{ businessAccountId: '1', pageSize: 101 }, 'accounts[2].pageSize'],
    [{ businessAccountId: '1', pageSize: 2.5 }, 'accounts[2].pageSize'],
  ])('refuses %j with a ValidationError on %s that quotes no value', (options, field) => {
    const error = refusal(options);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(field)).toBe(true);
    expect(error.message).not.toContain('EAAB-secret-looking');
  });

  it('declares its key, display name, account option keys and CLI variables', () => {
    expect(whatsAppCloudProvider.key).toBe('whatsapp-cloud');
    expect(whatsAppCloudProvider.displayName).toBe('WhatsApp Cloud API');
    expect(whatsAppCloudProvider.accountOptions.keys).toEqual([
      'businessAccountId',
      'apiVersion',
      'pageSize',
    ]);
    expect(whatsAppCloudProvider.environment).toEqual({
      token: 'WHATSAPP_CLOUD_TOKEN',
      baseUrl: 'WHATSAPP_CLOUD_BASE_URL',
      options: { businessAccountId: 'WHATSAPP_CLOUD_BUSINESS_ACCOUNT_ID' },
    });
    expect(whatsAppCloudProvider.metadata.selfHosted).toBe(false);
    expect(whatsAppCloudProvider.metadata.auth).toEqual({ scheme: 'bearer' });
  });
});

describe('whatsAppCloudProvider.loadSimulator', () => {
  it('loads a simulator module whose demo account options resolve and list', async () => {
    const simulatorModule = await whatsAppCloudProvider.loadSimulator();
    const settings = whatsAppCloudProvider.accountOptions.resolve(
      simulatorModule.demoAccountOptions ?? {},
      'accounts[0]',
    );
    const simulator = simulatorModule.createSimulator({ count: 3 }) as { fetch: typeof fetch };
    const { adapter } = whatsAppCloudProvider;
    const client = adapter.createClient({
      token: simulatorModule.demoToken,
      fetch: simulator.fetch,
      maxRetries: 0,
    });
    const page = await adapter.listPage(client, {
      account: 'demo',
      page: { number: 1 },
      filter: {},
      settings,
    });
    expect(page.instances).toHaveLength(3);
    expect(page.next).toBeNull();
    expect(simulatorModule.createFakeInstances(2, { seed: 4 })).toHaveLength(2);
  });
});
