/**
 * The same filters against every provider of the registry, through their simulators: every provider
 * must give exactly what a plain reading of the filter gives on its full listing, whatever its API
 * pushes down. Each provider's own quirks are tested in its package, against its simulator.
 */
import { readPath } from '@switchboard/runtime';
import { createSimulators, type Simulators } from '@switchboard/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { accountOf } from './__fixtures__/simulated-accounts.js';
import {
  type AccountOptions,
  AuthenticationError,
  builtInProvidersByKey,
  createSwitchboard,
  FanOutError,
  INSTANCE_STATUSES,
  type Instance,
  type InstanceFilter,
  PROVIDER_KEYS,
  type ProviderKey,
  type SwitchboardOptions,
} from './index.js';

const NAMES = ['Sales', 'sales', 'Sales Team', 'Sales, North'];

function renameFirstInstances(simulators: Simulators, provider: ProviderKey): void {
  NAMES.forEach((name, index) => {
    simulators[provider].renameInstance(index, name);
  });
}

/** Whether the provider pages: its listings then walk several small pages. */
function pages(provider: ProviderKey): boolean {
  return builtInProvidersByKey[provider].accountOptions.keys.includes('pageSize');
}

function createSimulated(): Simulators {
  // Providers that page hold more than a few pages of five, so that every listing walks pages.
  return createSimulators({
    seed: 11,
    counts: Object.fromEntries(PROVIDER_KEYS.filter(pages).map((provider) => [provider, 23])),
    rateLimit: false,
  });
}

/** Every value at a secret path of one item (`a.b`, `a[].b`). */
function secretValues(item: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('[].');
  let values = [readPath(item, head!.replace(/\[\]$/, ''))];
  for (const segment of rest) {
    values = values.flatMap((value) =>
      Array.isArray(value) ? value.map((element) => readPath(element, segment.replace(/\[\]$/, ''))) : [],
    );
  }
  return values;
}

function switchboardFor(
  simulators: Simulators,
  providers: readonly ProviderKey[],
  options: Omit<SwitchboardOptions, 'accounts'> = {},
) {
  return createSwitchboard({
    accounts: providers.map(
      (provider) =>
        ({ ...accountOf(simulators, provider), ...(pages(provider) && { pageSize: 5 }) }) as AccountOptions,
    ),
    fetch: simulators.fetch,
    maxRetries: 0,
    logLevel: 'off',
    ...options,
  });
}

function asList<Value>(value: Value | readonly Value[] | undefined): readonly Value[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly Value[]) : [value as Value];
}

/** The filter rules of API.md, read as plainly as possible. */
function referenceFilter(instances: readonly Instance[], filter: InstanceFilter): Instance[] {
  const digits = (phone: string) => phone.replace(/@.*$/, '').replace(/:.*$/, '').replace(/\D/g, '');
  return instances.filter((instance) => {
    const provider = asList(filter.provider);
    const account = asList(filter.account);
    const id = asList(filter.id);
    const name = asList(filter.name);
    const nameContains = asList(filter.nameContains);
    const status = asList(filter.status);
    const phone = asList(filter.phone);
    return (
      (!provider || provider.includes(instance.provider)) &&
      (!account || account.includes(instance.account)) &&
      (!id || id.includes(instance.id)) &&
      (!name || (instance.name !== null && name.includes(instance.name))) &&
      (!nameContains ||
        (instance.name !== null &&
          nameContains.some((part) => instance.name!.toLowerCase().includes(part.toLowerCase())))) &&
      (!status || status.includes(instance.status)) &&
      (!phone ||
        (instance.phone !== null && phone.some((wanted) => digits(wanted) === digits(instance.phone!))))
    );
  });
}

function keys(instances: readonly Instance[]): string[] {
  return instances.map((instance) => `${instance.account}/${instance.id}`).sort();
}

/** The same phone, written the ways people write it. */
function phoneFormats(e164: string): string[] {
  const digits = e164.slice(1);
  return [
    e164,
    digits,
    `+${digits.slice(0, 2)} (${digits.slice(2, 4)}) ${digits.slice(4, 9)}-${digits.slice(9)}`,
    `${digits}@s.whatsapp.net`,
  ];
}

async function collect(iterable: AsyncIterable<Instance>): Promise<Instance[]> {
  const instances: Instance[] = [];
  for await (const instance of iterable) instances.push(instance);
  return instances;
}

