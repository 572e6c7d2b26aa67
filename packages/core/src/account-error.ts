import {
  AbortError,
  ConnectionError,
  createRedactor,
  ProviderError,
  redactText,
  SwitchboardError,
  TimeoutError,
} from '@switchboard/runtime';

export interface AccountContext {
  provider: string;
  account: string;
  token: string;
}

function isDomException(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/**
 * Makes any failure of an account a `SwitchboardError` that names the provider and the account.
 * Adapters already throw typed errors; this covers what slips past them (a bare fetch `TypeError`,
 * a `DOMException`) and fills in the account where an error left it out. Messages are redacted of
 * the token in case a wrapped error quoted it.
 */
export function toAccountError(error: unknown, context: AccountContext): SwitchboardError {
  if (SwitchboardError.isInstance(error)) {
    const writable = error as {
      provider: string | undefined;
      account: string | undefined;
      message: string;
      stack?: string;
      providerMessage: string | undefined;
      requestId: string | undefined;
    };
    if (writable.provider === undefined) writable.provider = context.provider;
    if (writable.account === undefined) writable.account = context.account;
    // Adapters build HTTP errors without the account's token, so an error body that echoes it
    // ("Invalid token abc…") would otherwise reach the message, the stack and `toJSON`.
    const redact = createRedactor([context.token]);
    writable.message = redact(writable.message);
    if (typeof writable.stack === 'string') writable.stack = redact(writable.stack);
    if (typeof writable.providerMessage === 'string')
      writable.providerMessage = redact(writable.providerMessage);
    if (typeof writable.requestId === 'string') writable.requestId = redact(writable.requestId);
    return error;
  }
  const options = { provider: context.provider, account: context.account, cause: error };
  const where = `${context.provider} account ${JSON.stringify(context.account)}`;
  const detail =
    error instanceof Error && error.message ? `: ${redactText(error.message, [context.token])}` : '';
  if (isDomException(error, 'AbortError'))
    return new AbortError(`The request to ${where} was aborted`, options);
  if (isDomException(error, 'TimeoutError'))
    return new TimeoutError(`The request to ${where} timed out`, options);
  // fetch rejects with a TypeError when the network fails.
  if (error instanceof TypeError) return new ConnectionError(`Could not reach ${where}${detail}`, options);
  return new ProviderError(`Listing ${where} failed${detail}`, options);
}
