import type { ProviderSimulator } from '@switchboard/runtime/simulator';
import { http, type RequestHandler } from 'msw';
import type { SimulatorsComposition } from './create-simulators.js';

/**
 * msw handlers answering everything under each simulator's base URL from it. Its own entry
 * (`@switchboard/testing/msw`), so that the server, the fake data and the simulate command never load
 * msw: it is an optional peer dependency, needed only here.
 */
export function createSimulatorHandlers(
  simulators: SimulatorsComposition | ProviderSimulator,
): RequestHandler[] {
  const list = 'all' in simulators ? simulators.all : [simulators];
  return list.map((simulator) => {
    const origin = new URL(simulator.baseUrl).origin;
    return http.all(
      simulator.basePath === '' ? `${origin}/*` : `${simulator.baseUrl}/*`,
      async ({ request }) => {
        try {
          return await simulator.handle(request);
        } catch {
          // An aborted request: msw has already rejected the fetch; a network error keeps it quiet.
          return Response.error();
        }
      },
    );
  });
}
