import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATE_PORT, parseCommandLine, splitListFlag } from './parse-args.js';
import { CLI_PROVIDER_KEYS } from './providers.js';
import { UsageError } from './usage-error.js';

const [FIRST, SECOND, THIRD] = CLI_PROVIDER_KEYS as unknown as [string, string, string];

function usageErrorOf(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine: commands', () => {
  it('reads instances list with no flags as an unfiltered table', () => {
    expect(parseCommandLine(['instances', 'list'])).toEqual({
      command: 'instances list',
      accountsFile: undefined,
      listing: {
        filter: {},
        output: 'table',
        concurrency: undefined,
        timeoutMs: undefined,
        maxRetries: undefined,
      },
    });
  });

  it('accepts ls as an alias of list', () => {
    expect(parseCommandLine(['instances', 'ls', '--json'])).toMatchObject({
      command: 'instances list',
      listing: { output: 'json' },
    });
  });

  it('reads help and version in their usual spellings', () => {
    expect(parseCommandLine(['--help'])).toEqual({ command: 'help', topic: 'main' });
    expect(parseCommandLine(['-h'])).toEqual({ command: 'help', topic: 'main' });
    expect(parseCommandLine(['help', 'demo'])).toEqual({ command: 'help', topic: 'demo' });
    expect(parseCommandLine(['help', 'instances', 'list'])).toEqual({
      command: 'help',
      topic: 'instances list',
    });
    expect(parseCommandLine(['--version'])).toEqual({ command: 'version' });
    expect(parseCommandLine(['-v'])).toEqual({ command: 'version' });
  });

  it('gives per-command help for --help anywhere among the flags, even next to a bad one', () => {
    expect(parseCommandLine(['instances', 'list', '--bogus', '--help'])).toEqual({
      command: 'help',
      topic: 'instances list',
    });
    expect(parseCommandLine(['demo', '-h'])).toEqual({ command: 'help', topic: 'demo' });
    expect(parseCommandLine(['simulate', '--help'])).toEqual({ command: 'help', topic: 'simulate' });
    expect(parseCommandLine(['instances', '--help'])).toEqual({ command: 'help', topic: 'instances' });
  });

  it('reads demo flags and its seed', () => {
    expect(parseCommandLine(['demo', '--status', 'connected', '--ndjson', '--seed', '7'])).toEqual({
      command: 'demo',
      seed: 7,
      listing: {
        filter: { status: ['connected'] },
        output: 'ndjson',
        concurrency: undefined,
        timeoutMs: undefined,
        maxRetries: undefined,
      },
    });
    expect(parseCommandLine(['demo'])).toMatchObject({ seed: 1 });
  });

  it('reads simulate with its default port', () => {
    expect(parseCommandLine(['simulate'])).toEqual({
      command: 'simulate',
      port: DEFAULT_SIMULATE_PORT,
      seed: 1,
    });
    expect(parseCommandLine(['simulate', '--port=0', '--seed', '3'])).toEqual({
      command: 'simulate',
      port: 0,
      seed: 3,
    });
  });
});

describe('parseCommandLine: filters', () => {
  it('turns repeated flags and comma lists into arrays', () => {
    const parsed = parseCommandLine([
      'instances',
      'list',
      '--provider',
      `${SECOND},${THIRD}`,
      '--provider',
      FIRST,
      '--status',
      'connected',
      '--status=qr_pending,logged_out',
      '--name',
      'Sales Rio',
      '--name-contains',
      'sup',
      '--phone',
      '+55 11 99999-0000',
      '--account',
      'br-main,mx',
      '--id',
      'ABC',
    ]);
    expect(parsed).toMatchObject({
      listing: {
        filter: {
          provider: [SECOND, THIRD, FIRST],
          status: ['connected', 'qr_pending', 'logged_out'],
          name: ['Sales Rio'],
          nameContains: ['sup'],
          phone: ['+55 11 99999-0000'],
          account: ['br-main', 'mx'],
          id: ['ABC'],
        },
      },
    });
  });

  it('keeps an escaped comma inside a value and trims the pieces', () => {
    expect(splitListFlag(['Sales\\, Rio , Support'], 'name')).toEqual(['Sales, Rio', 'Support']);
  });

  it('normalizes what people type for providers and statuses', () => {
    // Each key in capitals and without its dashes, as people type them.
    const typed = CLI_PROVIDER_KEYS.map((key) => key.replace(/-/g, '').toUpperCase());
    expect(
      parseCommandLine(['instances', 'list', '--provider', typed.join(','), '--status', 'QR-Pending']),
    ).toMatchObject({ listing: { filter: { provider: [...CLI_PROVIDER_KEYS], status: ['qr_pending'] } } });
  });

  it('refuses an unknown provider or status, listing the valid ones and suggesting the closest', () => {
    // A typo: the longest key with one letter dropped.
    const longest = [...CLI_PROVIDER_KEYS].sort((first, second) => second.length - first.length)[0]!;
    const typo = `${longest.slice(0, 2)}${longest.slice(3)}`;
    const provider = usageErrorOf(['instances', 'list', '--provider', typo]);
    expect(provider.message).toContain(`unknown provider "${typo}"`);
    expect(provider.message).toContain(CLI_PROVIDER_KEYS.join(', '));
    expect(provider.message).toContain(`did you mean ${longest}?`);
    expect(provider.helpTopic).toBe('instances list');

    const status = usageErrorOf(['demo', '--status', 'online']);
    expect(status.message).toContain('unknown status "online"');
    expect(status.message).toContain('qr_pending');
    expect(status.helpTopic).toBe('demo');
  });

  it('refuses a phone with no digits and a flag with no value left', () => {
    expect(usageErrorOf(['instances', 'list', '--phone', 'abc']).message).toContain('holds no digits');
    expect(usageErrorOf(['instances', 'list', '--name', ' , ']).message).toBe('--name needs a value');
  });
});

