import type { AccountIdentity, Instance, InstanceFilter } from '@switchboard/core';
import { type CommandContext, printError, printWarning } from './command-context.js';
import { describeAccountFailure, type FailureError } from './describe-failure.js';
import { EXIT_CODES, type ExitCode, exitCodeForListing } from './exit-codes.js';
import { formatInstanceTable, formatSummary } from './format-table.js';
import { ProgressLine } from './output.js';
import type { ListingFlags } from './parse-args.js';

/** One failed account, as `listInstancesSettled` reports it. */
export interface ListingFailure {
  readonly account: string;
  readonly provider: string;
  readonly error: FailureError;
}

/**
 * The part of core's `Switchboard` the CLI uses. Structural, so that the unit tests can hand in a
 * fake and the real facade fits as it is.
 */
export interface ListingSwitchboard {
  readonly accounts: readonly AccountIdentity[];
  listInstancesSettled(
    filter: InstanceFilter,
    options: { signal?: AbortSignal },
  ): Promise<{ instances: Instance[]; failures: readonly ListingFailure[] }>;
  instances(filter: InstanceFilter, options: { signal?: AbortSignal }): AsyncIterable<Instance>;
}

function asList<Value>(value: Value | readonly Value[] | undefined): readonly Value[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly Value[]) : [value as Value];
}

/** The accounts the `provider` and `account` filters leave, and warnings for filter values no account has. */
export function selectAccounts(
  accounts: readonly AccountIdentity[],
  filter: InstanceFilter,
): { selected: AccountIdentity[]; warnings: string[] } {
  const providers = asList(filter.provider);
  const labels = asList(filter.account);
  const warnings: string[] = [];
  for (const provider of providers ?? []) {
    if (!accounts.some((account) => account.provider === provider)) {
      warnings.push(`no ${provider} account is configured, so --provider ${provider} matches nothing`);
    }
  }
  for (const label of labels ?? []) {
    if (!accounts.some((account) => account.label === label)) {
      const known = accounts.map((account) => account.label).join(', ');
      warnings.push(`no account is labelled ${JSON.stringify(label)}; the accounts are ${known}`);
    }
  }
  const selected = accounts.filter(
    (account) =>
      (providers === undefined || (providers as readonly string[]).includes(account.provider)) &&
      (labels === undefined || labels.includes(account.label)),
  );
  return { selected, warnings };
}

function plural(count: number, singular: string): string {
  return `${count} ${count === 1 ? singular : `${singular}s`}`;
}

/** Whether a thrown error is about accounts (they failed) rather than about the call itself. */
function accountFailuresOf(error: unknown): ListingFailure[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as FailureError & { account?: unknown; provider?: unknown; errors?: unknown };
  if (candidate.code === 'fan_out' && Array.isArray(candidate.errors)) {
    return (candidate.errors as (FailureError & { account?: string; provider?: string })[]).map((item) => ({
      account: item.account ?? '?',
      provider: item.provider ?? '?',
      error: item,
    }));
  }
  if (
    typeof candidate.account === 'string' &&
    typeof candidate.provider === 'string' &&
    candidate.code !== 'validation' &&
    candidate.code !== 'aborted'
  ) {
    return [{ account: candidate.account, provider: candidate.provider, error: candidate }];
  }
  return undefined;
}

interface Listing {
  instances: Instance[];
  failures: ListingFailure[];
}

/**
 * Asks each selected account on its own, so the progress line can count accounts as they answer;
 * the facade's concurrency limit spans all calls of one switchboard, so this sends nothing more
 * than one call across all accounts would.
 */
