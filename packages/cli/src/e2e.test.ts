import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Instance } from '@switchboard/core';
import { type SimulatorServer, startSimulatorServer } from '@switchboard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from './exit-codes.js';

/**
 * End to end: the built `switchboard` binary, run as a subprocess with `node dist/bin.js`, against the
 * provider simulators served over HTTP on 127.0.0.1. Its stdout and stderr are pipes, as in a script.
 */

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const sourceDirectory = join(packageDirectory, 'src');
const binary = join(packageDirectory, 'dist', 'bin.js');

const COUNTS = { 'z-api': 130, ryzeapi: 6, hypersender: 7, wachat: 5 } as const;
const TOTAL = COUNTS['z-api'] + COUNTS.ryzeapi + COUNTS.hypersender + COUNTS.wachat;
const ESC = '\u001b';

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

function accountEnvironment(): Record<string, string> {
  return {
    ZAPI_TOKEN: server.tokens['z-api'],
    ZAPI_BASE_URL: server.baseUrls['z-api'],
    RYZEAPI_TOKEN: server.tokens.ryzeapi,
    RYZEAPI_BASE_URL: server.baseUrls.ryzeapi,
    HYPERSENDER_TOKEN: server.tokens.hypersender,
    HYPERSENDER_BASE_URL: server.baseUrls.hypersender,
    WACHAT_TOKEN: server.tokens.wachat,
    WACHAT_BASE_URL: server.baseUrls.wachat,
  };
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
  const instanceSecrets = [
    ...server.simulators['z-api'].instances.map((instance) => instance.token),
    ...server.simulators.ryzeapi.instances.map((instance) => instance.token),
    ...server.simulators.hypersender.instances.map((instance) => instance.access_token ?? ''),
  ];
  secrets = [...Object.values(server.tokens), ...instanceSecrets].filter((secret) => secret !== '');
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
    expect(rows.filter((row) => row.startsWith('z-api '))).toHaveLength(COUNTS['z-api']);
    expect(result.stdout).toContain(
      `${TOTAL} instances from 4 accounts: z-api ${COUNTS['z-api']}, ryzeapi ${COUNTS.ryzeapi}, hypersender ${COUNTS.hypersender}, wachat ${COUNTS.wachat}`,
    );
    expect(result.stdout).toMatch(/\nby status: connected \d+/);
  });

  it('colours the status when FORCE_COLOR asks, even piped, and never with NO_COLOR alone', async () => {
    const forced = await runCli(['instances', 'list', '--provider', 'hypersender'], {
      ...accountEnvironment(),
      FORCE_COLOR: '1',
    });
    expect(forced.stdout).toContain(`${ESC}[32mconnected${ESC}[39m`);
    const plain = await runCli(['instances', 'list', '--provider', 'hypersender'], {
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
    expect(new Set(instances.map((instance) => instance.provider))).toEqual(
      new Set(['z-api', 'ryzeapi', 'hypersender', 'wachat']),
    );
    const zApiTokens = instances
      .filter((instance) => instance.provider === 'z-api')
      .map((instance) => (instance.raw as { token?: unknown }).token);
    expect(zApiTokens).toHaveLength(COUNTS['z-api']);
    expect(new Set(zApiTokens)).toEqual(new Set(['[redacted]']));
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
      'ryzeapi,hypersender',
      '--status',
      'connected',
      '--status',
      'qr_pending',
    ]);
    const statusMatches = JSON.parse(byStatus.stdout) as Instance[];
    const expected = (await listAll()).filter(
      (instance) =>
        ['ryzeapi', 'hypersender'].includes(instance.provider) &&
        ['connected', 'qr_pending'].includes(instance.status),
    );
    expect(statusMatches.length).toBeGreaterThan(0);
    expect(statusMatches.map((instance) => instance.id).sort()).toEqual(
      expected.map((instance) => instance.id).sort(),
    );

    const withPhone = (await listAll()).find(
      (instance) => instance.provider === 'hypersender' && instance.phone,
    );
    const phone = withPhone?.phone as string;
    // `+5511987654321` typed as `55 11 98765-4321`.
    const typed = `${phone.slice(1, 3)} ${phone.slice(3, 5)} ${phone.slice(5, -4)}-${phone.slice(-4)}`;
    const byPhone = JSON.parse(
      (await runCli(['instances', 'list', '--json', '--phone', typed])).stdout,
    ) as Instance[];
    expect(byPhone.map((instance) => instance.id)).toContain(withPhone?.id);
    expect(byPhone.every((instance) => instance.phone === phone)).toBe(true);

    const named = (await listAll()).find((instance) => instance.provider === 'wachat' && instance.name)
      ?.name as string;
    const part = named.slice(1, 5).toUpperCase();
    const byName = JSON.parse(
      (await runCli(['instances', 'list', '--json', '--name-contains', part])).stdout,
    ) as Instance[];
    expect(byName.map((instance) => instance.name)).toContain(named);
    expect(byName.every((instance) => instance.name?.toLowerCase().includes(part.toLowerCase()))).toBe(true);

    const exact = await runCli(['instances', 'list', '--name', named]);
    expect(exact.stdout).toContain('1 instance from 4 accounts');
  });

  it('on a partial failure prints the rest, one stderr line naming the failed account, and exits 2', async () => {
    // The provider echoes the token in its error body: the CLI must still not print it.
    server.simulators.ryzeapi.injectFault({
      type: 'status',
      status: 401,
      body: { message: `Invalid token ${server.tokens.ryzeapi}` },
      times: Number.POSITIVE_INFINITY,
    });
    const result = await runCli(['instances', 'list']);
    expect(result.code).toBe(EXIT_CODES.partialFailure);
    const errorLines = result.stderr.trimEnd().split('\n');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^switchboard: ryzeapi account "ryzeapi" failed: the token was refused/);
    expect(errorLines[0]).toContain('HTTP 401');
    expect(result.stdout).not.toMatch(/^ryzeapi /m);
    expect(result.stdout).toMatch(/^wachat /m);
    expect(result.stdout).toContain('ryzeapi failed');
    expect(result.stdout).toContain('1 of 4 accounts failed: ryzeapi (ryzeapi)');
  });

  it('names a provider outage with its status, without retrying when told not to', async () => {
    server.simulators.hypersender.injectFault({
      type: 'status',
      status: 503,
      times: Number.POSITIVE_INFINITY,
    });
    const result = await runCli(['instances', 'list', '--ndjson', '--retries', '0']);
    expect(result.code).toBe(EXIT_CODES.partialFailure);
    expect(result.stderr).toMatch(
      /hypersender account "hypersender" failed: the provider answered with an error \(HTTP 503\)/,
    );
    expect(parseNdjson(result.stdout).some((instance) => instance.provider === 'hypersender')).toBe(false);
    expect(parseNdjson(result.stdout).length).toBe(TOTAL - COUNTS.hypersender);
  });

  it('exits 1 when every account failed', async () => {
    for (const simulator of server.simulators.all) {
      simulator.injectFault({ type: 'status', status: 403, times: Number.POSITIVE_INFINITY });
    }
    const result = await runCli(['instances', 'list', '--json']);
    expect(result.code).toBe(EXIT_CODES.failure);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(4);
    for (const provider of ['z-api', 'ryzeapi', 'hypersender', 'wachat']) {
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
    const result = await runCli(['instances', 'list', '--retries', '0'], {
      WACHAT_TOKEN: server.tokens.wachat,
      WACHAT_BASE_URL: `http://127.0.0.1:${port}/api/v1`,
    });
    expect(result.code).toBe(EXIT_CODES.failure);
    expect(result.stderr).toContain('wachat account "wachat" failed: could not reach the provider');
  });

  it('reads many accounts from a file, with tokens from variables, and filters by account label', async () => {
    const file = join(directory, 'accounts.json');
    await writeFile(
      file,
      JSON.stringify({
        accounts: [
          {
            provider: 'ryzeapi',
            label: 'ryze-sales',
            tokenEnv: 'RYZE_SALES',
            baseUrl: server.baseUrls.ryzeapi,
          },
          {
            provider: 'ryzeapi',
            label: 'ryze-support',
            token: server.tokens.ryzeapi,
            baseUrl: server.baseUrls.ryzeapi,
          },
          { provider: 'wachat', token: server.tokens.wachat, baseUrl: server.baseUrls.wachat },
        ],
      }),
    );
    const all = await runCli(['instances', 'list', '--accounts', 'accounts.json'], {
      RYZE_SALES: server.tokens.ryzeapi,
    });
    expect(all.code).toBe(EXIT_CODES.success);
    expect(all.stdout).toContain(
      `${COUNTS.ryzeapi * 2 + COUNTS.wachat} instances from 3 accounts: ryzeapi ${COUNTS.ryzeapi * 2} (ryze-sales ${COUNTS.ryzeapi}, ryze-support ${COUNTS.ryzeapi}), wachat ${COUNTS.wachat}`,
    );
    const one = await runCli(
      ['instances', 'list', '--accounts', file, '--account', 'ryze-support', '--json'],
      {
        RYZE_SALES: server.tokens.ryzeapi,
      },
    );
    const instances = JSON.parse(one.stdout) as Instance[];
    expect(instances).toHaveLength(COUNTS.ryzeapi);
    expect(instances.every((instance) => instance.account === 'ryze-support')).toBe(true);
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
    expect(result.stderr).toContain('ZAPI_TOKEN, RYZEAPI_TOKEN, HYPERSENDER_TOKEN or WACHAT_TOKEN');
  });

  it('exits 64 on an invalid accounts file, naming the field', async () => {
    await writeFile(join(directory, 'bad.json'), JSON.stringify([{ provider: 'zapi', token: 'x' }]));
    const result = await runCli(['instances', 'list', '--accounts', 'bad.json'], {});
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('bad.json: accounts[0].provider must be one of');
  });
});

