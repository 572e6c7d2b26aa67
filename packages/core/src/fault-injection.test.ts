/**
 * One provider's account misbehaves inside a fan-out over every provider of the registry: each
 * documented failure must surface as its documented error, on the right account, after the documented
 * number of attempts, while every other account's listing arrives whole. Runs over the simulators'
 * in-process fetch, with real timers bounded far below the test timeout (one backoff is 0.5 s at most,
 * a timeout 100 ms). The CPU-heavy cases (huge bodies) run on their own, after the concurrent ones: run
 * beside them they held the event loop for seconds, and on a loaded machine the real waits of the
 * cases beside them (the last provider's timeouts and backoffs) passed the test timeout.
 */
import { createSimulators, type SimulatorFault, type Simulators } from '@switchboard/testing';
import { describe, expect, it } from 'vitest';
import { accountOf } from './__fixtures__/simulated-accounts.js';
import {
  AuthenticationError,
  builtInProvidersByKey,
  ConnectionError,
  createSwitchboard,
  FanOutError,
  type Instance,
  PROVIDER_KEYS,
  ProviderError,
  type ProviderKey,
  RateLimitError,
  ResponseFormatError,
  type Switchboard,
  type SwitchboardError,
  TimeoutError,
} from './index.js';

type ErrorClass = abstract new (...args: never[]) => SwitchboardError;

interface ExpectedSuccess {
  outcome: 'success';
  /** Requests the faulty account's simulator receives. */
  attempts: number;
}

interface ExpectedFailure {
  outcome: 'failure';
  errorClass: ErrorClass;
  code: string;
  attempts: number;
  retryable: boolean;
  status?: number;
  /** Further checks on the error. */
  check?: (error: SwitchboardError) => void;
}

interface FaultCase {
  description: string;
  provider: ProviderKey;
  faults: readonly SimulatorFault[];
  maxRetries?: number;
  timeoutMs?: number;
  /** Instances per provider, when a case needs other than the defaults. */
  counts?: Partial<Record<ProviderKey, number>>;
  /** Sets the simulator up in ways a fault cannot (a restricted key). */
  prepare?: (simulators: Simulators) => void;
  expected: ExpectedSuccess | ExpectedFailure;
}

const DEFAULT_MAX_RETRIES = 1;
const DEFAULT_TIMEOUT_MS = 5_000;
const FOREVER = Number.POSITIVE_INFINITY;

