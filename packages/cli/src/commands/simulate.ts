import type { CommandContext } from '../command-context.js';
import { startDemoSimulators } from '../demo-data.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { formatTable } from '../format-table.js';
import { baseUrlVariable, optionVariables, tokenVariable } from '../providers.js';

export interface SimulateCommand {
  port: number;
  seed: number;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  // Without a signal (an embedder that passed none) the simulators run until the process ends.
  if (signal === undefined) return new Promise<void>(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * `switchboard simulate`: the demo's simulators, kept running until Ctrl-C. It prints the demo
 * tokens on purpose: they open nothing but these simulators.
 */
export async function simulateCommand(
  context: CommandContext,
  { port, seed }: SimulateCommand,
): Promise<ExitCode> {
  const simulators = await startDemoSimulators({ seed, port });
  try {
    const table = formatTable(
      simulators.accounts,
      [
        { header: 'ACCOUNT', text: (account) => account.label },
        { header: 'PROVIDER', text: (account) => account.provider },
        { header: 'BASE URL', text: (account) => account.baseUrl },
        { header: 'DEMO TOKEN', text: (account) => account.token },
        { header: 'INSTANCES', text: (account) => String(account.instances) },
      ],
      context.stdoutStyles,
    );
    // The environment variables carry one account per provider: the first of each.
    const perProvider = simulators.accounts.filter(
      (account, index, all) => all.findIndex((other) => other.provider === account.provider) === index,
    );
    const exports = perProvider.flatMap((account) => [
      `export ${baseUrlVariable(account.provider)}=${shellQuote(account.baseUrl)}`,
      `export ${tokenVariable(account.provider)}=${shellQuote(account.token)}`,
      // A provider whose demo account needs options of its own (a business account id) reads them too.
      ...Object.entries(optionVariables(account.provider))
        .filter(([option]) => account.options[option] !== undefined)
        .map(([option, variable]) => `export ${variable}=${shellQuote(String(account.options[option]))}`),
    ]);
    // One account a line: short enough to read, still JSON to paste.
    const accountLines = simulators.accounts.map(
      ({ provider, label, baseUrl, token, options }, index, all) =>
        `  ${JSON.stringify({ provider, label, baseUrl, token, ...options })}${index < all.length - 1 ? ',' : ''}`,
    );
    const accountsFile = ['[', ...accountLines, ']'].join('\n');
    await context.stdout.write(
      [
        `Switchboard provider simulators on 127.0.0.1 (seed ${seed}).`,
        '',
        ...table,
        '',
        'To list them with environment variables (one account per provider):',
        ...exports.map((line) => `  ${line}`),
        '  switchboard instances list',
        '',
        'To list every account, save this as accounts.json and run `switchboard instances list --accounts accounts.json`:',
        ...accountsFile.split('\n').map((line) => `  ${line}`),
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await waitForAbort(context.signal);
    await context.stderr.write('Stopping the simulators.\n');
    return EXIT_CODES.success;
  } finally {
    await simulators.close();
  }
}
