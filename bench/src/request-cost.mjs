// Row 1: what one request costs through the facade, through the raw client and through plain fetch,
// against the same loopback server (in a child process, so the CPU time read here is the client's).
// The provider is the registry's first with a one-shot list, so that one request is one call.
import { fileURLToPath } from 'node:url';
import createClient from 'openapi-fetch';
import { startChild } from './child-process.mjs';
import { interleave, measure, median, pairedRatio, runPool } from './measure.mjs';
import { alternativeTransports, importFacade } from './optional-packages.mjs';
import { demoAccountOptions, listItems, oneShotProvider, plainListRequest } from './providers.mjs';

const SERVER = fileURLToPath(new URL('./loopback-server.mjs', import.meta.url));

/** Requests per sample: enough for a sample of about 100-300 ms on a 2-core machine. */
const REQUESTS_PER_SAMPLE = {
  small: { sequential: 300, parallel: 600 },
  large: { sequential: 80, parallel: 160 },
};
const IN_FLIGHT = 32;

function expectOk(condition, what) {
  if (!condition) throw new Error(`request-cost: ${what} did not answer as expected`);
}

/** The ways to list one account's instances, each made once per body size. */
async function createVariants(definition, baseUrl, token, facadeModule) {
  const { url, headers } = plainListRequest(definition, baseUrl, token);
  const { path } = definition.metadata.listOperation;
  const items = (body) => listItems(definition, body);
  const variants = [
    {
      name: 'fetch',
      label: 'plain fetch + response.json()',
      async call() {
        const response = await fetch(url, { headers });
        expectOk(response.ok, 'fetch');
        const body = await response.json();
        expectOk(items(body).length > 0, 'fetch');
      },
    },
    {
      name: 'openapi-fetch',
      label: 'openapi-fetch createClient, no Switchboard transport',
      client: createClient({ baseUrl, headers }),
      async call() {
        const { data, error } = await this.client.GET(path);
        expectOk(error === undefined && items(data).length > 0, 'openapi-fetch');
      },
    },
    {
      name: 'raw-client',
      label: `${definition.displayName} raw client (definition.adapter.createClient: openapi-fetch + Switchboard transport), rateLimit: false`,
      client: definition.adapter.createClient({ token, baseUrl, rateLimit: false }),
      async call() {
        const { data, error } = await this.client.GET(path);
        expectOk(error === undefined && items(data).length > 0, 'raw client');
      },
    },
  ];
  if (facadeModule !== undefined) {
    const account = { ...(await demoAccountOptions(definition)), provider: definition.key, token, baseUrl };
    const switchboard = facadeModule.createSwitchboard({
      accounts: [{ ...account, rateLimit: false }],
      concurrency: IN_FLIGHT,
    });
    variants.push({
      name: 'facade',
      label: `createSwitchboard().listInstances() on one ${definition.displayName} account, rateLimit: false`,
      async call() {
        const instances = await switchboard.listInstances();
        expectOk(instances.length > 0, 'facade');
      },
    });
    for (const [name, transport] of Object.entries(await alternativeTransports())) {
      const onTransport = facadeModule.createSwitchboard({
        accounts: [{ ...account, rateLimit: false }],
        concurrency: IN_FLIGHT,
        fetch: transport.fetch,
      });
      variants.push({
        name: `facade-${name}`,
        label: `the same facade, its \`fetch\` option set to ${transport.label}`,
        async call() {
          const instances = await onTransport.listInstances();
          expectOk(instances.length > 0, `facade on ${name}`);
        },
      });
    }
  }
  return variants;
}

/**
 * Returns, per body size and mode, each variant's median CPU time per request, requests per second,
 * and its ratios to plain fetch (paired by round).
 */
export async function benchmarkRequestCost({ rounds = 7, scale = 1 } = {}) {
  const facadeModule = await importFacade();
  const definition = oneShotProvider();
  const server = await startChild(SERVER, ['serve', definition.key]);
  try {
    const { token, baseUrls, bytes, items } = server.ready;
    const results = [];
    for (const size of ['small', 'large']) {
      const variants = await createVariants(definition, baseUrls[size], token, facadeModule);
      for (const mode of ['sequential', 'parallel']) {
        const count = Math.max(10, Math.round(REQUESTS_PER_SAMPLE[size][mode] * scale));
        const inFlight = mode === 'sequential' ? 1 : IN_FLIGHT;
        const samples = await interleave({
          rounds,
          variants: variants.map((variant) => ({
            name: variant.name,
            run: async () => {
              const { wallMs, cpuMs } = await measure(() => runPool(count, inFlight, () => variant.call()));
              return { cpuPerRequestMs: cpuMs / count, requestsPerSecond: (count * 1000) / wallMs };
            },
          })),
        });
        const figures = {};
        for (const variant of variants) {
          const own = samples[variant.name];
          figures[variant.name] = {
            label: variant.label,
            cpuPerRequestMs: median(own.map((sample) => sample.cpuPerRequestMs)),
            requestsPerSecond: median(own.map((sample) => sample.requestsPerSecond)),
            cpuRatioToFetch: pairedRatio(own, samples.fetch, (sample) => sample.cpuPerRequestMs),
            // Time per request against fetch's: above 1 means slower, like the CPU ratio.
            throughputRatioToFetch: pairedRatio(samples.fetch, own, (sample) => sample.requestsPerSecond),
          };
        }
        results.push({
          size,
          mode,
          inFlight,
          bytes: bytes[size],
          items: items[size],
          requests: count,
          figures,
        });
      }
    }
    return { provider: definition.displayName, results, facadeAvailable: facadeModule !== undefined };
  } finally {
    await server.stop();
  }
}
