import type { CommandContext } from '../command-context.js';
import { startDemoSimulators, toAccountOptions } from '../demo-data.js';
import type { ExitCode } from '../exit-codes.js';
import { listAndPrint } from '../list-and-print.js';
import type { ListingFlags, WatchFlags } from '../parse-args.js';
import { watchAndPrint } from '../watch-and-print.js';
import { createListingFacade } from './create-facade.js';

export interface DemoCommand {
  listing: ListingFlags;
  seed: number;
  /** With `--watch`: the simulators' instances change, and the demo watches them until Ctrl-C. */
  watching?: WatchFlags | undefined;
}

/**
 * `switchboard demo`: starts the simulators on a free port of 127.0.0.1, lists them through the
 * same code as `instances list`, prints, and stops them. Notes about the demo go to stderr, so that
 * `--json` and `--ndjson` stay machine-readable.
 */
export async function demoCommand(
  context: CommandContext,
  { listing, seed, watching }: DemoCommand,
): Promise<ExitCode> {
  const simulators = await startDemoSimulators({ seed, port: 0, churn: watching !== undefined });
  try {
    const tokens = simulators.accounts.map((account) => account.token);
    context.stdout.addSecrets(tokens);
    context.stderr.addSecrets(tokens);
    const describe = simulators.accounts
      .map((account) => `${account.label} (${account.instances})`)
      .join(', ');
    await context.stderr.write(
      `Demo: provider simulators on ${simulators.main.origin} and ${simulators.second.origin} (seed ${seed}); accounts: ${describe}\n`,
    );
    const switchboard = createListingFacade(
      context,
      toAccountOptions(simulators.accounts),
      watching ?? listing,
      'the demo accounts',
    );
    if (watching !== undefined) {
      await context.stderr.write(
        'Demo: an instance changes about every second (connects, drops, logs out, appears, disappears).\n',
      );
    }
    const exitCode =
      watching === undefined
        ? await listAndPrint(context, switchboard, listing)
        : await watchAndPrint(context, switchboard, watching);
    const counts = simulators.requestCounts();
    const requests = Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([label, count]) => `${label} ${count}`);
    if (requests.length > 0) {
      const paged = Object.values(counts).some((count) => count > 1)
        ? ' (providers that page answer 100 a page)'
        : '';
      await context.stderr.write(
        `Demo: requests answered by the simulators: ${requests.join(', ')}${paged}\n`,
      );
    }
    return exitCode;
  } finally {
    await simulators.close();
  }
}
