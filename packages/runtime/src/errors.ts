/**
 * Every error Switchboard throws. Each class carries a `Symbol.for` marker so that `isInstance`
 * still answers correctly when an application ends up with two copies of this package (where
 * `instanceof` fails). Nothing here stores a credential: messages are built from provider, account,
 * status and the provider's own message, and the raw `Response` is kept non-enumerable so that
 * `JSON.stringify` and `util.inspect` do not walk into it.
 */

const ERROR_MARKER = Symbol.for('switchboard.error');

export type SwitchboardErrorCode =
  | 'validation'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'rate_limited'
  | 'provider_error'
  | 'connection'
  | 'timeout'
  | 'aborted'
  | 'response_format'
  | 'fan_out';

export interface SwitchboardErrorOptions {
  provider?: string;
  account?: string;
  status?: number;
  requestId?: string;
  /** The provider's own error text, as its body gave it. */
  providerMessage?: string;
  /** The final HTTP response, for debugging; never serialized. */
  response?: Response;
  cause?: unknown;
}

type ErrorClassWithCode<T> = { readonly prototype: T; readonly code?: SwitchboardErrorCode };

export class SwitchboardError extends Error {
  /** Set on subclasses; `SwitchboardError.isInstance` matches every code. */
  static readonly code?: SwitchboardErrorCode;

  readonly code: SwitchboardErrorCode;
  readonly provider: string | undefined;
  readonly account: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly providerMessage: string | undefined;
  declare readonly response: Response | undefined;

  constructor(code: SwitchboardErrorCode, message: string, options: SwitchboardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchboardError';
    this.code = code;
    this.provider = options.provider;
    this.account = options.account;
    this.status = options.status;
    this.requestId = options.requestId;
    this.providerMessage = options.providerMessage;
    Object.defineProperty(this, ERROR_MARKER, { value: true, enumerable: false });
    Object.defineProperty(this, 'response', {
      value: options.response,
      enumerable: false,
      writable: false,
      configurable: true,
    });
  }

  /** Whether the same request may succeed if sent again. */
  get retryable(): boolean {
    return false;
  }

  /**
   * True for any Switchboard error (on `SwitchboardError`) or for one of this class's code (on a
   * subclass), across copies of the package.
   */
  static isInstance<T>(this: ErrorClassWithCode<T>, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as { [ERROR_MARKER]?: unknown })[ERROR_MARKER] !== true) return false;
    return this.code === undefined || (value as { code?: unknown }).code === this.code;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      account: this.account,
      status: this.status,
      requestId: this.requestId,
      providerMessage: this.providerMessage,
      retryable: this.retryable,
    };
  }
}

export class ValidationError extends SwitchboardError {
  static override readonly code = 'validation';
  /** The option or filter field at fault, as a path such as `accounts[1].token`. */
  readonly field: string | undefined;
  constructor(message: string, options: SwitchboardErrorOptions & { field?: string } = {}) {
    super('validation', message, options);
    this.name = 'ValidationError';
    this.field = options.field;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

export class AuthenticationError extends SwitchboardError {
  static override readonly code = 'authentication';
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super('authentication', message, options);
    this.name = 'AuthenticationError';
  }
}

export class PermissionDeniedError extends SwitchboardError {
  static override readonly code = 'permission_denied';
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super('permission_denied', message, options);
    this.name = 'PermissionDeniedError';
  }
}

export class NotFoundError extends SwitchboardError {
  static override readonly code = 'not_found';
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super('not_found', message, options);
    this.name = 'NotFoundError';
  }
}

export class RateLimitError extends SwitchboardError {
  static override readonly code = 'rate_limited';
  /** How long the provider asked to wait, when it said (`Retry-After`, `retry-after-ms`). */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: SwitchboardErrorOptions & { retryAfterMs?: number } = {}) {
    super('rate_limited', message, options);
    this.name = 'RateLimitError';
    this.retryAfterMs = options.retryAfterMs;
  }
  override get retryable(): boolean {
    return true;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

export class ProviderError extends SwitchboardError {
  static override readonly code = 'provider_error';
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super('provider_error', message, options);
    this.name = 'ProviderError';
  }
  override get retryable(): boolean {
    const status = this.status;
    return status === 408 || status === 409 || (status !== undefined && status >= 500);
  }
}

export class ConnectionError extends SwitchboardError {
  static override readonly code = 'connection';
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super('connection', message, options);
    this.name = 'ConnectionError';
  }
  override get retryable(): boolean {
    return true;
  }
}

export class TimeoutError extends SwitchboardError {
  static override readonly code = 'timeout';
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: SwitchboardErrorOptions & { timeoutMs?: number } = {}) {
    super('timeout', message, options);
    this.name = 'TimeoutError';
    this.timeoutMs = options.timeoutMs;
  }
  override get retryable(): boolean {
    return true;
  }
}

export class AbortError extends SwitchboardError {
  static override readonly code = 'aborted';
  constructor(message = 'The operation was aborted', options: SwitchboardErrorOptions = {}) {
    super('aborted', message, options);
    this.name = 'AbortError';
  }
}

export class ResponseFormatError extends SwitchboardError {
  static override readonly code = 'response_format';
  /** Where in the body the documented shape was broken, such as `instances[3].id`. */
  readonly field: string | undefined;
  constructor(message: string, options: SwitchboardErrorOptions & { field?: string } = {}) {
    super('response_format', message, options);
    this.name = 'ResponseFormatError';
    this.field = options.field;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field };
  }
}

/** Several accounts failed in one `listInstances` call. */
export class FanOutError<Item = unknown> extends SwitchboardError {
  static override readonly code = 'fan_out';
  readonly errors: readonly SwitchboardError[];
  /** What the accounts that did answer returned. */
  readonly instances: readonly Item[];
  constructor(
    message: string,
    options: SwitchboardErrorOptions & { errors: readonly SwitchboardError[]; instances: readonly Item[] },
  ) {
    super('fan_out', message, options);
    this.name = 'FanOutError';
    this.errors = options.errors;
    this.instances = options.instances;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors.map((error) => error.toJSON()) };
  }
}
