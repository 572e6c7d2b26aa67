import {
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  ProviderError,
  RateLimitError,
  ResponseFormatError,
  SwitchboardError,
} from './errors.js';

export interface ProviderCallContext {
  provider: string;
  account?: string;
  /** Values to keep out of every message. */
  secrets?: readonly string[];
}

/** Maps an HTTP error response to the typed error for its status. (Placeholder until it lands.) */
export function createErrorFromResponse(
  context: ProviderCallContext & { response: Response; body: unknown },
): SwitchboardError {
  const { response, provider, account } = context;
  const status = response.status;
  const options = { provider, ...(account === undefined ? {} : { account }), status, response };
  const message = `${provider} answered HTTP ${status}`;
  if (status === 401) return new AuthenticationError(message, options);
  if (status === 403) return new PermissionDeniedError(message, options);
  if (status === 404) return new NotFoundError(message, options);
  if (status === 429) return new RateLimitError(message, options);
  return new ProviderError(message, options);
}

export interface OpenApiFetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws the typed error: HTTP errors by
 * status, a success body that is not JSON as `ResponseFormatError`.
 */
export async function readProviderResponse<Data>(
  call: Promise<OpenApiFetchResult<Data>>,
  context: ProviderCallContext,
): Promise<{ data: Data; response: Response }> {
  let result: OpenApiFetchResult<Data>;
  try {
    result = await call;
  } catch (error) {
    if (SwitchboardError.isInstance(error)) throw error;
    if (error instanceof SyntaxError) {
      throw new ResponseFormatError(`${context.provider} answered with a body that is not JSON`, {
        provider: context.provider,
        ...(context.account === undefined ? {} : { account: context.account }),
      });
    }
    throw error;
  }
  if (!result.response.ok) {
    throw createErrorFromResponse({ ...context, response: result.response, body: result.error });
  }
  return { data: result.data as Data, response: result.response };
}
