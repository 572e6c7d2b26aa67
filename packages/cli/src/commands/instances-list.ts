import { loadAccounts } from '../accounts.js';
import { type CommandContext, printWarning } from '../command-context.js';
import type { ExitCode } from '../exit-codes.js';
import { listAndPrint } from '../list-and-print.js';
import type { ListingFlags } from '../parse-args.js';
import { createListingFacade } from './create-facade.js';

export interface InstancesListCommand {
  listing: ListingFlags;
  accountsFile: string | undefined;
}

/** `switchboard instances list`: the accounts from the environment or a file, listed and printed. */
export async function instancesListCommand(
  context: CommandContext,
  { listing, accountsFile }: InstancesListCommand,
): Promise<ExitCode> {
  const { accounts, warnings } = await loadAccounts({ accountsFile, env: context.env, cwd: context.cwd });
  // From here on, no output may carry a token, whatever prints it.
  context.stdout.addSecrets(accounts.map((account) => account.token));
  context.stderr.addSecrets(accounts.map((account) => account.token));
  for (const warning of warnings) await printWarning(context, warning);
  const switchboard = createListingFacade(
    context,
    accounts,
    listing,
    accountsFile ?? 'the environment variables',
  );
  return listAndPrint(context, switchboard, listing);
}
