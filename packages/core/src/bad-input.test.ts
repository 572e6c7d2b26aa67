/**
 * Whatever a caller passes (from JavaScript, JSON files or CLI flags, so without the types' help),
 * Switchboard answers with a `ValidationError` before any request, or with a correct answer; never
 * another error, never a hang, never a bad value on the wire, and never a token in what it prints.
 */
import { inspect } from 'node:util';
import { createSimulators, type Simulators } from '@switchboard/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountOf } from './__fixtures__/simulated-accounts.js';
import {
  type AccountOptions,
  builtInProvidersByKey,
  createSwitchboard,
  INSTANCE_STATUSES,
  type Instance,
  type InstanceFilter,
  PROVIDER_KEYS,
  type ProviderKey,
  type Switchboard,
  SwitchboardError,
  ValidationError,
} from './index.js';

const NUM_RUNS = 150;
/** Far longer than any call over the in-process simulators takes; reaching it means a hang. */
const HANG_MS = 10_000;
const FILTER_FIELDS = ['provider', 'account', 'id', 'name', 'nameContains', 'status', 'phone'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

class HangError extends Error {}

function raceAgainstHang<Value>(promise: Promise<Value>): Promise<Value> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new HangError(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

async function collect(iterable: AsyncIterable<Instance>): Promise<Instance[]> {
  const instances: Instance[] = [];
  for await (const instance of iterable) instances.push(instance);
  return instances;
}

type Outcome = { instances: Instance[] } | { error: unknown };

async function outcomeOf(run: () => Promise<Instance[]>): Promise<Outcome> {
  try {
    return { instances: await raceAgainstHang(run()) };
  } catch (error) {
    if (error instanceof HangError) throw error;
    return { error };
  }
}

function asList(value: unknown): readonly unknown[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function digitsOf(phone: string): string {
  return phone.replace(/@.*$/, '').replace(/:.*$/, '').replace(/\D/g, '');
}

/** The filter rules of API.md, read plainly, for a filter already known to be valid. */
function referenceFilter(instances: readonly Instance[], filter: Record<string, unknown>): Instance[] {
  const list = (field: FilterField) => asList(filter[field]) as readonly string[] | undefined;
  return instances.filter((instance) => {
    const provider = list('provider');
    const account = list('account');
    const id = list('id');
    const name = list('name');
    const nameContains = list('nameContains');
    const status = list('status');
    const phone = list('phone');
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
        (instance.phone !== null &&
          phone.some((wanted) => {
            // A leading 00 is the international prefix (see phoneToE164).
            const digits = digitsOf(wanted).replace(/^00/, '');
            return digits !== '' && digits === digitsOf(instance.phone!);
          })))
    );
  });
}

type Verdict = 'valid' | 'invalid' | 'either';

/**
 * What API.md says of a filter: `invalid` must be refused, `valid` must be answered. Phones are
 * `either` when they hold digits (how many digits make a phone is the implementation's call), and
 * so are objects that are not plain (a Date, a Map), which carry no filter fields of their own.
 */
function verdictOf(filter: unknown): Verdict {
  if (filter === undefined) return 'valid';
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return 'invalid';
  const prototype = Object.getPrototypeOf(filter);
  if (prototype !== Object.prototype && prototype !== null) return 'either';
  let verdict: Verdict = 'valid';
  for (const key of Object.keys(filter)) {
    if (!(FILTER_FIELDS as readonly string[]).includes(key)) return 'invalid';
    const values = asList((filter as Record<string, unknown>)[key]);
    if (values === undefined) continue;
    for (const value of values) {
      if (key === 'status') {
        if (!(INSTANCE_STATUSES as readonly unknown[]).includes(value)) return 'invalid';
        continue;
      }
      if (typeof value !== 'string') return 'invalid';
      if (key === 'provider' && !(PROVIDER_KEYS as readonly string[]).includes(value)) return 'invalid';
      if (key === 'phone') {
        if (!/\d/.test(value)) return 'invalid';
        verdict = 'either';
      }
    }
  }
  return verdict;
}

/** Strings no correct request would carry unless the caller asked for them. */
const GARBAGE_MARKERS = ['[object ', 'undefined', 'NaN', 'null', 'Symbol(', '=>', 'function'];

function stringsIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.values(value).flatMap((item) => stringsIn(item, seen));
}

