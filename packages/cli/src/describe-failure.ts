import { sanitizeCell } from './format-table.js';

/** What the CLI reads of a `SwitchboardError`; structural, so that a copy from another package works. */
export interface FailureError {
  readonly code?: string;
  readonly message?: string;
  readonly status?: number | undefined;
  readonly providerMessage?: string | undefined;
  readonly requestId?: string | undefined;
  readonly retryAfterMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
}

function clip(text: string, length = 200): string {
  const clean = sanitizeCell(text).trim();
  return clean.length > length ? `${clean.slice(0, length)}…` : clean;
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}s`;
}

/** What an account's error means for the person at the terminal, and what to check. */
export function describeErrorMeaning(error: FailureError): string {
  const status = error.status === undefined ? '' : `HTTP ${error.status}`;
  const withStatus = (text: string) => (status === '' ? text : `${text} (${status})`);
  switch (error.code) {
    case 'authentication':
      return withStatus('the token was refused; check it');
    case 'permission_denied':
      return withStatus('the token may not list instances');
    case 'not_found':
      return withStatus('the list endpoint was not found; check the base URL');
    case 'rate_limited':
      return `${withStatus('rate limited by the provider')}${
        error.retryAfterMs === undefined ? '' : `; it asks to wait ${seconds(error.retryAfterMs)}`
      }`;
    case 'provider_error':
      return withStatus('the provider answered with an error');
    case 'connection':
      return 'could not reach the provider; check the base URL and the network';
    case 'timeout':
      return error.timeoutMs === undefined
        ? 'the provider did not answer in time'
        : `the provider did not answer within ${seconds(error.timeoutMs)}`;
    case 'response_format':
      return 'the provider answered in a shape Switchboard does not know';
    case 'aborted':
      return 'cancelled';
    case 'validation':
      return 'the account is misconfigured';
    default:
      return 'failed';
  }
}

/** Codes whose meaning is generic enough that the error's own message adds what went wrong. */
const CODES_WITH_DETAIL = new Set(['connection', 'response_format', 'validation', undefined, 'fan_out']);

/**
 * One line for a failed account: provider, label, the error's meaning, and the provider's own words.
 * Built from the error's fields, never from the request, so that no token can slip in (and the
 * writer masks known tokens as well).
 */
export function describeAccountFailure(
  account: { provider: string; label: string },
  error: FailureError,
): string {
  const parts = [
    `${account.provider} account "${clip(account.label, 80)}" failed: ${describeErrorMeaning(error)}`,
  ];
  if (error.providerMessage) parts.push(`provider said: ${clip(error.providerMessage)}`);
  else if (CODES_WITH_DETAIL.has(error.code) && error.message) {
    // Core's messages open with the account this line already names: `<provider> account "br" answered…`.
    const prefix = `${account.provider} account ${JSON.stringify(account.label)}`;
    const detail = error.message.startsWith(prefix)
      ? error.message.slice(prefix.length).replace(/^[:,]?\s*/, '')
      : error.message;
    if (detail !== '') parts.push(clip(detail));
  }
  if (error.requestId) parts.push(`request id ${clip(error.requestId, 80)}`);
  return parts.join('; ');
}
