// Erasure on PostgreSQL: the receipts and the access log are rewritten into copies, which the old
// rows' bytes are not in, while receipts go on arriving; then swapped in under a short lock. Real
// PostgreSQL: the tables' files read from the data directory, other collectors (stores of their
// own, with their own connections) appending and purging meanwhile, an export's open read.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import pg from 'pg';
import { logAccess } from '../../src/collector/access.js';
import { erase, erasureRequest } from '../../src/collector/erasure.js';
import { purgeOld } from '../../src/collector/retention.js';
import { openStore } from '../../src/collector/store/open.js';
import { openPostgres } from '../../src/collector/store/postgres.js';
import type { ReceiptStore } from '../../src/collector/store/store.js';
import { verifyChain } from '../../src/collector/verify.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { asAdmin, freshStore, ORIGIN, receipt, seedReceipts, type Fresh } from './support.js';

const REASON = 'demande d’accès 2026-041 : destruction demandée';
const OLD = '2026-11-23T10:00:02.000Z';

/** The visitor's three receipts, received `at`. */
async function three(store: ReceiptStore, f: Fresh, visitor: string, at = new Date().toISOString()) {
  const receipts: Receipt[] = [];
  for (let i = 0; i < 3; i++) {
    const r = receipt({ principal: visitor, timestamp: `2025-12-2${i}T09:00:00.10${i}Z` });
    await store.append(r, { origin: ORIGIN, receivedAt: at }, f.key);
    receipts.push(r);
  }
  return receipts;
}

const read = (principal: string) => ({
  at: new Date().toISOString(),
  actor: 'Ana Lyste',
  tokenId: null,
  action: 'GET /v1/receipts',
  filters: { principal },
  rows: 3,
});

/**
 * The server's data directory, read as the OS user running the tests: `SHOW data_directory` needs
 * pg_read_all_settings, which the test role lacks, so TEMOIN_TEST_PG_DATA or Debian's place for
 * the server's version. Null when none is readable (then the test says so and is skipped).
 */
async function dataDirectory(f: Fresh): Promise<string | null> {
  const setting = async (text: string) => (await f.sql(text).catch(() => []))[0]?.value;
  const candidates = [
    process.env.TEMOIN_TEST_PG_DATA,
    await setting("SELECT current_setting('data_directory') AS value"),
    `/var/lib/postgresql/${String(await setting("SELECT current_setting('server_version_num')::int / 10000 AS value"))}/main`,
  ];
  for (const dir of candidates)
    if (typeof dir == 'string' && (await readdir(`${dir}/base`).catch(() => null))) return dir;
  return null;
}

/**
 * Writes every page PostgreSQL holds in memory to its file: CHECKPOINT needs a superuser, but
 * CREATE DATABASE … STRATEGY FILE_COPY, which the test role may run, checkpoints first.
 */
async function flushed(): Promise<void> {
  const name = `${process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_'}flush_${randomUUID().slice(0, 8)}`;
  await asAdmin(async (c) => {
    await c.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
    await c.query(`DROP DATABASE ${name}`);
  });
}

/** Which of `texts` are anywhere in the files of the store's database (its tables and indexes), once flushed. */
async function inFiles(f: Fresh, dir: string, texts: string[]): Promise<string[]> {
  await flushed();
  const [db] = await f.sql('SELECT oid::text AS oid FROM pg_database WHERE datname = current_database()');
  const base = `${dir}/base/${String(db!.oid)}`;
  const found = new Set<string>();
  for (const file of await readdir(base)) {
    const bytes = await readFile(`${base}/${file}`).catch(() => Buffer.alloc(0));
    for (const text of texts) if (bytes.includes(text)) found.add(text);
  }
  return [...found];
}

