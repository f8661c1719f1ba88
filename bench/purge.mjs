// What a big retention purge costs the receipts arriving meanwhile, on SQLite and PostgreSQL.
//   npm run build && node bench/purge.mjs [receipts = 1000000] [sqlite,postgres]
// BUILD=<another checkout's dist/node> measures that build's store in the same run.
//
// The store is filled with `receipts` old receipts (bench/seed.mjs), then batches of 37 new
// receipts are appended back to back (as group commit does under load) while every old one is
// purged. Printed: the purge's time, and how long the appends made during it waited: the longest
// and the 99th percentile, which is what a visitor's browser waits for its acknowledgement.
import { randomUUID } from 'node:crypto';
import { seedSql } from './seed.mjs';

const total = Number(process.argv[2] ?? 1_000_000);
const kinds = (process.argv[3] ?? 'sqlite,postgres').split(',');
const build = process.env.BUILD ?? new URL('../dist/node', import.meta.url).pathname;
const { freshStore, receipt, ORIGIN } = await import(`${build}/test/collector/support.js`);
const { purgeOld } = await import(`${build}/src/collector/retention.js`);

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

for (const kind of kinds) {
  const fresh = await freshStore(kind);
  try {
    await fresh.sql(seedSql(kind, total));
    await fresh.sql(`INSERT INTO chain_head (id, seq, hash) VALUES (1, ${total}, '${'1'.repeat(64)}')`);
    if (kind == 'postgres') await fresh.sql('VACUUM ANALYZE receipts');
    // The appends before the purge: their waits when nothing else runs.
    let stop = appending(fresh.store, fresh.key);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const quiet = (await stop()).sort((a, b) => a - b);
    stop = appending(fresh.store, fresh.key);
    const start = performance.now();
    const purged = await purgeOld(fresh.store, 1);
    const seconds = (performance.now() - start) / 1000;
    const waits = (await stop()).sort((a, b) => a - b);
    if (purged.count != total) throw new Error(`purged ${purged.count} of ${total}`);
    const p99 = (list) => list[Math.floor(list.length * 0.99)] ?? NaN;
    console.log(
      `${kind}: purged ${total.toLocaleString('en')} in ${seconds.toFixed(1)} s; ` +
        `${waits.length * 37} receipts appended meanwhile, each batch waited up to ${ms(waits.at(-1))} ` +
        `(p99 ${ms(p99(waits))}; without a purge ${ms(quiet.at(-1))}, p99 ${ms(p99(quiet))})`,
    );
  } finally {
    await fresh.drop();
  }
}