function keys(instances: readonly Instance[]): string[] {
  return instances.map((instance) => `${instance.account}/${instance.id}`).sort();
}

let simulators: Simulators;
let switchboard: Switchboard;
let everything: Instance[];

function createSimulated(): Simulators {
  return createSimulators({
    seed: 17,
    counts: Object.fromEntries(PROVIDER_KEYS.map((provider, index) => [provider, 7 - (index % 3)])),
    rateLimit: false,
  });
}

beforeAll(async () => {
  simulators = createSimulated();
  switchboard = createSwitchboard({
    accounts: PROVIDER_KEYS.map((provider) => ({
      ...accountOf(simulators, provider),
      // Providers that page walk several pages of three.
      ...(builtInProvidersByKey[provider].accountOptions.keys.includes('pageSize') && { pageSize: 3 }),
    })) as AccountOptions[],
    fetch: simulators.fetch,
    maxRetries: 0,
    logLevel: 'off',
  });
  everything = await switchboard.listInstances();
  expect(everything.length).toBe(PROVIDER_KEYS.reduce((sum, _provider, index) => sum + 7 - (index % 3), 0));
});

/** Values an untyped caller may pass where a string or a list of strings belongs. */
function wildValue(): fc.Arbitrary<unknown> {
  const known = fc.constantFrom<unknown>(
    ...PROVIDER_KEYS,
    ...INSTANCE_STATUSES,
    ...everything.flatMap((instance) => [instance.id, instance.name, instance.phone, instance.account]),
    `${PROVIDER_KEYS[0]}#2`,
    'Connected',
    'CONNECTED',
  );
  const strange = fc.constantFrom<unknown>(
    '',
    ' ',
    '\u0000',
    'x'.repeat(100_000),
    '+',
    '()-',
    '00',
    '&page=2',
    'a,b',
    '%00%2F',
    '../../admin',
    NaN,
    Number.POSITIVE_INFINITY,
    -0,
    0,
    1e21,
    10n,
    true,
    false,
    null,
    undefined,
    Symbol('filter'),
    Symbol.iterator,
    () => 'connected',
    new Date(0),
    /connected/,
    new Map([['status', 'connected']]),
    new Set(['connected']),
    new String('connected'),
    Object.create(null),
    JSON.parse('{"__proto__": {"status": "connected"}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    { toString: () => 'connected' },
  );
  const leaf = fc.oneof(
    { arbitrary: known, weight: 4 },
    { arbitrary: strange, weight: 3 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
    { arbitrary: fc.string({ minLength: 2_000, maxLength: 5_000 }), weight: 1 },
    { arbitrary: fc.double(), weight: 1 },
    { arbitrary: fc.integer(), weight: 1 },
    { arbitrary: fc.object({ maxDepth: 2 }), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: fc.array(leaf, { maxLength: 4 }), weight: 2 },
    { arbitrary: fc.array(fc.array(leaf, { maxLength: 2 }), { maxLength: 2 }), weight: 1 },
  );
}

/** A filter object with known fields, unknown ones and prototype-shaped keys. */
function wildFilterObject(): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    { arbitrary: fc.constantFrom<string>(...FILTER_FIELDS), weight: 8 },
    {
      arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'Status', 'names', ''),
      weight: 1,
    },
    { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
  );
  return fc.array(fc.tuple(key, wildValue()), { maxLength: 4 }).map((entries) => {
    const filter: Record<string, unknown> = {};
    for (const [field, value] of entries) {
      if (field === '__proto__') {
        // As JSON.parse builds it: an own key, not the prototype.
        Object.defineProperty(filter, '__proto__', {
          value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      } else {
        filter[field] = value;
      }
    }
    return filter;
  });
}

function wildFilter(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: wildFilterObject(), weight: 12 },
    {
      arbitrary: fc.constantFrom<unknown>(
        undefined,
        null,
        'connected',
        42,
        NaN,
        [],
        [{ status: 'connected' }],
        Symbol('filter'),
        JSON.parse('{"__proto__": {"status": "connected"}}'),
        JSON.parse('{"status": "connected", "__proto__": null}'),
        JSON.parse('{"constructor": "x"}'),
      ),
      weight: 1,
    },
  );
}

