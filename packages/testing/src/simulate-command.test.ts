import { builtInProvidersByKey } from '@switchboard/providers';
import { ValidationError } from '@switchboard/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { itemsOf, listRequest } from './__fixtures__/list-request.js';
import { createSimulators } from './create-simulators.js';
import { DEMO_TOKENS, SIMULATED_PROVIDERS } from './providers.js';
import {
  DEFAULT_SIMULATE_PORT,
  describeSimulatorServer,
  parseSimulateArguments,
  runSimulateCommand,
  type SimulateCommandIo,
} from './simulate-command.js';
import { type SimulatorServer, startSimulatorServer } from './simulator-server.js';

const FIRST = SIMULATED_PROVIDERS[0]!;
const LAST = SIMULATED_PROVIDERS.at(-1)!;

const servers: SimulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('parseSimulateArguments', () => {
  it('defaults to port 4010, seed 1, no latency and the default counts', () => {
    expect(parseSimulateArguments([])).toEqual({
      help: false,
      options: { port: DEFAULT_SIMULATE_PORT, seed: 1, latencyMs: 0, counts: {} },
    });
  });

  it('reads every flag, with a space or an equals sign', () => {
    expect(
      parseSimulateArguments([
        '--port',
        '0',
        '--seed=7',
        '--count',
        `${FIRST}=250`,
        `--count=${LAST}=5`,
        '--latency',
        '20',
      ]),
    ).toEqual({
      help: false,
      options: { port: 0, seed: 7, latencyMs: 20, counts: { [FIRST]: 250, [LAST]: 5 } },
    });
    expect(parseSimulateArguments(['--help'])).toEqual({ help: true });
  });

  it.each([
    [['--port', 'eighty']],
    [['--port', '70000']],
    [['--port']],
    [['--count', 'twilio=3']],
    [['--count', `${FIRST}=-3`]],
    [['--verbose']],
    [['--churn=0']],
    [['--churn=often']],
  ])('rejects %j with a ValidationError', (argv) => {
    expect(() => parseSimulateArguments(argv)).toThrow(ValidationError);
  });
});

describe('--churn', () => {
  it('churns every 3 s by default, or every <ms> given inline, seeded by --seed', () => {
    expect(parseSimulateArguments(['--churn', '--seed', '4'])).toMatchObject({
      options: { seed: 4, churn: { intervalMs: 3000, seed: 4 } },
    });
    expect(parseSimulateArguments(['--churn=250', '--port', '0'])).toMatchObject({
      options: { port: 0, churn: { intervalMs: 250, seed: 1 } },
    });
  });

  it('starts every simulator churning, says so, and stops them with the server', async () => {
    const { options } = parseSimulateArguments(['--port', '0', '--churn=60000']) as {
      options: Parameters<typeof startSimulatorServer>[0];
    };
    const server = await startSimulatorServer(options);
    servers.push(server);
    expect(server.simulators.all.every((simulator) => simulator.churning)).toBe(true);
    expect(describeSimulatorServer(server, 1)).toContain('(seed 1, churning)');
    await server.close();
    expect(server.simulators.all.some((simulator) => simulator.churning)).toBe(false);
  });
});

describe('describeSimulatorServer', () => {
  it('prints each base URL, demo token and count, and quoted shell exports for the CLI', async () => {
    const server = await startSimulatorServer({ simulators: createSimulators({ counts: { [LAST]: 20 } }) });
    servers.push(server);
    const text = describeSimulatorServer(server, 1);
    expect(text).toContain(`listening on ${server.origin} (seed 1)`);
    const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(text).toMatch(
      new RegExp(
        `${escapeRegExp(LAST)}\\s+${escapeRegExp(server.baseUrls[LAST])}\\s+${escapeRegExp(server.tokens[LAST])}\\s+20`,
      ),
    );
    for (const provider of SIMULATED_PROVIDERS) {
      const { environment } = builtInProvidersByKey[provider];
      expect(text).toContain(`export ${environment.token}='${server.tokens[provider]}'`);
      // Each base URL is on the server's origin.
      expect(server.baseUrls[provider].startsWith(server.origin)).toBe(true);
      expect(text).toContain(`export ${environment.baseUrl}='${server.baseUrls[provider]}'`);
    }
  });
});

describe('runSimulateCommand', () => {
  function fakeIo() {
    const logs: string[] = [];
    const errors: string[] = [];
    let stop: ((signal: string) => void) | undefined;
    const io: SimulateCommandIo = {
      log: (text) => logs.push(text),
      error: (text) => errors.push(text),
      onStopSignal: (handler) => {
        stop = handler;
      },
    };
    return { io, logs, errors, stop: (signal: string) => stop?.(signal) };
  }

  it('serves until a stop signal, then closes and exits with 0', async () => {
    const { io, logs, stop } = fakeIo();
    const exit = runSimulateCommand(['--port', '0', '--count', `${LAST}=2`], io);
    await expect.poll(() => logs.length).toBe(1);
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(logs[0]!)?.[1];
    expect(origin).toBeDefined();
    // The base URL the command prints for the provider, as a shell would read its export line.
    const variable = builtInProvidersByKey[LAST].environment.baseUrl;
    const baseUrl = new RegExp(`export ${variable}='([^']*)'`).exec(logs[0]!)?.[1];
    expect(baseUrl?.startsWith(origin!)).toBe(true);
    const [url, init] = listRequest(LAST, baseUrl!, DEMO_TOKENS[LAST]);
    const response = await fetch(url, init);
    expect(itemsOf(LAST, await response.json())).toHaveLength(2);
    stop('SIGTERM');
    expect(await exit).toBe(0);
    expect(logs.at(-1)).toBe('SIGTERM: stopping the simulators');
    await expect(fetch(url, init)).rejects.toThrow(TypeError);
  });

  it('exits with 1 and a message for bad arguments, and prints help', async () => {
    const bad = fakeIo();
    expect(await runSimulateCommand(['--port', 'x'], bad.io)).toBe(1);
    expect(bad.errors[0]).toContain('--port');
    const help = fakeIo();
    expect(await runSimulateCommand(['--help'], help.io)).toBe(0);
    expect(help.logs[0]).toContain('Usage: pnpm simulate');
  });
});
