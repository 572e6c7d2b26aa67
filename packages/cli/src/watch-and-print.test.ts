import {
  type Instance,
  type InstanceFilter,
  PROVIDER_KEYS,
  type ProviderKey,
  type WatchEvent,
} from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { createTestContext, fakeInstance } from './__fixtures__/test-context.js';
import { EXIT_CODES } from './exit-codes.js';
import type { WatchFlags } from './parse-args.js';
import { formatTimeOfDay, type WatchingSwitchboard, watchAndPrint } from './watch-and-print.js';

/** Providers of the registry: two with accounts, one without. */
const [ACME, INITECH, GLOBEX] = PROVIDER_KEYS as unknown as [ProviderKey, ProviderKey, ProviderKey];

const ACCOUNTS = [
  { provider: ACME, label: 'br-main' },
  { provider: INITECH, label: 'initech' },
];
const TOKEN = 'secret-token-of-br-main';

const sales = fakeInstance({
  provider: ACME,
  account: 'br-main',
  id: 'R1',
  name: 'sales',
  status: 'connected',
});
const support = fakeInstance({
  provider: ACME,
  account: 'br-main',
  id: 'R2',
  name: 'support',
  status: 'qr_pending',
});
const cairo = fakeInstance({
  provider: INITECH,
  account: 'initech',
  id: 'W1',
  name: 'cairo',
  status: 'connected',
});

function flags(overrides: Partial<WatchFlags> = {}): WatchFlags {
  return {
    filter: {},
    output: 'table',
    intervalMs: 30_000,
    concurrency: undefined,
    timeoutMs: undefined,
    maxRetries: undefined,
    ...overrides,
  };
}

function failure(account: string, provider: string, fields: Record<string, unknown>) {
  return Object.assign(new Error(String(fields.message ?? 'failed')), { account, provider, ...fields });
}

/**
 * A facade whose watch yields the given events, then waits until the signal aborts, as a real
 * watch does between polls. The signal is aborted by the test after the last event is read.
 */
function scriptedSwitchboard(
  events: WatchEvent[],
  controller: AbortController,
): WatchingSwitchboard & { calls: { filter: InstanceFilter; intervalMs?: number }[] } {
  const calls: { filter: InstanceFilter; intervalMs?: number }[] = [];
  return {
    calls,
    accounts: ACCOUNTS,
    async *watch(filter, options) {
      calls.push({ filter, ...(options.intervalMs !== undefined && { intervalMs: options.intervalMs }) });
      for (const event of events) yield event;
      controller.abort();
      if (options.signal?.aborted) return;
      await new Promise((resolve) => options.signal?.addEventListener('abort', resolve, { once: true }));
    },
  };
}

const changed = (
  previous: Instance,
  instance: Instance,
  changes: Extract<WatchEvent, { type: 'changed' }>['changes'],
): WatchEvent => ({ type: 'changed', instance, previous, changes });

function firstPoll(): WatchEvent[] {
  return [
    { type: 'added', instance: sales },
    { type: 'added', instance: support },
    { type: 'synced', account: 'br-main', provider: ACME },
    { type: 'added', instance: cairo },
    { type: 'synced', account: 'initech', provider: INITECH },
  ];
}

async function watch(events: WatchEvent[], watchFlags = flags(), contextOptions = {}) {
  const controller = new AbortController();
  const test = createTestContext({ signal: controller.signal, ...contextOptions });
  test.context.stdout.addSecrets([TOKEN]);
  test.context.stderr.addSecrets([TOKEN]);
  const switchboard = scriptedSwitchboard(events, controller);
  const code = await watchAndPrint(test.context, switchboard, watchFlags, { now: () => 0 });
  return { code, stdout: test.stdout.text, stderr: test.stderr.text, calls: switchboard.calls };
}

const TIME = formatTimeOfDay(0);

