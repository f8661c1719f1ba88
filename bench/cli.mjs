// How long `temoin` takes to start: every command's --help, and three real commands a site owner
// or an analyst runs from scripts and cron (a config checked, a small database verified, its
// statistics), against `node -e ''` in the same run: the floor of any Node command.
//   npm run build && node bench/cli.mjs [runs = 15]
// BIN=<another checkout>/bin/temoin.js measures that checkout's command too, turn by turn with this one.
//
// Each run starts a new process and waits for it to end (spawnSync): what a shell script waits
// for. The runs of every case and command take turns, so that other work on the machine falls on
// all of them alike. Printed: the median (and the fastest run) of each, in ms.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { freshStore, receipt, ORIGIN } from '../dist/node/test/collector/support.js';
import { program } from '../dist/node/src/collector/cli/main.js';

const runs = Number(process.argv[2] ?? 15);
const bins = {
  this: new URL('../bin/temoin.js', import.meta.url).pathname,
  ...(process.env.BIN ? { BIN: process.env.BIN } : {}),
};

/** A small SQLite database for `verify` and `stats`: 50 receipts of 50 visitors, signed and chained. */
async function smallDatabase() {
  const fresh = await freshStore('sqlite');
  for (let i = 0; i < 50; i++)
    await fresh.store.append(
      receipt({ receiptId: randomUUID(), principal: randomUUID() }),
      { origin: ORIGIN, receivedAt: new Date().toISOString() },
      fresh.key,
    );
  await fresh.store.close();
  return fresh;
}

const fresh = await smallDatabase();
const db = ['--db', fresh.location.db];
// The demo's config with its collector's address filled in, as demo/serve.mjs serves it.
const demoConfig = join(dirname(fresh.location.db), 'config.json');
const demo = await readFile(new URL('../demo/temoin.config.json', import.meta.url), 'utf8');
await writeFile(demoConfig, demo.replaceAll('%COLLECTOR_PORT%', '8787'));
const cases = {
  "node -e ''": null,
  'temoin --help': ['--help'],
  ...Object.fromEntries(program().commands.map((c) => [`temoin ${c.name()} --help`, [c.name(), '--help']])),
  'temoin check (the demo config)': ['check', demoConfig],
  'temoin verify --db (50 receipts)': ['verify', ...db, '--key', fresh.keyFile],
  'temoin stats --db (50 receipts)': ['stats', ...db],
};

/** One run's wall time in ms; a run that fails stops the bench, so that no error is measured. */
function timed(bin, args) {
  const argv = args ? [bin, ...args] : ['-e', ''];
  const start = performance.now();
  const done = spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (done.status !== 0) throw new Error(`${argv.join(' ')} exited ${done.status}: ${done.stderr}`);
  return ms;
}

const times = new Map();
const keep = (key, ms) => times.set(key, [...(times.get(key) ?? []), ms]);
try {
  for (let run = 0; run < runs; run++)
    for (const [name, args] of Object.entries(cases))
      for (const [which, bin] of Object.entries(bins)) {
        keep(`${name}\t${which}`, timed(bin, args));
        if (!args) break; // the floor is the same node for every checkout
      }
} finally {
  await fresh.drop();
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const shown = (list) => (list ? `${Math.round(median(list))} ms (min ${Math.round(Math.min(...list))})` : '');
console.log(`${runs} runs each, node ${process.version}\n`);
console.log(`| command | ${Object.keys(bins).join(' | ')} |`);
console.log(`| --- |${' --- |'.repeat(Object.keys(bins).length)}`);
for (const name of Object.keys(cases))
  console.log(
    `| ${name} | ${Object.keys(bins)
      .map((which) => shown(times.get(`${name}\t${which}`)) || '')
      .join(' | ')} |`,
  );
