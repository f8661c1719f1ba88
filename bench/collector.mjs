// Receipts a collector acknowledges per second, on SQLite and PostgreSQL, over real HTTP on
// loopback: each acknowledgement comes after the receipt is committed (SQLite synchronous=FULL).
//   npm run build && node bench/collector.mjs [receipts] [concurrency]
import { randomUUID } from 'node:crypto';
import { freshStore, receipt, ORIGIN } from '../dist/node/test/collector/support.js';
import { buildCollector } from '../dist/node/src/collector/server.js';
import { verifyChain } from '../dist/node/src/collector/verify.js';

const total = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 8);

for (const kind of ['sqlite', 'postgres']) {
  const fresh = await freshStore(kind);
  const app = await buildCollector({
    store: fresh.store,
    key: fresh.key,
    origins: [ORIGIN],
    logLevel: 'silent',
    rateLimit: 1e9,
  });
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/receipts`;
  const bodies = Array.from({ length: total }, () => JSON.stringify(receipt({ principal: randomUUID() })));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const body = bodies[next++];
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body,
        });
        if (response.status != 201) throw new Error(`status ${response.status}: ${await response.text()}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const verifyStarted = performance.now();
  const result = await verifyChain(fresh.store);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  console.log(
    `${kind.padEnd(8)} ${total} receipts, ${concurrency} at a time: ${(total / seconds).toFixed(0)} receipts/s;` +
      ` verify: ${result.checked} in ${verifySeconds.toFixed(2)} s (${(result.checked / verifySeconds).toFixed(0)}/s)`,
  );
  await app.close();
  await fresh.drop();
}
