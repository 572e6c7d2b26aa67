import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInProvidersByKey, type Instance, PROVIDER_KEYS, type ProviderKey } from '@switchboard/core';
import { type SimulatorServer, startSimulatorServer } from '@switchboard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTS, SECOND_ACCOUNT, SECOND_ACCOUNT_PROVIDER } from './demo-data.js';
import { EXIT_CODES } from './exit-codes.js';
import { baseUrlVariable, listWords, optionVariables, tokenVariable } from './providers.js';

/**
 * End to end: the built `switchboard` binary, run as a subprocess with `node dist/bin.js`, against the
 * provider simulators served over HTTP on 127.0.0.1. Its stdout and stderr are pipes, as in a script.
 */

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const sourceDirectory = join(packageDirectory, 'src');
const binary = join(packageDirectory, 'dist', 'bin.js');

function pages(provider: ProviderKey): boolean {
  return builtInProvidersByKey[provider].metadata.listOperation.paging.style !== 'none';
}

/** Providers that page get more than one page of 100; the others a few instances, each its own count. */
const COUNTS: Record<ProviderKey, number> = Object.fromEntries(
  PROVIDER_KEYS.map((provider, index) => [provider, pages(provider) ? 130 : 5 + index]),
) as Record<ProviderKey, number>;
const TOTAL = PROVIDER_KEYS.reduce((sum, provider) => sum + COUNTS[provider], 0);
const ACCOUNTS = PROVIDER_KEYS.length;
/** Roles in the cases below, taken from the registry so that every provider can play them. */
const [FIRST, SECOND, THIRD] = [0, 1, 2].map((index) => PROVIDER_KEYS[index % PROVIDER_KEYS.length]!) as [
  ProviderKey,
  ProviderKey,
  ProviderKey,
];
const LAST = PROVIDER_KEYS.at(-1)!;
/** A provider whose list comes whole, for the accounts file (two accounts of it). */
const WHOLE = PROVIDER_KEYS.find((provider) => !pages(provider)) ?? FIRST;
/** Any other provider, beside it in the accounts file. */
const OTHER = PROVIDER_KEYS.find((provider) => provider !== WHOLE) ?? WHOLE;
const ESC = '\u001b';

/** `1 instance from 4 accounts: a 3, b 2`: the summary line for one account per provider. */
function summaryOf(counts: Record<ProviderKey, number>): string {
  return PROVIDER_KEYS.map((provider) => `${provider} ${counts[provider]}`).join(', ');
}

/** The values of an item's secret fields the spec names (top-level and nested paths, not arrays). */
function secretValuesOf(provider: ProviderKey, item: unknown): unknown[] {
  return builtInProvidersByKey[provider].metadata.secretFields
    .filter((path) => !path.includes('[]'))
    .map((path) =>
      path
        .split('.')
        .reduce<unknown>(
          (value, key) =>
            typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
          item,
        ),
    );
}