describe('switchboard demo, simulate, --help and --version (built binary)', E2E_TIMEOUT, () => {
  it('lists the demo data set across the four providers and five accounts', async () => {
    const result = await runCli(['demo'], {});
    expect(result.code).toBe(EXIT_CODES.success);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stdout).toMatch(
      /instances from 5 accounts: z-api 240, ryzeapi 33 \(ryzeapi 24, ryzeapi-latam 9\), hypersender 18, wachat 12/,
    );
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
    // Z-API's 240 instances take three pages.
    expect(result.stderr).toContain('z-api 3');
  });

  it('takes the listing flags', async () => {
    const result = await runCli(['demo', '--provider', 'ryzeapi', '--status', 'connected', '--json'], {});
    expect(result.code).toBe(EXIT_CODES.success);
    const instances = JSON.parse(result.stdout) as Instance[];
    expect(instances.length).toBeGreaterThan(0);
    expect(
      instances.every((instance) => instance.provider === 'ryzeapi' && instance.status === 'connected'),
    ).toBe(true);
    expect(new Set(instances.map((instance) => instance.account))).toEqual(
      new Set(['ryzeapi', 'ryzeapi-latam']),
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
      expect(Object.keys(env).sort()).toEqual(
        [
          'HYPERSENDER_BASE_URL',
          'HYPERSENDER_TOKEN',
          'RYZEAPI_BASE_URL',
          'RYZEAPI_TOKEN',
          'WACHAT_BASE_URL',
          'WACHAT_TOKEN',
          'ZAPI_BASE_URL',
          'ZAPI_TOKEN',
        ].sort(),
      );
      expect(output).toContain('ryzeapi-latam');
      const listed = await runCli(['instances', 'list'], env);
      expect(listed.code).toBe(EXIT_CODES.success);
      expect(listed.stdout).toContain(
        'instances from 4 accounts: z-api 240, ryzeapi 24, hypersender 18, wachat 12',
      );

      const accountsJson = /^ {2}\[\n[\s\S]*?\n {2}\]$/m.exec(output)?.[0] ?? '';
      await writeFile(join(directory, 'simulated.json'), accountsJson);
      const everyAccount = await runCli(['instances', 'list', '--accounts', 'simulated.json'], {});
      expect(everyAccount.code).toBe(EXIT_CODES.success);
      expect(everyAccount.stdout).toContain(
        'instances from 5 accounts: z-api 240, ryzeapi 33 (ryzeapi 24, ryzeapi-latam 9)',
      );

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

let cachedAll: Instance[] | undefined;

/** Every instance, as the CLI lists them with no filter and no fault. */
async function listAll(): Promise<Instance[]> {
  if (cachedAll === undefined) {
    cachedAll = JSON.parse((await runCli(['instances', 'list', '--json'])).stdout) as Instance[];
  }
  return cachedAll;
}
