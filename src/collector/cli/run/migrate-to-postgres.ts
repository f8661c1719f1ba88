// `temoin migrate-to-postgres`: a collector's SQLite database moved whole into PostgreSQL, for a
// site that outgrows one machine. Every table is copied as it is (receipts and tombstones, the
// chain's head, purge checkpoints, public keys, configs, tokens, the access log, erasures, the
// statistics' counts) in one PostgreSQL transaction, from one SQLite snapshot taken under SQLite's
// exclusive lock (a collector still open on the file is refused), streamed a few
// hundred rows at a time; the id sequences are set past the ids SQLite handed out, deleted ones
// included (a hand `\copy` leaves them at 1, and the next access-log entry fails on a duplicate
// key); then the copy is verified. PostgreSQL is waited for as the collector waits (a connection
// within connect_timeout, keep-alive), but no statement of the copy is bounded: a big one may take
// long. A server that cannot be reached before the copy is committed exits 75, as the collector
// does at start.
import Database from 'better-sqlite3';
import pg from 'pg';
import { logAccess } from '../../access.js';
import { described, openStore, StoreOpenError } from '../../store/open.js';
import { postgresBounds } from '../../store/postgres-bounds.js';
import { REWRITTEN, rewriteOf } from '../../store/postgres-rewrite.js';
import { unavailability } from '../../store/unavailable.js';
import { verifyChain } from '../../verify.js';
import { userInfo } from 'node:os';
import { plural } from '../table.js';
import { unavailableExit } from './unavailable-exit.js';

/** Rows in one INSERT: 500 rows of 15 values stay far under PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

export interface MigrateFlags {
  db: string;
  databaseUrl: string;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

const ignore = () => {};

/**
 * A client of the target within the collector's connection bound and with its keep-alive: a host
 * that is down but not refusing would hold the copy on TCP for minutes. Its statements are not
 * bounded. A connection lost fails the statement under way; its 'error' event must not also end
 * the process.
 */
function targetClient(databaseUrl: string): pg.Client {
  const client = new pg.Client({ connectionString: databaseUrl, ...postgresBounds(databaseUrl).pool });
  client.on('error', ignore);
  return client;
}

/**
 * The connection lost while COMMIT was under way: the copy may be committed or not, and running
 * it again is no answer if it is. Never read as "nothing was copied".
 */
class CommitInDoubt extends Error {}

/** COMMIT refused rolls the copy back; the connection lost under it leaves it in doubt. */
async function commit(client: pg.Client, to: string): Promise<void> {
  try {
    await client.query('COMMIT');
  } catch (e) {
    if (!unavailability('postgres', e)) throw e;
    throw new CommitInDoubt(
      `the connection to ${to} was lost while the copy was committed (${(e as Error).message}): it holds the whole copy or none of it. Once it answers, run migrate-to-postgres again if its tables are empty; if they are not, drop it and create it again (DROP DATABASE …; CREATE DATABASE … OWNER …;) before you do`,
      { cause: e },
    );
  }
}

/**
 * The tables PostgreSQL holds after Témoin's migrations, but its own bookkeeping of them, and the
 * copies an erasure's rewrite cut short left (the next rewrite drops them).
 */
async function targetTables(client: pg.Client): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table: string; column: string }>(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const skipped = new Set(['schema_migrations', ...Object.keys(REWRITTEN).map(rewriteOf)]);
  const tables = new Map<string, string[]>();
  for (const { table, column } of rows)
    if (!skipped.has(table)) tables.set(table, [...(tables.get(table) ?? []), column]);
  return tables;
}

/** Copies one table from the SQLite snapshot, a page of rows per INSERT; how many rows. */
async function copyTable(
  source: Database.Database,
  client: pg.Client,
  table: string,
  columns: string[],
): Promise<number> {
  const list = columns.map(quoted).join(', ');
  const rows = source
    .prepare(`SELECT ${list} FROM ${quoted(table)} ORDER BY rowid`)
    .raw()
    .iterate() as IterableIterator<unknown[]>;
  let copied = 0;
  let page: unknown[][] = [];
  const flush = async () => {
    if (!page.length) return;
    const values: unknown[] = [];
    const tuples = page.map((row) => `(${row.map((value) => `$${values.push(value)}`).join(', ')})`);
    await client.query(`INSERT INTO ${quoted(table)} (${list}) VALUES ${tuples.join(', ')}`, values);
    copied += page.length;
    page = [];
  };
  // The SQLite connection serves nothing else while the iterator is open, awaits included.
  for (const row of rows) {
    page.push(row);
    if (page.length == ROWS_PER_INSERT) await flush();
  }
  await flush();
  return copied;
}

type Head = { seq: number; hash: string } | undefined;

/**
 * Fresh tables have no statistics until autovacuum comes by: PostgreSQL would read a whole
 * million-row table for each page of an export (a seq scan it takes for a few rows). Only the
 * tables copied, and best effort: the copy is committed already, and a failure here is no failed copy.
 */
