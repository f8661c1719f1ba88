// Receipts per second a streamed export delivers, and the memory it takes, on SQLite and PostgreSQL.
//   npm run build && node bench/export.mjs [receipts = 1000000]      STORES=sqlite to run one store
//
// The store is filled by the database itself with real receipts' bodies (about 1.1 KB of canonical
// JSON each, ids from the row number; the chain columns are placeholders: an export does not check
// them). Then, each as its own process:
// - over HTTP: `GET /v1/receipts?format=jsonl|csv` from `temoin collector`, read to the end;
// - on the command line: `temoin receipts export --format jsonl|csv` into /dev/null.
// Peak resident memory is sampled from /proc every 20 ms.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createToken } from '../dist/node/src/collector/access.js';
import { freePort, freshStore, ORIGIN, seedReceipts } from '../dist/node/test/collector/support.js';

const total = Number(process.argv[2] ?? 1_000_000);
const stores = (process.env.STORES ?? 'sqlite,postgres').split(',');
const bin = new URL('../bin/temoin.js', import.meta.url).pathname;

const residentMb = async (pid) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** Samples a process's resident memory until stopped; the peak. */
function peakMemory(pid) {
  let peak = 0;
  const timer = setInterval(
    () =>
      void residentMb(pid).then(
        (mb) => (peak = Math.max(peak, mb)),
        () => {},
      ),
    20,
  );
  return () => (clearInterval(timer), peak);
}

async function overHttp(fresh, format) {
  const port = await freePort();
  const where = fresh.location.db ? ['--db', fresh.location.db] : ['--database-url', fresh.location.databaseUrl];
  const args = [bin, 'collector', ...where, '--port', String(port), '--origin', ORIGIN, '--key', fresh.keyFile];
  const child = spawn(process.execPath, [...args, '--log-level', 'warn'], { stdio: 'inherit' });
  const token = (await createToken(fresh.store, 'Bench', 'analyst')).token;
  while (
    !(await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await sleep(50);
  const stopPeak = peakMemory(child.pid);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/v1/receipts?format=${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let lines = 0;
  let bytes = 0;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i != -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = stopPeak();
  child.kill();
  await once(child, 'exit');
  return { rows: format == 'csv' ? lines - 1 : lines, bytes, seconds, peak };
}

async function onCommandLine(fresh, format) {
  const where = fresh.location.db ? ['--db', fresh.location.db] : ['--database-url', fresh.location.databaseUrl];
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'receipts', 'export', ...where, '--format', format], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const stopPeak = peakMemory(child.pid);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of child.stdout) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i != -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  const [code] = await once(child, 'exit');
  if (code) throw new Error(`temoin receipts export exited ${code}`);
  return {
    rows: format == 'csv' ? lines - 1 : lines,
    bytes,
    seconds: (performance.now() - started) / 1000,
    peak: stopPeak(),
  };
}

for (const kind of stores) {
  const fresh = await freshStore(kind);
  try {
    const seeding = performance.now();
    await seedReceipts(fresh, kind, total);
    console.log(
      `${kind}: ${total.toLocaleString('en')} receipts stored in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );
    for (const [how, run] of [
      ['HTTP', overHttp],
      ['CLI', onCommandLine],
    ]) {
      for (const format of ['jsonl', 'csv']) {
        const r = await run(fresh, format);
        if (r.rows != total) throw new Error(`${how} ${format}: ${r.rows} rows for ${total}`);
        console.log(
          `  ${how.padEnd(4)} ${format.padEnd(5)} ${Math.round(r.rows / r.seconds)
            .toLocaleString('en')
            .padStart(8)} receipts/s` +
            `  (${r.seconds.toFixed(1)} s, ${(r.bytes / 1048576).toFixed(0)} MB, peak RSS ${r.peak.toFixed(0)} MB)`,
        );
      }
    }
  } finally {
    await fresh.drop();
  }
}
