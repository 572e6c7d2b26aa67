import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** Starts a real HTTP server on a loopback address and resolves to its origin (`http://127.0.0.1:port`). */
export type ListenOnLoopback = (handler: RequestListener, host?: string) => Promise<string>;

/**
 * Real HTTP servers for the suite that calls this (at its top level or in a `describe`): each one
 * `listen` starts is closed after every test, its open connections first, so that a test that leaves
 * a socket hanging (a trickle, a dropped connection) cannot hold the next one up. Hosts stay within
 * 127.0.0.0/8: a second origin is 127.0.0.2.
 */
export function useLoopbackServers(): ListenOnLoopback {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(async (server) => {
        server.closeAllConnections();
        server.close();
        await once(server, 'close');
      }),
    );
  });
  return async (handler, host = '127.0.0.1') => {
    if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) throw new Error(`not a loopback address: ${host}`);
    const server = createServer(handler);
    servers.push(server);
    server.listen(0, host);
    await once(server, 'listening');
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  };
}