async function analyze(client: pg.Client, tables: string[]): Promise<void> {
  try {
    await client.query(`ANALYZE ${tables.map(quoted).join(', ')}`);
  } catch (e) {
    console.error(
      `temoin: warning: the copy is committed, but ANALYZE failed (${(e as Error).message}): run ANALYZE on the PostgreSQL database, or wait for autovacuum: exports read slowly until then`,
    );
  }
}

/**
 * Connects to the target and reads its tables, which must hold no row: a connection that fails
 * names the database (the driver's words do not).
 */
async function emptyTarget(client: pg.Client, to: string): Promise<Map<string, string[]>> {
  await client.connect().catch((e: unknown) => {
    throw new StoreOpenError(
      `cannot open the ${to}: ${(e as Error).message}. Check --database-url (or TEMOIN_DATABASE_URL)`,
      { cause: e },
    );
  });
  const tables = await targetTables(client);
  for (const table of tables.keys()) {
    const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoted(table)}) AS any`);
    if (rows[0]!.any)
      throw new StoreOpenError(
        `${to} is not empty (its table ${table} holds rows): nothing was copied. migrate-to-postgres fills a new database only; create one (CREATE DATABASE temoin OWNER temoin;) and name it with --database-url`,
      );
  }
  return tables;
}

/** How long another process's short read or write (a `temoin` command) may hold the file first. */
const LOCK_WAIT_MS = 2000;

/**
 * The SQLite file opened by this process alone, in one read transaction under SQLite's exclusive
 * lock, held until the copy ends: a collector (or one of its workers) that still had it open would
 * keep storing receipts there, after a copy said to be whole. SQLite refuses that lock while
 * another connection has the file open, and holding it keeps one from opening it meanwhile.
 */
function openAlone(file: string, from: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: LOCK_WAIT_MS });
  } catch (e) {
    throw new StoreOpenError(`cannot open ${from}: ${(e as Error).message}. Check --db (or TEMOIN_DB)`, { cause: e });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (e) {
    db.close();
    const code = String((e as { code?: unknown }).code);
    if (code.startsWith('SQLITE_BUSY'))
      throw new Error(
        `${from} is open in another process (a collector, one of its workers, or another temoin command): nothing was copied. Stop every collector on it (visitors' browsers keep the receipts they could not send, and send them again), then run migrate-to-postgres again`,
        { cause: e },
      );
    // SQLite says "disk I/O error" for a file it may only read: no disk is at fault then.
    const why = /^SQLITE_(IOERR_LOCK|READONLY)/.test(code) ? 'it is read-only to this user' : (e as Error).message;
    throw new StoreOpenError(
      `cannot lock ${from} (${why}): nothing was copied. Run migrate-to-postgres as the user the collector runs as, who may write the file and its directory`,
      { cause: e },
    );
  }
}

/**
 * Copies every table in one PostgreSQL transaction from one SQLite snapshot; the rows copied per
 * table, and the chain's head. Exported for its test: a client left connected holds the process.
 */
