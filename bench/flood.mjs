// One client flooding the collector past its rate limit: how many refusals (429) a second it
// answers, and how much log it writes meanwhile.
//   npm run build && node bench/flood.mjs [seconds = 10] [runs = 3]
// BIN=<another checkout>/bin/temoin.js measures that checkout's collector, each run beside this one's.
//
// `temoin collector` on SQLite with its defaults (60 receipts a minute a client, log level info,
// the log written to a file as a service manager would keep it), loaded by autocannon at 64
// connections from one address with the same valid receipt: 60 are stored, the rest refused.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, freshStore, receipt, ORIGIN } from '../dist/node/test/collector/support.js';

const seconds = Number(process.argv[2] ?? 10);
const runs = Number(process.argv[3] ?? 3);
const bins = {
  this: new URL('../bin/temoin.js', import.meta.url).pathname,
  ...(process.env.BIN ? { BIN: process.env.BIN } : {}),
};

async function flood(bin) {
  const f = await freshStore('sqlite');
  const log = join(tmpdir(), `temoin-flood-${process.pid}.log`);
  const port = await freePort();
  const args = [
    bin,
    'collector',
    '--db',
    f.location.db,
    '--port',
    String(port),
    '--origin',
    ORIGIN,
    '--key',
    f.keyFile,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', openSync(log, 'w'), 'inherit'] });
  try {
    while (
      !(await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      await sleep(50);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/v1/receipts`,
      method: 'POST',
      connections: 64,
      duration: seconds,
      body: JSON.stringify(receipt()),
      headers: { 'content-type': 'application/json', origin: ORIGIN },
    });
    if (result.errors || result['2xx'] + result.non2xx != result.requests.total)
      throw new Error(`${result.errors} errors`);
    return { perSecond: result.non2xx / seconds, logBytes: statSync(log).size, p99: result.latency.p99 };
  } finally {
    child.kill();
    await once(child, 'exit');
    await f.drop();
  }
}

for (let run = 1; run <= runs; run++) {
  for (const [name, bin] of Object.entries(bins)) {
    const r = await flood(bin);
    console.log(
      `${name.padEnd(4)} run ${run}: ${Math.round(r.perSecond).toLocaleString('en')} refusals/s, p99 ${r.p99} ms, ` +
        `log ${(r.logBytes / 1024).toFixed(0)} KB in ${seconds} s`,
    );
  }
}
