import type { AccountIdentity, Instance, InstanceFilter, WatchEvent } from '@switchboard/core';
import { type CommandContext, printWarning } from './command-context.js';
import { describeAccountFailure } from './describe-failure.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { formatInstanceTable, sanitizeCell, styleStatus } from './format-table.js';
import { selectAccounts } from './list-and-print.js';
import { ProgressLine, type Styles } from './output.js';
import { formatDuration, type WatchFlags } from './parse-args.js';

/** The part of core's `Switchboard` that `instances watch` uses; structural, so tests can pass a fake. */
export interface WatchingSwitchboard {
  readonly accounts: readonly AccountIdentity[];
  watch(
    filter: InstanceFilter,
    options: { intervalMs?: number; signal?: AbortSignal },
  ): AsyncIterable<WatchEvent>;
}

/** `14:03:07`, in the local time zone: the time of day is what someone watching a terminal reads. */
export function formatTimeOfDay(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  return sanitizeCell(String(value));
}

const EVENT_WIDTH = 'changed'.length;

function styleEvent(type: WatchEvent['type'], styles: Styles): string {
  const text = type.padEnd(EVENT_WIDTH);
  switch (type) {
    case 'added':
      return styles.green(text);
    case 'changed':
      return styles.yellow(text);
    case 'removed':
    case 'failed':
      return styles.red(text);
    default:
      return styles.dim(text);
  }
}

function styleValue(field: string, value: unknown, styles: Styles): string {
  const text = cell(value);
  if (field === 'status' && typeof value === 'string') {
    return styleStatus(value as Instance['status'], text, styles);
  }
  return text;
}

/**
 * `field old → new` for each changed field. `profile` is an object, so each of its fields that
 * changed is shown on its own (`profile.name - → Sales`).
 */
function describeChanges(
  previous: Instance,
  instance: Instance,
  changes: readonly string[],
  styles: Styles,
): string {
  const parts: string[] = [];
  for (const field of changes) {
    const before = (previous as unknown as Record<string, unknown>)[field];
    const after = (instance as unknown as Record<string, unknown>)[field];
    if (field === 'profile' && typeof before === 'object' && typeof after === 'object' && before && after) {
      const left = before as Record<string, unknown>;
      const right = after as Record<string, unknown>;
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
        if (Object.is(left[key], right[key])) continue;
        parts.push(`profile.${key} ${cell(left[key])} → ${cell(right[key])}`);
      }
      continue;
    }
    parts.push(`${field} ${styleValue(field, before, styles)} → ${styleValue(field, after, styles)}`);
  }
  return parts.join(', ');
}

/**
 * One line for an instance event: time, event, provider, account, id, name, and then the changes
 * (or, for `added` and `removed`, the status).
 */
function formatInstanceEvent(
  event: Exclude<WatchEvent, { type: 'synced' | 'failed' }>,
  epochMs: number,
  styles: Styles,
): string {
  const { instance } = event;
  const detail =
    event.type === 'changed'
      ? describeChanges(event.previous, instance, event.changes, styles)
      : styleStatus(instance.status, instance.status, styles);
  return [
    styles.dim(formatTimeOfDay(epochMs)),
    styleEvent(event.type, styles),
    instance.provider,
    cell(instance.account),
    cell(instance.id),
    cell(instance.name),
    detail,
  ].join('  ');
}

/** The stderr line of a failed poll: the account and what went wrong, never its token. */
function formatFailedEvent(
  event: Extract<WatchEvent, { type: 'failed' }>,
  epochMs: number,
  styles: Styles,
): string {
  const what = describeAccountFailure({ provider: event.provider, label: event.account }, event.error);
  return `${styles.dim(formatTimeOfDay(epochMs))}  ${styleEvent('failed', styles)}  ${what}; polling it again with backoff`;
}

function formatRecoveredEvent(
  event: Extract<WatchEvent, { type: 'synced' }>,
  epochMs: number,
  styles: Styles,
): string {
  return `${styles.dim(formatTimeOfDay(epochMs))}  ${styleEvent('synced', styles)}  ${event.provider} account "${cell(event.account)}" answers again`;
}

function accountOf(event: WatchEvent): string {
  return event.type === 'synced' || event.type === 'failed' ? event.account : event.instance.account;
}

export interface WatchPrintOptions {
  /** The time printed on each line; defaults to `Date.now`, which fake timers drive in tests. */
  now?: () => number;
}

