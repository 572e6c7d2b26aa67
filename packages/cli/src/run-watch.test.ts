import { builtInProvidersByKey, PROVIDER_KEYS, type ProviderKey } from '@switchboard/core';
import { createSimulators, DEMO_TOKENS } from '@switchboard/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collector } from './__fixtures__/test-context.js';
import { EXIT_CODES } from './exit-codes.js';
import { optionVariables, tokenVariable } from './providers.js';
import { run } from './run.js';

/** The first path of a top-level field the spec marks secret, if the provider has one. */
function topLevelSecret(provider: ProviderKey): string | undefined {
  return builtInProvidersByKey[provider].metadata.secretFields.find((path) => !/[.[]/.test(path));
}

/** Providers whose accounts need only a token, from the registry. */
const PLAIN = PROVIDER_KEYS.filter((provider) => Object.keys(optionVariables(provider)).length === 0);
/** The watched provider: one whose items hold a secret, so that its redaction shows in the events. */
const WATCHED = PLAIN.find((provider) => topLevelSecret(provider) !== undefined) ?? PLAIN[0]!;
const OTHER = PLAIN.find((provider) => provider !== WATCHED)!;
const COUNTS = { [WATCHED]: 2, [OTHER]: 1 };

const TOKEN_ENVIRONMENT = {
  [tokenVariable(WATCHED)]: DEMO_TOKENS[WATCHED],
  [tokenVariable(OTHER)]: DEMO_TOKENS[OTHER],
};

/** Real waits of a few milliseconds at a time, bounded, for output that real I/O produces. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("run: instances watch in process, through the simulators' fetch, on fake timers", () => {
  it('prints the table, then a line when an instance changes, and exits 0 on Ctrl-C', async () => {
    // Loaded before the timers are faked, so that the command's dynamic import is already cached.
    await import('./commands/instances-watch.js');
    const simulators = createSimulators({ seed: 3, counts: COUNTS });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const controller = new AbortController();
    const stdout = collector();
    const stderr = collector();
    const exit = run(['instances', 'watch', '--interval', '10s'], {
      env: TOKEN_ENVIRONMENT,
      stdout,
      stderr,
      fetch: simulators.fetch,
      signal: controller.signal,
    });
    for (let step = 0; step < 200 && !stderr.text.includes('Watching'); step++) {
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(stdout.text).toMatch(/^PROVIDER\s+ACCOUNT/);
    expect(stderr.text).toContain('Watching 2 accounts every 10s; Ctrl-C to stop.');
    const table = stdout.text;
    const simulator = simulators.simulator(WATCHED);
    const watchedRequests = simulator.requests.length;

    const { adapter } = builtInProvidersByKey[WATCHED];
    const common = () => adapter.normalize(simulator.instances[0] as never, WATCHED);
    const { id, name, status: before } = common();
    // The first of the provider's status values that reads as another common status.
    for (const value of simulator.statusValues) {
      simulator.setStatus(id, value);
      if (common().status !== before) break;
    }
    const next = common().status;
    expect(next).not.toBe(before);
    // The interval is jittered by up to 10 %.
    await vi.advanceTimersByTimeAsync(11_000);
    for (let step = 0; step < 200 && stdout.text === table; step++) await vi.advanceTimersByTimeAsync(1);
    expect(simulator.requests.length).toBe(watchedRequests + 1);
    const lines = stdout.text.slice(table.length).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d  changed  ${WATCHED}  ${WATCHED}  ${id}  ${name ?? '-'}  status `),
    );
    expect(lines[0]).toContain(`→ ${next}`);

    controller.abort();
    await expect(exit).resolves.toBe(EXIT_CODES.success);
    const requests = simulators.requests.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(simulators.requests.length).toBe(requests);
    expect(stdout.text + stderr.text).not.toContain(DEMO_TOKENS[WATCHED]);
  });

  it('prints NDJSON events, the first poll’s added events first', async () => {
    await import('./commands/instances-watch.js');
    const simulators = createSimulators({ seed: 3, counts: COUNTS });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const controller = new AbortController();
    const stdout = collector();
    const exit = run(['instances', 'watch', '--ndjson'], {
      env: TOKEN_ENVIRONMENT,
      stdout,
      stderr: collector(),
      fetch: simulators.fetch,
      signal: controller.signal,
    });
    const synced = () => stdout.text.split('\n').filter((line) => line.includes('"synced"')).length;
    for (let step = 0; step < 200 && synced() < 2; step++) await vi.advanceTimersByTimeAsync(1);
    controller.abort();
    await expect(exit).resolves.toBe(EXIT_CODES.success);
    const events = stdout.text
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { type: string; instance?: { provider: string; raw: Record<string, unknown> } },
      );
    expect(events.filter((event) => event.type === 'added')).toHaveLength(3);
    expect(events.filter((event) => event.type === 'synced')).toHaveLength(2);
    // Secrets in raw are redacted, as with --json.
    const secret = topLevelSecret(WATCHED);
    expect(secret, 'a provider whose items hold a secret').toBeDefined();
    const watched = events.filter((event) => event.instance?.provider === WATCHED);
    expect(watched).toHaveLength(2);
    for (const event of watched) expect(event.instance?.raw[secret!]).toBe('[redacted]');
  });
});

describe('run: demo --watch over the embedded simulators', () => {
  it('prints the table, then changes as the simulators churn, until Ctrl-C', async () => {
    const controller = new AbortController();
    const stdout = collector();
    const stderr = collector();
    const exit = run(['demo', '--watch', '--interval', '1s'], { stdout, stderr, signal: controller.signal });
    try {
      await waitFor(() => /Watching \d+ accounts every 1s/.test(stderr.text), 'the table');
      const table = stdout.text;
      expect(table).toMatch(/^PROVIDER\s+ACCOUNT/);
      await waitFor(
        () => /\d\d:\d\d:\d\d {2}(added|changed|removed) /.test(stdout.text.slice(table.length)),
        'a change',
      );
    } finally {
      controller.abort();
    }
    await expect(exit).resolves.toBe(EXIT_CODES.success);
    expect(stderr.text).toContain('Demo: requests answered by the simulators');
  });
});
