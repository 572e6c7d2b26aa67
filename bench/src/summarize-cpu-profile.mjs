// Sums a .cpuprofile's samples by source file, in µs per request, with a second profile beside it
// when given, so that two variants' costs can be read line against line:
//   node src/summarize-cpu-profile.mjs <profile> <requests> [<baseline profile> <requests>]
import { readFileSync } from 'node:fs';

function categoryOf(callFrame) {
  const url = callFrame.url;
  if (url.includes('/packages/')) {
    const [packageName, , ...rest] = url.replace(/.*\/packages\//, '').split('/');
    return `${packageName}/${rest.join('/')}`;
  }
  if (url.includes('openapi-fetch')) return 'openapi-fetch';
  if (url.includes('undici')) return 'node: undici (fetch)';
  if (url.startsWith('node:')) return `node: ${url.replace(/^node:(internal\/)?/, '')}`;
  return `(${callFrame.functionName || 'native'})`;
}

function microsecondsPerRequest(path, requests) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map();
  profile.samples.forEach((id, index) => {
    const category = categoryOf(nodes.get(id).callFrame);
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return new Map([...totals].map(([category, micros]) => [category, micros / requests]));
}

const [profilePath, requests, baselinePath, baselineRequests] = process.argv.slice(2);
if (profilePath === undefined || requests === undefined) {
  console.error('usage: summarize-cpu-profile.mjs <profile> <requests> [<baseline profile> <requests>]');
  process.exit(64);
}
const own = microsecondsPerRequest(profilePath, Number(requests));
const baseline = baselinePath ? microsecondsPerRequest(baselinePath, Number(baselineRequests)) : new Map();
const difference = (category) => (own.get(category) ?? 0) - (baseline.get(category) ?? 0);
const categories = [...new Set([...own.keys(), ...baseline.keys()])].sort(
  (first, second) => difference(second) - difference(first),
);
console.log(`${'µs/req'.padStart(9)}${baselinePath ? 'baseline'.padStart(10) : ''}  where`);
for (const category of categories.slice(0, 30)) {
  const baselineCell = baselinePath ? (baseline.get(category) ?? 0).toFixed(1).padStart(10) : '';
  console.log(`${(own.get(category) ?? 0).toFixed(1).padStart(9)}${baselineCell}  ${category}`);
}
