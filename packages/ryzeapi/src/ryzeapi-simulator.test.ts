import type { Clock } from '@switchboard/runtime';
import { ValidationError } from '@switchboard/runtime';
import { describe, expect, it } from 'vitest';
import type { RyzeApiInstance } from './index.js';
import {
  createRyzeApiSimulator,
  demoToken,
  RYZEAPI_CONNECTION_STATES,
  type RyzeApiSimulatorOptions,
} from './ryzeapi-simulator.js';

/** A success or an error body: the tests look at whichever fields the answer has. */
interface RyzeApiBody {
  success: boolean;
  message?: string;
  instances: RyzeApiInstance[];
  meta: { total: number };
  error?: { message: string };
}

const LIST = 'https://ryzeapi.cloud/api/instance/list';
const ACCOUNT = demoToken;

/** A clock the test moves by hand; rate-limit windows then need no real waiting. */
function manualClock(start = Date.UTC(2026, 0, 1, 12)) {
  let now = start;
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  return { clock, advance: (ms: number) => (now += ms), now: () => now };
}

function simulatorWithNames(names: string[], options: RyzeApiSimulatorOptions = {}) {
  const simulator = createRyzeApiSimulator({ count: names.length, rateLimit: false, ...options });
  simulator.instances.forEach((instance, index) => {
    instance.name = names[index]!;
  });
  return simulator;
}

async function list(
  simulator: ReturnType<typeof createRyzeApiSimulator>,
  query = '',
  token: string | null = ACCOUNT,
) {
  const response = await simulator.fetch(`${LIST}${query}`, {
    headers: token === null ? {} : { token },
  });
  return { response, status: response.status, body: (await response.json()) as RyzeApiBody };
}

const names = (body: RyzeApiBody) => (body.instances as { name: string }[]).map((item) => item.name);

