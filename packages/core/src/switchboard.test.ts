import {
  AbortError,
  AuthenticationError,
  bindClientSetup,
  ConnectionError,
  FanOutError,
  SwitchboardError,
  TimeoutError,
  type TransportCallOptions,
  type TransportFetch,
  ValidationError,
} from '@switchboard/runtime';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createFakeAdapter,
  FakeBackend,
  type FakeItem,
  fakeItem,
  fakeItems,
  fakeProviders,
  settleMicrotasks,
} from './__fixtures__/fake-adapter.js';
import type { AccountOptions, SwitchboardOptions } from './options.js';
import { createSwitchboardFromDefinitions, type EngineSettings } from './switchboard.js';

let backend: FakeBackend;

function registry() {
  return {
    alpha: createFakeAdapter('alpha', backend),
    beta: createFakeAdapter('beta', backend),
    paged: createFakeAdapter('paged', backend, { paged: true }),
  };
}

type Registry = ReturnType<typeof fakeProviders<ReturnType<typeof registry>>>;
type Options = Omit<SwitchboardOptions<Registry>, 'accounts'> & { accounts: AccountOptions<Registry>[] };

/** The adapter's own normalization of raw items, for a test's hand-made pages. */
function normalizeAll(adapter: ReturnType<typeof createFakeAdapter>, items: FakeItem[]) {
  return items.map((item) => adapter.normalize(item, 'paged'));
}

function create(options: Options, settings?: EngineSettings) {
  return createSwitchboardFromDefinitions(
    fakeProviders(registry()),
    { logLevel: 'off', ...options },
    settings,
  );
}

