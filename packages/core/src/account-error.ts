import {
  AbortError,
  ConnectionError,
  createRedactor,
  ProviderError,
  redactError,
  redactText,
  SwitchboardError,
  TimeoutError,
} from '@switchboard/runtime';

export interface AccountContext {
  provider: string;
  account: string;
  token: string;
  /**
   * Whether the account's client was made on the runtime's client setup (`bindClientSetup`), so the
   * errors it gives were redacted where they were built. A client made by hand (a provider defined
   * outside Switchboard on a bare openapi-fetch) gives errors no helper has redacted: those are
   * redacted here, as a safety net.
   */
  redactedAtSource: boolean;
}

/** Takes the token out of what an error shows: its message, stack, provider message and request id. */
function redactInPlace(error: SwitchboardError, token: string): void {
  const writable = error as {
    message: string;
    stack?: string;
    providerMessage: string | undefined;
    requestId: string | undefined;
  };
  const redact = createRedactor([token]);
  writable.message = redact(writable.message);
  if (typeof writable.stack === 'string') writable.stack = redact(writable.stack);
  if (typeof writable.providerMessage === 'string')
    writable.providerMessage = redact(writable.providerMessage);
  if (typeof writable.requestId === 'string') writable.requestId = redact(writable.requestId);
}

function isDomException(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/**
 * Makes any failure of an account a `SwitchboardError` that names the provider and the account.
 * Adapters already throw typed errors; this covers what slips past them (a bare fetch `TypeError`,
 * a `DOMException`) and fills in the account where an error left it out.
 *
 * A `SwitchboardError` from a client on the runtime's setup is not rewritten: it was redacted where
 * it was built. The runtime's helpers that build errors from what a provider said (`fetchListPage`,
 * `readProviderResponse` and `createErrorFromResponse` given the client's secrets, the transport)
 * redact the token there. Rewriting those here would hide a helper that forgot to redact from the
 * tests that look for one. Only a client made by hand, whose errors no helper could redact
 * (`redactedAtSource` false), has its errors' text redacted here. The wrapper of a foreign error is
 * built here, so its message is redacted here.
 */
export function toAccountError(error: unknown, context: AccountContext): SwitchboardError {
  if (SwitchboardError.isInstance(error)) {
    const writable = error as { provider: string | undefined; account: string | undefined };
    if (writable.provider === undefined) writable.provider = context.provider;
    if (writable.account === undefined) writable.account = context.account;
    if (!context.redactedAtSource) redactInPlace(error, context.token);
    return error;
  }
  // A copy, redacted: the original may quote the token, and a cause is printed with its error.
  const options = {
    provider: context.provider,
    account: context.account,
    cause: redactError(error, [context.token]),
  };
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
