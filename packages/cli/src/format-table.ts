import type { AccountIdentity, Instance, InstanceStatus } from '@switchboard/core';
import { INSTANCE_STATUSES } from '@switchboard/runtime';
import stringWidth from 'string-width';
import type { Styles } from './output.js';
import { CLI_PROVIDER_KEYS } from './providers.js';

/** The fields of an instance the table and the summary show. */
export type TableInstance = Pick<
  Instance,
  'provider' | 'account' | 'id' | 'name' | 'status' | 'phone' | 'createdAt'
>;

/**
 * The columns a text takes in a terminal, by `string-width`: a grapheme cluster at a time, so an
 * emoji ZWJ sequence, a skin-tone or keycap sequence and a flag take two columns, combining marks and
 * Devanagari's vowel signs and viramas none, East Asian wide and fullwidth characters two.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Makes a provider's text safe to print in one cell: no line breaks, no escape sequences a name could
 * use to rewrite the terminal, no bidirectional overrides that reorder the line.
 */
export function sanitizeCell(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\t\n\r\v\f]+/g, ' ')
    .replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '\uFFFD');
}

export interface TableColumn<Row> {
  header: string;
  /** The cell's text; null shows as a dimmed `-`. */
  text(row: Row): string | null;
  /** Colours a cell after padding is worked out on the plain text. */
  style?(text: string, row: Row): string;
}

/**
 * Lines of a table whose columns are as wide as their widest cell, two spaces apart. Widths are
 * measured on plain text, so colour codes never shift a column. No trailing spaces.
 */
export function formatTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  styles: Styles,
): string[] {
  const cells = rows.map((row) =>
    columns.map((column) => {
      const value = column.text(row);
      return value === null ? null : sanitizeCell(value);
    }),
  );
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[index] ?? '-'))),
  );
  const line = (parts: { text: string; styled: string }[]): string =>
    parts
      .map((part, index) => {
        const last = index === parts.length - 1;
        const padding = last ? '' : ' '.repeat((widths[index] ?? 0) - displayWidth(part.text));
        return `${part.styled}${padding}`;
      })
      .join('  ')
      .trimEnd();
  const header = line(columns.map((column) => ({ text: column.header, styled: styles.bold(column.header) })));
  const body = rows.map((row, rowIndex) =>
    line(
      columns.map((column, index) => {
        const text = cells[rowIndex]?.[index] ?? null;
        if (text === null) return { text: '-', styled: styles.dim('-') };
        return { text, styled: column.style ? column.style(text, row) : text };
      }),
    ),
  );
  return [header, ...body];
}

/** The colour of each status: healthy green, on its way yellow, needs a human red, parked dim. */
export function styleStatus(status: InstanceStatus, text: string, styles: Styles): string {
  switch (status) {
    case 'connected':
      return styles.green(text);
    case 'connecting':
    case 'qr_pending':
    case 'pending':
      return styles.yellow(text);
    case 'disconnected':
    case 'logged_out':
    case 'failed':
      return styles.red(text);
    case 'stopped':
      return styles.dim(text);
    default:
      return styles.magenta(text);
  }
}

/** `2024-03-05` from an ISO timestamp (UTC, as the model gives it); other text is shown as it is. */
function formatCreated(createdAt: string | null): string | null {
  if (createdAt === null) return null;
  return /^\d{4}-\d{2}-\d{2}T/.test(createdAt) ? createdAt.slice(0, 10) : createdAt;
}

const INSTANCE_COLUMNS: readonly TableColumn<TableInstance>[] = [
  { header: 'PROVIDER', text: (instance) => instance.provider },
  { header: 'ACCOUNT', text: (instance) => instance.account },
  { header: 'ID', text: (instance) => instance.id },
  { header: 'NAME', text: (instance) => instance.name },
  { header: 'STATUS', text: (instance) => instance.status },
  { header: 'PHONE', text: (instance) => instance.phone },
  { header: 'CREATED', text: (instance) => formatCreated(instance.createdAt) },
];

/** The instance table: provider, account, id, name, status (coloured), phone, created. */
export function formatInstanceTable(instances: readonly TableInstance[], styles: Styles): string[] {
  const columns = INSTANCE_COLUMNS.map((column) =>
    column.header === 'STATUS'
      ? { ...column, style: (text: string, row: TableInstance) => styleStatus(row.status, text, styles) }
      : column,
  );
  return formatTable(instances, columns, styles);
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export interface SummaryInput {
  instances: readonly TableInstance[];
  /** The accounts that were asked (after the provider and account filters). */
  accounts: readonly AccountIdentity[];
  /** Labels of the accounts that failed. */
  failedAccounts: readonly AccountIdentity[];
}

/**
 * The closing lines: how many instances from how many accounts, per provider (per account when a
 * provider has several), per status, and which accounts failed.
 */
export function formatSummary(
  { instances, accounts, failedAccounts }: SummaryInput,
  styles: Styles,
): string[] {
  const failed = new Set(failedAccounts.map((account) => account.label));
  const perAccount = new Map<string, number>();
  for (const instance of instances)
    perAccount.set(instance.account, (perAccount.get(instance.account) ?? 0) + 1);

  const providers = [
    ...CLI_PROVIDER_KEYS.filter((provider) => accounts.some((account) => account.provider === provider)),
    ...new Set(
      accounts
        .map((account) => account.provider)
        .filter((provider) => !CLI_PROVIDER_KEYS.includes(provider as never)),
    ),
  ];
  const providerParts = providers.map((provider) => {
    const own = accounts.filter((account) => account.provider === provider);
    const answered = own.filter((account) => !failed.has(account.label));
    if (answered.length === 0) return `${provider} ${styles.red('failed')}`;
    const count = answered.reduce((sum, account) => sum + (perAccount.get(account.label) ?? 0), 0);
    if (own.length === 1) return `${provider} ${count}`;
    const breakdown = own.map((account) =>
      failed.has(account.label)
        ? `${account.label} ${styles.red('failed')}`
        : `${account.label} ${perAccount.get(account.label) ?? 0}`,
    );
    return `${provider} ${count} (${breakdown.join(', ')})`;
  });

  const answeredCount = accounts.length - failed.size;
  const from =
    failed.size === 0
      ? plural(accounts.length, 'account')
      : `${answeredCount} of ${plural(accounts.length, 'account')}`;
  const lines = [
    `${plural(instances.length, 'instance')} from ${from}${providerParts.length > 0 ? `: ${providerParts.join(', ')}` : ''}`,
  ];
  if (instances.length > 0) {
    const perStatus = INSTANCE_STATUSES.map((status) => ({
      status,
      count: instances.filter((instance) => instance.status === status).length,
    })).filter((entry) => entry.count > 0);
    lines.push(
      `by status: ${perStatus.map((entry) => `${styleStatus(entry.status, entry.status, styles)} ${entry.count}`).join(', ')}`,
    );
  }
  if (failedAccounts.length > 0) {
    const names = failedAccounts.map((account) => `${account.label} (${account.provider})`).join(', ');
    lines.push(
      styles.red(`${failedAccounts.length} of ${plural(accounts.length, 'account')} failed: ${names}`),
    );
  }
  return lines;
}