describe('parseCommandLine: bad usage', () => {
  it('names an unknown option and suggests the closest', () => {
    const error = usageErrorOf(['instances', 'list', '--stauts', 'connected']);
    expect(error.message).toBe('instances list: unknown option --stauts; did you mean --status?');
    expect(error.helpTopic).toBe('instances list');
  });

  it('suggests nothing when no option is close', () => {
    expect(usageErrorOf(['instances', 'list', '--nope']).message).toBe(
      'instances list: unknown option --nope',
    );
  });

  it('refuses a stray positional argument', () => {
    expect(usageErrorOf(['instances', 'list', 'connected']).message).toContain(
      'unexpected argument "connected"',
    );
  });

  it('refuses a value given to a boolean flag and a missing value', () => {
    expect(usageErrorOf(['instances', 'list', '--json=yes']).message).toBe(
      'instances list: --json takes no value',
    );
    expect(usageErrorOf(['instances', 'list', '--status']).message).toContain('--status needs a value');
  });

  it('refuses --json with --ndjson', () => {
    expect(usageErrorOf(['instances', 'list', '--json', '--ndjson']).message).toBe(
      '--json and --ndjson cannot be combined',
    );
  });

  it('checks numbers', () => {
    expect(usageErrorOf(['instances', 'list', '--concurrency', '0']).message).toContain(
      '--concurrency takes a whole number 1 or more',
    );
    expect(usageErrorOf(['instances', 'list', '--concurrency', '2.5']).message).toContain('"2.5"');
    expect(usageErrorOf(['instances', 'list', '--timeout', 'soon']).message).toContain(
      '--timeout takes milliseconds',
    );
    expect(usageErrorOf(['simulate', '--port', '70000']).message).toContain('from 0 to 65535');
    expect(usageErrorOf(['instances', 'list', '--retries', '-1']).message).toContain('--retries');
  });

  it('reads timeouts in milliseconds or seconds, and the request flags', () => {
    expect(
      parseCommandLine(['instances', 'list', '--timeout', '5s', '--concurrency', '3', '--retries', '0']),
    ).toMatchObject({ listing: { timeoutMs: 5000, concurrency: 3, maxRetries: 0 } });
    expect(parseCommandLine(['instances', 'list', '--timeout=250'])).toMatchObject({
      listing: { timeoutMs: 250 },
    });
  });

  it('refuses --accounts on demo, where the accounts are the simulators', () => {
    expect(usageErrorOf(['demo', '--accounts', 'a.json']).message).toBe(
      'demo: --accounts belongs to instances list; demo lists its own simulators',
    );
  });

  it('names a missing, unknown or misplaced command', () => {
    expect(usageErrorOf([]).message).toBe('a command is needed');
    expect(usageErrorOf(['dmeo']).message).toBe('unknown command "dmeo"; did you mean demo?');
    expect(usageErrorOf(['list']).message).toContain('did you mean instances list?');
    expect(usageErrorOf(['instances']).helpTopic).toBe('instances');
    expect(usageErrorOf(['instances', 'show']).message).toContain('unknown subcommand "show"');
    expect(usageErrorOf(['--json']).message).toContain('switchboard instances list --json');
    expect(usageErrorOf(['help', 'nothing']).message).toContain('no command "nothing"');
  });
});
