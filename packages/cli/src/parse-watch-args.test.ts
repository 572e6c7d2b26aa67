import { describe, expect, it } from 'vitest';
import { collector } from './__fixtures__/test-context.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatDuration, parseCommandLine, parseDuration } from './parse-args.js';
import { CLI_PROVIDER_KEYS } from './providers.js';
import { run } from './run.js';
import { UsageError } from './usage-error.js';

function usageErrorOf(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['1m', 60_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1.5s', 1_500],
    ['2h', 7_200_000],
    [' 45S ', 45_000],
    ['1500', 1_500],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '30 seconds', '-5s', '1m5', 's', '1.s', '5d'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('writes durations back the short way', () => {
    expect([30_000, 60_000, 90_000, 1_500, 2_000, 3_600_000].map(formatDuration)).toEqual([
      '30s',
      '1m',
      '1m30s',
      '1500ms',
      '2s',
      '1h',
    ]);
  });
});

describe('parseCommandLine: instances watch', () => {
  it('reads filters, the interval and --ndjson, with a 30 s default', () => {
    expect(
      parseCommandLine([
        'instances',
        'watch',
        '--provider',
        CLI_PROVIDER_KEYS[0]!,
        '--interval',
        '1m',
        '--ndjson',
      ]),
    ).toEqual({
      command: 'instances watch',
      accountsFile: undefined,
      watching: {
        filter: { provider: [CLI_PROVIDER_KEYS[0]] },
        output: 'ndjson',
        intervalMs: 60_000,
        concurrency: undefined,
        timeoutMs: undefined,
        maxRetries: undefined,
      },
    });
    expect(parseCommandLine(['instances', 'watch', '--accounts', 'a.json'])).toMatchObject({
      accountsFile: 'a.json',
      watching: { output: 'table', intervalMs: 30_000 },
    });
  });

  it('refuses a bad interval, one under a second, and --json', () => {
    expect(usageErrorOf(['instances', 'watch', '--interval', 'often']).message).toBe(
      '--interval takes a duration such as 30s, 1m or 1500ms, not "often"',
    );
    expect(usageErrorOf(['instances', 'watch', '--interval', '500ms']).message).toBe(
      '--interval must be at least 1s, not "500ms"',
    );
    expect(usageErrorOf(['instances', 'watch', '--json']).message).toContain('use --ndjson');
    expect(usageErrorOf(['instances', 'watch', '--intervall', '5s']).message).toContain(
      'did you mean --interval?',
    );
    expect(usageErrorOf(['instances', 'watch', '--interval', 'often']).helpTopic).toBe('instances watch');
  });

  it('gives watch its own help page', () => {
    expect(parseCommandLine(['instances', 'watch', '--help'])).toEqual({
      command: 'help',
      topic: 'instances watch',
    });
    expect(parseCommandLine(['help', 'instances', 'watch'])).toEqual({
      command: 'help',
      topic: 'instances watch',
    });
  });
});

describe('parseCommandLine: demo --watch', () => {
  it('watches with a 2 s default interval, or the one given', () => {
    expect(parseCommandLine(['demo', '--watch'])).toMatchObject({
      command: 'demo',
      seed: 1,
      watching: { output: 'table', intervalMs: 2_000 },
    });
    expect(parseCommandLine(['demo', '--watch', '--interval', '5s', '--ndjson'])).toMatchObject({
      watching: { output: 'ndjson', intervalMs: 5_000 },
    });
    expect(parseCommandLine(['demo'])).not.toHaveProperty('watching');
  });

  it('refuses --interval without --watch', () => {
    expect(usageErrorOf(['demo', '--interval', '5s']).message).toContain('--interval belongs to --watch');
  });
});

describe('run: watch usage errors exit 64', () => {
  it.each([
    [['instances', 'watch', '--interval', '0s']],
    [['instances', 'watch', '--interval', 'x']],
    [['demo', '--watch', '--json']],
  ])('%j', async (argv) => {
    const stdout = collector();
    const stderr = collector();
    const code = await run(argv, { stdout, stderr });
    expect(code).toBe(EXIT_CODES.usage);
    expect(stdout.text).toBe('');
    expect(stderr.text).toMatch(/^switchboard: /);
  });

  it('prints the watch help', async () => {
    const stdout = collector();
    const code = await run(['instances', 'watch', '--help'], { stdout, stderr: collector() });
    expect(code).toBe(EXIT_CODES.success);
    expect(stdout.text).toContain('Usage: switchboard instances watch [filters] [--interval 30s] [--ndjson]');
  });
});
