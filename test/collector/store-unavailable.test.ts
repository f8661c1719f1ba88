// A database that cannot take receipts for now is answered 503 with Retry-After, never 500: every
// receipt of the batch, none stored, and the log line names the store and its driver's code.
// PostgreSQL going down (a relay to the real server, cut then restored), SQLite locked by another
// connection past its busy timeout, and SQLite's disk full (the real process under `ulimit -f`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { buildCollector } from '../../src/collector/server.js';
import { openPostgres } from '../../src/collector/store/postgres.js';
import type { ReceiptStore } from '../../src/collector/store/store.js';
import { unavailability } from '../../src/collector/store/unavailable.js';
import { verifyChain } from '../../src/collector/verify.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { collectorProcess } from './collector-process.js';
import { relay, throughRelay } from './relay.js';
import { collectorInProcess, eventually, freshStore, ORIGIN, receipt, type Fresh } from './support.js';

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  store?: string;
  driverCode?: string;
  res?: { statusCode: number };
}

/** POSTs receipts at once, as browsers do: one group-commit batch. */
const postAll = (post: (r: Receipt) => Promise<Response>, receipts: Receipt[]) => Promise.all(receipts.map(post));

async function assertUnavailable(answers: Response[]): Promise<void> {
  for (const answer of answers) {
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.get('retry-after'), '5');
    const body = (await answer.json()) as { code: string; error: string };
    assert.equal(body.code, 'TEMOIN_ERR_STORE_UNAVAILABLE');
    assert.match(body.error, /unavailable for now, and nothing is acknowledged: send again in 5 s/);
  }
}

/** The log lines of the 503s (the first of each cause), at error level, naming the store and its driver's code. */
function outageLines(lines: string[], store: string, codes: RegExp): LogLine[] {
  const outages = lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.res?.statusCode == 503);
  for (const line of outages) {
    assert.equal(line.level, 50);
    assert.equal(line.code, 'TEMOIN_ERR_STORE_UNAVAILABLE');
    assert.equal(line.store, store);
    assert.match(line.driverCode!, codes);
    assert.match(
      line.msg,
      new RegExp(`^the ${store} store is unavailable \\(${line.driverCode!}: .+\\): answered 503`),
    );
  }
  return outages;
}

describe('which driver errors say the database is unavailable for now', () => {
  const error = (code: string | undefined, message = 'x') => Object.assign(new Error(message), { code });
  it('reads each driver by its own codes', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_READONLY', 'ENOSPC', 'EIO'])
      assert.equal(unavailability('sqlite', error(code))?.code, code);
    for (const code of ['ECONNREFUSED', 'EAI_AGAIN', '57P01', '57P03', '53300', '53100', '08006', '58000', '58030'])
      assert.equal(unavailability('postgres', error(code))?.code, code);
    assert.equal(unavailability('postgres', error(undefined, 'Connection terminated unexpectedly'))?.code, 'none');
    // A refusal or a bug: a constraint, a database that does not exist, a password refused, SQL wrong.
    for (const code of ['SQLITE_CONSTRAINT_TRIGGER', 'SQLITE_ERROR', 'ECONNREFUSED'])
      assert.equal(unavailability('sqlite', error(code)), null, code);
    // A standby after a failover, a serialization failure, a deadlock: the same request later may pass.
    for (const code of ['25006', '40001', '40P01']) assert.equal(unavailability('postgres', error(code))?.code, code);
    // A host name no one knows (mistyped), a file missing on the server: they stay so.
    for (const code of ['ENOTFOUND', '58P01', '58P02', '25001', '40002'])
      assert.equal(unavailability('postgres', error(code)), null, code);
    for (const code of ['3D000', '28P01', '42P01', 'P0001', 'SQLITE_BUSY', undefined])
      assert.equal(unavailability('postgres', error(code)), null, code);
  });
});

