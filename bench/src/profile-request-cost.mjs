// Profiles one variant of the request-cost benchmark alone, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/profiles src/profile-request-cost.mjs <small|large> <facade|raw-client|fetch> [requests]
//   node src/summarize-cpu-profile.mjs /tmp/profiles/<file>.cpuprofile <requests>
// The loopback server runs in a child process, so the profile holds the client's work only.
import { fileURLToPath } from 'node:url';
import { createSwitchboard } from '@switchboard/core';
import { createRyzeApiClient } from '@switchboard/ryzeapi';
import { startChild } from './child-process.mjs';

const size = process.argv[2] ?? 'small';
const variant = process.argv[3] ?? 'facade';
const requests = Number(process.argv[4] ?? (size === 'small' ? 3000 : 600));
const server = await startChild(fileURLToPath(new URL('./loopback-server.mjs', import.meta.url)), ['serve']);
try {
  const baseUrl = server.ready.baseUrls[size];
  const token = server.ready.token;
  const switchboard = createSwitchboard({
    accounts: [{ provider: 'ryzeapi', token, baseUrl, rateLimit: false }],
  });
  const rawClient = createRyzeApiClient({ token, baseUrl, rateLimit: false });
  const calls = {
    facade: () => switchboard.listInstances(),
    'raw-client': () => rawClient.GET('/instance/list'),
    fetch: async () => (await fetch(`${baseUrl}/instance/list`, { headers: { token } })).json(),
  };
  const call = calls[variant];
  if (call === undefined) throw new Error(`unknown variant ${variant}; known: ${Object.keys(calls)}`);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  for (let index = 0; index < requests; index++) await call();
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `${variant}, ${size}: ${((cpuMs * 1000) / requests).toFixed(0)} µs CPU/request, ${(((performance.now() - start) * 1000) / requests).toFixed(0)} µs wall/request over ${requests}`,
  );
} finally {
  await server.stop();
}