async function collect<Item>(iterable: AsyncIterable<Item>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function ids(instances: readonly { id: string }[]): string[] {
  return instances.map((instance) => instance.id).sort();
}

beforeEach(() => {
  backend = new FakeBackend();
});

describe('options', () => {
  const token = 'tok-super-secret-value';

  function expectValidationError(options: unknown, field: string) {
    let thrown: unknown;
    try {
      createSwitchboardFromDefinitions(fakeProviders(registry()), options as Options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).field).toBe(field);
    expect((thrown as ValidationError).message).toContain(field);
    expect((thrown as ValidationError).message).not.toContain(token);
    expect(JSON.stringify(thrown)).not.toContain(token);
  }

  it.each([
    ['no options', undefined, 'options'],
    ['accounts missing', {}, 'accounts'],
    ['accounts empty', { accounts: [] }, 'accounts'],
    ['accounts not an array', { accounts: { provider: 'alpha', token } }, 'accounts'],
    ['an account that is not an object', { accounts: ['alpha'] }, 'accounts[0]'],
    ['an unknown provider', { accounts: [{ provider: 'gamma', token }] }, 'accounts[0].provider'],
    [
      'an inherited property as provider',
      { accounts: [{ provider: 'toString', token }] },
      'accounts[0].provider',
    ],
    ['an empty token', { accounts: [{ provider: 'alpha', token: '' }] }, 'accounts[0].token'],
    ['a blank token', { accounts: [{ provider: 'alpha', token: '   ' }] }, 'accounts[0].token'],
    ['a token that is not a string', { accounts: [{ provider: 'alpha', token: 42 }] }, 'accounts[0].token'],
    ['an empty label', { accounts: [{ provider: 'alpha', token, label: '' }] }, 'accounts[0].label'],
    [
      'a relative base URL',
      { accounts: [{ provider: 'alpha', token, baseUrl: '/api' }] },
      'accounts[0].baseUrl',
    ],
    [
      'a base URL that is not http',
      { accounts: [{ provider: 'alpha', token, baseUrl: 'ftp://example.test' }] },
      'accounts[0].baseUrl',
    ],
    ['a zero page size', { accounts: [{ provider: 'alpha', token, pageSize: 0 }] }, 'accounts[0].pageSize'],
    [
      'a rate limit without requests',
      { accounts: [{ provider: 'alpha', token, rateLimit: { perMs: 1000 } }] },
      'accounts[0].rateLimit.requests',
    ],
    [
      'a rate limit of true',
      { accounts: [{ provider: 'alpha', token, rateLimit: true }] },
      'accounts[0].rateLimit',
    ],
    [
      'an unknown account key',
      { accounts: [{ provider: 'alpha', token, apiKey: 'x' }] },
      'accounts[0].apiKey',
    ],
    ['zero concurrency', { accounts: [{ provider: 'alpha', token }], concurrency: 0 }, 'concurrency'],
    ['negative concurrency', { accounts: [{ provider: 'alpha', token }], concurrency: -1 }, 'concurrency'],
    ['fractional concurrency', { accounts: [{ provider: 'alpha', token }], concurrency: 1.5 }, 'concurrency'],
    ['a string timeout', { accounts: [{ provider: 'alpha', token }], timeoutMs: '30000' }, 'timeoutMs'],
    ['a zero timeout', { accounts: [{ provider: 'alpha', token }], timeoutMs: 0 }, 'timeoutMs'],
    ['an infinite timeout', { accounts: [{ provider: 'alpha', token }], timeoutMs: Infinity }, 'timeoutMs'],
    ['negative retries', { accounts: [{ provider: 'alpha', token }], maxRetries: -1 }, 'maxRetries'],
    ['an unknown secrets mode', { accounts: [{ provider: 'alpha', token }], secrets: 'hide' }, 'secrets'],
    ['a fetch that is not a function', { accounts: [{ provider: 'alpha', token }], fetch: 'fetch' }, 'fetch'],
    [
      'a logger without debug',
      { accounts: [{ provider: 'alpha', token }], logger: { info() {} } },
      'logger.debug',
    ],
    ['an unknown log level', { accounts: [{ provider: 'alpha', token }], logLevel: 'verbose' }, 'logLevel'],
    ['an unknown option', { accounts: [{ provider: 'alpha', token }], timeout: 5 }, 'timeout'],
  ])('throws ValidationError synchronously for %s', (_case, options, field) => {
    expectValidationError(options, field);
  });

  it('refuses a __proto__ key, as JSON.parse produces one', () => {
    expectValidationError(
      JSON.parse(`{"accounts":[{"provider":"alpha","token":"${token}"}],"__proto__":{}}`),
      '__proto__',
    );
    expectValidationError(
      JSON.parse(`{"accounts":[{"provider":"alpha","token":"${token}","__proto__":{"label":"x"}}]}`),
      'accounts[0].__proto__',
    );
  });

  it('refuses duplicate explicit labels', () => {
    expectValidationError(
      {
        accounts: [
          { provider: 'alpha', token, label: 'main' },
          { provider: 'beta', token, label: 'main' },
        ],
      },
      'accounts[1].label',
    );
  });

  it('labels accounts by provider key, then key#2, key#3, skipping labels already taken', () => {
    const switchboard = create({
      accounts: [
        { provider: 'alpha', token: 'a1' },
        { provider: 'beta', token: 'b1' },
        { provider: 'alpha', token: 'a2', label: 'alpha#2' },
        { provider: 'alpha', token: 'a3' },
        { provider: 'alpha', token: 'a4', label: 'br-main' },
        { provider: 'alpha', token: 'a5' },
      ],
    });
    expect(switchboard.accounts.map((account) => account.label)).toEqual([
      'alpha',
      'beta',
      'alpha#2',
      'alpha#3',
      'br-main',
      'alpha#4',
    ]);
  });

  it('summarizes accounts with resolved base URLs and no tokens', async () => {
    const switchboard = create({
      accounts: [
        { provider: 'alpha', token: 'a1', baseUrl: 'http://127.0.0.1:4010/api', rateLimit: false },
        { provider: 'beta', token: 'b1' },
      ],
      timeoutMs: 1234,
      maxRetries: 5,
    });
    backend.setItems('a1', [fakeItem('1')]);
    backend.setItems('b1', [fakeItem('2')]);
    await switchboard.listInstances();
    expect(switchboard.accounts).toEqual([
      { provider: 'alpha', label: 'alpha', baseUrl: 'http://127.0.0.1:4010/api' },
      { provider: 'beta', label: 'beta', baseUrl: 'https://beta.example.test/api' },
    ]);
    expect(JSON.stringify(switchboard)).not.toContain('a1');
  });
});

describe('client options', () => {
  it('passes token, label, base URL, rate limit, timeout and retries to createClient', () => {
    const created: unknown[] = [];
    const alpha = createFakeAdapter('alpha', backend);
    const spying = {
      alpha: {
        ...alpha,
        createClient: (options: Parameters<typeof alpha.createClient>[0]) => {
          created.push(options);
          return alpha.createClient(options);
        },
      },
    };
    createSwitchboardFromDefinitions(fakeProviders(spying), {
      accounts: [
        { provider: 'alpha', token: 't', label: 'main', baseUrl: 'http://127.0.0.1:1/x', rateLimit: false },
      ],
      timeoutMs: 1000,
      maxRetries: 0,
      logLevel: 'off',
    });
    expect(created).toEqual([
      expect.objectContaining({
        token: 't',
        account: 'main',
        baseUrl: 'http://127.0.0.1:1/x',
        rateLimit: false,
        timeoutMs: 1000,
        maxRetries: 0,
        logLevel: 'off',
      }),
    ]);
  });

  it('refuses an adapter registered under another key', () => {
    expect(() =>
      createSwitchboardFromDefinitions(fakeProviders({ alpha: createFakeAdapter('beta', backend) }), {
        accounts: [{ provider: 'alpha', token: 't' }],
      } as never),
    ).toThrow(ValidationError);
  });
});

describe('listing and filters', () => {
  const accounts: AccountOptions<Registry>[] = [
    { provider: 'alpha', token: 'a1' },
    { provider: 'alpha', token: 'a2' },
    { provider: 'beta', token: 'b1', label: 'beta-main' },
  ];

  beforeEach(() => {
    backend.setItems('a1', [
      fakeItem('a1-1', { name: 'Sales', phone: '+5511999999999' }),
      fakeItem('a1-2', { name: 'sales', state: 'off' }),
      fakeItem('a1-3', { name: 'Support', state: 'weird' }),
    ]);
    backend.setItems('a2', [fakeItem('a2-1', { name: 'Sales Team', phone: '5521988887777' })]);
    backend.setItems('b1', [
      fakeItem('b1-1', { name: 'Sales', state: 'off', phone: '+44 20 7946 0958' }),
      fakeItem('b1-2', { name: null }),
    ]);
  });

  it('lists every account in the order of accounts, labelled', async () => {
    const instances = await create({ accounts }).listInstances();
    expect(instances.map((instance) => [instance.account, instance.id])).toEqual([
      ['alpha', 'a1-1'],
      ['alpha', 'a1-2'],
      ['alpha', 'a1-3'],
      ['alpha#2', 'a2-1'],
      ['beta-main', 'b1-1'],
      ['beta-main', 'b1-2'],
    ]);
  });

  it('matches name exactly and case-sensitively, even though the provider matches loosely', async () => {
    const switchboard = create({ accounts });
    expect(ids(await switchboard.listInstances({ name: 'Sales' }))).toEqual(['a1-1', 'b1-1']);
    expect(backend.calls.every((call) => call.request.filter.names?.[0] === 'Sales')).toBe(true);
  });

  it('matches nameContains case-insensitively and never matches a missing name', async () => {
    const switchboard = create({ accounts });
    expect(ids(await switchboard.listInstances({ nameContains: 'SALES' }))).toEqual([
      'a1-1',
      'a1-2',
      'a2-1',
      'b1-1',
    ]);
    expect(ids(await switchboard.listInstances({ nameContains: '' }))).not.toContain('b1-2');
  });

  it('matches status, phone in any format, id, and lists (any of)', async () => {
    const switchboard = create({ accounts });
    expect(ids(await switchboard.listInstances({ status: 'disconnected' }))).toEqual(['a1-2', 'b1-1']);
    expect(ids(await switchboard.listInstances({ status: ['unknown', 'disconnected'] }))).toEqual([
      'a1-2',
      'a1-3',
      'b1-1',
    ]);
    expect(ids(await switchboard.listInstances({ phone: '+55 (11) 99999-9999' }))).toEqual(['a1-1']);
    expect(
      ids(await switchboard.listInstances({ phone: ['00442079460958', '5521988887777@s.whatsapp.net'] })),
    ).toEqual(['a2-1', 'b1-1']);
    expect(ids(await switchboard.listInstances({ id: ['b1-2', 'nope'] }))).toEqual(['b1-2']);
  });

  it('combines fields with AND', async () => {
    const switchboard = create({ accounts });
    expect(ids(await switchboard.listInstances({ name: 'Sales', status: 'connected' }))).toEqual(['a1-1']);
    expect(ids(await switchboard.listInstances({ provider: 'beta', nameContains: 'sales' }))).toEqual([
      'b1-1',
    ]);
  });

  it('pushes ids, names, statuses and E.164 phones down', async () => {
    await create({ accounts }).listInstances({
      id: ['x', 'x'],
      name: 'n',
      status: ['connected'],
      phone: '55 11 99999-9999',
      nameContains: 'zzz',
    });
    expect(backend.calls[0]!.request.filter).toEqual({
      ids: ['x'],
      names: ['n'],
      statuses: ['connected'],
      phones: ['+5511999999999'],
    });
  });

  it('sends no request to accounts a provider or account filter excludes', async () => {
    const switchboard = create({ accounts });
    expect(ids(await switchboard.listInstances({ provider: 'beta' }))).toEqual(['b1-1', 'b1-2']);
    expect(backend.calls.map((call) => call.token)).toEqual(['b1']);
    expect(ids(await switchboard.listInstances({ account: ['alpha#2', 'no-such-label'] }))).toEqual(['a2-1']);
    expect(backend.calls.map((call) => call.token)).toEqual(['b1', 'a2']);
    expect(await switchboard.listInstances({ account: 'no-such-label' })).toEqual([]);
    expect(backend.calls).toHaveLength(2);
  });

  it.each([
    ['provider', { provider: [] }],
    ['account', { account: [] }],
    ['id', { id: [] }],
    ['name', { name: [] }],
    ['nameContains', { nameContains: [] }],
    ['status', { status: [] }],
    ['phone', { phone: [] }],
  ])('matches nothing and sends no request for an empty %s list', async (_field, filter) => {
    const switchboard = create({ accounts });
    expect(await switchboard.listInstances(filter)).toEqual([]);
    expect(await switchboard.listInstancesSettled(filter)).toEqual({ instances: [], failures: [] });
    expect(await collect(switchboard.instances(filter))).toEqual([]);
    expect(backend.calls).toHaveLength(0);
  });

  it.each([
    ['an unknown provider', { provider: 'gamma' }, 'provider'],
    ['an unknown provider in a list', { provider: ['alpha', 'gamma'] }, 'provider[1]'],
    ['an unknown status', { status: 'online' }, 'status'],
    ['a phone with no digits', { phone: 'call me' }, 'phone'],
    ['a name that is not a string', { name: 42 }, 'name'],
    ['a null name', { name: null }, 'name'],
    ['an undefined inside a list', { id: ['a', undefined] }, 'id[1]'],
    ['an unknown field', { label: 'x' }, 'label'],
    ['a filter that is not an object', 'Sales', 'filter'],
  ])('rejects %s with ValidationError before any request', async (_case, filter, field) => {
    const switchboard = create({ accounts });
    const badFilter = filter as never;
    await expect(switchboard.listInstances(badFilter)).rejects.toMatchObject({ code: 'validation', field });
    await expect(switchboard.listInstancesSettled(badFilter)).rejects.toBeInstanceOf(ValidationError);
    const iterator = switchboard.instances(badFilter);
    await expect(iterator.next()).rejects.toBeInstanceOf(ValidationError);
    expect(backend.calls).toHaveLength(0);
  });

  it('ignores undefined fields', async () => {
    const instances = await create({ accounts }).listInstances({ status: undefined, name: undefined });
    expect(instances).toHaveLength(6);
  });

  it('rejects bad call options with ValidationError', async () => {
    const switchboard = create({ accounts });
    await expect(switchboard.listInstances({}, { signal: 'stop' } as never)).rejects.toMatchObject({
      field: 'options.signal',
    });
    await expect(switchboard.listInstances({}, { timeoutMs: -1 })).rejects.toMatchObject({
      field: 'options.timeoutMs',
    });
    await expect(switchboard.listInstances({}, { retries: 1 } as never)).rejects.toMatchObject({
      field: 'options.retries',
    });
    expect(backend.calls).toHaveLength(0);
  });

  it('drops an item a shifting listing repeats on a later page', async () => {
    const paged = createFakeAdapter('paged', backend, { paged: true });
    const repeating = {
      paged: {
        ...paged,
        listPage: async (
          _client: Parameters<typeof paged.listPage>[0],
          request: Parameters<typeof paged.listPage>[1],
        ) =>
          request.page.number === 1
            ? {
                instances: normalizeAll(paged, [fakeItem('1'), fakeItem('2')]),
                next: { number: 2 },
                pageCount: 2,
              }
            : { instances: normalizeAll(paged, [fakeItem('2'), fakeItem('3')]), next: null, pageCount: 2 },
      },
    };
    const switchboard = createSwitchboardFromDefinitions(fakeProviders(repeating), {
      accounts: [{ provider: 'paged', token: 'p' }],
    });
    expect((await switchboard.listInstances()).map((instance) => instance.id)).toEqual(['1', '2', '3']);
  });

  it('keeps items with an empty id, which identify nothing', async () => {
    const paged = createFakeAdapter('paged', backend, { paged: true });
    const blankIds = {
      paged: {
        ...paged,
        listPage: async () => ({
          instances: normalizeAll(paged, [fakeItem(''), fakeItem(''), fakeItem('1')]),
          next: null,
        }),
      },
    };
    const switchboard = createSwitchboardFromDefinitions(fakeProviders(blankIds), {
      accounts: [{ provider: 'paged', token: 'p' }],
    });
    expect((await switchboard.listInstances()).map((instance) => instance.id)).toEqual(['', '', '1']);
  });
});

describe('secrets', () => {
  it("redacts the adapter's secret fields by default, leaving nulls alone, and includes them on request", async () => {
    backend.setItems('a1', [fakeItem('1', { apiKey: 'very-secret' }), fakeItem('2', { apiKey: null })]);
    const redacted = await create({ accounts: [{ provider: 'alpha', token: 'a1' }] }).listInstances();
    expect(redacted.map((instance) => (instance.raw as FakeItem).apiKey)).toEqual(['[redacted]', null]);
    expect(JSON.stringify(redacted)).not.toContain('very-secret');
    const included = await create({
      accounts: [{ provider: 'alpha', token: 'a1' }],
      secrets: 'include',
    }).listInstances();
    expect(included.map((instance) => (instance.raw as FakeItem).apiKey)).toEqual(['very-secret', null]);
  });

  it('does not change the item the adapter returned', async () => {
    const item = fakeItem('1', { apiKey: 'very-secret' });
    backend.setItems('a1', [item]);
    await create({ accounts: [{ provider: 'alpha', token: 'a1' }] }).listInstances();
    expect(item.apiKey).toBe('very-secret');
  });
});

describe('concurrency', () => {
  it('never has more requests in flight than `concurrency`, across accounts and calls', async () => {
    const accounts = Array.from({ length: 12 }, (_unused, index) => ({
      provider: 'paged' as const,
      token: `t${index}`,
      pageSize: 2,
    }));
    for (const account of accounts) backend.setItems(account.token, fakeItems(7, account.token));
    const switchboard = create({ accounts, concurrency: 3 });
    const [first, second] = await Promise.all([
      switchboard.listInstances(),
      collect(switchboard.instances({ provider: 'paged' })),
    ]);
    expect(first).toHaveLength(84);
    expect(second).toHaveLength(84);
    expect(backend.maxInFlight).toBe(3);
    expect(backend.calls).toHaveLength(2 * 12 * 4);
  });

  it('defaults to 8 requests in flight', async () => {
    const accounts = Array.from({ length: 20 }, (_unused, index) => ({
      provider: 'alpha' as const,
      token: `t${index}`,
    }));
    await create({ accounts }).listInstances();
    expect(backend.maxInFlight).toBe(8);
  });
});

describe('pages', () => {
  it('walks every page, passing the page size (default 100)', async () => {
    backend.setItems('p', fakeItems(250));
    const instances = await create({ accounts: [{ provider: 'paged', token: 'p' }] }).listInstances();
    expect(instances.map((instance) => instance.id)).toEqual(fakeItems(250).map((item) => item.id));
    expect(backend.calls.map((call) => [call.request.page.number, call.request.settings.pageSize])).toEqual([
      [1, 100],
      [2, 100],
      [3, 100],
    ]);
  });

  it('stops after page 1 when a provider reports no pages', async () => {
    backend.setItems('p', []);
    expect(await create({ accounts: [{ provider: 'paged', token: 'p' }] }).listInstances()).toEqual([]);
    expect(backend.calls).toHaveLength(1);
  });

  it('streams: while the caller reads a page, at most `lookahead` more pages are requested', async () => {
    backend.setItems('p', fakeItems(10));
    backend.holding = true;
    const switchboard = create({ accounts: [{ provider: 'paged', token: 'p', pageSize: 1 }] });
    const iterator = switchboard.instances();
    const first = iterator.next();
    await settleMicrotasks();
    expect(backend.calls).toHaveLength(1);
    backend.releaseOne();
    expect((await first).value).toMatchObject({ id: 'item-1' });
    await settleMicrotasks();
    // Page 1 is with the caller; pages 2 and 3 are in flight, page 4 is not asked for yet.
    expect(backend.calls.map((call) => call.request.page.number)).toEqual([1, 2, 3]);
    expect(backend.inFlight).toBe(2);

    let read = 1;
    while (read < 10) {
      const next = iterator.next();
      backend.releaseOne();
      const result = await next;
      expect(result.value).toMatchObject({ id: `item-${read + 1}` });
      read += 1;
      await settleMicrotasks();
      expect(backend.inFlight).toBeLessThanOrEqual(2);
      expect(backend.calls.length).toBeLessThanOrEqual(read + 2);
    }
    expect((await iterator.next()).done).toBe(true);
    expect(backend.calls).toHaveLength(10);
  });

  it('honours a custom lookahead', async () => {
    backend.setItems('p', fakeItems(10));
    backend.holding = true;
    const switchboard = create(
      { accounts: [{ provider: 'paged', token: 'p', pageSize: 1 }] },
      { pageLookahead: 1 },
    );
    const iterator = switchboard.instances();
    const first = iterator.next();
    await settleMicrotasks();
    backend.releaseOne();
    await first;
    await settleMicrotasks();
    expect(backend.calls.map((call) => call.request.page.number)).toEqual([1, 2]);
    backend.releaseAll();
    await iterator.return(undefined);
  });

  it('aborts the requests in flight when the caller stops reading', async () => {
    backend.setItems('p', fakeItems(10));
    backend.holding = true;
    const switchboard = create({ accounts: [{ provider: 'paged', token: 'p', pageSize: 1 }] });
    const iterator = switchboard.instances();
    const first = iterator.next();
    await settleMicrotasks();
    backend.releaseOne();
    await first;
    await settleMicrotasks();
    const inFlightSignals = backend.calls.slice(1).map((call) => call.request.signal!);
    expect(inFlightSignals.map((signal) => signal.aborted)).toEqual([false, false]);
    await iterator.return(undefined);
    expect(inFlightSignals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(backend.calls).toHaveLength(3);
  });

  it('a break in for await stops the listing', async () => {
    backend.setItems('p', fakeItems(10));
    const switchboard = create({ accounts: [{ provider: 'paged', token: 'p', pageSize: 1 }] });
    for await (const instance of switchboard.instances()) {
      expect(instance.id).toBe('item-1');
      break;
    }
    await settleMicrotasks();
    expect(backend.calls.length).toBeLessThanOrEqual(3);
    expect(backend.inFlight).toBe(0);
  });
});

describe('failures', () => {
  const accounts: AccountOptions<Registry>[] = [
    { provider: 'alpha', token: 'good' },
    { provider: 'beta', token: 'bad-1' },
    { provider: 'paged', token: 'bad-2', label: 'pages' },
  ];

  beforeEach(() => {
    backend.setItems('good', [fakeItem('g1'), fakeItem('g2')]);
    backend.setItems('bad-1', [fakeItem('x')]);
    backend.setItems('bad-2', [fakeItem('y')]);
  });

  it("rejects with the failed account's own error when one account fails", async () => {
    backend.failWith(
      'bad-1',
      () => new AuthenticationError('Invalid token', { provider: 'beta', status: 401 }),
    );
    const switchboard = create({ accounts: accounts.slice(0, 2) });
    const error = await switchboard.listInstances().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ provider: 'beta', account: 'beta', status: 401 });
  });

  it('rejects with FanOutError carrying every error and the instances that arrived when several fail', async () => {
    backend.failWith(
      'bad-1',
      () => new AuthenticationError('Invalid token', { provider: 'beta', account: 'beta' }),
    );
    backend.failWith('bad-2', () => new TypeError('fetch failed'));
    const error = await create({ accounts })
      .listInstances()
      .catch((caught: unknown) => caught);
    expect(FanOutError.isInstance(error)).toBe(true);
    const fanOut = error as FanOutError<{ id: string }>;
    expect(fanOut.code).toBe('fan_out');
    expect(fanOut.instances.map((instance) => instance.id)).toEqual(['g1', 'g2']);
    expect(fanOut.errors).toHaveLength(2);
    expect(fanOut.errors[0]).toBeInstanceOf(AuthenticationError);
    expect(fanOut.errors[1]).toBeInstanceOf(ConnectionError);
    expect(fanOut.errors.map((failure) => [failure.provider, failure.account])).toEqual([
      ['beta', 'beta'],
      ['paged', 'pages'],
    ]);
    expect(fanOut.message).toContain('2 of 3 accounts failed');
  });

  it('reports failures in listInstancesSettled instead of rejecting', async () => {
    backend.failWith('bad-1', () => new TimeoutError('timed out'));
    backend.failWith('bad-2', () => new AuthenticationError('Invalid token'));
    const result = await create({ accounts }).listInstancesSettled();
    expect(ids(result.instances)).toEqual(['g1', 'g2']);
    expect(result.failures.map((failure) => [failure.account, failure.provider, failure.error.code])).toEqual(
      [
        ['beta', 'beta', 'timeout'],
        ['pages', 'paged', 'authentication'],
      ],
    );
    expect(result.failures.map((failure) => [failure.error.provider, failure.error.account])).toEqual([
      ['beta', 'beta'],
      ['paged', 'pages'],
    ]);
  });

  it('reports a failure on a later page, and leaves that account out of the instances', async () => {
    backend.setItems('bad-2', fakeItems(5));
    backend.failWith('bad-2', () => new AuthenticationError('expired'), 3);
    const result = await create({
      accounts: [accounts[0]!, { provider: 'paged', token: 'bad-2', pageSize: 2 }],
    }).listInstancesSettled();
    expect(ids(result.instances)).toEqual(['g1', 'g2']);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.error.account).toBe('paged');
  });

  it('makes an item the adapter cannot read a ResponseFormatError of that account', async () => {
    backend.setItems('good', [{ ...fakeItem('1'), id: 42 as unknown as string }]);
    await expect(create({ accounts: accounts.slice(0, 1) }).listInstances()).rejects.toMatchObject({
      code: 'response_format',
      provider: 'alpha',
      account: 'alpha',
    });
  });

  it("wraps an adapter's unexpected failure as a SwitchboardError without the token", async () => {
    const alpha = createFakeAdapter('alpha', backend);
    const broken = {
      alpha: {
        ...alpha,
        listPage: async () => {
          throw new Error('cannot read good');
        },
      },
    };
    const switchboard = createSwitchboardFromDefinitions(fakeProviders(broken), {
      accounts: [{ provider: 'alpha', token: 'good' }],
      logLevel: 'off',
    });
    const error = await switchboard.listInstances().catch((caught: unknown) => caught);
    expect(SwitchboardError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'alpha', account: 'alpha' });
    expect((error as Error).message).not.toContain('good');
  });

  it('throws from the stream after yielding what the other accounts returned', async () => {
    backend.failWith('bad-1', () => new AuthenticationError('Invalid token'));
    const switchboard = create({ accounts: accounts.slice(0, 2) });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const instance of switchboard.instances()) seen.push(instance.id);
    })().catch((caught: unknown) => caught);
    expect(seen.sort()).toEqual(['g1', 'g2']);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ account: 'beta' });
  });

  it('throws FanOutError from the stream when several accounts fail', async () => {
    backend.failWith('bad-1', () => new AuthenticationError('Invalid token'));
    backend.failWith('bad-2', () => new AuthenticationError('Invalid token'));
    const error = await collect(create({ accounts }).instances()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FanOutError);
    expect((error as FanOutError).errors).toHaveLength(2);
  });
});

