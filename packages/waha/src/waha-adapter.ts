import {
  clientSecrets,
  emptyToNull,
  expectRecord,
  fetchListPage,
  type Instance,
  type ListPageRequest,
  type ListPageResult,
  mapStatus,
  NotFoundError,
  type ProviderAdapter,
  type PushDownFilter,
  readOptionalRecord,
  readOptionalString,
  readProviderResponse,
  readString,
  toE164,
} from '@switchboard/runtime';
import { metadata } from './generated/waha-metadata.gen.js';
import { createWahaClient, type WahaClient, type WahaSession } from './waha-client.js';

const PROVIDER = 'waha';

/** The names WAHA lets a session have (its `SessionName` validation), so the only ones a look-up can find. */
const SESSION_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * The session to look up by itself (`GET /api/sessions/{session}`), when the filter asks for exactly
 * one id or one name: WAHA's list takes no filter, but the session name is both the id and the name,
 * so one look-up answers it. Undefined when a whole listing is needed: several values, or a value no
 * session can be named (it would not find one, and some servers answer such a path with 400).
 */
export function wahaSessionLookupFor(filter: PushDownFilter): string | undefined {
  for (const values of [filter.ids, filter.names]) {
    if (values === undefined || values.length === 0) continue;
    const unique = new Set(values);
    if (unique.size !== 1) continue;
    const [name] = unique;
    if (name !== undefined && SESSION_NAME.test(name)) return name;
  }
  return undefined;
}

/** The common model of one session; `path` names it in errors (`[3]`, `body`). */
function toInstance(raw: unknown, account: string, path: string): Instance<'waha', WahaSession> {
  const context = { provider: PROVIDER, account };
  const item = expectRecord(raw, context, path);
  const name = readString(item, 'name', context, path);
  // A STOPPED session, or one not logged in yet, has `me: null`.
  const me = readOptionalRecord(item, 'me', context, path);
  const providerStatus = emptyToNull(readOptionalString(item, 'status', context, path));
  return {
    provider: PROVIDER,
    account,
    id: name,
    name: emptyToNull(name),
    status: mapStatus(metadata.status, providerStatus),
    providerStatus,
    phone: me ? toE164(readOptionalString(me, 'id', context, `${path}.me`)) : null,
    profile: {
      name: me ? emptyToNull(readOptionalString(me, 'pushName', context, `${path}.me`)) : null,
      pictureUrl: null,
      isBusiness: null,
    },
    createdAt: null,
    updatedAt: null,
    expiresAt: null,
    raw: raw as WahaSession,
  };
}

const reader = { provider: PROVIDER, metadata, toInstance } as const;

/**
 * Nest answers a path no controller serves with 404 `Cannot GET <path>`: a server that predates the
 * single-session endpoint, not a missing session.
 */
function isMissingRoute(error: NotFoundError): boolean {
  return /^Cannot GET /.test(error.providerMessage ?? '');
}

async function lookUpSession(
  client: WahaClient,
  request: ListPageRequest,
  session: string,
): Promise<ListPageResult<'waha', WahaSession> | undefined> {
  const context = { provider: PROVIDER, account: request.account };
  try {
    const { data } = await readProviderResponse(
      client.GET('/api/sessions/{session}', {
        params: { path: { session } },
        signal: request.signal,
        fetch: request.fetch,
      }),
      // Redacted as it is built, as fetchListPage does: a 401 may echo the key.
      { ...context, secrets: clientSecrets(client), signal: request.signal },
    );
    return { instances: [toInstance(data, request.account, 'body')], next: null };
  } catch (error) {
    if (NotFoundError.isInstance(error)) {
      // An unknown session matches nothing: in the common filter language that is no items.
      if (!isMissingRoute(error)) return { instances: [], next: null };
      return undefined;
    }
    throw error;
  }
}

export const wahaAdapter: ProviderAdapter<'waha', WahaSession, WahaClient> = {
  specificationVersion: 'v1',
  provider: PROVIDER,
  metadata,
  createClient: createWahaClient,
  // The client is on the runtime's transport, which takes a concurrency slot per attempt.
  takesConcurrencySlots: true,

  async listPage(client, request) {
    const session = wahaSessionLookupFor(request.filter);
    if (session !== undefined) {
      const found = await lookUpSession(client, request, session);
      if (found !== undefined) return found;
    }
    // The spec's list: `GET /api/sessions?all=true`, so that STOPPED sessions are listed too.
    return fetchListPage(client, request, reader);
  },

  normalize(raw, account) {
    return toInstance(raw, account, 'item');
  },
};
