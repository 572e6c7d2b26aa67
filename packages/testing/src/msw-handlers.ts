import type { ProviderSimulator } from '@switchboard/runtime/simulator';
import { http, type RequestHandler } from 'msw';

/** msw handlers answering everything under a simulator's base URL from it. */
export function simulatorHandlers(simulator: ProviderSimulator): RequestHandler[] {
  const origin = new URL(simulator.baseUrl).origin;
  return [
    http.all(simulator.basePath === '' ? `${origin}/*` : `${simulator.baseUrl}/*`, async ({ request }) => {
      try {
        return await simulator.handle(request);
      } catch {
        // An aborted request: msw has already rejected the fetch; a network error keeps it quiet.
        return Response.error();
      }
    }),
  ];
}