/**
 * Watches with a facade and prints as it goes: the body of `instances watch` and `demo --watch`.
 * In a table, the first poll of every account is gathered into the table (an account whose first
 * poll fails gets its stderr line instead); every later event is one line. With `--ndjson`, every
 * event is one JSON line from the start. A `failed` event always gets a line on stderr. Ends
 * cleanly (exit 0) when the context's signal aborts.
 */
export async function watchAndPrint(
  context: CommandContext,
  switchboard: WatchingSwitchboard,
  flags: WatchFlags,
  options: WatchPrintOptions = {},
): Promise<ExitCode> {
  const now = options.now ?? (() => Date.now());
  const { selected, warnings } = selectAccounts(switchboard.accounts, flags.filter);
  for (const warning of warnings) await printWarning(context, warning);
  if (selected.length === 0) {
    await printWarning(context, 'no account is selected, so there is nothing to watch');
    return EXIT_CODES.success;
  }
  if (context.signal?.aborted) return EXIT_CODES.success;

  const ndjson = flags.output === 'ndjson';
  const progress = new ProgressLine(context.stderr, context.stderrIsTTY && !ndjson);
  const waitingFor = new Set(selected.map((account) => account.label));
  const firstPoll: Instance[] = [];
  const afterFirstPoll: WatchEvent[] = [];
  /** Accounts whose last poll failed: their next `synced` gets a line, so the reader sees them recover. */
  const failing = new Set<string>();
  let tablePrinted = ndjson;
  const accountCount = `${selected.length} account${selected.length === 1 ? '' : 's'}`;

  const printEvent = async (event: WatchEvent): Promise<void> => {
    const at = now();
    if (event.type === 'failed') {
      failing.add(event.account);
      await context.stderr.write(`${formatFailedEvent(event, at, context.stderrStyles)}\n`);
      return;
    }
    if (event.type === 'synced') {
      if (failing.delete(event.account)) {
        await context.stderr.write(`${formatRecoveredEvent(event, at, context.stderrStyles)}\n`);
      }
      return;
    }
    await context.stdout.write(`${formatInstanceEvent(event, at, context.stdoutStyles)}\n`);
  };

  const printTable = async (): Promise<void> => {
    progress.clear();
    if (firstPoll.length > 0) {
      // In the order of the accounts, as `instances list` prints them, whichever answered first.
      const order = new Map(selected.map((account, index) => [account.label, index]));
      const rows = firstPoll
        .map((instance, index) => ({ instance, index }))
        .sort(
          (left, right) =>
            (order.get(left.instance.account) ?? 0) - (order.get(right.instance.account) ?? 0) ||
            left.index - right.index,
        )
        .map((row) => row.instance);
      await context.stdout.write(`${formatInstanceTable(rows, context.stdoutStyles).join('\n')}\n\n`);
    } else {
      const filtered = Object.keys(flags.filter).length > 0;
      await context.stdout.write(`${filtered ? 'No instance matches the filters.' : 'No instances.'}\n\n`);
    }
    await context.stderr.write(
      `Watching ${accountCount} every ${formatDuration(flags.intervalMs)}; Ctrl-C to stop.\n`,
    );
    tablePrinted = true;
    for (const event of afterFirstPoll.splice(0)) await printEvent(event);
  };

  progress.update(`Watching ${accountCount}: waiting for the first poll…`);
  const signal = context.signal;
  try {
    for await (const event of switchboard.watch(flags.filter, {
      intervalMs: flags.intervalMs,
      ...(signal !== undefined && { signal }),
    })) {
      if (ndjson) {
        await context.stdout.write(`${JSON.stringify(event)}\n`);
        if (event.type === 'failed') await printEvent(event);
        continue;
      }
      if (tablePrinted) {
        await printEvent(event);
        continue;
      }
      const account = accountOf(event);
      if (!waitingFor.has(account)) {
        // An account that answered fast is on its next poll while another's first is still out.
        afterFirstPoll.push(event);
        continue;
      }
      if (event.type === 'added') firstPoll.push(event.instance);
      else if (event.type === 'failed') {
        waitingFor.delete(account);
        progress.clear();
        await printEvent(event);
      } else if (event.type === 'synced') waitingFor.delete(account);
      if (waitingFor.size === 0) await printTable();
      else {
        const answered = selected.length - waitingFor.size;
        progress.update(`Watching ${accountCount}: ${answered} answered the first poll…`);
      }
    }
  } finally {
    progress.clear();
  }
  return EXIT_CODES.success;
}