type Method = 'listInstances' | 'listInstancesSettled' | 'instances';

function callWith(method: Method, filter: unknown): Promise<Instance[]> {
  const untyped = filter as InstanceFilter;
  if (method === 'listInstances') return switchboard.listInstances(untyped);
  if (method === 'listInstancesSettled') {
    return switchboard.listInstancesSettled(untyped).then(({ instances, failures }) => {
      expect(failures).toEqual([]);
      return instances;
    });
  }
  return collect(switchboard.instances(untyped));
}

/** How often each outcome came up, so that a run that only ever refused (or answered) shows. */
const tally = { refused: 0, answered: 0, answeredNonEmpty: 0 };

async function checkFilter(method: Method, filter: unknown): Promise<void> {
  simulators.clearRequests();
  const verdict = verdictOf(filter);
  const outcome = await outcomeOf(() => callWith(method, filter));
  if ('error' in outcome) {
    const { error } = outcome;
    expect(error, inspect(error)).toBeInstanceOf(ValidationError);
    expect(verdict, `refused a valid filter: ${(error as Error).message}`).not.toBe('valid');
    expect(simulators.requests, 'requests sent before refusing').toHaveLength(0);
    tally.refused += 1;
    return;
  }
  tally.answered += 1;
  if (outcome.instances.length > 0) tally.answeredNonEmpty += 1;
  expect(verdict, 'answered an invalid filter').not.toBe('invalid');
  const filterRecord = (filter ?? {}) as Record<string, unknown>;
  const own =
    Object.getPrototypeOf(filterRecord) === Object.prototype || Object.getPrototypeOf(filterRecord) === null;
  expect(keys(outcome.instances)).toEqual(keys(referenceFilter(everything, own ? filterRecord : {})));
  const asked = stringsIn(filter).join('\n');
  for (const request of simulators.requests) {
    for (const [name, value] of Object.entries(request.query)) {
      for (const marker of GARBAGE_MARKERS) {
        if (value.includes(marker)) {
          expect(asked, `query ${name}=${value.slice(0, 60)} carries ${marker}`).toContain(marker);
        }
      }
    }
  }
}

describe('random filters', () => {
  for (const method of ['listInstances', 'listInstancesSettled', 'instances'] as const) {
    it(`${method}: a ValidationError before any request, or exactly the matching instances`, async () => {
      await fc.assert(
        fc.asyncProperty(wildFilter(), (filter) => checkFilter(method, filter)),
        { numRuns: NUM_RUNS },
      );
    });
  }

  it('the generated filters exercised both outcomes, and answers that were not empty', () => {
    expect(tally.refused).toBeGreaterThan(NUM_RUNS / 4);
    expect(tally.answered).toBeGreaterThan(NUM_RUNS / 4);
    expect(tally.answeredNonEmpty).toBeGreaterThan(NUM_RUNS / 10);
  });

  it('refuses the shapes API.md names, for every method, before any request', async () => {
    const refused: unknown[] = [
      { provider: 'whatsapp' },
      { status: 'online' },
      { status: ['connected', 'CONNECTED'] },
      { phone: 'no digits here' },
      { name: 42 },
      { name: ['ok', null] },
      { nameContains: { toString: () => 'x' } },
      { id: Symbol('x') },
      { unknownField: 'x' },
      JSON.parse('{"__proto__": {"status": "connected"}}'),
      JSON.parse('{"constructor": "x"}'),
      null,
      'connected',
      [],
    ];
    for (const filter of refused) {
      for (const method of ['listInstances', 'listInstancesSettled', 'instances'] as const) {
        simulators.clearRequests();
        const outcome = await outcomeOf(() => callWith(method, filter));
        expect(outcome, `${method} ${inspect(filter)}`).toHaveProperty('error');
        expect((outcome as { error: unknown }).error).toBeInstanceOf(ValidationError);
        expect(simulators.requests).toHaveLength(0);
      }
    }
  });

  it('a bad second argument is refused the same way', async () => {
    const badOptions: unknown[] = [
      null,
      'fast',
      { signal: 'abort' },
      { timeoutMs: -1 },
      { timeoutMs: NaN },
      { maxRetries: 1.5 },
      { retries: 1 },
      JSON.parse('{"__proto__": {"timeoutMs": 1}}'),
    ];
    for (const options of badOptions) {
      simulators.clearRequests();
      const untyped = options as { signal?: AbortSignal };
      for (const run of [
        () => switchboard.listInstances({}, untyped),
        () => switchboard.listInstancesSettled({}, untyped).then(({ instances }) => instances),
        () => collect(switchboard.instances({}, untyped)),
      ]) {
        const outcome = await outcomeOf(run);
        expect(outcome, inspect(options)).toHaveProperty('error');
        expect((outcome as { error: unknown }).error).toBeInstanceOf(ValidationError);
      }
      expect(simulators.requests).toHaveLength(0);
    }
  });
});

