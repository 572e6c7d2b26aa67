import { ValidationError } from '@switchboard/runtime';
import {
  builtInSimulatedProviders,
  isSimulatedProvider,
  SIMULATED_PROVIDERS,
  type SimulatedProvider,
} from './providers.js';
import {
  type SimulatorServer,
  type SimulatorServerOptions,
  startSimulatorServer,
} from './simulator-server.js';

/** The port `pnpm simulate` listens on unless told otherwise; the README's examples use it. */
export const DEFAULT_SIMULATE_PORT = 4010;

/** How often `--churn` changes an instance when it names no interval. */
export const DEFAULT_CHURN_INTERVAL_MS = 3000;

export const SIMULATE_USAGE = `Usage: pnpm simulate [--port <n>] [--seed <n>] [--count <provider>=<n>]... [--latency <ms>] [--churn[=<ms>]]

Starts a simulator of every provider on 127.0.0.1 and prints their base URLs and demo tokens.
  --port <n>                 port to listen on (default ${DEFAULT_SIMULATE_PORT}; 0 picks a free one)
  --seed <n>                 seed of the fake instances (default 1)
  --count <provider>=<n>     instances of one provider, e.g. --count ${SIMULATED_PROVIDERS[0]}=250 (repeatable)
  --latency <ms>             latency added to every request (default 0)
  --churn[=<ms>]             instances connect, drop, log out, appear and disappear every <ms>
                             (default ${DEFAULT_CHURN_INTERVAL_MS}), the same way for the same --seed
  --help                     print this help`;

export type SimulateArguments =
  | { help: true }
  | { help: false; options: SimulatorServerOptions & { port: number; seed: number } };

function wholeNumber(flag: string, text: string | undefined, maximum = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) > maximum) {
    throw new ValidationError(
      `simulate: ${flag} takes a whole number${text === undefined ? '' : `, not ${JSON.stringify(text)}`}`,
      {
        field: flag,
      },
    );
  }
  return Number(text);
}

/** Reads the command line of `pnpm simulate`; bad input is a `ValidationError` that says what to fix. */
export function parseSimulateArguments(argv: readonly string[]): SimulateArguments {
  let port = DEFAULT_SIMULATE_PORT;
  let seed = 1;
  let latencyMs = 0;
  let churnIntervalMs: number | undefined;
  const counts: Partial<Record<SimulatedProvider, number>> = {};
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    // `--port=4010` and `--port 4010` alike; `--count=<provider>=250` splits at its first `=`.
    const equals = argument.startsWith('--') ? argument.indexOf('=') : -1;
    const flag = equals === -1 ? argument : argument.slice(0, equals);
    const inline = equals === -1 ? undefined : argument.slice(equals + 1);
    const value = (): string | undefined => inline ?? argv[++index];
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true };
      case '--port':
        port = wholeNumber('--port', value(), 65_535);
        break;
      case '--seed':
        seed = wholeNumber('--seed', value());
        break;
      case '--churn':
        // Only the inline form takes a value, so that `--churn --port 1` still reads as two flags.
        churnIntervalMs = inline === undefined ? DEFAULT_CHURN_INTERVAL_MS : wholeNumber('--churn', inline);
        if (churnIntervalMs === 0) {
          throw new ValidationError('simulate: --churn takes an interval of 1 ms or more', {
            field: '--churn',
          });
        }
        break;
      case '--latency':
        latencyMs = wholeNumber('--latency', value());
        break;
      case '--count': {
        const text = value() ?? '';
        const [provider, count] = text.split('=');
        if (!isSimulatedProvider(provider)) {
          throw new ValidationError(
            `simulate: --count takes <provider>=<n> with a provider among ${SIMULATED_PROVIDERS.join(', ')}`,
            { field: '--count' },
          );
        }
        counts[provider] = wholeNumber('--count', count);
        break;
      }
      default:
        throw new ValidationError(
          `simulate: unknown argument ${JSON.stringify(argument)}\n\n${SIMULATE_USAGE}`,
          {
            field: argument,
          },
        );
    }
  }
  return {
    help: false,
    options: {
      port,
      seed,
      latencyMs,
      counts,
      ...(churnIntervalMs === undefined ? {} : { churn: { intervalMs: churnIntervalMs, seed } }),
    },
  };
}

function churnNote(server: SimulatorServer): string {
  return server.simulators.all.some((simulator) => simulator.churning) ? ', churning' : '';
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What `pnpm simulate` prints once listening: where each simulator is, its token, and shell exports. */
export function describeSimulatorServer(server: SimulatorServer, seed: number): string {
  const providers = server.simulators.providers as readonly SimulatedProvider[];
  const rows = providers.map((provider) => ({
    provider,
    baseUrl: server.baseUrls[provider],
    token: server.tokens[provider],
    instances: String(server.simulators.simulator(provider).instances.length),
  }));
  const width = (pick: (row: (typeof rows)[number]) => string, title: string) =>
    Math.max(title.length, ...rows.map((row) => pick(row).length));
  const columns = [
    { title: 'provider', pick: (row: (typeof rows)[number]) => row.provider },
    { title: 'base URL', pick: (row: (typeof rows)[number]) => row.baseUrl },
    { title: 'demo token', pick: (row: (typeof rows)[number]) => row.token },
    { title: 'instances', pick: (row: (typeof rows)[number]) => row.instances },
  ].map((column) => ({ ...column, width: width(column.pick, column.title) }));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(columns[index]?.width ?? 0))
      .join('  ')
      .trimEnd();
  const exports = providers.flatMap((provider) => {
    const environment = builtInSimulatedProviders.find((entry) => entry.definition.key === provider)
      ?.definition.environment;
    // A provider from outside the registry has no variables the CLI reads.
    if (environment === undefined) return [];
    return [
      `export ${environment.baseUrl}=${shellQuote(server.baseUrls[provider])}`,
      `export ${environment.token}=${shellQuote(server.tokens[provider])}`,
    ];
  });
  return [
    `Switchboard provider simulators listening on ${server.origin} (seed ${seed}${churnNote(server)})`,
    '',
    line(columns.map((column) => column.title)),
    ...rows.map((row) => line(columns.map((column) => column.pick(row)))),
    '',
    'To point the CLI at them:',
    ...exports.map((text) => `  ${text}`),
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

/** What the command needs from its process, so that tests can play the process's part. */
export interface SimulateCommandIo {
  log(text: string): void;
  error(text: string): void;
  /** Calls `handler` once when the process is asked to stop (SIGINT, SIGTERM). */
  onStopSignal(handler: (signal: string) => void): void;
}

/**
 * `pnpm simulate`: starts the server, prints where everything is, and resolves with the exit code once
 * a stop signal has closed it (or at once, with 1 and a message, when the arguments are wrong).
 */
export async function runSimulateCommand(argv: readonly string[], io: SimulateCommandIo): Promise<number> {
  let parsed: SimulateArguments;
  try {
    parsed = parseSimulateArguments(argv);
  } catch (error) {
    io.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  if (parsed.help) {
    io.log(SIMULATE_USAGE);
    return 0;
  }
  const server = await startSimulatorServer(parsed.options);
  io.log(describeSimulatorServer(server, parsed.options.seed));
  return new Promise<number>((resolve) => {
    io.onStopSignal((signal) => {
      io.log(`${signal}: stopping the simulators`);
      server.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    });
  });
}