describe('PostgreSQL going down while the collector runs', { timeout: 60_000 }, () => {
  let f: Fresh;
  let store: ReceiptStore;
  let app: FastifyInstance;
  let server: Awaited<ReturnType<typeof relay>>;
  const lines: string[] = [];
  before(async () => {
    f = await freshStore('postgres');
    server = await relay(new URL(f.location.databaseUrl!));
    store = openPostgres(throughRelay(f.location.databaseUrl!, server));
    app = await buildCollector({
      store,
      key: f.key,
      origins: [ORIGIN],
      logLevel: 'info',
      logStream: { write: (line: string) => void lines.push(line) },
      batch: { maxBatch: 10, maxWaitMs: 20 },
    });
  });
  after(async () => {
    await app.close();
    await store.close();
    await server.close();
    await f.drop();
  });

  const post = async (r: Receipt) => {
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/receipts',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify(r),
    });
    return new Response(answer.body, { status: answer.statusCode, headers: answer.headers as HeadersInit });
  };
  const stored = async () => Number((await f.sql('SELECT COUNT(*) AS n FROM receipts'))[0]!.n);

  it('answers 503 with Retry-After to every receipt of the batch, stores none, and takes them once it is back', async () => {
    assert.equal((await post(receipt())).status, 201);
    server.cut();
    const batch = [receipt(), receipt(), receipt()];
    await assertUnavailable(await postAll(post, batch));
    assert.equal(await stored(), 1);
    const outages = outageLines(lines, 'postgres', /^(ECONNREFUSED|ECONNRESET|57P01|none)$/);
    const causes = new Set(outages.map((line) => line.driverCode));
    assert.equal(outages.length, causes.size, 'the first 503 of each cause is logged, the others counted');
    const log = lines.join('');
    for (const r of batch) assert.ok(!log.includes(r.principal) && !log.includes(r.receiptId));
    server.open();
    const retried = await postAll(post, batch);
    assert.deepEqual(
      retried.map((answer) => answer.status),
      [201, 201, 201],
    );
    assert.equal(await stored(), 4);
    assert.equal((await verifyChain(f.store)).ok, true);
  });
});

describe('SQLite locked by another connection past its busy timeout', { timeout: 60_000 }, () => {
  it('answers 503 with Retry-After to every receipt of the batch, stores none, and takes them once it is free', async () => {
    const lines: string[] = [];
    const c = await collectorInProcess('sqlite', {
      logLevel: 'info',
      logStream: { write: (line: string) => void lines.push(line) },
      batch: { maxBatch: 10, maxWaitMs: 20 },
    });
    // A long write elsewhere (another program, a script) holding the file's write lock.
    const other = new Database(c.location.db);
    try {
      other.exec('BEGIN IMMEDIATE');
      const batch = [receipt(), receipt(), receipt()];
      await assertUnavailable(await postAll(c.post, batch));
      assert.equal(outageLines(lines, 'sqlite', /^SQLITE_BUSY$/).length, 1, 'the first 503 of its cause');
      // Reads pass under a write lock: the store is no more back for that.
      const back = () => lines.filter((line) => /answers again/.test(line));
      assert.equal((await c.get('/v1/keys')).status, 200);
      await assertUnavailable([await c.post(receipt())]);
      assert.deepEqual(back(), [], 'not back while receipts are refused');
      assert.equal(outageLines(lines, 'sqlite', /^SQLITE_BUSY$/).length, 1, 'the same outage');
      other.exec('ROLLBACK');
      assert.equal(await c.count(), 0);
      const retried = await postAll(c.post, batch);
      assert.deepEqual(
        retried.map((answer) => answer.status),
        [201, 201, 201],
      );
      assert.equal(back().length, 1, 'back once receipts are taken');
    } finally {
      other.close();
      await c.close();
    }
  });
});

