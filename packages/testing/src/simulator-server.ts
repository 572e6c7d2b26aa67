import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '@switchboard/runtime';
import type { ProviderSimulator } from '@switchboard/runtime/simulator';
import { createSimulators, type Simulators, type SimulatorsOptions } from './create-simulators.js';
import type { SimulatedProvider } from './providers.js';

export interface SimulatorServerOptions extends SimulatorsOptions {
  /** Default 0: a free port the system picks. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Serve these simulators instead of creating new ones (the other options are then ignored). */
  simulators?: Simulators;
}

export interface SimulatorServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /**
   * The origin plus each real base URL's path (`${origin}`, `${origin}/api/v1`), under `/<key>` for a
   * provider whose path an earlier one of the registry holds.
   */
  readonly baseUrls: Readonly<Record<SimulatedProvider, string>>;
  /** Each simulator's account token. */
  readonly tokens: Readonly<Record<SimulatedProvider, string>>;
  readonly simulators: Simulators;
  /** Stops listening and closes every open connection (requests in flight are dropped). */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function readBody(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    request.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    request.on('end', () => {
      const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      const body = new Uint8Array(length);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(body);
    });
    request.on('error', reject);
  });
}

function toHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    headers.append(raw[index] as string, raw[index + 1] as string);
  }
  return headers;
}

/**
 * Serves the simulators over real HTTP on 127.0.0.1, each under its real base URL's path (or
 * `/<provider key>` before it when an earlier provider holds that path), so that any
 * HTTP client (curl, the CLI, a benchmark) can talk to them. A `drop-connection` fault destroys the
 * socket; a client that goes away mid-request aborts the simulator's work on it.
 */
export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('startSimulatorServer: options must be an object', { field: 'options' });
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ValidationError('startSimulatorServer: `port` must be a whole number from 0 to 65535', {
      field: 'port',
    });
  }
  const { port: _port, simulators: given, ...simulatorOptions } = options;
  const simulators = given ?? createSimulators(simulatorOptions);
  // Each simulator answers under its real base URL's path, unless an earlier one of the registry
  // already holds that path (two APIs at the root: a cloud API and a self-hosted server): then under
  // `/<provider key>` before it, so that every provider keeps an address of its own on the one origin.
  const mounts = new Map<ProviderSimulator, string>();
  const taken = new Set<string>();
  for (const simulator of simulators.all) {
    const mount = taken.has(simulator.basePath)
      ? `/${simulator.provider}${simulator.basePath}`
      : simulator.basePath;
    taken.add(mount);
    mounts.set(simulator, mount);
  }
  // The longest path first: `/api/v1` before another provider's `/api`, a provider at the root last.
  const routes = [...mounts].sort(([, first], [, second]) => second.length - first.length);
  const route = (pathname: string): [ProviderSimulator, string] | undefined =>
    routes.find(([, mount]) => mount === '' || pathname === mount || pathname.startsWith(`${mount}/`));

  let origin = '';

  const serve = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', origin);
    const found = route(url.pathname);
    if (found === undefined) {
      outgoing.writeHead(404, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ message: `No simulator serves ${url.pathname}` }));
      return;
    }
    const [simulator, mount] = found;
    // The simulator reads paths under its own base path: a prefixed mount is taken off again.
    if (mount !== simulator.basePath)
      url.pathname = `${simulator.basePath}${url.pathname.slice(mount.length)}` || '/';
    const controller = new AbortController();
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    const method = (incoming.method ?? 'GET').toUpperCase();
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const body = hasBody ? await readBody(incoming) : undefined;
    const request = new Request(url, {
      method,
      headers: toHeaders(incoming),
      signal: controller.signal,
      ...(body === undefined || body.length === 0 ? {} : { body }),
    });
    let response: Response;
    try {
      response = await simulator.handle(request);
    } catch {
      // The client went away (or the server is closing): nobody is left to answer.
      incoming.socket.destroy();
      return;
    }
    if (response.type === 'error') {
      incoming.socket.destroy();
      return;
    }
    const payload = new Uint8Array(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers['content-length'] = String(payload.length);
    outgoing.writeHead(response.status, headers);
    outgoing.end(method === 'HEAD' ? undefined : payload);
  };

  const server = createServer((incoming, outgoing) => {
    serve(incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(500, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ message: 'The simulator server failed to answer' }));
      } else {
        outgoing.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${HOST}:${address.port}`;
  const baseUrls = {} as Record<SimulatedProvider, string>;
  for (const [simulator, mount] of mounts)
    baseUrls[simulator.provider as SimulatedProvider] = `${origin}${mount}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    port: address.port,
    baseUrls,
    tokens: simulators.tokens,
    simulators,
    close() {
      // Simulators the server made are its own to stop; ones it was given keep churning for their owner.
      if (options.simulators === undefined) simulators.stopChurn();
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