/** Each fault, on each provider it applies to. */
function faultCases(): FaultCase[] {
  const cases: FaultCase[] = [];
  for (const provider of PROVIDER_KEYS) {
    cases.push(
      {
        description: '429 with Retry-After: 0, then success',
        provider,
        faults: [{ type: 'status', status: 429, headers: { 'Retry-After': '0' } }],
        expected: { outcome: 'success', attempts: 2 },
      },
      {
        description: '429 without Retry-After, then success after a backoff',
        provider,
        faults: [{ type: 'status', status: 429 }],
        expected: { outcome: 'success', attempts: 2 },
      },
      {
        description: '429 with Retry-After: 120, past the 60 s cap',
        provider,
        faults: [{ type: 'status', status: 429, headers: { 'Retry-After': '120' }, times: FOREVER }],
        maxRetries: 2,
        expected: {
          outcome: 'failure',
          errorClass: RateLimitError,
          code: 'rate_limited',
          status: 429,
          retryable: true,
          // Fails at once: the caller decides whether to wait two minutes.
          attempts: 1,
          check: (error) => expect((error as RateLimitError).retryAfterMs).toBe(120_000),
        },
      },
      {
        description: '500, then success',
        provider,
        faults: [{ type: 'status', status: 500 }],
        expected: { outcome: 'success', attempts: 2 },
      },
      {
        description: '503 every time',
        provider,
        faults: [{ type: 'status', status: 503, times: FOREVER }],
        expected: {
          outcome: 'failure',
          errorClass: ProviderError,
          code: 'provider_error',
          status: 503,
          retryable: true,
          attempts: 1 + DEFAULT_MAX_RETRIES,
        },
      },
      {
        description: 'a response slower than timeoutMs, every time',
        provider,
        faults: [{ type: 'latency', ms: 30_000, times: FOREVER }],
        timeoutMs: 100,
        expected: {
          outcome: 'failure',
          errorClass: TimeoutError,
          code: 'timeout',
          retryable: true,
          attempts: 1 + DEFAULT_MAX_RETRIES,
        },
      },
      {
        description: 'a dropped connection, every time',
        provider,
        faults: [{ type: 'drop-connection', times: FOREVER }],
        expected: {
          outcome: 'failure',
          errorClass: ConnectionError,
          code: 'connection',
          retryable: true,
          attempts: 1 + DEFAULT_MAX_RETRIES,
        },
      },
      {
        description: 'a dropped connection once, then success',
        provider,
        faults: [{ type: 'drop-connection' }],
        expected: { outcome: 'success', attempts: 2 },
      },
      {
        description: 'malformed JSON',
        provider,
        faults: [{ type: 'malformed-json', times: FOREVER }],
        maxRetries: 2,
        expected: {
          outcome: 'failure',
          errorClass: ResponseFormatError,
          code: 'response_format',
          retryable: false,
          // A body that does not parse will not parse on a second try.
          attempts: 1,
        },
      },
      {
        description: 'a body of the wrong shape',
        provider,
        faults: [{ type: 'wrong-shape', times: FOREVER }],
        maxRetries: 2,
        expected: {
          outcome: 'failure',
          errorClass: ResponseFormatError,
          code: 'response_format',
          retryable: false,
          attempts: 1,
          check: (error) => {
            const field = (error as ResponseFormatError).field;
            expect(field, 'the field at fault').toEqual(expect.any(String));
            expect(field).not.toBe('');
            expect(error.message).toContain(field);
          },
        },
      },
      {
        description: '503 every time, with two retries',
        provider,
        faults: [{ type: 'status', status: 503, times: FOREVER }],
        maxRetries: 2,
        expected: {
          outcome: 'failure',
          errorClass: ProviderError,
          code: 'provider_error',
          status: 503,
          retryable: true,
          attempts: 3,
        },
      },
      {
        description: '429 with retry-after-ms: 5, then success',
        provider,
        faults: [{ type: 'status', status: 429, headers: { 'retry-after-ms': '5' } }],
        expected: { outcome: 'success', attempts: 2 },
      },
      {
        description: '401',
        provider,
        faults: [{ type: 'status', status: 401, times: FOREVER }],
        maxRetries: 2,
        expected: {
          outcome: 'failure',
          errorClass: AuthenticationError,
          code: 'authentication',
          status: 401,
          retryable: false,
          attempts: 1,
        },
      },
    );
  }
  return cases;
}

interface Arranged {
  simulators: Simulators;
  switchboard: Switchboard;
}

function arrange(faultCase: FaultCase): Arranged {
  const simulators = createSimulators({ seed: 5, counts: faultCase.counts ?? {}, rateLimit: false });
  faultCase.prepare?.(simulators);
  for (const fault of faultCase.faults) simulators[faultCase.provider].injectFault(fault);
  const switchboard = createSwitchboard({
    accounts: PROVIDER_KEYS.map((provider) => ({
      ...accountOf(simulators, provider),
      label: `${provider}-account`,
    })),
    fetch: simulators.fetch,
    maxRetries: faultCase.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeoutMs: faultCase.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logLevel: 'off',
  });
  return { simulators, switchboard };
}

function idsOf(instances: readonly Instance[], provider: ProviderKey): string[] {
  return instances.filter((instance) => instance.provider === provider).map((instance) => instance.id);
}

/** The ids the provider's own adapter reads from the simulator's items. */
function simulatedIds(simulators: Simulators, provider: ProviderKey): string[] {
  const { adapter } = builtInProvidersByKey[provider];
  return simulators[provider].instances.map((raw) => adapter.normalize(raw as never, 'any').id);
}