describe('abort', () => {
  const accounts: AccountOptions<Registry>[] = [
    { provider: 'alpha', token: 'a1' },
    { provider: 'beta', token: 'b1' },
  ];

  it('rejects at once and sends nothing when the signal is already aborted', async () => {
    const switchboard = create({ accounts });
    const signal = AbortSignal.abort();
    await expect(switchboard.listInstances({}, { signal })).rejects.toBeInstanceOf(AbortError);
    await expect(switchboard.listInstancesSettled({}, { signal })).rejects.toBeInstanceOf(AbortError);
    await expect(switchboard.instances({}, { signal }).next()).rejects.toBeInstanceOf(AbortError);
    expect(backend.calls).toHaveLength(0);
  });

  it('rejects listInstancesSettled with AbortError, not a failure, when the caller aborts', async () => {
    backend.holding = true;
    const controller = new AbortController();
    const switchboard = create({ accounts });
    const settled = switchboard.listInstancesSettled({}, { signal: controller.signal });
    await settleMicrotasks();
    expect(backend.calls).toHaveLength(2);
    controller.abort();
    const error = await settled.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AbortError);
    expect(SwitchboardError.isInstance(error)).toBe(true);
    expect(backend.calls.every((call) => call.request.signal?.aborted)).toBe(true);
  });

  it('rejects listInstances with AbortError when the caller aborts', async () => {
    backend.holding = true;
    const controller = new AbortController();
    const listing = create({ accounts }).listInstances({}, { signal: controller.signal });
    await settleMicrotasks();
    controller.abort();
    await expect(listing).rejects.toBeInstanceOf(AbortError);
  });

  it('drops requests still queued for a slot when the caller aborts', async () => {
    backend.holding = true;
    const controller = new AbortController();
    const many = Array.from({ length: 5 }, (_unused, index) => ({
      provider: 'alpha' as const,
      token: `t${index}`,
    }));
    const listing = create({ accounts: many, concurrency: 2 }).listInstances(
      {},
      { signal: controller.signal },
    );
    await settleMicrotasks();
    expect(backend.calls).toHaveLength(2);
    controller.abort();
    await expect(listing).rejects.toBeInstanceOf(AbortError);
    backend.releaseAll();
    await settleMicrotasks();
    expect(backend.calls).toHaveLength(2);
  });

  it('stops the stream with AbortError when the caller aborts between items', async () => {
    backend.setItems('a1', fakeItems(3));
    const controller = new AbortController();
    const iterator = create({ accounts: accounts.slice(0, 1) }).instances({}, { signal: controller.signal });
    expect((await iterator.next()).value).toMatchObject({ id: 'item-1' });
    controller.abort();
    await expect(iterator.next()).rejects.toBeInstanceOf(AbortError);
  });
});

