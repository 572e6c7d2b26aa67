import { parseArgs } from 'node:util';
import type { InstanceFilter, InstanceStatus, ProviderKey } from '@switchboard/core';
import { INSTANCE_STATUSES, isInstanceStatus } from '@switchboard/runtime';
import { CLI_PROVIDER_KEYS, isCliProviderKey } from './providers.js';
import { type HelpTopic, UsageError } from './usage-error.js';

export type OutputFormat = 'table' | 'json' | 'ndjson';

/** The flags `instances list` and `demo` share: what to list, how to print it, how to ask. */
export interface ListingFlags {
  filter: InstanceFilter;
  output: OutputFormat;
  concurrency: number | undefined;
  timeoutMs: number | undefined;
  maxRetries: number | undefined;
}

/** The flags of `instances watch` and `demo --watch`: a listing's, a poll interval, no `--json`. */
export interface WatchFlags extends ListingFlags {
  output: 'table' | 'ndjson';
  intervalMs: number;
}

export type ParsedCommandLine =
  | { command: 'help'; topic: HelpTopic }
  | { command: 'version' }
  | { command: 'instances list'; listing: ListingFlags; accountsFile: string | undefined }
  | { command: 'instances watch'; watching: WatchFlags; accountsFile: string | undefined }
  | { command: 'demo'; listing: ListingFlags; seed: number; watching?: WatchFlags | undefined }
  | { command: 'simulate'; port: number; seed: number };

export const DEFAULT_SIMULATE_PORT = 4010;
export const DEFAULT_DEMO_SEED = 1;
/** `instances watch` polls each account this often unless `--interval` says otherwise: the facade's default. */
const DEFAULT_WATCH_INTERVAL_MS = 30_000;
/** `demo --watch` polls faster: its simulators change every second or so, and a demo is watched for seconds. */
const DEFAULT_DEMO_WATCH_INTERVAL_MS = 2_000;
/** The facade's floor for `intervalMs`. */
const MIN_WATCH_INTERVAL_MS = 1_000;

const FILTER_OPTIONS = {
  provider: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
  id: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  name: { type: 'string', multiple: true },
  'name-contains': { type: 'string', multiple: true },
  phone: { type: 'string', multiple: true },
} as const;