/** Every other account listed in full, after exactly one request each. */
function expectOthersIntact(simulators: Simulators, faulty: ProviderKey, instances: readonly Instance[]) {
  for (const provider of PROVIDER_KEYS) {
    if (provider === faulty) continue;
    const ids = idsOf(instances, provider);
    expect(ids, `${provider}'s instances`).toHaveLength(simulators[provider].instances.length);
    expect(ids).toEqual(simulatedIds(simulators, provider));
    expect(
      instances
        .filter((instance) => instance.provider === provider)
        .every((instance) => instance.account === `${provider}-account`),
    ).toBe(true);
    expect(simulators[provider].requests, `${provider}'s requests`).toHaveLength(1);
  }
}

function expectDocumentedError(error: unknown, faultCase: FaultCase, expected: ExpectedFailure): void {
  expect(error).toBeInstanceOf(expected.errorClass);
  const typed = error as SwitchboardError;
  expect(typed.code).toBe(expected.code);
  expect(typed.provider).toBe(faultCase.provider);
  expect(typed.account).toBe(`${faultCase.provider}-account`);
  expect(typed.retryable).toBe(expected.retryable);
  if (expected.status !== undefined) expect(typed.status).toBe(expected.status);
  expected.check?.(typed);
}

const CASES = faultCases();

// Each case has its own simulators and switchboard, and most of its time is a backoff's wait, so
// the cases run side by side.
describe.concurrent.each(
  CASES.map((faultCase) => [`${faultCase.provider}: ${faultCase.description}`, faultCase] as const),
)('%s', (_name, faultCase) => {
  const { expected } = faultCase;

  it('listInstancesSettled reports it on that account alone', async () => {
    const { simulators, switchboard } = arrange(faultCase);
    const { instances, failures } = await switchboard.listInstancesSettled();
    expect(simulators[faultCase.provider].requests).toHaveLength(expected.attempts);
    expectOthersIntact(simulators, faultCase.provider, instances);
    if (expected.outcome === 'success') {
      expect(failures).toEqual([]);
      const ids = idsOf(instances, faultCase.provider);
      expect(ids).toHaveLength(simulators[faultCase.provider].instances.length);
      expect(ids).toEqual(simulatedIds(simulators, faultCase.provider));
      return;
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      provider: faultCase.provider,
      account: `${faultCase.provider}-account`,
    });
    expectDocumentedError(failures[0]!.error, faultCase, expected);
    expect(idsOf(instances, faultCase.provider)).toEqual([]);
  });

  it('listInstances resolves in full, or rejects with that one error', async () => {
    const { simulators, switchboard } = arrange(faultCase);
    const outcome = await switchboard.listInstances().then(
      (instances) => ({ instances }),
      (error: unknown) => ({ error }),
    );
    expect(simulators[faultCase.provider].requests).toHaveLength(expected.attempts);
    if (expected.outcome === 'success') {
      expect(outcome).toHaveProperty('instances');
      const { instances } = outcome as { instances: Instance[] };
      expectOthersIntact(simulators, faultCase.provider, instances);
      expect(idsOf(instances, faultCase.provider)).toEqual(simulatedIds(simulators, faultCase.provider));
      return;
    }
    expect(outcome).toHaveProperty('error');
    const { error } = outcome as { error: unknown };
    // One account failed: its own error, not a FanOutError around it.
    expect(error).not.toBeInstanceOf(FanOutError);
    expectDocumentedError(error, faultCase, expected);
    for (const provider of PROVIDER_KEYS) {
      if (provider !== faultCase.provider) expect(simulators[provider].requests).toHaveLength(1);
    }
  });
});