describe('RyzeAPI simulator: GET /instance/list', () => {
  it('shows the account token every instance, with message and meta.total', async () => {
    const simulator = createRyzeApiSimulator({ count: 5, rateLimit: false });
    const { status, body } = await list(simulator);
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.message).toBe('5 Instances found');
    expect(body.meta).toEqual({ total: 5 });
    expect(body.instances).toEqual(simulator.instances);
  });

  it('says "1 Instance found" for one and "0 Instances found" for none', async () => {
    const simulator = simulatorWithNames(['sales', 'support']);
    expect((await list(simulator, '?instanceName=sales')).body.message).toBe('1 Instance found');
    expect((await list(simulator, '?instanceName=,')).body.message).toBe('0 Instances found');
    expect((await list(simulator, '?instanceName=sales,support')).body.message).toBe('2 Instances found');
  });

  it('answers one unknown name with 404 Instance not found', async () => {
    const simulator = simulatorWithNames(['sales', 'support']);
    const { status, body } = await list(simulator, '?instanceName=ghost');
    expect(status).toBe(404);
    expect(body).toEqual({ success: false, error: { message: 'Instance not found' } });
  });

  it('ignores unknown names among several, and matches names exactly', async () => {
    const simulator = simulatorWithNames(['sales', 'support', 'Sales-2']);
    const { status, body } = await list(simulator, '?instanceName=ghost,support,sales');
    expect(status).toBe(200);
    expect(names(body)).toEqual(['sales', 'support']);
    expect(body.meta.total).toBe(2);
    const allUnknown = await list(simulator, '?instanceName=ghost,phantom');
    expect(allUnknown.status).toBe(200);
    expect(allUnknown.body.instances).toEqual([]);
    expect((await list(simulator, '?instanceName=SALES')).status).toBe(404);
  });

  it('answers a filter of only commas and spaces with an empty list and no error', async () => {
    const simulator = simulatorWithNames(['sales']);
    for (const filter of [',', ' , ,', '   ', ',,,']) {
      const { status, body } = await list(simulator, `?instanceName=${encodeURIComponent(filter)}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ success: true, instances: [], meta: { total: 0 } });
    }
  });

  it('trims the names, so a single padded unknown name is still a 404', async () => {
    const simulator = simulatorWithNames(['sales', 'support']);
    const padded = await list(simulator, `?instanceName=${encodeURIComponent(' sales , support ')}`);
    expect(names(padded.body)).toEqual(['sales', 'support']);
    const single = await list(simulator, `?instanceName=${encodeURIComponent('  support ')}`);
    expect(names(single.body)).toEqual(['support']);
    expect((await list(simulator, `?instanceName=${encodeURIComponent(' ghost ,')}`)).status).toBe(404);
  });

  it('treats an empty instanceName as no filter', async () => {
    const simulator = simulatorWithNames(['sales', 'support']);
    expect(names((await list(simulator, '?instanceName=')).body)).toEqual(['sales', 'support']);
  });

  it('shows an instance token only its own instance, ignoring any filter', async () => {
    const simulator = simulatorWithNames(['sales', 'support', 'billing']);
    const own = simulator.instances[1]!;
    for (const query of ['', '?instanceName=sales', '?instanceName=ghost', '?instanceName=,']) {
      const { status, body } = await list(simulator, query, own.token);
      expect(status).toBe(200);
      expect(body.instances).toEqual([own]);
      expect(body.message).toBe('1 Instance found');
    }
    expect(simulator.requests.map((entry) => entry.credential)).toEqual([
      'instance',
      'instance',
      'instance',
      'instance',
    ]);
  });

  it.each([
    ['a missing token', null],
    ['an empty token', ''],
    ['an unknown token', 'not-a-token'],
    ['a bearer header instead of token', 'Bearer demo'],
  ])('answers %s with 401 Invalid token', async (_case, token) => {
    const simulator = createRyzeApiSimulator({ count: 2, rateLimit: false });
    const { status, body } = await list(simulator, '', token);
    expect(status).toBe(401);
    expect(body).toEqual({ success: false, error: { message: 'Invalid token' } });
  });

  it('does not take the account token as a Bearer Authorization header', async () => {
    const simulator = createRyzeApiSimulator({ count: 2, rateLimit: false });
    const response = await simulator.fetch(LIST, { headers: { authorization: `Bearer ${ACCOUNT}` } });
    expect(response.status).toBe(401);
  });
});

describe('RyzeAPI simulator: rate limit', () => {
  it('allows 100 requests a minute per token by default and answers the 101st with 429', async () => {
    const { clock } = manualClock();
    const simulator = createRyzeApiSimulator({ count: 1, clock });
    for (let index = 0; index < 100; index++) expect((await list(simulator)).status).toBe(200);
    const limited = await list(simulator);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      success: false,
      error: { message: 'Rate limit exceeded. Try again later.' },
    });
    expect(limited.response.headers.get('retry-after')).toBe('60');
    expect(limited.response.headers.get('x-ratelimit-limit')).toBe('100');
    expect(limited.response.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('sends the rate-limit headers on every answer, Retry-After only on 429', async () => {
    const { clock, advance, now } = manualClock();
    const start = now();
    const simulator = createRyzeApiSimulator({ count: 1, clock, rateLimit: { requests: 3, perMs: 10_000 } });
    const seen: Record<string, string | null>[] = [];
    for (const query of ['', '?instanceName=ghost', '']) {
      const { response } = await list(simulator, query);
      seen.push({
        limit: response.headers.get('x-ratelimit-limit'),
        remaining: response.headers.get('x-ratelimit-remaining'),
        reset: response.headers.get('x-ratelimit-reset'),
        retryAfter: response.headers.get('retry-after'),
      });
      advance(1_000);
    }
    const resetSeconds = String(Math.ceil((start + 10_000) / 1000));
    expect(seen).toEqual([
      { limit: '3', remaining: '2', reset: resetSeconds, retryAfter: null },
      { limit: '3', remaining: '1', reset: resetSeconds, retryAfter: null },
      { limit: '3', remaining: '0', reset: resetSeconds, retryAfter: null },
    ]);
    const unauthorized = await list(simulator, '', 'bad-token');
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.response.headers.get('x-ratelimit-remaining')).toBe('2');
    const limited = await list(simulator);
    expect(limited.status).toBe(429);
    // 3 s have passed of the 10 s the oldest request holds its slot.
    expect(limited.response.headers.get('retry-after')).toBe('7');
    expect(limited.response.headers.get('retry-after-ms')).toBe('7000');
    expect(limited.response.headers.get('x-ratelimit-reset')).toBe(resetSeconds);
  });

  it('slides the window: a slot frees exactly when the oldest request leaves it, and 429s do not count', async () => {
    const { clock, advance } = manualClock();
    const simulator = createRyzeApiSimulator({ count: 1, clock, rateLimit: { requests: 2, perMs: 1_000 } });
    expect((await list(simulator)).status).toBe(200); // t = 0
    advance(400);
    expect((await list(simulator)).status).toBe(200); // t = 400
    advance(300);
    expect((await list(simulator)).status).toBe(429); // t = 700
    expect((await list(simulator)).status).toBe(429);
    advance(299);
    expect((await list(simulator)).status).toBe(429); // t = 999: the first still holds its slot
    advance(1);
    expect((await list(simulator)).status).toBe(200); // t = 1000: it left
    expect((await list(simulator)).status).toBe(429);
    advance(400);
    expect((await list(simulator)).status).toBe(200); // t = 1400: the second left
  });

  it('keeps a window per token: the account and an instance token do not share one', async () => {
    const { clock } = manualClock();
    const simulator = createRyzeApiSimulator({ count: 2, clock, rateLimit: { requests: 1, perMs: 60_000 } });
    expect((await list(simulator)).status).toBe(200);
    expect((await list(simulator)).status).toBe(429);
    expect((await list(simulator, '', simulator.instances[0]!.token)).status).toBe(200);
    expect((await list(simulator, '', simulator.instances[1]!.token)).status).toBe(200);
  });

  it('turns the limit off with rateLimit false, and a new limit starts fresh windows', async () => {
    const { clock } = manualClock();
    const simulator = createRyzeApiSimulator({ count: 1, clock, rateLimit: false });
    for (let index = 0; index < 120; index++) expect((await list(simulator)).status).toBe(200);
    expect((await list(simulator)).response.headers.get('x-ratelimit-limit')).toBeNull();
    simulator.rateLimit = { requests: 1, perMs: 1_000 };
    expect((await list(simulator)).status).toBe(200);
    expect((await list(simulator)).status).toBe(429);
    simulator.reset();
    expect((await list(simulator)).status).toBe(200);
  });

  it('rejects a malformed rateLimit option', () => {
    expect(() => createRyzeApiSimulator({ rateLimit: { requests: 0, perMs: 1000 } })).toThrow(
      ValidationError,
    );
    expect(() => createRyzeApiSimulator({ rateLimit: { requests: 1, perMs: -1 } })).toThrow(ValidationError);
  });
});

describe('RyzeAPI simulator: changing instances', () => {
  it('setStatus writes connection.state and status together, with the display text', async () => {
    const simulator = createRyzeApiSimulator({ count: 1 });
    const id = simulator.instances[0]?.id as string;
    for (const state of RYZEAPI_CONNECTION_STATES) {
      simulator.setStatus(id, state);
      const { body } = await list(simulator);
      const [instance] = body.instances as RyzeApiInstance[];
      expect(instance?.status).toBe(state);
      expect(instance?.connection?.state).toBe(state);
      expect(instance?.connection?.displayStatus).toBe(
        {
          connected: 'Active',
          connecting: 'Connecting',
          disconnected: 'Disconnected',
          loggedout: 'Logged out',
        }[state],
      );
    }
  });

  it('add, update and remove change what the list answers', async () => {
    const simulator = createRyzeApiSimulator({ count: 2 });
    const [first, second] = simulator.instances as [RyzeApiInstance, RyzeApiInstance];
    simulator.update(first.id, { name: 'renamed' });
    simulator.remove(second.id);
    simulator.add({ ...second, id: 'new-id', name: 'added', token: 'new-token' });
    expect(names((await list(simulator)).body)).toEqual(['renamed', 'added']);
    expect(names((await list(simulator, '?instanceName=added')).body)).toEqual(['added']);
  });
});
