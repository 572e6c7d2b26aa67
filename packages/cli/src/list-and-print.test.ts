import { type Instance, type InstanceFilter, PROVIDER_KEYS, type ProviderKey } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { createTestContext, fakeInstance } from './__fixtures__/test-context.js';
import type { FailureError } from './describe-failure.js';
import { EXIT_CODES } from './exit-codes.js';
import {
  type ListingFailure,
  type ListingSwitchboard,
  listAndPrint,
  selectAccounts,
} from './list-and-print.js';
import type { ListingFlags } from './parse-args.js';

/** Three providers of the registry, in its order (the summary follows it), and one with no account. */
const [FIRST, SECOND, THIRD, UNCONFIGURED] = PROVIDER_KEYS as unknown as [
  ProviderKey,
  ProviderKey,
  ProviderKey,
  ProviderKey,
];

const ACCOUNTS = [
  { provider: FIRST, label: 'sales' },
  { provider: SECOND, label: 'support' },
  { provider: THIRD, label: 'ops' },
];

const INSTANCES: Instance[] = [
  fakeInstance({ provider: FIRST, account: 'sales', id: 'Z1', name: 'Sales Rio', phone: null }),
  fakeInstance({
    provider: FIRST,
    account: 'sales',
    id: 'Z2',
    name: 'Support Rio',
    status: 'disconnected',
  }),
  fakeInstance({
    provider: SECOND,
    account: 'support',
    id: 'R1',
    name: 'sales-lisbon',
    status: 'qr_pending',
  }),
  fakeInstance({ provider: THIRD, account: 'ops', id: 'W1', name: 'cairo_store', status: 'unknown' }),
];

/** The provider column is as wide as its widest key. */
const PROVIDER_WIDTH = Math.max('PROVIDER'.length, FIRST.length, SECOND.length, THIRD.length);
const tableLine = (provider: string, rest: string) => `${provider.padEnd(PROVIDER_WIDTH)}  ${rest}`;

const TOKEN = 'secret-token-of-the-second-account';

function flags(overrides: Partial<ListingFlags> = {}): ListingFlags {
  return {
    filter: {},
    output: 'table',
    concurrency: undefined,
    timeoutMs: undefined,
    maxRetries: undefined,
    ...overrides,
  };
}

function accountError(account: string, provider: string, error: Partial<FailureError>) {
  return Object.assign(new Error(error.message ?? 'failed'), { account, provider, ...error });
}

/**
 * A facade over fixed instances, which fails the accounts named in `failing`. It applies only the
 * `account` filter, which is all the CLI relies on it for in these tests.
 */