function newestSourceTime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') newest = Math.max(newest, newestSourceTime(path));
    } else if (entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Builds `dist/` when it is missing or older than the sources, so the test never runs a stale binary. */
function ensureBuilt(): void {
  if (existsSync(binary) && statSync(binary).mtimeMs >= newestSourceTime(sourceDirectory)) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: packageDirectory,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building the CLI failed:\n${result.stdout}${result.stderr}`);
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let server: SimulatorServer;
let secrets: string[];
let directory: string;

/** The variables of one provider's account: token, base URL and the options its demo account needs. */
function providerEnvironment(
  provider: ProviderKey,
  baseUrl = server.baseUrls[provider],
): Record<string, string> {
  const options = server.simulators.accountOptions[provider] ?? {};
  return {
    [tokenVariable(provider)]: server.tokens[provider],
    [baseUrlVariable(provider)]: baseUrl,
    ...Object.fromEntries(
      Object.entries(optionVariables(provider))
        .filter(([option]) => options[option] !== undefined)
        .map(([option, variable]) => [variable, String(options[option])]),
    ),
  };
}

function accountEnvironment(): Record<string, string> {
  return Object.assign({}, ...PROVIDER_KEYS.map((provider) => providerEnvironment(provider)));
}

/**
 * Runs the binary with only the variables given (plus PATH), and checks on every run that no
 * account token and no instance token reached stdout or stderr.
 */
async function runCli(
  argv: string[],
  env: Record<string, string> = accountEnvironment(),
): Promise<CliResult> {
  const result = await new Promise<CliResult>((resolve, reject) => {
    execFile(
      process.execPath,
      [binary, ...argv],
      {
        cwd: directory,
        env: { PATH: process.env.PATH ?? '', ...env },
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
        if (code === undefined) reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
  });
  for (const secret of secrets) {
    expect(result.stdout, 'a token reached stdout').not.toContain(secret);
    expect(result.stderr, 'a token reached stderr').not.toContain(secret);
  }
  return result;
}

function parseNdjson(text: string): Instance[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Instance);
}

beforeAll(async () => {
  ensureBuilt();
  directory = await mkdtemp(join(tmpdir(), 'switchboard-cli-e2e-'));
  server = await startSimulatorServer({ seed: 5, counts: { ...COUNTS }, port: 0 });
  const instanceSecrets = PROVIDER_KEYS.flatMap((provider) =>
    server.simulators
      .simulator(provider)
      .instances.flatMap((instance) => secretValuesOf(provider, instance))
      .filter((secret): secret is string => typeof secret === 'string'),
  );
  // Short values (an empty or a one-letter field) would match by chance anywhere.
  secrets = [...Object.values(server.tokens), ...instanceSecrets].filter((secret) => secret.length >= 8);
  expect(instanceSecrets.length, 'the specs name instance secrets to look for').toBeGreaterThan(0);
}, 120_000);

afterEach(() => {
  for (const simulator of server.simulators.all) simulator.clearFaults();
});

afterAll(async () => {
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

// Each case starts one or more node processes; a loaded machine needs more than the default 5 s.
const E2E_TIMEOUT = { timeout: 60_000 };

describe('switchboard instances list (built binary, simulators over HTTP)', E2E_TIMEOUT, () => {
  it('prints a plain table and the summary when piped', async () => {
    const result = await runCli(['instances', 'list']);
    expect(result.code).toBe(EXIT_CODES.success);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain(ESC);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROVIDER +ACCOUNT +ID +NAME +STATUS +PHONE +CREATED$/);
    const rows = lines.slice(1, lines.indexOf(''));
    expect(rows).toHaveLength(TOTAL);
    for (const provider of PROVIDER_KEYS) {
      expect(rows.filter((row) => row.startsWith(`${provider} `))).toHaveLength(COUNTS[provider]);
    }
    expect(result.stdout).toContain(`${TOTAL} instances from ${ACCOUNTS} accounts: ${summaryOf(COUNTS)}`);
    expect(result.stdout).toMatch(/\nby status: connected \d+/);
  });

  it('colours the status when FORCE_COLOR asks, even piped, and never with NO_COLOR alone', async () => {
    const connected = (await listAll()).find((instance) => instance.status === 'connected')!.provider;
    const forced = await runCli(['instances', 'list', '--provider', connected], {
      ...accountEnvironment(),
      FORCE_COLOR: '1',
    });
    expect(forced.stdout).toContain(`${ESC}[32mconnected${ESC}[39m`);
    const plain = await runCli(['instances', 'list', '--provider', connected], {
      ...accountEnvironment(),
      NO_COLOR: '1',
    });
    expect(plain.stdout).not.toContain(ESC);
  });

  it('prints --json as an array of instances with secrets redacted', async () => {
    const result = await runCli(['instances', 'list', '--json']);
    expect(result.code).toBe(EXIT_CODES.success);
    const instances = JSON.parse(result.stdout) as Instance[];
    expect(instances).toHaveLength(TOTAL);
    expect(new Set(instances.map((instance) => instance.provider))).toEqual(new Set(PROVIDER_KEYS));
    // Every secret field the spec names comes out redacted wherever the item holds one (an empty
    // string holds nothing to hide).
    const secretValues = instances.flatMap((instance) =>
      secretValuesOf(instance.provider, instance.raw).filter(
        (value) => value !== undefined && value !== null && value !== '',
      ),
    );
    expect(secretValues.length).toBeGreaterThan(0);
    expect(new Set(secretValues)).toEqual(new Set(['[redacted]']));
    expect(instances.every((instance) => instance.account === instance.provider)).toBe(true);
  });

  it('streams --ndjson, one instance per line, the same instances as --json', async () => {
    const [streamed, listed] = await Promise.all([
      runCli(['instances', 'list', '--ndjson']),
      runCli(['instances', 'list', '--json']),
    ]);
    expect(streamed.code).toBe(EXIT_CODES.success);
    const lines = parseNdjson(streamed.stdout);
    expect(lines).toHaveLength(TOTAL);
    const key = (instance: Instance) => `${instance.account}/${instance.id}`;
    expect(lines.map(key).sort()).toEqual((JSON.parse(listed.stdout) as Instance[]).map(key).sort());
  });

  it('applies the filters: providers and statuses as lists, a name part, a phone in another format', async () => {
    const byStatus = await runCli([
      'instances',
      'list',
      '--json',
      '--provider',
      `${SECOND},${THIRD}`,
      '--status',
      'connected',
      '--status',
      'qr_pending',
    ]);
    const statusMatches = JSON.parse(byStatus.stdout) as Instance[];
    const expected = (await listAll()).filter(
      (instance) =>
        [SECOND, THIRD].includes(instance.provider) && ['connected', 'qr_pending'].includes(instance.status),
    );
    expect(statusMatches.length).toBeGreaterThan(0);
    expect(statusMatches.map((instance) => instance.id).sort()).toEqual(
      expected.map((instance) => instance.id).sort(),
    );

    const withPhone = (await listAll()).find((instance) => (instance.phone?.length ?? 0) >= 12);
    const phone = withPhone?.phone as string;
    // `+5511987654321` typed as `55 11 98765-4321`.
    const typed = `${phone.slice(1, 3)} ${phone.slice(3, 5)} ${phone.slice(5, -4)}-${phone.slice(-4)}`;
    const byPhone = JSON.parse(
      (await runCli(['instances', 'list', '--json', '--phone', typed])).stdout,
    ) as Instance[];
    expect(byPhone.map((instance) => instance.id)).toContain(withPhone?.id);
    expect(byPhone.every((instance) => instance.phone === phone)).toBe(true);

    const named = (await listAll()).find((instance) => instance.provider === LAST && instance.name)
      ?.name as string;
    const part = named.slice(1, 5).toUpperCase();
    const byName = JSON.parse(
      (await runCli(['instances', 'list', '--json', '--name-contains', part])).stdout,
    ) as Instance[];
    expect(byName.map((instance) => instance.name)).toContain(named);
    expect(byName.every((instance) => instance.name?.toLowerCase().includes(part.toLowerCase()))).toBe(true);

    const exact = await runCli(['instances', 'list', '--name', named]);
    expect(exact.stdout).toContain(`1 instance from ${ACCOUNTS} accounts`);
  });

  it('on a partial failure prints the rest, one stderr line naming the failed account, and exits 2', async () => {
    // The provider echoes the token in its error body: the CLI must still not print it.
    server.simulators.simulator(SECOND).injectFault({
      type: 'status',
      status: 401,
      body: { message: `Invalid token ${server.tokens[SECOND]}` },
      times: Number.POSITIVE_INFINITY,
    });
    const result = await runCli(['instances', 'list']);
    expect(result.code).toBe(EXIT_CODES.partialFailure);
    const errorLines = result.stderr.trimEnd().split('\n');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(
      new RegExp(`^switchboard: ${SECOND} account "${SECOND}" failed: the token was refused`),
    );
    expect(errorLines[0]).toContain('HTTP 401');
    expect(result.stdout).not.toMatch(new RegExp(`^${SECOND} `, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^${FIRST} `, 'm'));
    expect(result.stdout).toContain(`${SECOND} failed`);
    expect(result.stdout).toContain(`1 of ${ACCOUNTS} accounts failed: ${SECOND} (${SECOND})`);
  });

  it('names a provider outage with its status, without retrying when told not to', async () => {
    server.simulators.simulator(THIRD).injectFault({
      type: 'status',
      status: 503,
      times: Number.POSITIVE_INFINITY,
    });
    const result = await runCli(['instances', 'list', '--ndjson', '--retries', '0']);
    expect(result.code).toBe(EXIT_CODES.partialFailure);
    expect(result.stderr).toContain(
      `${THIRD} account "${THIRD}" failed: the provider answered with an error (HTTP 503)`,
    );
    expect(parseNdjson(result.stdout).some((instance) => instance.provider === THIRD)).toBe(false);
    expect(parseNdjson(result.stdout).length).toBe(TOTAL - COUNTS[THIRD]);
  });

  it('exits 1 when every account failed', async () => {
    for (const simulator of server.simulators.all) {
      simulator.injectFault({ type: 'status', status: 403, times: Number.POSITIVE_INFINITY });
    }
    const result = await runCli(['instances', 'list', '--json']);
    expect(result.code).toBe(EXIT_CODES.failure);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(ACCOUNTS);
    for (const provider of PROVIDER_KEYS) {
      expect(result.stderr).toContain(
        `${provider} account "${provider}" failed: the token may not list instances`,
      );
    }
  });

  it('reports an unreachable base URL as a connection failure', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const path = new URL(server.baseUrls[LAST]).pathname.replace(/\/$/, '');
    const result = await runCli(
      ['instances', 'list', '--retries', '0'],
      providerEnvironment(LAST, `http://127.0.0.1:${port}${path}`),
    );
    expect(result.code).toBe(EXIT_CODES.failure);
    expect(result.stderr).toContain(`${LAST} account "${LAST}" failed: could not reach the provider`);
  });

  it('reads many accounts from a file, with tokens from variables, and filters by account label', async () => {
    const file = join(directory, 'accounts.json');
    await writeFile(
      file,
      JSON.stringify({
        accounts: [
          {
            ...server.simulators.accountOptions[WHOLE],
            provider: WHOLE,
            label: 'sales',
            tokenEnv: 'SALES_TOKEN',
            baseUrl: server.baseUrls[WHOLE],
          },
          {
            ...server.simulators.accountOptions[WHOLE],
            provider: WHOLE,
            label: 'support',
            token: server.tokens[WHOLE],
            baseUrl: server.baseUrls[WHOLE],
          },
          {
            ...server.simulators.accountOptions[OTHER],
            provider: OTHER,
            token: server.tokens[OTHER],
            baseUrl: server.baseUrls[OTHER],
          },
        ],
      }),
    );
    const all = await runCli(['instances', 'list', '--accounts', 'accounts.json'], {
      SALES_TOKEN: server.tokens[WHOLE],
    });
    expect(all.code).toBe(EXIT_CODES.success);
    const [whole, other] = [WHOLE, OTHER].sort(
      (first, second) => PROVIDER_KEYS.indexOf(first) - PROVIDER_KEYS.indexOf(second),
    );
    const parts = {
      [WHOLE]: `${WHOLE} ${COUNTS[WHOLE] * 2} (sales ${COUNTS[WHOLE]}, support ${COUNTS[WHOLE]})`,
      [OTHER]: `${OTHER} ${COUNTS[OTHER]}`,
    };
    expect(all.stdout).toContain(
      `${COUNTS[WHOLE] * 2 + COUNTS[OTHER]} instances from 3 accounts: ${parts[whole!]}, ${parts[other!]}`,
    );
    const one = await runCli(['instances', 'list', '--accounts', file, '--account', 'support', '--json'], {
      SALES_TOKEN: server.tokens[WHOLE],
    });
    const instances = JSON.parse(one.stdout) as Instance[];
    expect(instances).toHaveLength(COUNTS[WHOLE]);
    expect(instances.every((instance) => instance.account === 'support')).toBe(true);
  });

  it('exits 64 with the usage on a bad flag, and prints nothing on stdout', async () => {
    const result = await runCli(['instances', 'list', '--stauts', 'connected']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown option --stauts; did you mean --status?');
    expect(result.stderr).toContain('Usage: switchboard instances list');
  });

  it('exits 64 naming the token variables when no account is configured', async () => {
    const result = await runCli(['instances', 'list'], {});
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('no account configured');
    expect(result.stderr).toContain(listWords(PROVIDER_KEYS.map(tokenVariable), 'or'));
    for (const provider of PROVIDER_KEYS) expect(result.stderr).toContain(tokenVariable(provider));
  });

  it('exits 64 on an invalid accounts file, naming the field', async () => {
    await writeFile(join(directory, 'bad.json'), JSON.stringify([{ provider: 'acme', token: 'x' }]));
    const result = await runCli(['instances', 'list', '--accounts', 'bad.json'], {});
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('bad.json: accounts[0].provider must be one of');
  });
});