describe('huge bodies, one provider at a time', () => {
  // Sequential on purpose: each case is CPU-bound for a second or more (see the file's comment).
  for (const provider of PROVIDER_KEYS) {
    it(`${provider}: 3 000 instances in one account arrive whole`, async () => {
      const { simulators, switchboard } = arrange({
        description: 'huge body',
        provider,
        // Large enough to be several pages or one body of megabytes; bounded so that seven providers
        // in a row stay far below the test timeout beside two CPU hogs.
        counts: { [provider]: 3_000 },
        faults: [],
        expected: { outcome: 'success', attempts: 1 },
      });
      const { instances, failures } = await switchboard.listInstancesSettled();
      expect(failures).toEqual([]);
      expect(idsOf(instances, provider)).toEqual(simulatedIds(simulators, provider));
      expectOthersIntact(simulators, provider, instances);
    });
  }
});

describe('several accounts failing at once', () => {
  const [first, second, third, fourth] = PROVIDER_KEYS as readonly ProviderKey[] as [
    ProviderKey,
    ProviderKey,
    ProviderKey,
    ProviderKey,
  ];

  it('listInstances rejects with FanOutError carrying each error and the instances that arrived', async () => {
    const simulators = createSimulators({ seed: 5, rateLimit: false });
    simulators[first].injectFault({ type: 'status', status: 401, times: FOREVER });
    simulators[second].injectFault({ type: 'malformed-json', times: FOREVER });
    const switchboard = createSwitchboard({
      accounts: PROVIDER_KEYS.map((provider) => accountOf(simulators, provider)),
      fetch: simulators.fetch,
      maxRetries: 1,
      logLevel: 'off',
    });
    const error = await switchboard.listInstances().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FanOutError);
    const fanOut = error as FanOutError<Instance>;
    expect(fanOut.code).toBe('fan_out');
    expect(fanOut.errors.map((failure) => [failure.provider, failure.account, failure.code]).sort()).toEqual(
      [
        [first, first, 'authentication'],
        [second, second, 'response_format'],
      ].sort(),
    );
    expect(fanOut.errors.find((failure) => failure.provider === first)).toBeInstanceOf(AuthenticationError);
    expect(fanOut.errors.find((failure) => failure.provider === second)).toBeInstanceOf(ResponseFormatError);
    const healthy = PROVIDER_KEYS.filter((provider) => provider !== first && provider !== second);
    for (const provider of healthy) {
      expect(idsOf(fanOut.instances, provider)).toEqual(simulatedIds(simulators, provider));
    }
    expect(fanOut.instances).toHaveLength(
      healthy.reduce((sum, provider) => sum + simulators[provider].instances.length, 0),
    );
    expect(simulators[first].requests).toHaveLength(1);
    expect(simulators[second].requests).toHaveLength(1);
  });

  it('listInstancesSettled reports every failing account and keeps the rest', async () => {
    const simulators = createSimulators({ seed: 5, rateLimit: false });
    simulators[first].injectFault({ type: 'status', status: 429, headers: { 'Retry-After': '120' } });
    simulators[second].injectFault({ type: 'wrong-shape', times: FOREVER });
    simulators[third].injectFault({ type: 'drop-connection', times: FOREVER });
    const switchboard = createSwitchboard({
      accounts: PROVIDER_KEYS.map((provider) => accountOf(simulators, provider)),
      fetch: simulators.fetch,
      maxRetries: 0,
      logLevel: 'off',
    });
    const { instances, failures } = await switchboard.listInstancesSettled();
    expect(failures.map((failure) => [failure.provider, failure.error.code]).sort()).toEqual(
      [
        [first, 'rate_limited'],
        [second, 'response_format'],
        [third, 'connection'],
      ].sort(),
    );
    expect(idsOf(instances, fourth)).toEqual(simulatedIds(simulators, fourth));
  });
});

describe('the table itself', () => {
  it('covers every fault kind on every provider', () => {
    const kinds = new Set(CASES.flatMap((faultCase) => faultCase.faults.map((fault) => fault.type)));
    expect([...kinds].sort()).toEqual([
      'drop-connection',
      'latency',
      'malformed-json',
      'status',
      'wrong-shape',
    ]);
    for (const provider of PROVIDER_KEYS) {
      expect(CASES.filter((faultCase) => faultCase.provider === provider).length).toBeGreaterThanOrEqual(11);
    }
  });
});