export async function copyAll(
  o: MigrateFlags,
  from: string,
  to: string,
): Promise<{ counts: Map<string, number>; head: Head }> {
  // Not connected yet: nothing to close if the file cannot be had.
  const client = targetClient(o.databaseUrl);
  const source = openAlone(o.db, from);
  const counts = new Map<string, number>();
  let head: Head;
  try {
    const tables = await emptyTarget(client, to);
    head = source.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as typeof head;
    const sourceTables = (
      source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").all() as {
        name: string;
      }[]
    )
      .map((t) => t.name)
      .filter((t) => t != 'schema_migrations');
    const unknown = sourceTables.filter((t) => !tables.has(t));
    if (unknown.length)
      throw new Error(`${from} holds tables PostgreSQL's schema has not (${unknown.join(', ')}): nothing was copied`);
    await client.query('BEGIN');
    try {
      for (const [table, columns] of tables) {
        const sourceColumns = (source.prepare(`PRAGMA table_info(${quoted(table)})`).all() as { name: string }[]).map(
          (c) => c.name,
        );
        const missing = columns.filter((c) => !sourceColumns.includes(c));
        if (missing.length)
          throw new Error(`${from}'s table ${table} has no column ${missing.join(', ')}: nothing was copied`);
        counts.set(table, await copyTable(source, client, table, columns));
      }
      // Each id sequence (access_log, erasures) goes on after the ids copied, and after those SQLite
      // handed out to rows deleted since (its AUTOINCREMENT never gives an id twice: nor must this).
      const handedOut = new Map(
        (
          (source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get()
            ? source.prepare('SELECT name, seq FROM sqlite_sequence').all()
            : []) as { name: string; seq: number }[]
        ).map((row) => [row.name, row.seq]),
      );
      const { rows: serials } = await client.query<{ table: string; column: string }>(
        `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
      );
      for (const { table, column } of serials)
        await client.query(
          `SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE((SELECT MAX(${quoted(column)}) FROM ${quoted(table)}), 0), $3::bigint) + 1, false)`,
          [table, column, handedOut.get(table) ?? 0],
        );
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
    await commit(client, to);
    source.exec('COMMIT');
    await analyze(client, [...tables.keys()]);
  } finally {
    source.close();
    await client.end().catch(() => {});
  }
  return { counts, head };
}

/** Counts what was copied again on PostgreSQL, logs the copy, and verifies the chain there: said only once it is there. */
async function checkCopy(
  o: MigrateFlags,
  from: string,
  to: string,
  { counts, head }: Awaited<ReturnType<typeof copyAll>>,
) {
  const store = await openStore({ databaseUrl: o.databaseUrl });
  try {
    const check = targetClient(o.databaseUrl);
    await check.connect();
    try {
      for (const [table, count] of counts) {
        const { rows } = await check.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${quoted(table)}`);
        if (Number(rows[0]!.n) != count)
          throw new Error(`${to}'s table ${table} holds ${rows[0]!.n} rows after the copy, not the ${count} copied`);
      }
    } finally {
      await check.end();
    }
    const copiedHead = await store.head();
    if ((copiedHead?.seq ?? null) !== (head?.seq ?? null) || copiedHead?.hash !== head?.hash)
      throw new Error(`${to}'s chain head is not ${from}'s after the copy`);
    const name = userInfo().username;
    await logAccess(store, {
      at: new Date().toISOString(),
      actor: `cli:${name}`,
      tokenId: null,
      action: 'temoin migrate-to-postgres',
      filters: { from },
      rows: counts.get('receipts') ?? 0,
    });
    const shown = [...counts].map(([table, count]) => `${table} ${count}`).join(', ');
    console.log(`copied ${from} to ${to}: ${shown}; id sequences set after the copied ids`);
    const verified = await verifyChain(store);
    console.log(
      verified.ok
        ? `verified on PostgreSQL: chain intact, ${plural(verified.checked, 'receipt')}${verified.checked ? `, #${verified.firstSeq} to #${verified.lastSeq}` : ''}${verified.erased ? ` (${plural(verified.erased, 'erased receipt')})` : ''}`
        : `verified on PostgreSQL: chain broken at #${verified.brokenSeq}: ${verified.reason}`,
    );
    if (!verified.ok) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

/**
 * The target made or brought up to date (never another application's database), then the copy,
 * committed whole or not at all: the target unavailable meanwhile exits 75.
 */
async function copyInto(o: MigrateFlags, from: string, to: string): ReturnType<typeof copyAll> {
  try {
    // A collector started on it first would make its tables and key: not empty any more.
    const then = 'run migrate-to-postgres again, before any collector starts on it (it fills a new, empty database)';
    await (await openStore({ databaseUrl: o.databaseUrl }, { create: true, then })).close();
    return await copyAll(o, from, to);
  } catch (e) {
    if (e instanceof CommitInDoubt) throw e;
    // The driver's words, for a connection lost mid-copy, do not name the database.
    const named = e instanceof StoreOpenError ? e : new StoreOpenError(`${to}: ${(e as Error).message}`, { cause: e });
    throw (
      unavailableExit(named, 'postgres', 'and nothing was copied: run migrate-to-postgres again once it answers') ?? e
    );
  }
}

export async function migrateToPostgres(o: MigrateFlags): Promise<void> {
  const from = described({ db: o.db });
  const to = described({ databaseUrl: o.databaseUrl });
  // The source must be an existing, up-to-date Témoin database; it is only read.
  await (await openStore({ db: o.db }, { readOnly: true })).close();
  const copied = await copyInto(o, from, to);
  await checkCopy(o, from, to, copied).catch((e: unknown) => {
    // Committed already: a copy run again would be refused as "not empty".
    throw new Error(
      `${(e as Error).message}. The copy is committed: ${to} is left filled with it. Do not start a collector on it; drop it and create it again (DROP DATABASE …; CREATE DATABASE … OWNER …;), then run migrate-to-postgres again`,
      { cause: e },
    );
  });
  const { head } = copied;
  // Receipts a collector stored in SQLite after the snapshot are not in PostgreSQL: the lock
  // prevents it where file locks hold, not on every network file system.
  const after = new Database(o.db, { readonly: true, fileMustExist: true });
  const now = after.prepare('SELECT seq FROM chain_head WHERE id = 1').get() as { seq: number } | undefined;
  after.close();
  if ((now?.seq ?? 0) > (head?.seq ?? 0)) {
    console.log(
      `but ${from} took receipts #${(head?.seq ?? 0) + 1} to #${now!.seq} while it was copied: they are not in PostgreSQL. Stop the collector, then copy again into a new, empty database`,
    );
    process.exitCode = 1;
    return;
  }
  if (process.exitCode != 1)
    console.log(
      `next: start the collector with --database-url (same --key: it starts the new database's acknowledged record from the copy's head) and keep ${o.db} as a backup`,
    );
}
