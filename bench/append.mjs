// What storing a batch of receipts costs the event loop, and in all, on SQLite and PostgreSQL:
// `store.appendBatch` called back to back (one batch at a time, as group commit does) with
// batches of a given size, each of new receipts.
//   npm run build && node bench/append.mjs [batch size = 37] [batches = 100] [sqlite,postgres]
// BUILD=<another checkout's dist/node> measures that build's store in the same run.
// "event loop" is the time the main thread was busy (performance.eventLoopUtilization): what the
// collector could not spend reading requests. "wall" is from the call to its commit, durable.
import { randomUUID } from 'node:crypto';

const size = Number(process.argv[2] ?? 37);
const count = Number(process.argv[3] ?? 100);
const kinds = (process.argv[4] ?? 'sqlite,postgres').split(',');
const build = process.env.BUILD ?? new URL('../dist/node', import.meta.url).pathname;
const { freshStore, receipt, ORIGIN } = await import(`${build}/test/collector/support.js`);

const batch = () =>
  Array.from({ length: size }, () => ({
    receipt: receipt({ receiptId: randomUUID(), principal: randomUUID() }),
    meta: { origin: ORIGIN, receivedAt: new Date().toISOString() },
  }));

for (const kind of kinds) {
  const fresh = await freshStore(kind);
  try {
    for (let round = 1; round <= 3; round++) {
      const batches = Array.from({ length: count }, batch);
      const loop = performance.eventLoopUtilization();
      const start = performance.now();
      for (const b of batches) await fresh.store.appendBatch(b, fresh.key);
      const wall = performance.now() - start;
      const busy = performance.eventLoopUtilization(loop).active;
      const per = (ms) => `${Math.round((ms * 1000) / (size * count))} µs`;
      console.log(
        `${kind} round ${round}: ${count} batches of ${size}: wall ${per(wall)} a receipt, event loop ${per(busy)}`,
      );
    }
  } finally {
    await fresh.drop();
  }
}
