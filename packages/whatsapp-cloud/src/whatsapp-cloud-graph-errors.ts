import type { ErrorClassification } from '@switchboard/runtime';

/**
 * Graph's throttling error codes: application (4), user (17), page (32), custom (613), WhatsApp
 * Business Account (80007) and Cloud API throughput (130429). Graph often sends them with HTTP 400,
 * so the code, not the status, says the request was throttled.
 */
export const GRAPH_THROTTLING_CODES: ReadonlySet<number> = new Set([4, 17, 32, 613, 80007, 130429]);

/** Graph's code for an access token that is invalid or expired. */
export const GRAPH_INVALID_TOKEN_CODE = 190;

/** The header whose JSON announces, per business, how long throttled calls must wait. */
export const BUSINESS_USE_CASE_USAGE_HEADER = 'x-business-use-case-usage';

/** The header Graph repeats the body's `fbtrace_id` in. */
export const TRACE_ID_HEADER = 'x-fb-trace-id';

export interface GraphErrorFields {
  code: number | undefined;
  traceId: string | undefined;
}

/** The fields of a Graph error body (`{ error: { code, fbtrace_id, … } }`) Switchboard acts on. */
export function readGraphErrorFields(body: unknown): GraphErrorFields | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = Object.hasOwn(body, 'error') ? (body as { error: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) return undefined;
  const { code, fbtrace_id: traceId } = error as { code?: unknown; fbtrace_id?: unknown };
  return {
    code: typeof code === 'number' && Number.isInteger(code) ? code : undefined,
    traceId: typeof traceId === 'string' && traceId.trim() !== '' ? traceId.trim() : undefined,
  };
}

/**
 * The wait `X-Business-Use-Case-Usage` announces, in milliseconds: the longest
 * `estimated_time_to_regain_access` (minutes) of any business and use case in its JSON
 * (`{"<business id>":[{"type":"whatsapp",…,"estimated_time_to_regain_access":2}]}`). Undefined when
 * the header is absent, not that JSON, or announces no wait (0 minutes: Graph then gives no estimate,
 * so the transport's own backoff applies).
 */
export function readBusinessUseCaseWaitMs(headers: Headers): number | undefined {
  const text = headers.get(BUSINESS_USE_CASE_USAGE_HEADER);
  if (text === null || text.trim() === '') return undefined;
  let usage: unknown;
  try {
    usage = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof usage !== 'object' || usage === null || Array.isArray(usage)) return undefined;
  let longestMinutes = 0;
  for (const records of Object.values(usage)) {
    if (!Array.isArray(records)) continue;
    for (const record of records) {
      const minutes = (record as { estimated_time_to_regain_access?: unknown } | null)
        ?.estimated_time_to_regain_access;
      if (typeof minutes === 'number' && Number.isFinite(minutes) && minutes > longestMinutes) {
        longestMinutes = minutes;
      }
    }
  }
  return longestMinutes > 0 ? Math.ceil(longestMinutes * 60_000) : undefined;
}

/**
 * What a Graph error answer means beyond its status (the runtime's `classifyError` hook): a throttling
 * code is a rate limit with the wait the usage header announces, code 190 an authentication failure;
 * the request id is the body's `fbtrace_id`, else the `x-fb-trace-id` header.
 */
export function classifyGraphError(response: Response, body: unknown): ErrorClassification | undefined {
  const fields = readGraphErrorFields(body);
  const requestId = fields?.traceId ?? response.headers.get(TRACE_ID_HEADER)?.trim() ?? undefined;
  const classification: ErrorClassification = requestId ? { requestId } : {};
  if (fields?.code !== undefined && GRAPH_THROTTLING_CODES.has(fields.code)) {
    classification.kind = 'rate_limited';
    const waitMs = readBusinessUseCaseWaitMs(response.headers);
    if (waitMs !== undefined) classification.retryAfterMs = waitMs;
  } else if (fields?.code === GRAPH_INVALID_TOKEN_CODE) {
    classification.kind = 'authentication';
  }
  return Object.keys(classification).length === 0 ? undefined : classification;
}
