// One streaming measurement in a fresh process (started by streaming.mjs with --expose-gc), so that
// the heap it reads holds nothing but this stream. argv[2] is JSON: { variant, baseUrl, token,
// pageSize, count }. It reads the wall and CPU time, and collects garbage every `MEMORY_SAMPLE_EVERY`
// items to read what stays alive, which is what streaming is meant to bound. Both variants pay for
// those collections alike (about 20 of them for 100,000 items), so the time ratio stays fair.
import { performance } from 'node:perf_hooks';
import { createZApiClient } from '@switchboard/z-api';

const MEMORY_SAMPLE_EVERY = 5_000;
const options = JSON.parse(process.argv[2]);
const { variant, baseUrl, token, pageSize, count } = options;

if (typeof globalThis.gc !== 'function') throw new Error('streaming-probe needs node --expose-gc');

function fullGc() {
  // Twice: the first pass can leave objects that finalizers or weak references released.
  globalThis.gc();
  globalThis.gc();
}

/** The items of every page, walked with the raw client as a hand-written loop would. */
async function* rawClientItems() {
  const client = createZApiClient({ token, baseUrl });
  for (let page = 1; ; page++) {
    const { data, error } = await client.GET('/instances', { params: { query: { page, pageSize } } });
    if (error !== undefined) throw new Error(`z-api answered an error on page ${page}`);
    yield* data.content;
    if (page >= data.totalPage) return;
  }
}

async function facadeItems() {
  const { createSwitchboard } = await import('@switchboard/core');
  const switchboard = createSwitchboard({ accounts: [{ provider: 'z-api', token, baseUrl, pageSize }] });
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
