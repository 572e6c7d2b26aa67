import type { CommandContext } from '../command-context.js';
import type { ExitCode } from '../exit-codes.js';
import type { WatchFlags } from '../parse-args.js';
import { watchAndPrint } from '../watch-and-print.js';
import { createFacadeForAccounts } from './create-facade.js';

export interface InstancesWatchCommand {
  watching: WatchFlags;
  accountsFile: string | undefined;
}

/** `switchboard instances watch`: the accounts from the environment or a file, watched until Ctrl-C. */
export async function instancesWatchCommand(
  context: CommandContext,
  { watching, accountsFile }: InstancesWatchCommand,
): Promise<ExitCode> {
  const switchboard = await createFacadeForAccounts(context, accountsFile, watching);
  return watchAndPrint(context, switchboard, watching);
}
