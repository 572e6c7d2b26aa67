import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInProvidersByKey, PROVIDER_KEYS } from '@switchboard/core';
import { createSimulators, DEMO_TOKENS } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { collector } from './__fixtures__/test-context.js';
import { EXIT_CODES } from './exit-codes.js';
import { baseUrlVariable, optionVariables, tokenVariable } from './providers.js';
import { run } from './run.js';

async function runCli(
  argv: string[],
  env: Record<string, string> = {},
  io: { fetch?: typeof fetch; signal?: AbortSignal; cwd?: string } = {},
) {
  const stdout = collector();
  const stderr = collector();
  const code = await run(argv, { env, stdout, stderr, ...io });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Every provider's demo token: with the simulators' fetch, accounts at the default base URLs reach them. */
const DEMO_OPTIONS = createSimulators().accountOptions;
const TOKEN_ENVIRONMENT: Record<string, string> = Object.assign(
  {},
  ...PROVIDER_KEYS.map((provider) => ({
    [tokenVariable(provider)]: DEMO_TOKENS[provider],
    // The options a demo account needs (a business account id), from the variables that carry them.
    ...Object.fromEntries(
      Object.entries(optionVariables(provider))
        .filter(([option]) => DEMO_OPTIONS[provider]?.[option] !== undefined)
        .map(([option, variable]) => [variable, String(DEMO_OPTIONS[provider]?.[option])]),
    ),
  })),
);

describe('run: help and version', () => {
  it('prints the main help on stdout and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(EXIT_CODES.success);
    expect(result.stdout).toContain('switchboard instances list [filters] [output] [--accounts <file.json>]');
    expect(result.stdout).toContain('switchboard demo');
    expect(result.stdout).toContain('switchboard simulate');
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stderr).toBe('');
  });

  it('prints each command its own help', async () => {
    const list = await runCli(['instances', 'list', '--help']);
    expect(list.stdout).toContain('--name-contains <text>');
    for (const provider of PROVIDER_KEYS) expect(list.stdout).toContain(baseUrlVariable(provider));
    expect(list.stdout).toContain('tokenEnv');
    expect((await runCli(['demo', '--help'])).stdout).toContain('Usage: switchboard demo');
    expect((await runCli(['help', 'simulate'])).stdout).toContain('Usage: switchboard simulate');
  });

  it('prints the version of package.json', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const result = await runCli(['--version']);
    expect(result).toEqual({ code: EXIT_CODES.success, stdout: `${manifest.version}\n`, stderr: '' });
  });
});

describe('run: bad usage', () => {
  it('prints the error and the usage on stderr and exits 64', async () => {
    const result = await runCli(['instances', 'list', '--colour']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^switchboard: instances list: unknown option --colour\n\nUsage: switchboard instances list/,
    );
    expect(result.stderr).toContain('Run `switchboard instances list --help` for more.');
  });

  it('exits 64 with the main usage when no command is given', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('switchboard: a command is needed');
    expect(result.stderr).toContain('Run `switchboard --help` for more.');
  });
});

describe("run: instances list in process, through the simulators' fetch", () => {
  it('lists the accounts of the token variables at their default base URLs', async () => {
    // Each provider its own count, so that the summary shows each was listed from its own account.
    const counts = Object.fromEntries(PROVIDER_KEYS.map((provider, index) => [provider, index + 1]));
    const simulators = createSimulators({ seed: 2, counts });
    const result = await runCli(['instances', 'list'], TOKEN_ENVIRONMENT, { fetch: simulators.fetch });
    expect(result.code).toBe(EXIT_CODES.success);
    const total = PROVIDER_KEYS.reduce((sum, provider) => sum + counts[provider]!, 0);
    expect(result.stdout).toContain(
      `${total} instances from ${PROVIDER_KEYS.length} accounts: ${PROVIDER_KEYS.map((provider) => `${provider} ${counts[provider]}`).join(', ')}`,
    );
    expect(simulators.requests.map((request) => request.provider).sort()).toEqual([...PROVIDER_KEYS].sort());
    expect(simulators.requests.every((request) => request.credential === 'account')).toBe(true);
  });

  it('stops on an abort (Ctrl-C) and exits 130', async () => {
    const simulators = createSimulators({ seed: 2 });
    const controller = new AbortController();
    const abortingFetch: typeof fetch = (input, init) => {
      controller.abort();
      return simulators.fetch(input, init);
    };
    const result = await runCli(['instances', 'list'], TOKEN_ENVIRONMENT, {
      fetch: abortingFetch,
      signal: controller.signal,
    });
    expect(result.code).toBe(EXIT_CODES.interrupted);
    expect(result.stderr).toBe('switchboard: interrupted\n');
    expect(result.stdout).toBe('');
  });

  it('turns an option the facade refuses into a usage error naming the accounts file', async () => {
    // A provider whose page size is an account option.
    const PAGED = PROVIDER_KEYS.find((provider) =>
      builtInProvidersByKey[provider].accountOptions.keys.includes('pageSize'),
    );
    expect(PAGED).toBeDefined();
    const directory = await mkdtemp(join(tmpdir(), 'switchboard-cli-run-'));
    try {
      await writeFile(
        join(directory, 'a.json'),
        JSON.stringify([{ provider: PAGED, token: 'z', pageSize: 0 }]),
        // Owner-only, as a file of tokens should be: a readable one draws a warning first.
        { mode: 0o600 },
      );
      const result = await runCli(['instances', 'list', '--accounts', 'a.json'], {}, { cwd: directory });
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toMatch(
        /^switchboard: a\.json: accounts\[0\]\.pageSize must be a positive integer/,
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