async function listSettled(
  context: CommandContext,
  switchboard: ListingSwitchboard,
  selected: readonly AccountIdentity[],
  filter: InstanceFilter,
  progress: ProgressLine,
): Promise<Listing> {
  let answered = 0;
  let arrived = 0;
  progress.update(`Listing instances from ${plural(selected.length, 'account')}…`);
  const signal = context.signal;
  const results = await Promise.all(
    selected.map(async (account) => {
      const result = await switchboard.listInstancesSettled(
        { ...filter, account: account.label },
        signal ? { signal } : {},
      );
      answered += 1;
      arrived += result.instances.length;
      progress.update(
        `Listing instances: ${answered} of ${plural(selected.length, 'account')} answered, ${plural(arrived, 'instance')} so far…`,
      );
      return result;
    }),
  );
  return {
    instances: results.flatMap((result) => result.instances),
    failures: results.flatMap((result) => [...result.failures]),
  };
}

/** Streams `--ndjson`: one instance per line as pages arrive, from the facade's `instances()` iterator. */
async function streamNdjson(
  context: CommandContext,
  switchboard: ListingSwitchboard,
  selected: readonly AccountIdentity[],
  filter: InstanceFilter,
  progress: ProgressLine,
): Promise<Listing> {
  const instances: Instance[] = [];
  let failures: ListingFailure[] = [];
  progress.update(`Listing instances from ${plural(selected.length, 'account')}…`);
  try {
    for await (const instance of switchboard.instances(
      filter,
      context.signal ? { signal: context.signal } : {},
    )) {
      progress.clear();
      await context.stdout.write(`${JSON.stringify(instance)}\n`);
      instances.push(instance);
      if (instances.length % 50 === 0)
        progress.update(`Listing instances: ${plural(instances.length, 'instance')} so far…`);
    }
  } catch (error) {
    const accountFailures = accountFailuresOf(error);
    if (accountFailures === undefined) throw error;
    failures = accountFailures;
  }
  return { instances, failures };
}

/**
 * Lists with a facade and prints the result as asked: the body of `instances list` and `demo`.
 * The instances that arrived are always printed; each failed account gets one line on stderr.
 */
export async function listAndPrint(
  context: CommandContext,
  switchboard: ListingSwitchboard,
  flags: ListingFlags,
): Promise<ExitCode> {
  const { selected, warnings } = selectAccounts(switchboard.accounts, flags.filter);
  for (const warning of warnings) await printWarning(context, warning);

  // With --ndjson on a terminal the lines themselves show progress; a redrawn line would tear them.
  const progress = new ProgressLine(
    context.stderr,
    context.stderrIsTTY && (flags.output !== 'ndjson' || !context.stdoutIsTTY),
  );
  let listing: Listing;
  try {
    listing =
      selected.length === 0
        ? { instances: [], failures: [] }
        : flags.output === 'ndjson'
          ? await streamNdjson(context, switchboard, selected, flags.filter, progress)
          : await listSettled(context, switchboard, selected, flags.filter, progress);
  } finally {
    progress.clear();
  }
  const { instances, failures } = listing;

  const failedAccounts = failures.map((failure) => ({ provider: failure.provider, label: failure.account }));
  if (flags.output === 'table') {
    if (instances.length > 0) {
      await context.stdout.write(`${formatInstanceTable(instances, context.stdoutStyles).join('\n')}\n\n`);
    } else if (failures.length < selected.length) {
      const filtered = Object.keys(flags.filter).length > 0;
      await context.stdout.write(`${filtered ? 'No instance matches the filters.' : 'No instances.'}\n\n`);
    }
  } else if (flags.output === 'json') {
    await context.stdout.write(`${JSON.stringify(instances, null, 2)}\n`);
  }

  for (const failure of failures) {
    await printError(
      context,
      describeAccountFailure({ provider: failure.provider, label: failure.account }, failure.error),
    );
  }

  const summary = formatSummary(
    { instances, accounts: selected, failedAccounts },
    flags.output === 'table' ? context.stdoutStyles : context.stderrStyles,
  ).join('\n');
  if (flags.output === 'table') await context.stdout.write(`${summary}\n`);
  else if (context.stderrIsTTY) await context.stderr.write(`${summary}\n`);

  if (selected.length === 0) return EXIT_CODES.success;
  return exitCodeForListing(selected.length, new Set(failures.map((failure) => failure.account)).size);
}
