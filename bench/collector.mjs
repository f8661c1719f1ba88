// Receipts a collector acknowledges per second, against a bare node:http server in the same run.
//   npm run build && node bench/collector.mjs [seconds per point] [connections, comma-separated]
//   e.g. node bench/collector.mjs 20 1,8,64     TARGETS=sqlite,postgres-2 to run some targets only
// (bare, fastify, app, app-chain, app-sign, sqlite, sqlite-2, postgres, postgres-2, sqlite-app,
// sqlite-unsigned, postgres-app, postgres-unsigned; by default bare, fastify, app, app-sign, sqlite, postgres and postgres-2)
//
// Every target is its own process on loopback, loaded by autocannon with a new receipt per
// request. The bare server reads the same POST and answers 201 without storing: the ceiling of
// this machine's HTTP path. The collectors are the real `temoin collector` (SQLite in WAL, each
// commit's WAL synced to disk before it is answered, as synchronous=FULL would, but off the event
// loop: store/wal-sync.ts; PostgreSQL with its defaults, synchronous_commit on), each
// acknowledgement after its receipt's transaction commits. After each point the store must hold exactly as many
// receipts as were answered 201 (an answer cut off by the end of the point is counted from the
// store, not guessed), nothing else may have been answered, and `verify` must pass.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, freshStore, receipt, ORIGIN } from '../dist/node/test/collector/support.js';
import { verifyChain } from '../dist/node/src/collector/verify.js';
import { brokenLink, EMPTY_CHAIN } from '../dist/node/src/collector/chain.js';

const seconds = Number(process.argv[2] ?? 20);
const connectionCounts = (process.argv[3] ?? '1,8,64').split(',').map(Number);
// BIN=… measures another checkout's collector (its `temoin collector`) in the same run.
const bin = process.env.BIN ?? new URL('../bin/temoin.js', import.meta.url).pathname;

const TARGETS = {
  bare: { bare: true },
  // Fastify with one route and nothing else (FASTIFY below).
  fastify: { fastify: true },
  // The collector's own app over a store that keeps nothing (bench/collector-app.mjs): the floor
  // under any store, without chaining, chaining without signing, chaining and signing each receipt.
  app: { app: 'app' },
  'app-chain': { app: 'app-chain' },
  'app-sign': { app: 'app-sign' },
  sqlite: { kind: 'sqlite', workers: 1 },
  'sqlite-2': { kind: 'sqlite', workers: 2 },
  postgres: { kind: 'postgres', workers: 1 },
  'postgres-2': { kind: 'postgres', workers: 2 },
  // The real store under the collector's app as bench/collector-app.mjs runs it, signing each
  // receipt (MODE=stored), then with every signature left out (MODE=unsigned): the most one
  // signature per batch could give, measured with the same harness.
  'sqlite-app': { kind: 'sqlite', mode: 'stored' },
  'sqlite-unsigned': { kind: 'sqlite', mode: 'unsigned' },
  'postgres-app': { kind: 'postgres', mode: 'stored' },
  'postgres-unsigned': { kind: 'postgres', mode: 'unsigned' },
};
const chosen = (process.env.TARGETS ?? 'bare,fastify,app,app-sign,sqlite,postgres,postgres-2').split(',');

// A receipt per request: the template's ids replaced by fresh UUIDs (costs the load generator
// about a microsecond, not a JSON.stringify).
const template = JSON.stringify(receipt({ receiptId: '@RECEIPT@', principal: '@PRINCIPAL@' }));
const [head, middle, tail] = template.split(/"@RECEIPT@"|"@PRINCIPAL@"/);
const nextBody = () => `${head}"${randomUUID()}"${middle}"${randomUUID()}"${tail}`;

// The bare server: reads the body, answers 201 with an acknowledgement-sized JSON.
const BARE = `
const ack = JSON.stringify({ receiptId: '0'.repeat(36), seq: 1, hash: '0'.repeat(64), receivedAt: new Date().toISOString(), signature: '0'.repeat(86), digest: '0'.repeat(64), prevHash: '0'.repeat(64) });
require('node:http').createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { res.writeHead(201, { 'content-type': 'application/json' }); res.end(ack); });
}).listen(Number(process.env.PORT), '127.0.0.1');`;

// Fastify with nothing but the route: its default JSON parser, no plugin, no hook, no log. Between
// the bare server and the collector's app, it tells what Fastify costs and what the app adds.
const FASTIFY = `
const ack = JSON.stringify({ receiptId: '0'.repeat(36), seq: 1, hash: '0'.repeat(64), receivedAt: new Date().toISOString(), signature: '0'.repeat(86), digest: '0'.repeat(64), prevHash: '0'.repeat(64) });
const app = require('fastify')();
app.get('/health', async () => ({ ok: true }));
app.post('/v1/receipts', async (request, reply) => { reply.code(201).type('application/json'); return ack; });
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`;

