import { AbortError, type Instance, type InstanceStatus } from '@switchboard/runtime';
import type { AccountIdentity } from '../instance-filter.js';
import { compileInstanceFilter, type InstanceFilter } from '../instance-filter.js';
import type { WatchPlan, WatchSource } from '../watch.js';

export type FakeProvider = 'alpha' | 'beta';
export type FakeInstance = Instance<FakeProvider, { note: string }>;

/** An instance of a fake account, with plausible defaults. */
export function fakeInstance(
  account: string,
  id: string,
  overrides: Partial<Omit<FakeInstance, 'account' | 'id'>> = {},
): FakeInstance {
  return {
    provider: 'alpha',
    account,
    id,
    name: `instance ${id}`,
    status: 'connected',
    providerStatus: 'open',
    phone: '+5511999990000',
    profile: { name: null, pictureUrl: null, isBusiness: null },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: null,
    expiresAt: null,
    raw: { note: 'original' },
    ...overrides,
  };
}

export interface PollRecord {
  account: string;
  at: number;
  signal: AbortSignal;
}

type Answer = readonly FakeInstance[] | { error: unknown };

/**
 * Accounts whose listings a test sets between polls. Every poll is recorded with the time it was
 * sent; `hold()` keeps the next polls in flight until `release()` (or their signal aborts).
 */
export class FakeWatchBackend {
  readonly accounts: AccountIdentity<FakeProvider>[];
  readonly polls: PollRecord[] = [];
  readonly plannedFilters: unknown[] = [];
  readonly #answers = new Map<string, Answer>();
  readonly #queued = new Map<string, Answer[]>();
  #holding = false;
  readonly #held: (() => void)[] = [];

  constructor(accounts: AccountIdentity<FakeProvider>[]) {
    this.accounts = accounts;
    for (const account of accounts) this.#answers.set(account.label, []);
  }

  /** The listing every later poll of the account answers. */
  set(account: string, instances: readonly FakeInstance[]): void {
    this.#answers.set(account, instances);
  }

  /** Every later poll of the account fails with `error`, until `set` is called again. */
  fail(account: string, error: unknown): void {
    this.#answers.set(account, { error });
  }

  /** The next poll of the account answers this, once; later polls go back to the standing answer. */
  once(account: string, answer: Answer): void {
    const queue = this.#queued.get(account) ?? [];
    queue.push(answer);
    this.#queued.set(account, queue);
  }

  current(account: string): readonly FakeInstance[] {
    const answer = this.#answers.get(account);
    return Array.isArray(answer) ? (answer as readonly FakeInstance[]) : [];
  }

  hold(): void {
    this.#holding = true;
  }

  release(): void {
    this.#holding = false;
    for (const resume of this.#held.splice(0)) resume();
  }

  pollsOf(account: string): PollRecord[] {
    return this.polls.filter((poll) => poll.account === account);
  }

  source(
    options: { clock?: WatchSource<FakeInstance>['clock']; random?: () => number } = {},
  ): WatchSource<FakeInstance, FakeProvider, InstanceFilter<FakeProvider>> {
    const providers: FakeProvider[] = ['alpha', 'beta'];
    return {
      ...options,
      plan: (input): WatchPlan<FakeInstance, FakeProvider> => {
        this.plannedFilters.push(input);
        const filter = compileInstanceFilter(input, providers);
        return {
          accounts: filter.matchesNothing
            ? []
            : this.accounts.filter((account) => filter.selectsAccount(account)),
          matches: (instance) => filter.matches(instance),
          pollAccount: (account, signal) => this.#poll(account, signal),
        };
      },
    };
  }

  async #poll(account: AccountIdentity<FakeProvider>, signal: AbortSignal): Promise<readonly FakeInstance[]> {
    this.polls.push({ account: account.label, at: Date.now(), signal });
    if (this.#holding) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(new AbortError('The poll was aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
        this.#held.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
    const answer = this.#queued.get(account.label)?.shift() ?? this.#answers.get(account.label) ?? [];
    await Promise.resolve();
    if (!Array.isArray(answer)) throw (answer as { error: unknown }).error;
    // A fresh copy each poll, as a real listing is rebuilt from JSON.
    return (answer as readonly FakeInstance[]).map((instance) => structuredClone(instance));
  }
}

export const statusOf = (status: InstanceStatus) => ({ status });
