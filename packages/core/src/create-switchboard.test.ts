import { inspect } from 'node:util';
import { createSimulators } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { createFakeAdapter, FakeBackend, fakeItems, fakeProvider } from './__fixtures__/fake-adapter.js';
import {
  type AccountOptions,
  AuthenticationError,
  builtInProviders,
  createSwitchboard,
  isProviderKey,
  PROVIDER_KEYS,
  SwitchboardError,
  ValidationError,
} from './index.js';

/** A demo account of every built-in provider, with the options its definition requires. */
function demoAccounts(simulators: ReturnType<typeof createSimulators>): AccountOptions[] {
  return PROVIDER_KEYS.map(
    (provider) =>
      ({
        provider,
        token: simulators.tokens[provider],
        ...simulators.accountOptions[provider],
        rateLimit: false,
      }) as AccountOptions,
  );
}

describe('createSwitchboard', () => {
  it('knows the providers of the registry, in its order', () => {
    expect(PROVIDER_KEYS).toEqual(builtInProviders.map((definition) => definition.key));
    for (const key of PROVIDER_KEYS) expect(isProviderKey(key)).toBe(true);
    expect(isProviderKey('toString')).toBe(false);
    expect(isProviderKey('twilio')).toBe(false);
  });

  it("labels accounts and starts from each spec's server URL", () => {
    const simulators = createSimulators({ seed: 1 });
    const [first] = PROVIDER_KEYS;
    const accounts = demoAccounts(simulators);
    const switchboard = createSwitchboard({
      accounts: [
        { ...accounts[0]!, label: 'br-main' },
        ...accounts,
        { ...accounts[0]!, baseUrl: 'http://127.0.0.1:4010/api' },
      ],
    });
    expect(switchboard.accounts).toEqual([
      { provider: first, label: 'br-main', baseUrl: builtInProviders[0].metadata.defaultBaseUrl },
      ...builtInProviders.map((definition) => ({
        provider: definition.key,
        label: definition.key,
        baseUrl: definition.metadata.defaultBaseUrl,
      })),
      { provider: first, label: `${first}#2`, baseUrl: 'http://127.0.0.1:4010/api' },
    ]);
  });

  it('throws ValidationError synchronously for bad options, never quoting a token', () => {
    const token = 'tok-never-printed';
    const [first] = PROVIDER_KEYS;
    const cases: unknown[] = [
      { accounts: [{ provider: 'twilio', token }] },
      { accounts: [{ provider: first, token: '' }] },
      { accounts: [{ provider: first, token }], concurrency: 0 },
      { accounts: [{ provider: first, token }], maxPages: 0 },
      { accounts: [{ provider: first, token, noSuchOption: -1 }] },
      JSON.parse(`{"accounts":[{"provider":"${first}","token":"${token}"}],"__proto__":{"concurrency":1}}`),
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
    const simulators = createSimulators({ seed: 1 });
    const switchboard = createSwitchboard({
      accounts: demoAccounts(simulators).map((account) => ({ ...account, token: 'tok-never-printed' })),
    });
    expect(JSON.stringify(switchboard)).not.toContain('tok-never-printed');
    expect(inspect(switchboard, { depth: 5 })).not.toContain('tok-never-printed');
  });

  it('lists connected instances across every provider (the README example)', async () => {
    const simulators = createSimulators({ seed: 5 });
    const switchboard = createSwitchboard({ accounts: demoAccounts(simulators), fetch: simulators.fetch });
    const connected = await switchboard.listInstances({ status: 'connected' });
    expect(connected.length).toBeGreaterThan(0);
    expect(connected.every((instance) => instance.status === 'connected')).toBe(true);
  });
});

describe('providers defined outside Switchboard', () => {
  it('adds a provider with the full model, filters and errors', async () => {
    const backend = new FakeBackend();
    backend.setItems('acme-token', fakeItems(3, 'acme'));
    const acme = fakeProvider(createFakeAdapter('acme', backend));
    const simulators = createSimulators({ seed: 5 });
    const switchboard = createSwitchboard({
      providers: { acme },
      accounts: [{ provider: 'acme', token: 'acme-token' }, ...demoAccounts(simulators)],
      fetch: simulators.fetch,
      logLevel: 'off',
    });
    const listed = await switchboard.listInstances({ provider: 'acme', id: 'acme-2' });
    expect(listed.map((instance) => [instance.provider, instance.account, instance.id])).toEqual([
      ['acme', 'acme', 'acme-2'],
    ]);
    const everything = await switchboard.listInstances();
    expect(everything.filter((instance) => instance.provider === 'acme')).toHaveLength(3);
    expect(everything.length).toBeGreaterThan(3);
  });

  it('never shows the token in the errors of a client made by hand (not on the runtime setup)', async () => {
    const backend = new FakeBackend();
    // What a hand-made client does: quote the provider's refusal, token and all, with no redaction.
    backend.failWith(
      'acme-secret-token',
      () =>
        new AuthenticationError('acme refused acme-secret-token', {
          providerMessage: 'bad acme-secret-token',
        }),
    );
    const acme = fakeProvider(createFakeAdapter('acme', backend));
    const switchboard = createSwitchboard({
      providers: { acme },
      accounts: [{ provider: 'acme', token: 'acme-secret-token' }],
      logLevel: 'off',
    });
    const error = await switchboard.listInstances().catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(`${(error as Error).message} ${JSON.stringify(error)} ${inspect(error)}`).not.toContain(
      'acme-secret-token',
    );
    const { failures } = await switchboard.listInstancesSettled();
    expect(inspect(failures, { depth: 5 })).not.toContain('acme-secret-token');
  });

  it('replaces a built-in provider under its key', async () => {
    const first = PROVIDER_KEYS[0]!;
    const backend = new FakeBackend();
    backend.setItems('t', fakeItems(2));
    const replacement = fakeProvider(createFakeAdapter(first, backend));
    const switchboard = createSwitchboard({
      providers: { [first]: replacement },
      accounts: [{ provider: first, token: 't' }],
      logLevel: 'off',
    } as never);
    expect((await switchboard.listInstances()).map((instance) => instance.id)).toEqual(['item-1', 'item-2']);
  });

  it('refuses a definition that is not v1 or not for its key', () => {
    const backend = new FakeBackend();
    const acme = fakeProvider(createFakeAdapter('acme', backend));
    const bad = [{ ...acme, specificationVersion: 'v0' }, { ...acme, key: 'other' }, null];
    for (const definition of bad) {
      expect(() =>
        createSwitchboard({
          providers: { acme: definition },
          accounts: [{ provider: 'acme', token: 't' }],
        } as never),
      ).toThrow(ValidationError);
    }
  });
});