describe('watchAndPrint: table output', () => {
  it('prints the table of the first poll, then one line per event, and exits 0 on interrupt', async () => {
    const connectedSupport = { ...support, status: 'connected' as const, providerStatus: 'open' };
    const result = await watch([
      ...firstPoll(),
      changed(support, connectedSupport, ['status', 'providerStatus']),
      { type: 'removed', instance: cairo },
      { type: 'added', instance: { ...cairo, id: 'W2', name: null } },
      { type: 'synced', account: 'br-main', provider: ACME },
    ]);
    expect(result.code).toBe(EXIT_CODES.success);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^PROVIDER\s+ACCOUNT\s+ID\s+NAME\s+STATUS/);
    expect(lines.slice(1, 4).map((line) => line.split(/\s+/)[2])).toEqual(['R1', 'R2', 'W1']);
    expect(lines[4]).toBe('');
    expect(lines.slice(5)).toEqual([
      `${TIME}  changed  ${ACME}  br-main  R2  support  status qr_pending → connected, providerStatus open → open`,
      `${TIME}  removed  ${INITECH}  initech  W1  cairo  connected`,
      `${TIME}  added    ${INITECH}  initech  W2  -  connected`,
      '',
    ]);
    expect(result.stderr).toBe('Watching 2 accounts every 30s; Ctrl-C to stop.\n');
  });

  it('shows each changed field of profile on its own, and nulls as -', async () => {
    const before = { ...sales, profile: { name: null, pictureUrl: null, isBusiness: null }, phone: null };
    const after = {
      ...sales,
      profile: { name: 'Sales', pictureUrl: null, isBusiness: true },
      phone: '+5511988887777',
    };
    const result = await watch([...firstPoll(), changed(before, after, ['phone', 'profile'])]);
    expect(result.stdout).toContain(
      `${TIME}  changed  ${ACME}  br-main  R1  sales  phone - → +5511988887777, profile.name - → Sales, profile.isBusiness - → true\n`,
    );
  });

  it('holds a fast account’s next events until every account answered its first poll', async () => {
    const result = await watch([
      { type: 'added', instance: cairo },
      { type: 'synced', account: 'initech', provider: INITECH },
      { type: 'removed', instance: cairo },
      { type: 'synced', account: 'initech', provider: INITECH },
      { type: 'added', instance: sales },
      { type: 'synced', account: 'br-main', provider: ACME },
    ]);
    const lines = result.stdout.split('\n');
    // The table lists the accounts in their order, whichever answered first.
    expect(lines.slice(1, 3).map((line) => line.split(/\s+/)[2])).toEqual(['R1', 'W1']);
    expect(lines[4]).toBe(`${TIME}  removed  ${INITECH}  initech  W1  cairo  connected`);
  });

  it('prints a failed poll on stderr naming the account, never the token, and its recovery', async () => {
    const error = failure('br-main', ACME, {
      code: 'authentication',
      status: 401,
      message: `Token ${TOKEN} refused`,
      providerMessage: `invalid token ${TOKEN}`,
    });
    const result = await watch([
      { type: 'failed', account: 'br-main', provider: ACME, error: error as never },
      { type: 'added', instance: cairo },
      { type: 'synced', account: 'initech', provider: INITECH },
      { type: 'failed', account: 'br-main', provider: ACME, error: error as never },
      { type: 'added', instance: sales },
      { type: 'synced', account: 'br-main', provider: ACME },
    ]);
    const stderr = result.stderr.split('\n');
    expect(stderr[0]).toBe(
      `${TIME}  failed   ${ACME} account "br-main" failed: the token was refused; check it (HTTP 401); provider said: invalid token [redacted]; polling it again with backoff`,
    );
    expect(stderr[1]).toBe('Watching 2 accounts every 30s; Ctrl-C to stop.');
    expect(stderr[2]).toContain(`failed   ${ACME} account "br-main" failed`);
    expect(stderr[3]).toBe(`${TIME}  synced   ${ACME} account "br-main" answers again`);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stdout).not.toContain(TOKEN);
    // The table holds the account that answered; the recovered account's instance comes as a line.
    expect(result.stdout).toContain(`${TIME}  added    ${ACME}  br-main  R1  sales  connected`);
  });

  it('says when nothing matches, and passes the filter and interval to the facade', async () => {
    const result = await watch(
      [
        { type: 'synced', account: 'br-main', provider: ACME },
        { type: 'synced', account: 'initech', provider: INITECH },
      ],
      flags({ filter: { status: 'logged_out' }, intervalMs: 5_000 }),
    );
    expect(result.stdout).toBe('No instance matches the filters.\n\n');
    expect(result.stderr).toContain('every 5s');
    expect(result.calls).toEqual([{ filter: { status: 'logged_out' }, intervalMs: 5_000 }]);
  });

  it('colours events and statuses on a terminal', async () => {
    const result = await watch(
      [...firstPoll(), changed(support, { ...support, status: 'connected' }, ['status'])],
      flags(),
      { colour: true, stdoutIsTTY: true },
    );
    expect(result.stdout).toContain('\u001b[33mchanged\u001b[39m');
    expect(result.stdout).toContain('\u001b[32mconnected\u001b[39m');
  });

  it('watches nothing when the filters select no account', async () => {
    const result = await watch(firstPoll(), flags({ filter: { provider: GLOBEX } }));
    expect(result.code).toBe(EXIT_CODES.success);
    expect(result.calls).toEqual([]);
    expect(result.stderr).toContain('nothing to watch');
  });
});

describe('watchAndPrint: --ndjson', () => {
  it('prints every event as one JSON line, with no table, and failed polls on stderr too', async () => {
    const error = failure('initech', INITECH, { code: 'timeout', message: 'timed out' });
    const events: WatchEvent[] = [
      ...firstPoll(),
      changed(support, { ...support, status: 'connected' }, ['status']),
      { type: 'failed', account: 'initech', provider: INITECH, error: error as never },
    ];
    const result = await watch(events, flags({ output: 'ndjson' }));
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    const parsed = lines.map((line) => JSON.parse(line) as { type: string });
    expect(parsed.map((event) => event.type)).toEqual([
      'added',
      'added',
      'synced',
      'added',
      'synced',
      'changed',
      'failed',
    ]);
    expect(parsed[0]).toEqual(JSON.parse(JSON.stringify({ type: 'added', instance: sales })));
    expect(parsed[5]).toMatchObject({
      previous: { status: 'qr_pending' },
      instance: { status: 'connected' },
    });
    expect(result.stderr).toContain(
      `${INITECH} account "initech" failed: the provider did not answer in time`,
    );
    expect(result.stderr).not.toContain('Watching');
  });
});