describe('SQLite on a full disk', { timeout: 60_000 }, () => {
  it('answers 503 with Retry-After, never 500, and the log names SQLite and its code', async () => {
    const f = await freshStore('sqlite');
    // The collector's process alone on the file; its files may not grow past 512 KB (the WAL first).
    await f.store.close();
    Object.assign(f.store, { close: () => Promise.resolve() });
    const c = collectorProcess(['--db', f.location.db!], f.keyFile, ['--log-level', 'info'], {
      fileBlocks: 1024,
    });
    try {
      await c.start();
      let answer: Response | undefined;
      for (let i = 0; i < 500; i++) {
        answer = await fetch(`${c.url}/v1/receipts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: JSON.stringify(receipt()),
        });
        if (answer.status != 201) break;
      }
      await assertUnavailable([answer!]);
      await eventually(async () => Promise.resolve(c.output().includes('"statusCode":503')), 'the log line');
      const line = c
        .output()
        .split('\n')
        .find((text) => text.includes('"statusCode":503'))!;
      assert.equal(outageLines([line], 'sqlite', /^SQLITE_(FULL|IOERR_WRITE)$/).length, 1);
    } finally {
      await c.kill();
      await f.drop();
    }
  });
});

describe('a PostgreSQL outage in the log', { timeout: 60_000 }, () => {
  it('writes the first 503 of each cause, one line an interval for the others, and one when the store answers again', async () => {
    const f = await freshStore('postgres');
    const server = await relay(new URL(f.location.databaseUrl!));
    const store = openPostgres(throughRelay(f.location.databaseUrl!, server));
    const lines: string[] = [];
    const app = await buildCollector({
      store,
      key: f.key,
      origins: [ORIGIN],
      logLevel: 'info',
      logStream: { write: (line: string) => void lines.push(line) },
      outageSummaryMs: 1000,
    });
    const post = async (r: Receipt) =>
      (
        await app.inject({
          method: 'POST',
          url: '/v1/receipts',
          headers: { origin: ORIGIN, 'content-type': 'application/json' },
          payload: JSON.stringify(r),
        })
      ).statusCode;
    const parsed = () => lines.map((line) => JSON.parse(line) as LogLine & { requests?: number });
    const summaries = () => parsed().filter((line) => / answered 503 in the last /.test(line.msg));
    try {
      assert.equal(await post(receipt()), 201);
      server.cut();
      const sent = 40;
      for (let i = 0; i < sent; i++) assert.equal(await post(receipt()), 503);
      const firsts = outageLines(lines, 'postgres', /^(ECONNREFUSED|ECONNRESET|57P01|none)$/);
      assert.equal(firsts.length, new Set(firsts.map((line) => line.driverCode)).size, 'one line a cause');
      await eventually(
        () => Promise.resolve(summaries().reduce((n, line) => n + line.requests!, 0) == sent - firsts.length),
        'the summary lines',
        5000,
      );
      for (const line of summaries()) {
        assert.equal(line.level, 50);
        assert.match(
          line.msg,
          /^[\d,]+ more requests? answered 503 in the last 1\.0 s: PostgreSQL unavailable \((ECONNREFUSED|ECONNRESET|none|57P01)( [\d,]+)?(; [\w]+ [\d,]+)*\)$/,
        );
      }
      assert.ok(summaries().length <= 2, 'at most one an interval');
      const log = lines.join('');
      server.open();
      assert.equal(await post(receipt()), 201);
      const back = parsed().filter((line) => /answers again/.test(line.msg));
      assert.equal(back.length, 1);
      assert.equal(back[0]!.level, 40);
      assert.match(
        back[0]!.msg,
        new RegExp(`^PostgreSQL answers again after \\d+\\.\\d s: ${sent} requests answered 503 meanwhile$`),
      );
      assert.equal(
        lines.join('').slice(log.length).includes('answered 503 in the last'),
        false,
        'nothing counted left',
      );
      // A new outage is logged anew.
      server.cut();
      assert.equal(await post(receipt()), 503);
      assert.equal(outageLines(lines, 'postgres', /./).length, firsts.length + 1);
    } finally {
      await app.close();
      await store.close();
      await server.close();
      await f.drop();
    }
  });
});