describe.each(PROVIDER_KEYS)('the same filter semantics on %s', (provider) => {
  let simulators: Simulators;
  let everything: Instance[];

  beforeEach(async () => {
    simulators = createSimulated();
    renameFirstInstances(simulators, provider);
    everything = await switchboardFor(simulators, [provider]).listInstances();
    simulators.clearRequests();
  });

  it('lists every instance the provider holds', () => {
    expect(everything).toHaveLength(simulators[provider].instances.length);
    expect(new Set(everything.map((instance) => instance.id)).size).toBe(everything.length);
    expect(
      everything.every((instance) => instance.provider === provider && instance.account === provider),
    ).toBe(true);
  });

  function filters(): [string, InstanceFilter][] {
    const statuses = [...new Set(everything.map((instance) => instance.status))];
    const withPhone = everything.find((instance) => instance.phone !== null);
    return [
      ['an exact name', { name: 'Sales' }],
      ['an exact name in another case', { name: 'sales' }],
      ['a name no instance has', { name: 'No such instance' }],
      ['a name with a comma', { name: 'Sales, North' }],
      ['several names', { name: ['Sales', 'Sales Team', 'Nobody'] }],
      ['a part of names, any case', { nameContains: 'SALES' }],
      ['several parts of names', { nameContains: ['team', 'north'] }],
      ...statuses.map((status): [string, InstanceFilter] => [`status ${status}`, { status }]),
      ['several statuses', { status: statuses.slice(0, 2) }],
      [
        'statuses no instance has',
        { status: INSTANCE_STATUSES.filter((status) => !statuses.includes(status)) },
      ],
      ['an id', { id: everything[5]!.id }],
      ['ids, one unknown', { id: [everything[0]!.id, everything[3]!.id, 'no-such-id'] }],
      ['a name and a status', { name: ['Sales', 'sales'], status: everything[0]!.status }],
      ['the provider', { provider }],
      ['the account', { account: provider }],
      ...(withPhone
        ? phoneFormats(withPhone.phone!).map((phone): [string, InstanceFilter] => [
            `the phone as ${phone}`,
            { phone },
          ])
        : []),
      ['a phone no instance has', { phone: '+1 555 010 0000' }],
    ];
  }

  it('gives exactly what the filter says, whatever the provider pushes down', async () => {
    const switchboard = switchboardFor(simulators, [provider]);
    for (const [description, filter] of filters()) {
      const expected = keys(referenceFilter(everything, filter));
      expect(keys(await switchboard.listInstances(filter)), description).toEqual(expected);
      const settled = await switchboard.listInstancesSettled(filter);
      expect(settled.failures, description).toEqual([]);
      expect(keys(settled.instances), description).toEqual(expected);
      expect(keys(await collect(switchboard.instances(filter))), description).toEqual(expected);
    }
  });

  it('finds the instances of the exact name that exist', async () => {
    const switchboard = switchboardFor(simulators, [provider]);
    expect((await switchboard.listInstances({ name: 'Sales' })).map((instance) => instance.name)).toEqual([
      'Sales',
    ]);
    expect(
      (await switchboard.listInstances({ name: 'Sales, North' })).map((instance) => instance.name),
    ).toEqual(['Sales, North']);
  });

  it('sends no request for an empty list or an excluded provider', async () => {
    const switchboard = switchboardFor(simulators, [provider]);
    expect(await switchboard.listInstances({ status: [] })).toEqual([]);
    expect(
      await switchboard.listInstances({ provider: PROVIDER_KEYS.filter((key) => key !== provider) }),
    ).toEqual([]);
    expect(simulators.requests).toHaveLength(0);
  });

  it('redacts secrets in raw by default and includes them on request', async () => {
    const redacted = JSON.stringify(everything.map((instance) => instance.raw));
    const included = await switchboardFor(simulators, [provider], { secrets: 'include' }).listInstances();
    expect(included.map((instance) => instance.raw)).toEqual(simulators[provider].instances);
    const secrets = simulators[provider].instances.flatMap((raw) =>
      builtInProvidersByKey[provider].metadata.secretFields.flatMap((path) => secretValues(raw, path)),
    );
    for (const secret of secrets) {
      if (typeof secret === 'string' && secret.length > 3) expect(redacted).not.toContain(secret);
    }
  });
});