describe('random options and accounts', () => {
  const TOKEN_MARK = 'SECRET-TOKEN-';

  function wildToken(): fc.Arbitrary<unknown> {
    return fc.oneof(
      {
        arbitrary: fc
          .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 16 })
          .map((hex) => `${TOKEN_MARK}${hex}`),
        weight: 16,
      },
      {
        arbitrary: fc.constantFrom<unknown>(
          '',
          '   ',
          `${TOKEN_MARK}${'y'.repeat(100_000)}`,
          `${TOKEN_MARK}\u0000\n`,
          `${TOKEN_MARK}ünï©ødé😀`,
          42,
          null,
          undefined,
          { token: `${TOKEN_MARK}nested` },
          [`${TOKEN_MARK}in-array`],
        ),
        weight: 2,
      },
    );
  }

  /** Mostly a good value, sometimes a bad one: several bad knobs at once would hide each other. */
  function mostly(good: readonly unknown[], bad: readonly unknown[]): fc.Arbitrary<unknown> {
    return fc.oneof(
      { arbitrary: fc.constantFrom<unknown>(...good), weight: 12 },
      { arbitrary: fc.constantFrom<unknown>(...bad), weight: 1 },
    );
  }

  /** Providers whose accounts need nothing beyond the common options, so a random account can be valid. */
  const PROVIDERS_WITHOUT_REQUIRED_OPTIONS = PROVIDER_KEYS.filter((provider) => {
    try {
      builtInProvidersByKey[provider].accountOptions.resolve({}, 'accounts[0]');
      return true;
    } catch {
      return false;
    }
  });

  const numberish = (good: readonly unknown[]) =>
    mostly(good, [0, -1, -0, 1.5, NaN, Number.POSITIVE_INFINITY, 2 ** 53, '8', null, 10n]);

  function wildAccount(): fc.Arbitrary<unknown> {
    return fc
      .record(
        {
          provider: mostly(PROVIDERS_WITHOUT_REQUIRED_OPTIONS, [
            'whatsapp',
            '',
            PROVIDER_KEYS[0]!.toUpperCase(),
            undefined,
            7,
            '__proto__',
          ]),
          token: wildToken(),
          label: mostly(
            [undefined, undefined, 'main', PROVIDER_KEYS[0], `${PROVIDER_KEYS[1]}#2`, 'ünï'],
            ['', ' ', 5],
          ),
          baseUrl: mostly(
            [undefined, 'http://127.0.0.1:4010/api'],
            ['not a url', 'ftp://example.test', '', 3],
          ),
          rateLimit: mostly([undefined, false, { requests: 5, perMs: 1_000 }], [true, { requests: 0 }, {}]),
          pageSize: mostly([undefined, undefined, undefined, 1, 100], [0, -1, 1.5, '8', null]),
          // Mostly, a page size only for providers that take one: with every provider the registry
          // adds, a page size drawn for any of them would leave ever fewer options to construct.
          pageSizeElsewhere: mostly([false], [true]),
          extra: mostly([undefined], ['apiKey', '__proto__', 'constructor']),
        },
        { requiredKeys: ['provider', 'token'] },
      )
      .map(({ extra, pageSizeElsewhere, ...account }) => {
        const takesPageSize =
          (PROVIDER_KEYS as readonly unknown[]).includes(account.provider) &&
          builtInProvidersByKey[account.provider as ProviderKey].accountOptions.keys.includes('pageSize');
        if (!takesPageSize && pageSizeElsewhere !== true) delete account.pageSize;
        const withoutUndefined = Object.fromEntries(
          Object.entries(account).filter(([, value]) => value !== undefined),
        ) as Record<string, unknown>;
        if (typeof extra === 'string') {
          Object.defineProperty(withoutUndefined, extra, {
            value: 'x',
            enumerable: true,
            configurable: true,
            writable: true,
          });
        }
        return withoutUndefined;
      });
  }

  const wildOptions = fc
    .record(
      {
        accounts: fc.oneof(
          { arbitrary: fc.array(wildAccount(), { minLength: 1, maxLength: 3 }), weight: 12 },
          {
            arbitrary: fc.constantFrom<unknown>(undefined, null, {}, PROVIDER_KEYS[0], [null], []),
            weight: 1,
          },
        ),
        timeoutMs: numberish([undefined, 1, 50, 30_000]),
        maxRetries: numberish([undefined, 0, 2, 0]),
        concurrency: numberish([undefined, 1, 8]),
        secrets: mostly([undefined, 'redact', 'include'], ['show', true]),
        logLevel: mostly([undefined, 'off', 'debug', 'warn'], ['verbose', 3]),
        logger: mostly([undefined, console], [{}, { debug() {}, info() {}, warn() {} }, 'console']),
        fetch: mostly([undefined], ['fetch', 1]),
        extra: mostly([undefined], ['timeout', '__proto__', 'constructor']),
      },
      { requiredKeys: ['accounts'] },
    )
    .map(({ extra, ...options }) => {
      const withoutUndefined = Object.fromEntries(
        Object.entries(options).filter(([, value]) => value !== undefined),
      ) as Record<string, unknown>;
      if (typeof extra === 'string') {
        Object.defineProperty(withoutUndefined, extra, {
          value: 1,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return withoutUndefined;
    });

  function tokensIn(options: Record<string, unknown>): string[] {
    const accounts = Array.isArray(options.accounts) ? options.accounts : [];
    return accounts.flatMap((account: unknown) =>
      stringsIn(account).filter((value) => value.startsWith(TOKEN_MARK)),
    );
  }

  /** Options the contract plainly refuses, whatever else they hold. */
  function plainlyInvalid(options: Record<string, unknown>): string | undefined {
    for (const key of Object.keys(options)) {
      if (
        ![
          'accounts',
          'timeoutMs',
          'maxRetries',
          'concurrency',
          'secrets',
          'logLevel',
          'logger',
          'fetch',
        ].includes(key)
      ) {
        return `unknown option ${key}`;
      }
    }
    const positiveInteger = (value: unknown) =>
      value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1);
    if (!positiveInteger(options.concurrency)) return 'concurrency';
    if (
      options.maxRetries !== undefined &&
      !(
        typeof options.maxRetries === 'number' &&
        Number.isSafeInteger(options.maxRetries) &&
        options.maxRetries >= 0
      )
    ) {
      return 'maxRetries';
    }
    if (
      options.timeoutMs !== undefined &&
      !(typeof options.timeoutMs === 'number' && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)
    ) {
      return 'timeoutMs';
    }
    if (!Array.isArray(options.accounts) || options.accounts.length === 0) return 'accounts';
    const labels = new Set<unknown>();
    for (const account of options.accounts as Record<string, unknown>[]) {
      if (typeof account !== 'object' || account === null) return 'account';
      if (!(PROVIDER_KEYS as readonly unknown[]).includes(account.provider)) return 'provider';
      if (typeof account.token !== 'string' || account.token.trim() === '') return 'token';
      // A header carries Latin-1 without control characters (API.md, Transport).
      if (/[^\u0020-\u007e\u00a0-\u00ff\t]/.test(account.token)) return 'token';
      const ownKeys = builtInProvidersByKey[account.provider as ProviderKey].accountOptions.keys;
      if (
        Object.keys(account).some(
          (key) => !['provider', 'token', 'label', 'baseUrl', 'rateLimit', ...ownKeys].includes(key),
        )
      ) {
        return 'unknown account option';
      }
      if (account.label !== undefined) {
        if (labels.has(account.label)) return 'duplicate label';
        labels.add(account.label);
      }
      if (!positiveInteger(account.pageSize)) return 'pageSize';
    }
    return undefined;
  }

  it('createSwitchboard throws ValidationError synchronously, without the token, or constructs', () => {
    const outcomes = { thrown: 0, constructed: 0 };
    fc.assert(
      fc.property(wildOptions, (options) => {
        let created: Switchboard | undefined;
        let thrown: unknown;
        try {
          created = createSwitchboard(options as never);
        } catch (error) {
          thrown = error;
        }
        const tokens = tokensIn(options);
        if (thrown !== undefined) {
          expect(thrown, inspect(thrown)).toBeInstanceOf(ValidationError);
          const printed = [
            (thrown as Error).message,
            (thrown as Error).stack ?? '',
            JSON.stringify(thrown),
            inspect(thrown, { depth: 6 }),
          ].join('\n');
          for (const token of tokens) expect(printed.includes(token), 'token in the error').toBe(false);
          outcomes.thrown += 1;
          return;
        }
        expect(plainlyInvalid(options), 'constructed from invalid options').toBeUndefined();
        const summary = `${JSON.stringify(created!.accounts)}\n${inspect(created, { depth: 6 })}`;
        for (const token of tokens) expect(summary.includes(token), 'token in the switchboard').toBe(false);
        outcomes.constructed += 1;
      }),
      { numRuns: 200 },
    );
    expect(outcomes.thrown).toBeGreaterThan(20);
    expect(outcomes.constructed).toBeGreaterThan(20);
  });

  it('refuses what API.md names as bad, and accepts a plain good configuration', () => {
    const token = `${TOKEN_MARK}fixed`;
    const [first, second] = PROVIDER_KEYS;
    const good = { accounts: [{ provider: first, token }] };
    expect(() => createSwitchboard(good as never)).not.toThrow();
    const bad: unknown[] = [
      undefined,
      null,
      {},
      { accounts: [] },
      { accounts: [{ provider: 'whatsapp', token }] },
      { accounts: [{ provider: first, token: '' }] },
      { accounts: [{ provider: first, token: '   ' }] },
      { accounts: [{ provider: first, token: 12345 }] },
      {
        accounts: [
          { provider: first, token, label: 'same' },
          { provider: second, token, label: 'same' },
        ],
      },
      { ...good, concurrency: 0 },
      { ...good, concurrency: -3 },
      { ...good, concurrency: 2.5 },
      { ...good, concurrency: NaN },
      { ...good, timeoutMs: 0 },
      { ...good, timeoutMs: NaN },
      { ...good, timeoutMs: Number.POSITIVE_INFINITY },
      { ...good, maxRetries: -1 },
      { ...good, maxRetries: 0.5 },
      { ...good, logLevel: 'verbose' },
      { ...good, secrets: 'show' },
      JSON.parse(
        `{"accounts": [{"provider": "${first}", "token": "${token}"}], "__proto__": {"concurrency": 1}}`,
      ),
      JSON.parse(
        `{"accounts": [{"provider": "${first}", "token": "${token}", "__proto__": {"label": "x"}}]}`,
      ),
    ];
    for (const options of bad) {
      let thrown: unknown;
      try {
        createSwitchboard(options as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, inspect(options)).toBeInstanceOf(ValidationError);
      expect((thrown as Error).message).not.toContain(token);
    }
  });
});

describe('the token never leaks through a failure', () => {
  const TOKEN = 'LEAK-TOKEN-123456';

  interface Leak {
    description: string;
    inject(simulators: Simulators, provider: ProviderKey): void;
  }

  const leaks: Leak[] = [
    {
      description: '401 whose JSON body echoes the token',
      inject: (sims, provider) => {
        sims[provider].injectFault({
          type: 'status',
          status: 401,
          body: { message: `Invalid token ${TOKEN}`, token: TOKEN, error: { detail: `Bearer ${TOKEN}` } },
          times: Number.POSITIVE_INFINITY,
        });
      },
    },
    {
      description: '401 whose text body echoes the token',
      inject: (sims, provider) => {
        sims[provider].injectFault({
          type: 'status',
          status: 401,
          body: `<html>token ${TOKEN} rejected</html>`,
          times: Number.POSITIVE_INFINITY,
        });
      },
    },
    {
      description: '500 whose body echoes the token',
      inject: (sims, provider) => {
        sims[provider].injectFault({
          type: 'status',
          status: 500,
          body: { message: `upstream refused ${TOKEN}` },
          times: Number.POSITIVE_INFINITY,
        });
      },
    },
    {
      description: '429 with a long Retry-After and the token in the body',
      inject: (sims, provider) => {
        sims[provider].injectFault({
          type: 'status',
          status: 429,
          headers: { 'Retry-After': '120' },
          body: { message: `slow down, ${TOKEN}` },
          times: Number.POSITIVE_INFINITY,
        });
      },
    },
    {
      description: 'a dropped connection',
      inject: (sims, provider) => {
        sims[provider].injectFault({ type: 'drop-connection', times: Number.POSITIVE_INFINITY });
      },
    },
    {
      description: 'a timeout',
      inject: (sims, provider) => {
        sims[provider].injectFault({ type: 'latency', ms: 30_000, times: Number.POSITIVE_INFINITY });
      },
    },
    {
      description: 'malformed JSON',
      inject: (sims, provider) => {
        sims[provider].injectFault({ type: 'malformed-json', times: Number.POSITIVE_INFINITY });
      },
    },
    {
      description: 'a wrong shape that quotes the token',
      inject: (sims, provider) => {
        sims[provider].injectFault({
          type: 'wrong-shape',
          body: { unexpected: TOKEN, items: [{ token: TOKEN }] },
          times: Number.POSITIVE_INFINITY,
        });
      },
    },
  ];

  /** Every string an error could show, down its causes and a FanOutError's errors. */
  function printedForms(value: unknown, seen = new Set<unknown>()): string[] {
    if (typeof value !== 'object' || value === null || seen.has(value)) return [];
    seen.add(value);
    const forms: string[] = [inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true })];
    try {
      forms.push(JSON.stringify(value) ?? '');
    } catch {
      // A cause that cannot be stringified shows nothing that way.
    }
    if (value instanceof Error) {
      forms.push(value.message, value.stack ?? '', String(value));
      forms.push(...printedForms(value.cause, seen));
    }
    const errors = (value as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const error of errors) forms.push(...printedForms(error, seen));
    return forms;
  }

  it.concurrent.each(leaks)('$description, on every provider at once', async ({ inject }) => {
    const sims = createSimulators({
      seed: 3,
      tokens: Object.fromEntries(PROVIDER_KEYS.map((provider) => [provider, TOKEN])),
      rateLimit: false,
    });
    for (const provider of PROVIDER_KEYS) inject(sims, provider);
    const logged: string[] = [];
    const capture =
      (level: string) =>
      (...args: unknown[]) => {
        logged.push(
          `${level} ${args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 10 }))).join(' ')}`,
        );
      };
    const leaking = createSwitchboard({
      accounts: PROVIDER_KEYS.map((provider) => ({ ...accountOf(sims, provider), token: TOKEN })),
      fetch: sims.fetch,
      maxRetries: 1,
      timeoutMs: 50,
      logLevel: 'debug',
      logger: {
        debug: capture('debug'),
        info: capture('info'),
        warn: capture('warn'),
        error: capture('error'),
      },
    });

    const settled = await raceAgainstHang(leaking.listInstancesSettled());
    expect(settled.failures).toHaveLength(PROVIDER_KEYS.length);
    const rejected = await raceAgainstHang(leaking.listInstances().catch((error: unknown) => error));
    expect(SwitchboardError.isInstance(rejected)).toBe(true);
    expect((rejected as SwitchboardError).code).toBe('fan_out');
    const streamed = await raceAgainstHang(collect(leaking.instances()).catch((error: unknown) => error));
    expect(SwitchboardError.isInstance(streamed)).toBe(true);

    const printed = [
      ...settled.failures.flatMap((failure) => printedForms(failure.error)),
      JSON.stringify(settled),
      inspect(settled, { depth: 10 }),
      ...printedForms(rejected),
      ...printedForms(streamed),
    ];
    for (const text of printed) expect(text.includes(TOKEN), text.slice(0, 400)).toBe(false);
    expect(logged.length, 'the logger heard nothing at debug level').toBeGreaterThan(0);
    for (const line of logged) expect(line.includes(TOKEN), line.slice(0, 400)).toBe(false);
    // The requests did carry it: the check above is not vacuous.
    expect(sims.requests.length).toBeGreaterThan(0);
  });
});