function fakeSwitchboard(
  failing: Record<string, FailureError> = {},
): ListingSwitchboard & { calls: InstanceFilter[] } {
  const calls: InstanceFilter[] = [];
  const pick = (filter: InstanceFilter) => {
    const labels = filter.account === undefined ? undefined : ([] as string[]).concat(filter.account);
    return ACCOUNTS.filter((account) => labels === undefined || labels.includes(account.label));
  };
  return {
    calls,
    accounts: ACCOUNTS,
    async listInstancesSettled(filter) {
      calls.push(filter);
      const instances: Instance[] = [];
      const failures: ListingFailure[] = [];
      for (const account of pick(filter)) {
        const error = failing[account.label];
        if (error) failures.push({ account: account.label, provider: account.provider, error });
        else instances.push(...INSTANCES.filter((instance) => instance.account === account.label));
      }
      return { instances, failures };
    },
    async *instances(filter) {
      calls.push(filter);
      const errors = [];
      for (const account of pick(filter)) {
        const error = failing[account.label];
        if (error) errors.push(accountError(account.label, account.provider, error));
        else yield* INSTANCES.filter((instance) => instance.account === account.label);
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw Object.assign(new Error('several failed'), { code: 'fan_out', errors });
    },
  };
}

describe('selectAccounts', () => {
  it('keeps the accounts the provider and account filters allow, warning about values no account has', () => {
    expect(UNCONFIGURED).toBeDefined();
    const { selected, warnings } = selectAccounts(ACCOUNTS, {
      provider: [SECOND, UNCONFIGURED],
      account: ['support', 'nope'],
    });
    expect(selected).toEqual([{ provider: SECOND, label: 'support' }]);
    expect(warnings).toEqual([
      `no ${UNCONFIGURED} account is configured, so --provider ${UNCONFIGURED} matches nothing`,
      'no account is labelled "nope"; the accounts are sales, support, ops',
    ]);
  });
});

describe('listAndPrint', () => {
  it('prints a table and a summary, asking each account on its own with the filter', async () => {
    const { context, stdout, stderr } = createTestContext();
    const switchboard = fakeSwitchboard();
    const code = await listAndPrint(
      context,
      switchboard,
      flags({ filter: { status: ['connected', 'unknown'] } }),
    );
    expect(code).toBe(EXIT_CODES.success);
    expect(switchboard.calls).toEqual([
      { status: ['connected', 'unknown'], account: 'sales' },
      { status: ['connected', 'unknown'], account: 'support' },
      { status: ['connected', 'unknown'], account: 'ops' },
    ]);
    expect(stdout.text).toBe(
      [
        tableLine('PROVIDER', 'ACCOUNT  ID  NAME          STATUS        PHONE           CREATED'),
        tableLine(FIRST, 'sales    Z1  Sales Rio     connected     -               2024-05-01'),
        tableLine(FIRST, 'sales    Z2  Support Rio   disconnected  +5511999990000  2024-05-01'),
        tableLine(SECOND, 'support  R1  sales-lisbon  qr_pending    +5511999990000  2024-05-01'),
        tableLine(THIRD, 'ops      W1  cairo_store   unknown       +5511999990000  2024-05-01'),
        '',
        `4 instances from 3 accounts: ${FIRST} 2, ${SECOND} 1, ${THIRD} 1`,
        'by status: connected 1, qr_pending 1, disconnected 1, unknown 1',
        '',
      ].join('\n'),
    );
    expect(stderr.text).toBe('');
  });

  it('prints JSON alone on stdout', async () => {
    const { context, stdout, stderr } = createTestContext();
    const code = await listAndPrint(context, fakeSwitchboard(), flags({ output: 'json' }));
    expect(code).toBe(EXIT_CODES.success);
    expect(JSON.parse(stdout.text)).toEqual(INSTANCES);
    expect(stderr.text).toBe('');
  });

  it('streams NDJSON through instances(), one instance per line, with the filter as given', async () => {
    const { context, stdout } = createTestContext();
    const switchboard = fakeSwitchboard();
    const code = await listAndPrint(
      context,
      switchboard,
      flags({ output: 'ndjson', filter: { provider: FIRST } }),
    );
    expect(code).toBe(EXIT_CODES.success);
    expect(switchboard.calls).toEqual([{ provider: FIRST }]);
    const lines = stdout.text.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(INSTANCES);
  });

  it('on a partial failure prints what arrived, one stderr line per failed account, and exits 2', async () => {
    const { context, stdout, stderr } = createTestContext();
    context.stderr.addSecrets([TOKEN]);
    const switchboard = fakeSwitchboard({
      support: { code: 'authentication', status: 401, providerMessage: `Invalid token ${TOKEN}` },
    });
    const code = await listAndPrint(context, switchboard, flags());
    expect(code).toBe(EXIT_CODES.partialFailure);
    expect(stdout.text).toContain('Z1');
    expect(stdout.text).toContain('W1');
    expect(stdout.text).not.toContain('R1');
    expect(stdout.text).toContain(
      `3 instances from 2 of 3 accounts: ${FIRST} 2, ${SECOND} failed, ${THIRD} 1`,
    );
    expect(stdout.text).toContain(`1 of 3 accounts failed: support (${SECOND})`);
    expect(stderr.text).toBe(
      `switchboard: ${SECOND} account "support" failed: the token was refused; check it (HTTP 401); provider said: Invalid token [redacted]\n`,
    );
  });

  it('exits 1 when every selected account failed, and 2 for a partial failure while streaming', async () => {
    const failing = {
      sales: { code: 'connection', message: 'connect ECONNREFUSED' },
      support: { code: 'timeout', timeoutMs: 1000 },
    };
    const total = createTestContext();
    expect(
      await listAndPrint(
        total.context,
        fakeSwitchboard(failing),
        flags({ filter: { provider: [FIRST, SECOND] } }),
      ),
    ).toBe(EXIT_CODES.failure);
    expect(total.stdout.text).not.toContain('PROVIDER');
    expect(total.stderr.text.trimEnd().split('\n')).toHaveLength(2);

    const partial = createTestContext();
    expect(await listAndPrint(partial.context, fakeSwitchboard(failing), flags({ output: 'ndjson' }))).toBe(
      EXIT_CODES.partialFailure,
    );
    expect(
      partial.stdout.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['W1']);
    expect(partial.stderr.text).toContain(`${FIRST} account "sales" failed: could not reach the provider`);
    expect(partial.stderr.text).toContain(
      `${SECOND} account "support" failed: the provider did not answer within 1s`,
    );
  });

  it('sends nothing and exits 0 when the filters select no account', async () => {
    const { context, stdout, stderr } = createTestContext();
    const switchboard = fakeSwitchboard();
    const code = await listAndPrint(context, switchboard, flags({ filter: { account: 'missing' } }));
    expect(code).toBe(EXIT_CODES.success);
    expect(switchboard.calls).toEqual([]);
    expect(stderr.text).toContain('no account is labelled "missing"');
    expect(stdout.text).toBe('0 instances from 0 accounts\n');
  });

  it('says so when nothing matches', async () => {
    const { context, stdout } = createTestContext();
    const switchboard: ListingSwitchboard = {
      ...fakeSwitchboard(),
      async listInstancesSettled() {
        return { instances: [], failures: [] };
      },
    };
    await listAndPrint(context, switchboard, flags({ filter: { name: 'nobody' } }));
    expect(stdout.text).toBe(
      `No instance matches the filters.\n\n0 instances from 3 accounts: ${FIRST} 0, ${SECOND} 0, ${THIRD} 0\n`,
    );
  });

  it('draws a progress line on a terminal stderr and erases it before printing', async () => {
    const { context, stdout, stderr } = createTestContext({ stderrIsTTY: true });
    await listAndPrint(context, fakeSwitchboard(), flags({ output: 'json' }));
    expect(stderr.text).toContain('Listing instances from 3 accounts…');
    expect(stderr.text).toContain('3 of 3 accounts answered, 4 instances so far…');
    // The summary follows the erased progress line on stderr, since stdout holds JSON.
    expect(stderr.text).toContain('\r\u001b[2K4 instances from 3 accounts');
    expect(stdout.text).not.toContain('\u001b');
  });

  it('rethrows an error that is not about an account, such as an abort', async () => {
    const { context } = createTestContext();
    const aborting: ListingSwitchboard = {
      ...fakeSwitchboard(),
      async listInstancesSettled() {
        throw Object.assign(new Error('aborted'), { code: 'aborted' });
      },
      // biome-ignore lint/correctness/useYield: it fails before its first instance, as an aborted stream does.
      async *instances() {
        throw Object.assign(new Error('aborted'), { code: 'aborted' });
      },
    };
    await expect(listAndPrint(context, aborting, flags())).rejects.toThrow('aborted');
    await expect(listAndPrint(context, aborting, flags({ output: 'ndjson' }))).rejects.toThrow('aborted');
  });
});
