import {
  AbortError,
  type ClientOptions,
  type Instance,
  type InstanceStatus,
  type ListPageRequest,
  type ProviderAdapter,
  type ProviderDefinition,
  ResponseFormatError,
  readPageSizeOption,
} from '@switchboard/runtime';

/** The raw item of the in-memory provider. `apiKey` is its secret field. */
export interface FakeItem {
  id: string;
  name: string | null;
  state: string;
  phone: string | null;
  apiKey: string | null;
}

export interface FakeClient {
  readonly options: ClientOptions;
}

export interface FakeCall {
  provider: string;
  token: string;
  request: ListPageRequest<FakeAccountSettings>;
}

export interface FakeAccountSettings {
  readonly pageSize: number;
}

/** Settles when the test says so; lets a test hold requests in flight and count them. */
export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function createDeferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/**
 * The state behind one or more fake adapters: items by token, a log of calls, and the most calls
 * that were ever in flight together.
 */
export class FakeBackend {
  readonly itemsByToken = new Map<string, FakeItem[]>();
  readonly calls: FakeCall[] = [];
  readonly failures = new Map<string, { error: () => unknown; page?: number }>();
  inFlight = 0;
  maxInFlight = 0;
  /** When set, every call waits on a deferred the test resolves through `release`. */
  holding = false;
  readonly held: Deferred[] = [];

  setItems(token: string, items: FakeItem[]): void {
    this.itemsByToken.set(token, items);
  }

  /** Makes calls with this token fail, all of them or one page. */
  failWith(token: string, error: () => unknown, page?: number): void {
    this.failures.set(token, page === undefined ? { error } : { error, page });
  }

  /** Lets the oldest held call answer. */
  releaseOne(): void {
    this.held.shift()?.resolve();
  }

  releaseAll(): void {
    for (const deferred of this.held.splice(0)) deferred.resolve();
  }

  callsFor(token: string): FakeCall[] {
    return this.calls.filter((call) => call.token === token);
  }
}

/** Waits until pending promise callbacks and a macrotask have run. */
export function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const STATUS_BY_STATE: Record<string, InstanceStatus> = { on: 'connected', off: 'disconnected' };

export interface FakeAdapterSettings {
  /** Pages the listing by `pageSize`; otherwise every item comes on page 1. */
  paged?: boolean;
}

const FAKE_LIST_OPERATION = {
  method: 'GET',
  path: '/items',
  operationId: 'listItems',
  items: 'items',
  query: {},
  paging: { style: 'none' },
  pushDown: {},
} as const;

/**
 * An in-memory provider. Its name push-down is deliberately looser than the facade's filter
 * (case-insensitive, partial), as some providers' are, so that tests can see the facade re-apply the
 * exact filter.
 */
export function createFakeAdapter<Provider extends string>(
  provider: Provider,
  backend: FakeBackend,
  settings: FakeAdapterSettings = {},
): ProviderAdapter<Provider, FakeItem, FakeClient, FakeAccountSettings> {
  const adapter: ProviderAdapter<Provider, FakeItem, FakeClient, FakeAccountSettings> = {
    specificationVersion: 'v1',
    provider,
    metadata: {
      defaultBaseUrl: `https://${provider}.example.test/api`,
      rateLimit: null,
      secretFields: ['apiKey'],
      displayName: provider,
      selfHosted: false,
      auth: { scheme: 'bearer' },
      listOperation: FAKE_LIST_OPERATION,
      status: null,
      requestHeaders: {},
    },
    createClient: (options) => ({ options }),
    async listPage(client, request) {
      const token = client.options.token;
      backend.calls.push({ provider, token, request });
      backend.inFlight += 1;
      backend.maxInFlight = Math.max(backend.maxInFlight, backend.inFlight);
      try {
        const wait = backend.holding ? createDeferred() : undefined;
        if (wait) backend.held.push(wait);
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(new AbortError('aborted', { provider, account: request.account }));
          if (request.signal?.aborted) return onAbort();
          request.signal?.addEventListener('abort', onAbort, { once: true });
          (wait?.promise ?? settleMicrotasks()).then(() => {
            request.signal?.removeEventListener('abort', onAbort);
            resolve();
          });
        });
        const failure = backend.failures.get(token);
        if (failure && (failure.page === undefined || failure.page === request.page.number))
          throw failure.error();
        let items = backend.itemsByToken.get(token) ?? [];
        const names = request.filter.names;
        if (names) {
          const lowerNames = names.map((name) => name.toLowerCase());
          items = items.filter((item) => lowerNames.some((name) => item.name?.toLowerCase().includes(name)));
        }
        const normalize = (list: FakeItem[]) => list.map((item) => adapter.normalize(item, request.account));
        if (!settings.paged) return { instances: normalize(items), next: null };
        const { pageSize } = request.settings;
        const pageNumber = request.page.number;
        const start = (pageNumber - 1) * pageSize;
        const pageCount = Math.ceil(items.length / pageSize);
        return {
          instances: normalize(items.slice(start, start + pageSize)),
          next: pageNumber < pageCount ? { number: pageNumber + 1 } : null,
          pageCount,
        };
      } finally {
        backend.inFlight -= 1;
      }
    },
    normalize(raw, account): Instance<Provider, FakeItem> {
      if (typeof raw.id !== 'string')
        throw new ResponseFormatError('id must be a string', { provider, account });
      return {
        provider,
        account,
        id: raw.id,
        name: raw.name || null,
        status: STATUS_BY_STATE[raw.state] ?? 'unknown',
        providerStatus: raw.state,
        phone: raw.phone,
        profile: { name: null, pictureUrl: null, isBusiness: null },
        createdAt: null,
        updatedAt: null,
        expiresAt: null,
        raw,
      };
    },
  };
  return adapter;
}

/** A definition around a fake adapter, as `createSwitchboardFromDefinitions` takes it. */
export function fakeProvider<Provider extends string>(
  adapter: ProviderAdapter<Provider, FakeItem, FakeClient, FakeAccountSettings>,
): ProviderDefinition<Provider, FakeItem, FakeClient, FakeAccountSettings, { pageSize?: number }> {
  return {
    specificationVersion: 'v1',
    key: adapter.provider,
    displayName: adapter.provider,
    metadata: adapter.metadata,
    adapter,
    accountOptions: {
      keys: ['pageSize'],
      resolve: (options, field) => ({
        pageSize: readPageSizeOption(options.pageSize, field, { default: 100 }),
      }),
    },
    environment: {
      token: `${adapter.provider.toUpperCase()}_TOKEN`,
      baseUrl: `${adapter.provider.toUpperCase()}_BASE_URL`,
    },
    loadSimulator: () => Promise.reject(new Error('the fake provider has no simulator')),
  };
}

/** Definitions around a record of fake adapters, keyed alike. */
export function fakeProviders<
  Adapters extends Record<string, ProviderAdapter<string, FakeItem, FakeClient, FakeAccountSettings>>,
>(
  adapters: Adapters,
): { [Key in keyof Adapters]: ReturnType<typeof fakeProvider<Adapters[Key]['provider']>> } {
  return Object.fromEntries(
    Object.entries(adapters).map(([key, adapter]) => [key, fakeProvider(adapter)]),
  ) as never;
}

export function fakeItem(id: string, overrides: Partial<FakeItem> = {}): FakeItem {
  return { id, name: `instance ${id}`, state: 'on', phone: null, apiKey: `key-${id}`, ...overrides };
}

export function fakeItems(count: number, prefix = 'item'): FakeItem[] {
  return Array.from({ length: count }, (_unused, index) => fakeItem(`${prefix}-${index + 1}`));
}