const LISTING_OPTIONS = {
  ...FILTER_OPTIONS,
  json: { type: 'boolean' },
  ndjson: { type: 'boolean' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
} as const;

const INSTANCES_LIST_OPTIONS = { ...LISTING_OPTIONS, accounts: { type: 'string' } } as const;
const INSTANCES_WATCH_OPTIONS = { ...INSTANCES_LIST_OPTIONS, interval: { type: 'string' } } as const;
const DEMO_OPTIONS = {
  ...LISTING_OPTIONS,
  seed: { type: 'string' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
} as const;
const SIMULATE_OPTIONS = { port: { type: 'string' }, seed: { type: 'string' } } as const;

type OptionConfig = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

const COMMANDS = ['instances', 'demo', 'simulate', 'help', 'version'];

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), to
 * suggest `--status` for `--stauts` and `demo` for `dmeo`. Inputs are short flags and words.
 */
function editDistance(left: string, right: string): number {
  const rows: number[][] = Array.from({ length: left.length + 1 }, (_, row) =>
    Array.from({ length: right.length + 1 }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  const at = (row: number, column: number): number => rows[row]?.[column] ?? 0;
  for (let row = 1; row <= left.length; row++) {
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(at(row - 1, column) + 1, at(row, column - 1) + 1, at(row - 1, column - 1) + cost);
      if (
        row > 1 &&
        column > 1 &&
        left[row - 1] === right[column - 2] &&
        left[row - 2] === right[column - 1]
      ) {
        best = Math.min(best, at(row - 2, column - 2) + 1);
      }
      (rows[row] as number[])[column] = best;
    }
  }
  return at(left.length, right.length);
}

function suggestion(given: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(given, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Leading dashes are shared by every flag, so they do not count towards how close a guess must be.
  const length = given.replace(/^-+/, '').length;
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(length / 3))
    ? `; did you mean ${best}?`
    : '';
}

/** Turns node:util's parse errors into one short sentence about the flag at fault. */
function usageErrorFromParseArgs(
  error: unknown,
  options: OptionConfig,
  topic: HelpTopic,
  command: string,
): UsageError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flags = Object.keys(options).map((name) => `--${name}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? 'given';
    return new UsageError(`${command}: unknown option ${flag}${suggestion(flag, flags)}`, topic);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']+)'/.exec(message)?.[1] ?? '';
    return new UsageError(`${command}: unexpected argument ${JSON.stringify(argument)}`, topic);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(--[a-z-]+)/.exec(message)?.[1];
    if (flag !== undefined && options[flag.slice(2)]?.type === 'boolean') {
      return new UsageError(`${command}: ${flag} takes no value`, topic);
    }
    if (flag !== undefined) {
      return new UsageError(
        `${command}: ${flag} needs a value (write ${flag}=<value> for a value that starts with "-")`,
        topic,
      );
    }
  }
  return new UsageError(`${command}: ${message}`, topic);
}

function parseFlags<Options extends OptionConfig>(
  args: readonly string[],
  options: Options,
  topic: HelpTopic,
  command: string,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usageErrorFromParseArgs(error, options, topic, command);
  }
}

/**
 * The values of a repeatable flag: `--status a --status b,c` gives `['a', 'b', 'c']`. A comma inside
 * a value is written `\,`. Pieces are trimmed; empty pieces are dropped, but a flag with no value
 * left at all is an error rather than a filter that silently matches nothing.
 */
export function splitListFlag(values: readonly string[] | undefined, flag: string): string[] | undefined {
  if (values === undefined) return undefined;
  const pieces: string[] = [];
  for (const value of values) {
    for (const piece of value.split(/(?<!\\),/)) {
      const text = piece.replace(/\\,/g, ',').trim();
      if (text !== '') pieces.push(text);
    }
  }
  if (pieces.length === 0) throw new UsageError(`--${flag} needs a value`);
  return [...new Set(pieces)];
}

/** People write a key without its dashes (`zapi`, `whatsappcloud`): each key answers to that too. */
function providerKeyFor(text: string): string {
  const lower = text.toLowerCase();
  return CLI_PROVIDER_KEYS.find((key) => key.replace(/-/g, '') === lower.replace(/-/g, '')) ?? lower;
}

function readProviders(values: readonly string[] | undefined): ProviderKey[] | undefined {
  const pieces = splitListFlag(values, 'provider');
  return pieces?.map((piece) => {
    const key = providerKeyFor(piece);
    if (!isCliProviderKey(key)) {
      throw new UsageError(
        `--provider: unknown provider ${JSON.stringify(piece)}; the providers are ${CLI_PROVIDER_KEYS.join(', ')}${suggestion(key, CLI_PROVIDER_KEYS)}`,
      );
    }
    return key;
  });
}

function readStatuses(values: readonly string[] | undefined): InstanceStatus[] | undefined {
  const pieces = splitListFlag(values, 'status');
  return pieces?.map((piece) => {
    // `QR-pending` and `logged-out` are what people type; the common statuses use underscores.
    const status = piece.toLowerCase().replace(/-/g, '_');
    if (!isInstanceStatus(status)) {
      throw new UsageError(
        `--status: unknown status ${JSON.stringify(piece)}; the statuses are ${INSTANCE_STATUSES.join(', ')}${suggestion(status, INSTANCE_STATUSES)}`,
      );
    }
    return status;
  });
}

function readPhones(values: readonly string[] | undefined): string[] | undefined {
  const pieces = splitListFlag(values, 'phone');
  for (const piece of pieces ?? []) {
    if (!/\d/.test(piece)) throw new UsageError(`--phone: ${JSON.stringify(piece)} holds no digits`);
  }
  return pieces;
}

function readWholeNumber(
  text: string | undefined,
  flag: string,
  { minimum, maximum }: { minimum: number; maximum: number },
): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const range =
      maximum === Number.MAX_SAFE_INTEGER ? `${minimum} or more` : `from ${minimum} to ${maximum}`;
    throw new UsageError(`--${flag} takes a whole number ${range}, not ${JSON.stringify(text)}`);
  }
  return value;
}

/** The longest delay a timer honours; a longer `--timeout` would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** `--timeout 5000`, `--timeout 5000ms` or `--timeout 5s`, in milliseconds. */
function readTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d+)\s*(ms|s)?\s*$/i.exec(text);
  const value = match ? Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1000 : 1) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw new UsageError(
      `--timeout takes milliseconds above 0 (such as 5000, or 5s), not ${JSON.stringify(text)}`,
    );
  }
  return value;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * A duration as people write one: `30s`, `1m`, `500ms`, `1m30s`, `1.5s`; a bare number is
 * milliseconds, as for `--timeout`. Undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * (DURATION_UNITS_MS[unit as string] as number);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** `30s`, `1m`, `1m30s`, `500ms`: the shortest way to write a duration back. */
export function formatDuration(ms: number): string {
  if (ms < 1_000 || ms % 1_000 !== 0) return `${ms}ms`;
  const seconds = ms / 1_000;
  const hours = Math.floor(seconds / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  return `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${rest > 0 ? `${rest}s` : ''}`;
}

/** `--interval 30s`: how often each account is polled, at least a second. */
function readInterval(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = parseDuration(text);
  if (value === undefined || !Number.isSafeInteger(value) || value > MAX_TIMEOUT_MS) {
    throw new UsageError(
      `--interval takes a duration such as 30s, 1m or 1500ms, not ${JSON.stringify(text)}`,
    );
  }
  if (value < MIN_WATCH_INTERVAL_MS) {
    throw new UsageError(`--interval must be at least 1s, not ${JSON.stringify(text)}`);
  }
  return value;
}

interface ListingValues {
  provider?: string[];
  account?: string[];
  id?: string[];
  status?: string[];
  name?: string[];
  'name-contains'?: string[];
  phone?: string[];
  json?: boolean;
  ndjson?: boolean;
  concurrency?: string;
  timeout?: string;
  retries?: string;
}

function readListingFlags(values: ListingValues): ListingFlags {
  if (values.json && values.ndjson) throw new UsageError('--json and --ndjson cannot be combined');
  const filter: InstanceFilter = {};
  const provider = readProviders(values.provider);
  if (provider) filter.provider = provider;
  const account = splitListFlag(values.account, 'account');
  if (account) filter.account = account;
  const id = splitListFlag(values.id, 'id');
  if (id) filter.id = id;
  const status = readStatuses(values.status);
  if (status) filter.status = status;
  const name = splitListFlag(values.name, 'name');
  if (name) filter.name = name;
  const nameContains = splitListFlag(values['name-contains'], 'name-contains');
  if (nameContains) filter.nameContains = nameContains;
  const phone = readPhones(values.phone);
  if (phone) filter.phone = phone;
  return {
    filter,
    output: values.json ? 'json' : values.ndjson ? 'ndjson' : 'table',
    concurrency: readWholeNumber(values.concurrency, 'concurrency', {
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
    }),
    timeoutMs: readTimeout(values.timeout),
    maxRetries: readWholeNumber(values.retries, 'retries', { minimum: 0, maximum: 100 }),
  };
}

/** Whether the user asked for help anywhere before a `--` separator. */
function asksForHelp(args: readonly string[]): boolean {
  for (const argument of args) {
    if (argument === '--') return false;
    if (argument === '--help' || argument === '-h') return true;
  }
  return false;
}

/** Adds the command's usage to a value error, so the user sees what the flags are. */
function withTopic<T>(topic: HelpTopic, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UsageError && error.helpTopic === undefined) {
      throw new UsageError(error.message, topic);
    }
    throw error;
  }
}

function readWatchFlags(
  values: ListingValues & { interval?: string },
  defaultIntervalMs: number,
): WatchFlags {
  if (values.json)
    throw new UsageError('--json prints one array at the end; a watch never ends, use --ndjson');
  const listing = readListingFlags(values);
  return {
    ...listing,
    output: listing.output === 'ndjson' ? 'ndjson' : 'table',
    intervalMs: readInterval(values.interval, defaultIntervalMs),
  };
}

function readAccountsFile(path: string | undefined): string | undefined {
  if (path !== undefined && path.trim() === '')
    throw new UsageError('--accounts needs the path of a JSON file');
  return path;
}

function parseInstancesWatch(rest: readonly string[]): ParsedCommandLine {
  if (asksForHelp(rest)) return { command: 'help', topic: 'instances watch' };
  const values = parseFlags(rest, INSTANCES_WATCH_OPTIONS, 'instances watch', 'instances watch');
  return withTopic('instances watch', () => ({
    command: 'instances watch',
    watching: readWatchFlags(values, DEFAULT_WATCH_INTERVAL_MS),
    accountsFile: readAccountsFile(values.accounts),
  }));
}

function parseInstances(args: readonly string[]): ParsedCommandLine {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined) {
    throw new UsageError('instances: a subcommand is needed: list or watch', 'instances');
  }
  if (subcommand === 'watch') return parseInstancesWatch(rest);
  if (subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    return { command: 'help', topic: 'instances' };
  }
  if (subcommand !== 'list' && subcommand !== 'ls') {
    throw new UsageError(
      `instances: unknown subcommand ${JSON.stringify(subcommand)}; the subcommands are list and watch`,
      'instances',
    );
  }
  if (asksForHelp(rest)) return { command: 'help', topic: 'instances list' };
  const values = parseFlags(rest, INSTANCES_LIST_OPTIONS, 'instances list', 'instances list');
  return withTopic('instances list', () => {
    const accountsFile = readAccountsFile(values.accounts);
    return { command: 'instances list', listing: readListingFlags(values), accountsFile };
  });
}

function parseDemo(args: readonly string[]): ParsedCommandLine {
  if (asksForHelp(args)) return { command: 'help', topic: 'demo' };
  if (args.some((argument) => argument === '--accounts' || argument.startsWith('--accounts='))) {
    throw new UsageError('demo: --accounts belongs to instances list; demo lists its own simulators', 'demo');
  }
  const values = parseFlags(args, DEMO_OPTIONS, 'demo', 'demo');
  return withTopic('demo', () => {
    if (values.interval !== undefined && !values.watch) {
      throw new UsageError('--interval belongs to --watch: switchboard demo --watch --interval 2s');
    }
    const seed =
      readWholeNumber(values.seed, 'seed', { minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) ??
      DEFAULT_DEMO_SEED;
    if (values.watch) {
      const watching = readWatchFlags(values, DEFAULT_DEMO_WATCH_INTERVAL_MS);
      return { command: 'demo', listing: watching, seed, watching };
    }
    return { command: 'demo', listing: readListingFlags(values), seed };
  });
}

function parseSimulate(args: readonly string[]): ParsedCommandLine {
  if (asksForHelp(args)) return { command: 'help', topic: 'simulate' };
  const values = parseFlags(args, SIMULATE_OPTIONS, 'simulate', 'simulate');
  return withTopic('simulate', () => ({
    command: 'simulate',
    port: readWholeNumber(values.port, 'port', { minimum: 0, maximum: 65_535 }) ?? DEFAULT_SIMULATE_PORT,
    seed:
      readWholeNumber(values.seed, 'seed', { minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) ??
      DEFAULT_DEMO_SEED,
  }));
}

function parseHelpTopic(args: readonly string[]): HelpTopic {
  const words = args.filter((argument) => !argument.startsWith('-'));
  const topic = words.join(' ').replace(/^instances ls$/, 'instances list');
  if (topic === '') return 'main';
  if (
    topic === 'instances' ||
    topic === 'instances list' ||
    topic === 'instances watch' ||
    topic === 'demo' ||
    topic === 'simulate'
  ) {
    return topic;
  }
  throw new UsageError(`help: there is no command ${JSON.stringify(topic)}`, 'main');
}

/**
 * Reads the command line (without `node` and the script). Throws `UsageError` for anything the
 * user must fix; it names the flag or value at fault and which usage to show.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('a command is needed', 'main');
  switch (first) {
    case '--help':
    case '-h':
      return { command: 'help', topic: 'main' };
    case 'help':
      return { command: 'help', topic: parseHelpTopic(rest) };
    case '--version':
    case '-v':
    case '-V':
    case 'version':
      return { command: 'version' };
    case 'instances':
      return parseInstances(rest);
    case 'demo':
      return parseDemo(rest);
    case 'simulate':
      return parseSimulate(rest);
    default:
      if (first.startsWith('-')) {
        throw new UsageError(
          `${first} is not an option of switchboard itself; options follow a command, as in \`switchboard instances list ${first}\``,
          'main',
        );
      }
      throw new UsageError(
        `unknown command ${JSON.stringify(first)}${
          first === 'list' || first === 'ls' ? '; did you mean instances list?' : suggestion(first, COMMANDS)
        }`,
        'main',
      );
  }
}