/** Waits until the server answers; its log is read and dropped, as a log collector would. */
async function started(child, port, what) {
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      () => true,
      () => false,
    );
    if (up) return;
    if (attempt == 200) throw new Error(`${what} did not start: ${output}`);
    await sleep(50);
  }
}

async function serve(target, port) {
  if (target.bare || target.fastify || target.app) {
    const script = target.app ? [new URL('collector-app.mjs', import.meta.url).pathname] : null;
    const args = script ?? ['-e', target.bare ? BARE : FASTIFY];
    const env = { ...process.env, PORT: String(port), MODE: target.app };
    const child = spawn(process.execPath, args, { env, cwd: new URL('..', import.meta.url).pathname });
    await started(child, port, target.app ?? (target.bare ? 'bare server' : 'bare Fastify'));
    return {
      close: async () => {
        child.kill();
        await once(child, 'exit');
      },
    };
  }
  const fresh = await freshStore(target.kind);
  const child = target.mode ? storeUnderApp(fresh, target.mode, port) : collector(fresh, target, port);
  await started(child, port, 'collector');
  return {
    /** Stops the collector (it commits what it holds), then counts and verifies what it stored. */
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
      const [{ n }] = await fresh.sql('SELECT COUNT(*) AS n FROM receipts');
      const verified = await (target.mode == 'unsigned' ? linksHold(fresh.store) : verifyChain(fresh.store));
      await fresh.drop();
      return { stored: Number(n), verified };
    },
  };
}

/** The real `temoin collector` over `fresh`. */
function collector(fresh, target, port) {
  const where = fresh.location.db ? ['--db', fresh.location.db] : ['--database-url', fresh.location.databaseUrl];
  const args = [bin, 'collector', ...where, '--key', fresh.keyFile, '--origin', ORIGIN, '--port', String(port)];
  args.push('--rate-limit', '100000000', ...(target.workers > 1 ? ['--workers', String(target.workers)] : []));
  // The collector's defaults unless asked: --log-level info logs every request.
  args.push(...(process.env.COLLECTOR_ARGS ?? '').split(' ').filter(Boolean));
  return spawn(process.execPath, args);
}

/** The collector's app over the store at `fresh` (bench/collector-app.mjs, MODE=stored or unsigned). */
function storeUnderApp(fresh, mode, port) {
  const where = fresh.location.db
    ? { BENCH_DB: fresh.location.db }
    : { BENCH_DATABASE_URL: fresh.location.databaseUrl };
  const app = new URL('collector-app.mjs', import.meta.url).pathname;
  return spawn(process.execPath, [app], { env: { ...process.env, ...where, PORT: String(port), MODE: mode } });
}

/** `verify` without the signatures: every link in order, each hash recomputed from its receipt. */
async function linksHold(store) {
  let previous = EMPTY_CHAIN;
  for await (const row of store.rows(0)) {
    const broken = brokenLink(previous, row);
    if (broken) return { ok: false, reason: `receipt ${broken.seq}: ${broken.reason}` };
    previous = row;
  }
  return { ok: true };
}

async function point(name, target, connections) {
  const port = await freePort();
  const server = await serve(target, port);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/receipts`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
  });
  const created = result.statusCodeStats?.['201']?.count ?? 0;
  const problems = [];
  if (result.errors) problems.push(`${result.errors} errors`);
  if (result.non2xx) problems.push(`${result.non2xx} non-2xx`);
  const closed = await server.close();
  if (closed) {
    // autocannon stops counting at the end of the point: the receipts it sent last, at most one
    // per connection, commit without their answer being counted.
    if (closed.stored < created || closed.stored > created + connections)
      problems.push(`${closed.stored} stored for ${created} answered 201`);
    if (!closed.verified.ok) problems.push(`verify: ${closed.verified.reason}`);
  }
  return { name, connections, rate: created / seconds, p99: result.latency.p99, problems };
}

const results = [];
for (const connections of connectionCounts) {
  for (const name of chosen) {
    const target = TARGETS[name];
    if (!target) throw new Error(`unknown target ${name}: ${Object.keys(TARGETS).join(', ')}`);
    const r = await point(name, target, connections);
    results.push(r);
    const bare = results.find((b) => b.name == 'bare' && b.connections == connections);
    const ratio = bare && name != 'bare' ? `  ${(r.rate / bare.rate).toFixed(3)}× bare` : '';
    console.log(
      `${name.padEnd(17)} ${String(connections).padStart(3)} connections: ${Math.round(r.rate).toLocaleString('en')}/s` +
        `  p99 ${r.p99} ms${ratio}${r.problems.length ? `  PROBLEMS: ${r.problems.join('; ')}` : ''}`,
    );
  }
}
if (results.some((r) => r.problems.length)) process.exitCode = 1;
