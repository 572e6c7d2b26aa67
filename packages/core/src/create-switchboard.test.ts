import { inspect } from 'node:util';
import { createSimulators, DEMO_TOKENS } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import {
  createSwitchboard,
  isProviderKey,
  PROVIDER_KEYS,
  SwitchboardError,
  ValidationError,
} from './index.js';

describe('createSwitchboard', () => {
  it('knows the four providers', () => {
    expect(PROVIDER_KEYS).toEqual(['z-api', 'ryzeapi', 'hypersender', 'wachat']);
    expect(isProviderKey('wachat')).toBe(true);
    expect(isProviderKey('toString')).toBe(false);
  });

  it("labels accounts and starts from each spec's server URL", () => {
    const switchboard = createSwitchboard({
      accounts: [
        { provider: 'z-api', token: 'z1', label: 'br-main' },
        { provider: 'ryzeapi', token: 'r1', baseUrl: 'http://127.0.0.1:4010/api' },
        { provider: 'ryzeapi', token: 'r2' },
        { provider: 'hypersender', token: 'h1' },
        { provider: 'wachat', token: 'w1' },
        { provider: 'z-api', token: 'z2' },
      ],
    });
    expect(switchboard.accounts).toEqual([
      { provider: 'z-api', label: 'br-main', baseUrl: 'https://api.z-api.io' },
      { provider: 'ryzeapi', label: 'ryzeapi', baseUrl: 'http://127.0.0.1:4010/api' },
      { provider: 'ryzeapi', label: 'ryzeapi#2', baseUrl: 'https://ryzeapi.cloud/api' },
      {
        provider: 'hypersender',
        label: 'hypersender',
        baseUrl: 'https://app.hypersender.com/api/whatsapp/v1',
      },
      { provider: 'wachat', label: 'wachat', baseUrl: 'https://app.wachat.net/api/v1' },
      { provider: 'z-api', label: 'z-api', baseUrl: 'https://api.z-api.io' },
    ]);
  });

  it('throws ValidationError synchronously for bad options, never quoting a token', () => {
    const token = 'tok-never-printed';
    const cases: unknown[] = [
      { accounts: [{ provider: 'twilio', token }] },
      { accounts: [{ provider: 'ryzeapi', token: '' }] },
      { accounts: [{ provider: 'ryzeapi', token }], concurrency: 0 },
      { accounts: [{ provider: 'ryzeapi', token, pageSize: -1 }] },
      JSON.parse(`{"accounts":[{"provider":"wachat","token":"${token}"}],"__proto__":{"concurrency":1}}`),
    ];
    for (const options of cases) {
      let thrown: unknown;
      try {
        createSwitchboard(options as never);
      } catch (error) {
        thrown = error;
      }
      expect(ValidationError.isInstance(thrown)).toBe(true);
      expect(SwitchboardError.isInstance(thrown)).toBe(true);
      expect(`${(thrown as Error).message} ${JSON.stringify(thrown)} ${inspect(thrown)}`).not.toContain(
        token,
      );
    }
  });

  it('keeps tokens out of the switchboard as printed', () => {
    const switchboard = createSwitchboard({ accounts: [{ provider: 'wachat', token: 'tok-never-printed' }] });
    expect(JSON.stringify(switchboard)).not.toContain('tok-never-printed');
    expect(inspect(switchboard, { depth: 5 })).not.toContain('tok-never-printed');
  });

  it('lists connected instances across two providers (the README example)', async () => {
    const simulators = createSimulators({ seed: 5 });
    const switchboard = createSwitchboard({
      accounts: [
        { provider: 'ryzeapi', token: DEMO_TOKENS.ryzeapi, rateLimit: false },
        { provider: 'wachat', token: DEMO_TOKENS.wachat },
      ],
      fetch: simulators.fetch,
    });
    const connected = await switchboard.listInstances({ status: 'connected' });
    expect(connected.length).toBeGreaterThan(0);
    expect(connected.every((instance) => instance.status === 'connected')).toBe(true);
    expect(new Set(connected.map((instance) => instance.provider))).toEqual(new Set(['ryzeapi', 'wachat']));
  });
});
