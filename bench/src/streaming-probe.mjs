// One streaming measurement in a fresh process (started by streaming.mjs with --expose-gc), so that
// the heap it reads holds nothing but this stream. argv[2] is JSON: { variant, baseUrl, token,
// pageSize, count, provider } (a provider key of the registry). It reads the wall and CPU time, and collects garbage every `MEMORY_SAMPLE_EVERY`
// items to read what stays alive, which is what streaming is meant to bound. Both variants pay for
// those collections alike (about 20 of them for 100,000 items), so the time ratio stays fair.
import { performance } from 'node:perf_hooks';
import { builtInProvidersByKey } from '@switchboard/core';
import { readPath } from '@switchboard/runtime';
import { demoAccountOptions, listItems, listQuery } from './providers.mjs';

const MEMORY_SAMPLE_EVERY = 5_000;
const options = JSON.parse(process.argv[2]);
const { variant, baseUrl, token, pageSize, count, provider } = options;
const definition = builtInProvidersByKey[provider];
if (definition?.metadata.listOperation.paging.style !== 'page-number') {
  throw new Error(`streaming-probe: ${provider} is not a page-number provider of the registry`);
}

if (typeof globalThis.gc !== 'function') throw new Error('streaming-probe needs node --expose-gc');

function fullGc() {
  // Twice: the first pass can leave objects that finalizers or weak references released.
  globalThis.gc();
  globalThis.gc();
}

/** The items of every page, walked with the raw client as a hand-written loop would. */
async function* rawClientItems() {
  const client = definition.adapter.createClient({ token, baseUrl });
  const { path, paging } = definition.metadata.listOperation;
  for (let page = 1; ; page++) {
    const query = listQuery(definition, { page, pageSize });
    const { data, error } = await client.GET(path, { params: { query } });
    if (error !== undefined) throw new Error(`${provider} answered an error on page ${page}`);
    yield* listItems(definition, data);
    if (page >= Number(readPath(data, paging.pageCountField))) return;
  }
}

async function facadeItems() {
  const { createSwitchboard } = await import('@switchboard/core');
  const account = { ...(await demoAccountOptions(definition)), provider, token, baseUrl };
  // The page size is an account option of the providers that page (`pageSize`).
  if (definition.accountOptions.keys.includes('pageSize')) account.pageSize = pageSize;
  const switchboard = createSwitchboard({ accounts: [account] });
  return switchboard.instances();
}

const source = variant === 'facade' ? await facadeItems() : rawClientItems();
fullGc();
const heapBefore = process.memoryUsage().heapUsed;
let peakHeap = heapBefore;
let peakLiveHeap = heapBefore;
let items = 0;
let lastId = '';
const cpuBefore = process.cpuUsage();
const start = performance.now();
for await (const item of source) {
  items++;
  lastId = item.id;
  if (items % 1000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  if (items % MEMORY_SAMPLE_EVERY === 0) {
    fullGc();
    peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
  }
}
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
fullGc();
const heapAfter = process.memoryUsage().heapUsed;
if (items !== count)
  throw new Error(`streaming-probe: expected ${count} items, got ${items} (last ${lastId})`);

process.send({
  type: 'ready',
  result: {
    variant,
    items,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    // Live: the most that survived a full GC while the stream was under way.
    liveGrowthBytes: peakLiveHeap - heapBefore,
    // Raw: the heap including garbage not yet collected, as a process monitor would see it.
    peakGrowthBytes: peakHeap - heapBefore,
    retainedBytes: heapAfter - heapBefore,
  },
});
