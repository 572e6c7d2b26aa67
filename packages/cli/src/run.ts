import type { Environment } from './accounts.js';
import type { CommandContext } from './command-context.js';
import { printError } from './command-context.js';
import { EXIT_CODES } from './exit-codes.js';
import { helpText, usageText } from './help.js';
import { createStyles, RedactingWriter, shouldUseColor, type TextSink } from './output.js';
import { parseCommandLine } from './parse-args.js';
import { UsageError } from './usage-error.js';
import { readVersion } from './version.js';

/** What `run` needs of the outside world; `bin.ts` passes the process's own. */
export interface RunIo {
  /** Defaults to no variables at all (not `process.env`), so that a test sees only what it sets. */
  env?: Environment;
  stdout: TextSink;
  stderr: TextSink;
  /** Whether stdout is a terminal: colour and the table's styling follow it. Default false. */
  stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal: the progress line is drawn only then. Default false. */
  stderrIsTTY?: boolean;
  /** Abort it to stop a listing (exit 130), or a running `simulate` or watch (exit 0). */
  signal?: AbortSignal;
  /** Where a relative `--accounts` path starts from. Defaults to the process's working directory. */
  cwd?: string;
  /** A fetch for every provider request, in place of the global one. */
  fetch?: typeof fetch;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'aborted';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the `switchboard` command line and resolves to the exit code; never rejects and never exits
 * the process. `argv` is without `node` and the script: `['instances', 'list', '--json']`.
 */
export async function run(argv: readonly string[], io: RunIo): Promise<number> {
  const env = io.env ?? {};
  const stdoutIsTTY = io.stdoutIsTTY ?? false;
  const stderrIsTTY = io.stderrIsTTY ?? false;
  const context: CommandContext = {
    env,
    cwd: io.cwd ?? process.cwd(),
    stdout: new RedactingWriter(io.stdout),
    stderr: new RedactingWriter(io.stderr),
    stdoutStyles: createStyles(shouldUseColor(env, stdoutIsTTY)),
    stderrStyles: createStyles(shouldUseColor(env, stderrIsTTY)),
    stdoutIsTTY,
    stderrIsTTY,
    signal: io.signal,
    fetch: io.fetch,
  };
  try {
    const parsed = parseCommandLine(argv);
    switch (parsed.command) {
      case 'help':
        await context.stdout.write(`${helpText(parsed.topic)}\n`);
        return EXIT_CODES.success;
      case 'version':
        await context.stdout.write(`${readVersion()}\n`);
        return EXIT_CODES.success;
      // Commands load on demand, so that `--help` and a usage error answer without loading the
      // facade, and `instances list` without the simulators.
      case 'instances list': {
        const { instancesListCommand } = await import('./commands/instances-list.js');
        return await instancesListCommand(context, parsed);
      }
      case 'instances watch': {
        const { instancesWatchCommand } = await import('./commands/instances-watch.js');
        return await instancesWatchCommand(context, parsed);
      }
      case 'demo': {
        const { demoCommand } = await import('./commands/demo.js');
        return await demoCommand(context, parsed);
      }
      case 'simulate': {
        const { simulateCommand } = await import('./commands/simulate.js');
        return await simulateCommand(context, parsed);
      }
    }
  } catch (error) {
    try {
      if (error instanceof UsageError) {
        const usage = error.helpTopic === undefined ? '' : `\n\n${usageText(error.helpTopic)}`;
        await printError(context, `${error.message}${usage}`);
        return EXIT_CODES.usage;
      }
      if (isAbort(error, io.signal)) {
        await printError(context, 'interrupted');
        return EXIT_CODES.interrupted;
      }
      if ((error as { code?: unknown } | null)?.code === 'validation') {
        await printError(context, errorMessage(error));
        return EXIT_CODES.usage;
      }
      await printError(context, `unexpected error: ${errorMessage(error)}`);
    } catch {
      // stderr itself is gone; the exit code is all that is left to say.
    }
    return EXIT_CODES.failure;
  }
}