describe('switchboard demo, simulate, --help and --version (built binary)', E2E_TIMEOUT, () => {
  it('lists the demo data set across every provider and one more account', async () => {
    const result = await runCli(['demo'], {});
    expect(result.code).toBe(EXIT_CODES.success);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stdout).toContain(`instances from ${ACCOUNTS + 1} accounts: ${demoSummary()}`);
    for (const status of [
      'connected',
      'connecting',
      'qr_pending',
      'disconnected',
      'logged_out',
      'stopped',
      'failed',
      'pending',
      'unknown',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`by status: .*\\b${status} \\d+`));
    }
    // A page-numbered provider's demo instances take several pages of 100.
    for (const provider of PROVIDER_KEYS.filter(
      (key) => builtInProvidersByKey[key].metadata.listOperation.paging.style === 'page-number',
    )) {
      expect(result.stderr).toContain(`${demoLabel(provider)} ${Math.ceil(DEMO_COUNTS[provider] / 100)}`);
    }
  });

  it('takes the listing flags', async () => {
    const provider = SECOND_ACCOUNT_PROVIDER;
    const result = await runCli(['demo', '--provider', provider, '--status', 'connected', '--json'], {});
    expect(result.code).toBe(EXIT_CODES.success);
    const instances = JSON.parse(result.stdout) as Instance[];
    expect(instances.length).toBeGreaterThan(0);
    expect(
      instances.every((instance) => instance.provider === provider && instance.status === 'connected'),
    ).toBe(true);
    expect(new Set(instances.map((instance) => instance.account))).toEqual(
      new Set([demoLabel(provider), SECOND_ACCOUNT.label]),
    );
  });

  it('simulate keeps the simulators up until Ctrl-C, printing what instances list needs', async () => {
    const child = spawn(process.execPath, [binary, 'simulate', '--port', '0'], {
      cwd: directory,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('Press Ctrl-C to stop.')) resolve();
        });
        child.on('exit', () => reject(new Error(`simulate exited early:\n${output}`)));
      });
      // The printed export lines, as a shell would read them.
      const env = Object.fromEntries(
        [...output.matchAll(/^ {2}export ([A-Z_]+)='([^']*)'$/gm)].map((match) => [match[1], match[2]]),
      ) as Record<string, string>;
      for (const provider of PROVIDER_KEYS) {
        expect(env).toHaveProperty(tokenVariable(provider));
        expect(env).toHaveProperty(baseUrlVariable(provider));
      }
      expect(output).toContain(SECOND_ACCOUNT.label);
      const listed = await runCli(['instances', 'list'], env);
      expect(listed.code).toBe(EXIT_CODES.success);
      expect(listed.stdout).toContain(`instances from ${ACCOUNTS} accounts: ${demoSummary(false)}`);

      const accountsJson = /^ {2}\[\n[\s\S]*?\n {2}\]$/m.exec(output)?.[0] ?? '';
      await writeFile(join(directory, 'simulated.json'), accountsJson);
      const everyAccount = await runCli(['instances', 'list', '--accounts', 'simulated.json'], {});
      expect(everyAccount.code).toBe(EXIT_CODES.success);
      expect(everyAccount.stdout).toContain(`instances from ${ACCOUNTS + 1} accounts: ${demoSummary()}`);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('prints help and the version', async () => {
    const help = await runCli(['--help'], {});
    expect(help.code).toBe(EXIT_CODES.success);
    expect(help.stdout).toContain('Usage:');
    const version = await runCli(['--version'], {});
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

/** A demo account's label: self-hosted providers' say so. */
function demoLabel(provider: ProviderKey): string {
  return builtInProvidersByKey[provider].metadata.selfHosted ? `${provider}-self-hosted` : provider;
}

/**
 * The demo's summary: each provider's demo count, and the provider with a second account broken down
 * by account (unless `second` is false: only one account per provider, as the variables give).
 */
function demoSummary(second = true): string {
  return PROVIDER_KEYS.map((provider) => {
    const count = DEMO_COUNTS[provider];
    if (!second || provider !== SECOND_ACCOUNT_PROVIDER) return `${provider} ${count}`;
    return `${provider} ${count + SECOND_ACCOUNT.count} (${demoLabel(provider)} ${count}, ${SECOND_ACCOUNT.label} ${SECOND_ACCOUNT.count})`;
  }).join(', ');
}

let cachedAll: Instance[] | undefined;

/** Every instance, as the CLI lists them with no filter and no fault. */
async function listAll(): Promise<Instance[]> {
  if (cachedAll === undefined) {
    cachedAll = JSON.parse((await runCli(['instances', 'list', '--json'])).stdout) as Instance[];
  }
  return cachedAll;
}