/** How the two tables are defined: columns, defaults, indexes, constraints, the access log's sequence, and every table's name. */
async function definitions(f: Fresh) {
  return {
    tables: await f.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"),
    columns: await f.sql(
      `SELECT table_name, column_name, column_default, is_nullable, data_type FROM information_schema.columns
       WHERE table_name IN ('receipts', 'access_log') ORDER BY table_name, ordinal_position`,
    ),
    indexes: await f.sql(
      "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('receipts', 'access_log') ORDER BY indexname",
    ),
    constraints: await f.sql(
      `SELECT conname, contype, conrelid::regclass::text AS "table", pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid IN ('receipts'::regclass, 'access_log'::regclass) ORDER BY conname`,
    ),
    sequence: await f.sql("SELECT pg_get_serial_sequence('access_log', 'id') AS owned"),
  };
}

/** Every text of every row of every table. */
async function everything(f: Fresh): Promise<string> {
  const tables = await f.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
  const texts = [];
  for (const { tablename } of tables) texts.push(JSON.stringify(await f.sql(`SELECT * FROM ${String(tablename)}`)));
  return texts.join('\n');
}

const leftovers = (f: Fresh) =>
  f.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '%\\_rewrite'");

describe('erasure on PostgreSQL: the tables rewritten beside the receipts arriving', { timeout: 180_000 }, () => {
  let f: Fresh;
  let visitor: string;
  const others: ReceiptStore[] = [];
  /** Another collector on the same database: a store with connections of its own. */
  const another = () => {
    const store = openPostgres(f.location.databaseUrl!);
    others.push(store);
    return store;
  };
  beforeEach(async () => {
    f = await freshStore('postgres');
    visitor = randomUUID();
  });
  afterEach(async () => {
    for (const store of others.splice(0)) await store.close();
    await f.drop();
  });

  it("takes the erased values out of the tables' files, and leaves the tables defined as they were", async (t) => {
    const dir = await dataDirectory(f);
    // Root (CI) reads any cluster's files: a skip there would hide the test.
    if (!dir && process.getuid?.() === 0) assert.fail('no data directory found as root: set TEMOIN_TEST_PG_DATA');
    if (!dir) return t.skip('no readable data directory: set TEMOIN_TEST_PG_DATA');
    await f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
    const receipts = await three(f.store, f, visitor);
    await f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
    // Logged as a release that kept the id as typed did: the log line holds the id until redacted.
    await f.store.logAccess(read(visitor));
    const before = await definitions(f);
    const texts = [visitor, ...receipts.map((r) => r.timestamp)];
    assert.deepEqual((await inFiles(f, dir, texts)).sort(), [...texts].sort(), 'the files are read: all there before');

    const done = await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
    assert.deepEqual(done.seqs, [2, 3, 4]);
    assert.deepEqual(await inFiles(f, dir, texts), [], 'no old row version is left in any file');
    // The same tables: names of indexes and constraints, defaults, the sequence the log's ids come from.
    assert.deepEqual(await definitions(f), before);
    assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 5, erased: 3, firstSeq: 1, lastSeq: 5 });
    const [last] = await f.sql('SELECT max(id)::int AS id FROM access_log');
    assert.ok((await f.store.logAccess(read(randomUUID()))).id > Number(last!.id), 'the log goes on numbering');
    const next = await f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
    assert.equal(next.status == 'created' && next.ack.seq, 6);
  });

  it('lets receipts arrive while it copies, and a purge asked meanwhile waits for the swap, then works', async () => {
    const OLD_RECEIPTS = 100_000;
    await seedReceipts(f, 'postgres', OLD_RECEIPTS);
    await three(f.store, f, visitor, OLD);
    // Another collector appends batches back to back, as group commit does under load.
    const appender = another();
    const acked: string[] = [];
    const waits: { start: number; end: number }[] = [];
    const stop = new AbortController();
    const appends = (async () => {
      while (!stop.signal.aborted) {
        const batch = Array.from({ length: 37 }, () => ({
          receipt: receipt(),
          meta: { origin: ORIGIN, receivedAt: new Date().toISOString() },
        }));
        const start = performance.now();
        const results = await appender.appendBatch(batch, f.key);
        waits.push({ start, end: performance.now() });
        for (const r of results) if (r.status == 'created') acked.push(r.ack.receiptId);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = performance.now();
    let ended = Infinity;
    const erasing = erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min').finally(() => {
      ended = performance.now();
    });
    // Once the copy is under way: a read logged, and a purge asked of a third collector.
    while (ended == Infinity && !(await leftovers(f)).length) await new Promise((resolve) => setTimeout(resolve, 10));
    const line = await logAccess(another(), { ...read(randomUUID()), filters: { during: 'the copy' } });
    const purgeAsked = performance.now();
    const purging = purgeOld(another(), 1);
    const done = await erasing;
    assert.equal(done.count, 3);
    const purged = await purging;
    stop.abort();
    await appends;

    // No batch waited for the copy: only for the swap.
    const during = waits.filter((w) => w.end > started && w.start < ended);
    const longest = Math.max(...during.map((w) => w.end - w.start));
    const erasureMs = ended - started;
    assert.ok(during.length > 10, `batches were appended meanwhile (${during.length})`);
    assert.ok(
      longest < erasureMs / 4,
      `the longest wait of a batch (${Math.round(longest)} ms) is well under the erasure's time (${Math.round(erasureMs)} ms)`,
    );
    assert.ok(purgeAsked < ended, 'the purge was asked while the tables were copied');
    assert.equal(purged?.count, OLD_RECEIPTS + 3, 'the purge removed every old receipt, tombstones too');
    // Every receipt acknowledged is there, in one gap-free line that verifies.
    const [stored] = await f.sql(
      'SELECT count(*)::int AS n, min(seq)::int AS first, max(seq)::int AS last, count(*) FILTER (WHERE receipt_id = ANY($1))::int AS acked FROM receipts',
      [acked],
    );
    assert.deepEqual(stored, {
      n: acked.length,
      first: OLD_RECEIPTS + 4,
      last: OLD_RECEIPTS + 3 + acked.length,
      acked: acked.length,
    });
    const verified = await verifyChain(f.store);
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.equal(verified.checked, acked.length);
    assert.ok(
      (await f.store.accessLog({ limit: 50 })).some((e) => e.id == line.id),
      'the line logged meanwhile is kept',
    );
    assert.deepEqual(await leftovers(f), []);
  });

  it("gives up on the swap while an export's read holds the table, says so (503), and the same erasure again rewrites", async () => {
    await f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
    await three(f.store, f, visitor);
    const reader = new pg.Client({ connectionString: f.location.databaseUrl! });
    await reader.connect();
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM receipts');
    // Ended after 15 s whatever happens: a rewrite that waits without bound (VACUUM FULL) then succeeds.
    const ending = setTimeout(() => void reader.query('COMMIT'), 15_000);
    const request = erasureRequest({ principal: visitor, reason: REASON });
    try {
      const appended = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const start = performance.now();
        await another().append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
        return performance.now() - start;
      })();
      await assert.rejects(erase(f.store, request, 'Ad Min'), {
        code: 'TEMOIN_ERR_SCRUB_BUSY',
        message:
          /the receipts are erased and the erasure recorded, but another connection reading them .* run the same erasure again once it ends/,
      });
      assert.ok((await appended) < 5000, 'receipts arrived while it tried');
      assert.deepEqual(await leftovers(f), [], 'the copies are dropped');
      assert.equal((await f.store.erasures()).length, 1, 'the erasure is recorded');
    } finally {
      clearTimeout(ending);
      await reader.query('COMMIT');
      await reader.end();
    }
    const before = (await f.sql("SELECT 'receipts'::regclass::oid::int AS oid"))[0]!.oid;
    const again = await erase(f.store, request, 'Ad Min');
    assert.deepEqual([again.count, again.earlier.map((e) => e.count)], [0, [3]]);
    const after = (await f.sql("SELECT 'receipts'::regclass::oid::int AS oid"))[0]!.oid;
    assert.notEqual(after, before, 'rewritten this time');
    assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 5, erased: 3, firstSeq: 1, lastSeq: 5 });
  });

  it('drops the copies a rewrite cut short left, at the next erasure; they stop no start', async () => {
    await three(f.store, f, visitor);
    await f.store.logAccess(read(visitor));
    // The process died while copying: copies holding the visitor's rows as they were.
    await f.sql('CREATE TABLE receipts_rewrite (LIKE receipts INCLUDING ALL)');
    await f.sql('INSERT INTO receipts_rewrite SELECT * FROM receipts');
    await f.sql('CREATE TABLE access_log_rewrite AS SELECT * FROM access_log');
    const started = await openStore({ databaseUrl: f.location.databaseUrl! }, { create: true });
    others.push(started);
    assert.deepEqual(await started.pendingMigrations(), []);
    await erase(started, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
    assert.deepEqual(await leftovers(f), []);
    assert.ok(!(await everything(f)).includes(visitor), 'the id is in no table');
    assert.ok((await verifyChain(started)).ok);
  });

  it('lets a collector start while it copies: a start with no migration to apply takes no lock', async () => {
    await seedReceipts(f, 'postgres', 200_000);
    await three(f.store, f, visitor);
    let ended = Infinity;
    const erasing = erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min').finally(() => {
      ended = performance.now();
    });
    while (ended == Infinity && !(await leftovers(f)).length) await new Promise((resolve) => setTimeout(resolve, 10));
    const asked = performance.now();
    others.push(await openStore({ databaseUrl: f.location.databaseUrl! }, { create: true }));
    const opened = performance.now();
    await erasing;
    assert.ok(
      opened < ended,
      `started at ${Math.round(opened - asked)} ms, before the copy ended (${Math.round(ended - asked)} ms)`,
    );
  });

  it("rewrites in place (VACUUM FULL) when a function of the site's own depends on the table, which would keep it from being dropped", async () => {
    await three(f.store, f, visitor);
    await f.sql(
      'CREATE FUNCTION receipts_kept() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM receipts; END',
    );
    const done = await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
    assert.equal(done.count, 3);
    assert.deepEqual(await f.sql('SELECT receipts_kept()::int AS n'), [{ n: 3 }]);
    assert.ok(!(await everything(f)).includes(visitor));
    assert.deepEqual(await leftovers(f), []);
  });

  it('two erasures at once on two collectors take turns, and both are done', async () => {
    const second = randomUUID();
    await three(f.store, f, visitor);
    await three(f.store, f, second);
    await f.store.logAccess(read(visitor));
    await f.store.logAccess(read(second));
    const [one, two] = await Promise.all([
      erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min'),
      erase(another(), erasureRequest({ principal: second, reason: REASON }), 'Ad Min'),
    ]);
    assert.deepEqual([one.count, two.count], [3, 3]);
    const all = await everything(f);
    assert.ok(!all.includes(visitor) && !all.includes(second));
    assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 6, erased: 6, firstSeq: 1, lastSeq: 6 });
    assert.deepEqual(await leftovers(f), []);
  });

  it("rewrites in place (VACUUM FULL) when a site's own view holds the table, which a swap would break", async () => {
    await three(f.store, f, visitor);
    await f.sql(
      'CREATE VIEW receipts_by_day AS SELECT substr(received_at, 1, 10) AS day, count(*) FROM receipts GROUP BY 1',
    );
    const before = (await f.sql("SELECT 'receipts'::regclass::oid::int AS oid"))[0]!.oid;
    await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
    assert.equal((await f.sql("SELECT 'receipts'::regclass::oid::int AS oid"))[0]!.oid, before, 'the same table');
    assert.equal((await f.sql('SELECT count::int AS n FROM receipts_by_day'))[0]!.n, 3, 'the view is kept');
    assert.ok((await verifyChain(f.store)).ok);
  });
});
