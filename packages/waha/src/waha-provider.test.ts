import {
  assertProviderDefinition,
  type PushDownFilter,
  REDACTED,
  redactSecretFields,
} from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import { wahaProvider } from './waha-provider.js';
import { createFakeInstances, createWahaSimulator } from './waha-simulator.js';

function listOver(simulator: ReturnType<typeof createWahaSimulator>, filter: PushDownFilter = {}) {
  const client = wahaProvider.adapter.createClient({
    token: simulator.accountToken,
    fetch: simulator.fetch as typeof fetch,
    rateLimit: false,
    maxRetries: 0,
    account: 'ops',
  });
  return wahaProvider.adapter.listPage(client, { account: 'ops', page: { number: 1 }, filter, settings: {} });
}

describe('wahaProvider', () => {
  it('is a v1 definition of the key waha, read from the spec', () => {
    expect(() => assertProviderDefinition(wahaProvider, 'waha')).not.toThrow();
    expect(wahaProvider.displayName).toBe('WAHA');
    expect(wahaProvider.metadata).toMatchObject({
      defaultBaseUrl: 'http://localhost:3000',
      selfHosted: true,
      auth: { scheme: 'header', header: 'X-Api-Key' },
      rateLimit: null,
      listOperation: {
        path: '/api/sessions',
        query: { all: 'true' },
        paging: { style: 'none' },
        pushDown: {},
      },
    });
    expect(wahaProvider.environment).toEqual({ token: 'WAHA_TOKEN', baseUrl: 'WAHA_BASE_URL' });
  });

  it('marks the three secrets API.md names, inside arrays too', () => {
    expect([...wahaProvider.metadata.secretFields].sort()).toEqual([
      'config.proxy.password',
      'config.webhooks[].customHeaders[].value',
      'config.webhooks[].hmac.key',
    ]);
  });

  it('redacts every secret of a session through those paths, leaving nulls and the rest alone', () => {
    const sessions = createFakeInstances(40, { seed: 1 });
    const text = JSON.stringify(
      sessions.map((session) => redactSecretFields(session, wahaProvider.metadata.secretFields)),
    );
    for (const session of sessions) {
      const secrets = [
        session.config?.proxy?.password,
        ...(session.config?.webhooks ?? []).flatMap((webhook) => [
          webhook.hmac?.key,
          ...(webhook.customHeaders ?? []).map((header) => header.value),
        ]),
      ].filter((value): value is string => typeof value === 'string');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(text).toContain(REDACTED);
    expect(text).toContain('"hmac":null');
    expect(text).toContain('"name":"Authorization"');
  });

  it('takes no account options of its own', () => {
    expect(wahaProvider.accountOptions.keys).toEqual([]);
    expect(wahaProvider.accountOptions.resolve({}, 'accounts[0]')).toEqual({});
  });

  it('loads its simulator lazily, with fakes and a demo token', async () => {
    const module = await wahaProvider.loadSimulator();
    expect(module.demoToken).toBe('demo-waha-api-key');
    expect(module.createFakeInstances(7, { seed: 1 })).toHaveLength(7);
  });
});

describe('wahaProvider over its simulator', () => {
  it('lists a STOPPED session, because all=true is sent', async () => {
    const simulator = createWahaSimulator({ count: 7, seed: 4 });
    const stopped = simulator.instances.filter((session) => session.status === 'STOPPED').map((s) => s.name);
    expect(stopped.length).toBeGreaterThan(0);
    const page = await listOver(simulator);
    expect(page.instances.map((instance) => instance.id)).toEqual(simulator.instances.map((s) => s.name));
    expect(page.instances.filter((instance) => instance.status === 'stopped').map((i) => i.id)).toEqual(
      stopped,
    );
    expect(simulator.requests.map((request) => [request.path, request.query])).toEqual([
      ['/api/sessions', { all: 'true' }],
    ]);
  });

  it('answers one id with one single-session request, and an unknown one with no items', async () => {
    const simulator = createWahaSimulator({ count: 7, seed: 4 });
    const target = simulator.instances[3]!;
    const found = await listOver(simulator, { ids: [target.name] });
    expect(found.instances.map((instance) => instance.id)).toEqual([target.name]);
    await expect(listOver(simulator, { names: ['no-such-session'] })).resolves.toEqual({
      instances: [],
      next: null,
    });
    expect(simulator.requests.map((request) => request.path)).toEqual([
      `/api/sessions/${target.name}`,
      '/api/sessions/no-such-session',
    ]);
  });
});
