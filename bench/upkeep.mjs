// What the collector's upkeep costs the receipts arriving meanwhile, on SQLite and PostgreSQL: a
// big retention purge, and one visitor's erasure in a big database.
//   npm run build && node bench/upkeep.mjs [receipts = 1000000] [sqlite,postgres]
// BUILD=<another checkout's dist/node> measures that build's store in the same run.
//
// The store is filled with `receipts` old receipts (`seedReceipts`, test/collector/support.ts) and
// 3 of one visitor's. Then batches of 37 new receipts are appended back to back (as group commit
// does under load) while that visitor is erased, then while every old receipt is purged. Printed
// for each: its time, and how long the appends made during it waited: the longest and the 99th
// percentile, which is what a visitor's browser waits for its acknowledgement.
import { randomUUID } from 'node:crypto';

const total = Number(process.argv[2] ?? 1_000_000);
const kinds = (process.argv[3] ?? 'sqlite,postgres').split(',');
const build = process.env.BUILD ?? new URL('../dist/node', import.meta.url).pathname;
const { freshStore, receipt, ORIGIN } = await import(`${build}/test/collector/support.js`);
// The seeding from this checkout's build: the same receipts whichever store is measured.
const { seedReceipts } = await import('../dist/node/test/collector/support.js');
const { purgeOld } = await import(`${build}/src/collector/retention.js`);
const { erase, erasureRequest } = await import(`${build}/src/collector/erasure.js`);

const batch = () =>
  Array.from({ length: 37 }, () => ({
    receipt: receipt({ receiptId: randomUUID(), principal: randomUUID() }),
    meta: { origin: ORIGIN, receivedAt: new Date().toISOString() },
  }));

/** Appends batches back to back until `stop()`; the wait of each, in ms. */
function appending(store, key) {
  const waits = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const b = batch();
      const start = performance.now();
      await store.appendBatch(b, key);
      waits.push(performance.now() - start);
    }
  })();
  return async () => {
    stopped = true;
    await done;
    return waits;
  };
}

const ms = (x) => `${Math.round(x).toLocaleString('en')} ms`;

/** Runs `work` while batches are appended; its time and the batches' waits. */
async function beside(fresh, work) {
  const stop = appending(fresh.store, fresh.key);
  const start = performance.now();
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  return { result, seconds, waits: (await stop()).sort((a, b) => a - b) };
}

const p99 = (list) => list[Math.floor(list.length * 0.99)] ?? NaN;
const line = (what, { seconds, waits }) =>
  `  ${what} in ${seconds.toFixed(2)} s; ${waits.length * 37} receipts appended meanwhile, each batch ` +
  `waited up to ${ms(waits.at(-1))} (p99 ${ms(p99(waits))})`;

for (const kind of kinds) {
  const fresh = await freshStore(kind);
  try {
    await seedReceipts(fresh, kind, total);
    const visitor = randomUUID();
    const old = { origin: ORIGIN, receivedAt: '2026-11-23T10:00:02.000Z' };
    for (let i = 0; i < 3; i++) await fresh.store.append(receipt({ principal: visitor }), old, fresh.key);
    // The appends alone: their waits when nothing else runs.
    const quiet = await beside(fresh, () => new Promise((resolve) => setTimeout(resolve, 2000)));
    console.log(`${kind}, ${total.toLocaleString('en')} old receipts; appends alone: p99 ${ms(p99(quiet.waits))}`);
    const request = erasureRequest({ principal: visitor, reason: 'bench' });
    const erased = await beside(fresh, () => erase(fresh.store, request, 'Bench'));
    if (erased.result.count != 3) throw new Error(`erased ${erased.result.count} of 3`);
    console.log(line("one visitor's 3 receipts erased", erased));
    const purged = await beside(fresh, () => purgeOld(fresh.store, 1));
    if (purged.result.count != total + 3) throw new Error(`purged ${purged.result.count} of ${total + 3}`);
    console.log(line(`${purged.result.count.toLocaleString('en')} receipts purged`, purged));
  } finally {
    await fresh.drop();
  }
}