describe('every provider together', () => {
  const [, second, third] = PROVIDER_KEYS as readonly ProviderKey[] as [
    ProviderKey,
    ProviderKey,
    ProviderKey,
  ];
  let simulators: Simulators;

  beforeEach(() => {
    simulators = createSimulated();
  });

  it('lists every provider, and a status filter means the same on each', async () => {
    const switchboard = switchboardFor(simulators, PROVIDER_KEYS);
    const everything = await switchboard.listInstances();
    expect(new Set(everything.map((instance) => instance.provider))).toEqual(new Set(PROVIDER_KEYS));
    for (const status of ['connected', 'disconnected', 'qr_pending'] as const) {
      expect(keys(await switchboard.listInstances({ status }))).toEqual(
        keys(referenceFilter(everything, { status })),
      );
    }
  });

  it('sends requests only to the providers a filter selects', async () => {
    const switchboard = switchboardFor(simulators, PROVIDER_KEYS);
    await switchboard.listInstances({ provider: [second, third] });
    expect(new Set(simulators.requests.map((request) => request.provider))).toEqual(new Set([second, third]));
  });

  it('never has more requests in flight than `concurrency`', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const counting: typeof fetch = async (input, init) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        return await simulators.fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const switchboard = switchboardFor(simulators, PROVIDER_KEYS, { fetch: counting, concurrency: 2 });
    await switchboard.listInstances();
    expect(mostInFlight).toBe(2);
  });

  it('reports a failing provider in listInstancesSettled, with its provider and account, never its token', async () => {
    simulators[third].injectFault({ type: 'status', status: 401, times: Number.POSITIVE_INFINITY });
    const switchboard = switchboardFor(simulators, PROVIDER_KEYS);
    const { instances, failures } = await switchboard.listInstancesSettled();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ account: third, provider: third });
    expect(failures[0]!.error).toBeInstanceOf(AuthenticationError);
    expect(failures[0]!.error).toMatchObject({ provider: third, account: third, status: 401 });
    expect(JSON.stringify(failures[0]!.error)).not.toContain(simulators.tokens[third]);
    expect(failures[0]!.error.message).not.toContain(simulators.tokens[third]);
    expect(instances.some((instance) => instance.provider === third)).toBe(false);
    expect(new Set(instances.map((instance) => instance.provider)).size).toBe(PROVIDER_KEYS.length - 1);

    await expect(switchboard.listInstances()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('rejects listInstances with FanOutError when several providers fail', async () => {
    simulators[second].injectFault({ type: 'drop-connection', times: Number.POSITIVE_INFINITY });
    simulators[third].injectFault({ type: 'status', status: 500, times: Number.POSITIVE_INFINITY });
    const error = await switchboardFor(simulators, PROVIDER_KEYS)
      .listInstances()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FanOutError);
    const fanOut = error as FanOutError<Instance>;
    expect(fanOut.errors.map((failure) => [failure.provider, failure.account, failure.code]).sort()).toEqual(
      [
        [second, second, 'connection'],
        [third, third, 'provider_error'],
      ].sort(),
    );
    expect(new Set(fanOut.instances.map((instance) => instance.provider))).toEqual(
      new Set(PROVIDER_KEYS.filter((provider) => provider !== second && provider !== third)),
    );
  });

  it('rejects before any request when the signal is already aborted', async () => {
    const switchboard = switchboardFor(simulators, PROVIDER_KEYS);
    await expect(switchboard.listInstancesSettled({}, { signal: AbortSignal.abort() })).rejects.toMatchObject(
      {
        code: 'aborted',
      },
    );
    expect(simulators.requests).toHaveLength(0);
  });
});

describe('per-call overrides, through the real transport', () => {
  const first = PROVIDER_KEYS[0]!;
  it('a per-call timeoutMs applies to that call', async () => {
    const simulators = createSimulated();
    simulators[first].injectFault({ type: 'latency', ms: 2_000 });
    const switchboard = switchboardFor(simulators, [first]);
    const error = await switchboard.listInstances({}, { timeoutMs: 20 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'timeout', provider: first, account: first });
  });

  it('a per-call maxRetries applies to that call', async () => {
    const simulators = createSimulated();
    simulators[first].injectFault({ type: 'status', status: 503 });
    const switchboard = switchboardFor(simulators, [first], { maxRetries: 2 });
    await expect(switchboard.listInstances({}, { maxRetries: 0 })).rejects.toMatchObject({
      code: 'provider_error',
      status: 503,
      account: first,
    });
    expect(simulators[first].requests).toHaveLength(1);
  });

  it("a per-call override draws from the account's rate-limit window", async () => {
    const provider = PROVIDER_KEYS.find((key) => !pages(key))!;
    // A token of its own: the process-wide limiter of this base URL and token is this test's alone.
    const simulators = createSimulators({
      seed: 11,
      tokens: { [provider]: 'tok-per-call-window' },
      rateLimit: false,
    });
    const switchboard = createSwitchboard({
      accounts: [
        { ...accountOf(simulators, provider), rateLimit: { requests: 1, perMs: 60_000 } } as AccountOptions,
      ],
      fetch: simulators.fetch,
      maxRetries: 0,
      logLevel: 'off',
    });
    await switchboard.listInstances();
    expect(simulators[provider].requests).toHaveLength(1);
    const controller = new AbortController();
    const waiting = switchboard
      .listInstances({}, { timeoutMs: 5_000, maxRetries: 1, signal: controller.signal })
      .catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await waiting).toMatchObject({ code: 'aborted' });
    expect(simulators[provider].requests).toHaveLength(1);
  });
});