describe('per-call overrides', () => {
  it('hands the adapter a per-call transport when timeoutMs or maxRetries is overridden', async () => {
    const switchboard = create({ accounts: [{ provider: 'alpha', token: 'a1' }] });
    await switchboard.listInstances();
    expect(backend.calls[0]!.request.fetch).toBeUndefined();
    await switchboard.listInstances({}, { timeoutMs: 500 });
    expect(typeof backend.calls[1]!.request.fetch).toBe('function');
    await switchboard.listInstances({}, { maxRetries: 0 });
    expect(typeof backend.calls[2]!.request.fetch).toBe('function');
  });

  it("derives that transport from the client's own (withOptions), building no second one", async () => {
    const derived: (typeof fetch)[] = [];
    const overrides: TransportCallOptions[] = [];
    const clientTransport = Object.assign(vi.fn<typeof fetch>(), {
      withOptions: (options: TransportCallOptions) => {
        overrides.push(options);
        const callFetch = Object.assign(vi.fn<typeof fetch>(), { withOptions: clientTransport.withOptions });
        derived.push(callFetch);
        return callFetch;
      },
    }) as TransportFetch;
    const alpha = createFakeAdapter('alpha', backend);
    const bound = {
      alpha: {
        ...alpha,
        createClient: (options: Parameters<typeof alpha.createClient>[0]) =>
          bindClientSetup(alpha.createClient(options), {
            baseUrl: alpha.metadata.defaultBaseUrl,
            fetch: clientTransport,
            token: options.token,
          }),
      },
    };
    const switchboard = createSwitchboardFromDefinitions(fakeProviders(bound), {
      accounts: [{ provider: 'alpha', token: 'a1' }],
      timeoutMs: 1000,
      maxRetries: 3,
    });
    await switchboard.listInstances({}, { timeoutMs: 500 });
    await switchboard.listInstances({}, { maxRetries: 0 });
    await switchboard.listInstances({}, { timeoutMs: 50, maxRetries: 1 });
    await switchboard.listInstances();
    expect(overrides).toEqual([{ timeoutMs: 500 }, { maxRetries: 0 }, { timeoutMs: 50, maxRetries: 1 }]);
    expect(backend.calls.map((call) => call.request.fetch)).toEqual([...derived, undefined]);
  });
});

describe('logging', () => {
  it('logs each page at debug level, without the token', async () => {
    const lines: string[] = [];
    const record = (message: string) => lines.push(message);
    const logger = { debug: record, info: record, warn: record, error: record };
    const switchboard = createSwitchboardFromDefinitions(fakeProviders(registry()), {
      accounts: [{ provider: 'alpha', token: 'secret-token' }],
      logger,
      logLevel: 'debug',
    });
    await switchboard.listInstances();
    expect(lines.some((line) => line.includes('page 1'))).toBe(true);
    expect(lines.join('\n')).not.toContain('secret-token');
  });
});
