// Profiles one variant of the request-cost benchmark alone, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/profiles src/profile-request-cost.mjs <small|large> <facade|facade-undici|raw-client|fetch> [requests]
//   node src/summarize-cpu-profile.mjs /tmp/profiles/<file>.cpuprofile <requests>
// The loopback server runs in a child process, so the profile holds the client's work only. The
// provider is the request-cost benchmark's: the registry's first with a one-shot list.
import { fileURLToPath } from 'node:url';
import { createSwitchboard } from '@switchboard/core';
import { startChild } from './child-process.mjs';
import { alternativeTransports } from './optional-packages.mjs';
import { demoAccountOptions, oneShotProvider, plainListRequest } from './providers.mjs';

const size = process.argv[2] ?? 'small';
const variant = process.argv[3] ?? 'facade';
const requests = Number(process.argv[4] ?? (size === 'small' ? 3000 : 600));
const definition = oneShotProvider();
const server = await startChild(fileURLToPath(new URL('./loopback-server.mjs', import.meta.url)), [
  'serve',
  definition.key,
]);
try {
  const baseUrl = server.ready.baseUrls[size];
  const token = server.ready.token;
  const account = {
    ...(await demoAccountOptions(definition)),
    provider: definition.key,
    token,
    baseUrl,
    rateLimit: false,
  };
  const switchboard = createSwitchboard({ accounts: [account] });
  const transports = await alternativeTransports();
  const onUndici =
    transports.undici === undefined
      ? undefined
      : createSwitchboard({ accounts: [account], fetch: transports.undici.fetch });
  const rawClient = definition.adapter.createClient({ token, baseUrl, rateLimit: false });
  const { url, headers } = plainListRequest(definition, baseUrl, token);
  const calls = {
    facade: () => switchboard.listInstances(),
    'raw-client': () => rawClient.GET(definition.metadata.listOperation.path),
    fetch: async () => (await fetch(url, { headers })).json(),
    ...(onUndici !== undefined && { 'facade-undici': () => onUndici.listInstances() }),
  };
  const call = calls[variant];
  if (call === undefined) throw new Error(`unknown variant ${variant}; known: ${Object.keys(calls)}`);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  for (let index = 0; index < requests; index++) await call();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${variant}, ${definition.key}, ${size}: ${((cpuMs * 1000) / requests).toFixed(0)} µs CPU/request, ${(((performance.now() - start) * 1000) / requests).toFixed(0)} µs wall/request over ${requests}`,
  );
} finally {
  await server.stop();
}
