// The @switchboard/testing simulators served over HTTP on 127.0.0.1, in a child process of the
// benchmark, so that their CPU time and their heap (100,000 fake instances) stay out of its figures.
// Started with the simulator options as JSON in argv[2]; answers IPC requests for the request log.
import { loadSimulatedProviders, startSimulatorServer } from '@switchboard/testing';
import { serveRequests } from './child-process.mjs';
import { PROVIDERS } from './providers.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');

/** The options that concern one provider: the per-provider records keep only its own entry. */
function optionsFor(key) {
  const own = (record) => (record?.[key] === undefined ? undefined : { [key]: record[key] });
  const { counts, tokens, providers, ...shared } = options;
  return {
    ...shared,
    ...(own(counts) && { counts: own(counts) }),
    ...(own(tokens) && { tokens: own(tokens) }),
    ...(own(providers) && { providers: own(providers) }),
  };
}

// One server per provider, each on its own port: several specs' servers are a bare origin, so on one
// server their simulators would need a path of their own in front, which a real client never sends.
const servers = await Promise.all(
  PROVIDERS.map(async (definition) =>
    startSimulatorServer({
      ...optionsFor(definition.key),
      registry: await loadSimulatedProviders([definition]),
    }),
  ),
);
const simulatorOf = Object.fromEntries(
  servers.map((one, index) => [PROVIDERS[index].key, one.simulators.all[0]]),
);
const server = {
  baseUrls: Object.assign({}, ...servers.map((one) => one.baseUrls)),
  tokens: Object.assign({}, ...servers.map((one) => one.tokens)),
  simulators: {
    ...simulatorOf,
    all: Object.values(simulatorOf),
    get requests() {
      return Object.values(simulatorOf).flatMap((simulator) => simulator.requests);
    },
    clearRequests() {
      for (const simulator of Object.values(simulatorOf)) simulator.clearRequests();
    },
  },
};

/** The most requests in flight at once across the simulators, from the log's arrival and answer times. */
function maxConcurrent(requests) {
  const events = [];
  for (const request of requests) {
    if (request.durationMs === null) continue;
    events.push([request.startedAt, 1], [request.startedAt + request.durationMs, -1]);
  }
  // At equal times an answer goes first: a request answered at t and one arriving at t do not overlap.
  events.sort((first, second) => first[0] - second[0] || first[1] - second[1]);
  let current = 0;
  let most = 0;
  for (const [, change] of events) {
    current += change;
    most = Math.max(most, current);
  }
  return most;
}

/** The request log, boiled down to what the benchmarks report: counts by status, and concurrency. */
function summarizeRequests(provider) {
  const requests = provider === undefined ? server.simulators.requests : server.simulators[provider].requests;
  const byStatus = {};
  for (const request of requests) {
    const key = request.status === null ? request.outcome : String(request.status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  return { total: requests.length, byStatus, maxInFlight: maxConcurrent(requests) };
}

serveRequests(async (message) => {
  switch (message.type) {
    case 'requests':
      return summarizeRequests(message.provider);
    case 'reset':
      // Only the log and the rate-limit windows: the instances stay, and regenerating 100,000 is slow.
      server.simulators.clearRequests();
      if (message.rateLimit !== undefined) server.simulators[message.provider].rateLimit = message.rateLimit;
      return null;
    default:
      throw new Error(`unknown request ${message.type}`);
  }
});

process.send({
  type: 'ready',
  baseUrls: server.baseUrls,
  tokens: server.tokens,
  counts: Object.fromEntries(
    server.simulators.all.map((simulator) => [simulator.provider, simulator.instances.length]),
  ),
});
