import type { CommandContext } from '../command-context.js';
import type { ExitCode } from '../exit-codes.js';
import { listAndPrint } from '../list-and-print.js';
import type { ListingFlags } from '../parse-args.js';
import { createFacadeForAccounts } from './create-facade.js';

export interface InstancesListCommand {
  listing: ListingFlags;
  accountsFile: string | undefined;
}

/** `switchboard instances list`: the accounts from the environment or a file, listed and printed. */
export async function instancesListCommand(
  context: CommandContext,
  { listing, accountsFile }: InstancesListCommand,
): Promise<ExitCode> {
  const switchboard = await createFacadeForAccounts(context, accountsFile, listing);
  return listAndPrint(context, switchboard, listing);
}
