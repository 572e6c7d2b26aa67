import { type AccountOptions, createSwitchboard, type SwitchboardOptions } from '@switchboard/core';
import { SwitchboardError } from '@switchboard/runtime';
import { loadAccounts } from '../accounts.js';
import { type CommandContext, printWarning } from '../command-context.js';
import type { ListingSwitchboard } from '../list-and-print.js';
import type { ListingFlags } from '../parse-args.js';
import { UsageError } from '../usage-error.js';
import type { WatchingSwitchboard } from '../watch-and-print.js';

/**
 * The facade for a listing, with the request flags applied. Its options are checked at once; a
 * `ValidationError` (a bad `pageSize` in an accounts file, say) becomes a usage error naming `source`.
 */
export function createListingFacade(
  context: CommandContext,
  accounts: AccountOptions[],
  flags: ListingFlags,
  source: string,
): ListingSwitchboard & WatchingSwitchboard {
  const options: SwitchboardOptions = { accounts };
  if (flags.concurrency !== undefined) options.concurrency = flags.concurrency;
  if (flags.timeoutMs !== undefined) options.timeoutMs = flags.timeoutMs;
  if (flags.maxRetries !== undefined) options.maxRetries = flags.maxRetries;
  if (context.fetch !== undefined) options.fetch = context.fetch;
  try {
    return createSwitchboard(options);
  } catch (error) {
    if (SwitchboardError.isInstance(error) && error.code === 'validation') {
      throw new UsageError(`${source}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * The facade over the accounts of `accountsFile`, or of the environment variables when there is
 * none: their tokens added to what the output masks before anything is printed, their warnings
 * printed, the request flags applied.
 */
export async function createFacadeForAccounts(
  context: CommandContext,
  accountsFile: string | undefined,
  flags: ListingFlags,
): Promise<ListingSwitchboard & WatchingSwitchboard> {
  const { accounts, warnings } = await loadAccounts({ accountsFile, env: context.env, cwd: context.cwd });
  // From here on, no output may carry a token, whatever prints it.
  context.stdout.addSecrets(accounts.map((account) => account.token));
  context.stderr.addSecrets(accounts.map((account) => account.token));
  for (const warning of warnings) await printWarning(context, warning);
  return createListingFacade(context, accounts, flags, accountsFile ?? 'the environment variables');
}
