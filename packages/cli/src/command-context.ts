import type { Environment } from './accounts.js';
import type { RedactingWriter, Styles } from './output.js';

/** What a command needs of the outside world; `run` builds it from its `io`. */
export interface CommandContext {
  readonly env: Environment;
  /** Where relative paths (`--accounts`) start from. */
  readonly cwd: string;
  readonly stdout: RedactingWriter;
  readonly stderr: RedactingWriter;
  readonly stdoutStyles: Styles;
  readonly stderrStyles: Styles;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Aborted on Ctrl-C: listings stop, `simulate` shuts its servers down. */
  readonly signal: AbortSignal | undefined;
  /** Passed to `createSwitchboard`; tests and embedders may route requests themselves. */
  readonly fetch: typeof fetch | undefined;
}

/** Writes lines to stderr, each prefixed with the command's name, as Unix tools do. */
export async function printError(context: CommandContext, message: string): Promise<void> {
  const lines = message.split('\n');
  await context.stderr.write(`switchboard: ${lines.join('\n')}\n`);
}

export async function printWarning(context: CommandContext, message: string): Promise<void> {
  await context.stderr.write(`switchboard: ${context.stderrStyles.yellow('warning:')} ${message}\n`);
}
