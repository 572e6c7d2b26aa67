import { loadAccounts } from '../accounts.js';
import { type CommandContext, printWarning } from '../command-context.js';
import type { ExitCode } from '../exit-codes.js';
import type { WatchFlags } from '../parse-args.js';
import { watchAndPrint } from '../watch-and-print.js';
import { createListingFacade } from './create-facade.js';

export interface InstancesWatchCommand {
  watching: WatchFlags;
  accountsFile: string | undefined;
}

/** `switchboard instances watch`: the accounts from the environment or a file, watched until Ctrl-C. */
export async function instancesWatchCommand(
  context: CommandContext,
  { watching, accountsFile }: InstancesWatchCommand,
): Promise<ExitCode> {
  const { accounts, warnings } = await loadAccounts({ accountsFile, env: context.env, cwd: context.cwd });
  // From here on, no output may carry a token, whatever prints it.
  context.stdout.addSecrets(accounts.map((account) => account.token));
  context.stderr.addSecrets(accounts.map((account) => account.token));
  for (const warning of warnings) await printWarning(context, warning);
  const switchboard = createListingFacade(
    context,
    accounts,
    watching,
    accountsFile ?? 'the environment variables',
  );
  return watchAndPrint(context, switchboard, watching);
}
