// The embedded default: one SQLite file in WAL mode through better-sqlite3. Appends run in an
// IMMEDIATE transaction, so two collector processes on the same file still build one chain.
// Only what SQLite does differently is here; the store itself is sql-store.ts.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, rmSync, statSync } from 'node:fs';
import type { Dialect, SqlConnection, SqlDatabase, Statement } from './database.js';
import { TemoinError } from '../errors.js';
import { sqlStore } from './sql-store.js';
import { walSync, type WalSync } from './wal-sync.js';
import type { ReceiptStore } from './store.js';

const SQLITE: Dialect = {
  kind: 'sqlite',
  rowsPerStatement: 1,
  placeholder: () => '?',
  purposeDecided: (category, decision, bind) => `EXISTS (SELECT 1 FROM json_each(body, '$.purposes') p
      WHERE json_extract(p.value, '$.category') = ${bind(category)} AND json_extract(p.value, '$.decision') = ${bind(decision)})`,
  jsonString: (text) => `json_quote(${text})`,
  bytes: (text) => `CAST(${text} AS BLOB)`,
  tableExists: (table, bind) => `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${bind(table)}`,
  tableNames:
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  scrub,
};

/** `PRAGMA user_version` of a file that holds no copy of deleted content: made with secure_delete on, or rebuilt since. */
const ZEROED = 1;

const statement = (text: string) => ({ text, values: [] });

/**
 * What an erasure blanked was zeroed where it lay (secure_delete, in openSqlite); the WAL still
 * holds the pages as they were: its frames go to the file, and it is emptied. A file written
 * before secure_delete may keep copies of rows in its free space: it is rebuilt (VACUUM) once.
 * Run again after an erasure that found nothing left: it finishes a scrub a reader held up.
 */
async function scrub(database: SqlDatabase, erased: number): Promise<void> {
  const [file] = await database.all<{ user_version: number }>(statement('PRAGMA user_version'));
  if (erased && file?.user_version != ZEROED)
    await database.exec(`PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA user_version = ${ZEROED}`);
  // Waits up to busy_timeout for readers of older pages (a backup, an export in another process).
  const [wal] = await database.all<{ busy: number }>(statement('PRAGMA wal_checkpoint(TRUNCATE)'));
  if (wal?.busy)
    throw new TemoinError(
      'TEMOIN_ERR_SCRUB_BUSY',
      "the receipts are erased and the erasure recorded, but another connection reading the database (a backup, an export in another process) keeps their old pages in SQLite's WAL: run the same erasure again once it ends, to empty the WAL",
    );
}

/**
 * Makes a missing database file readable by its owner only: it holds visitors' ids and choices.
 * SQLite would make it 0644 (less the umask), and makes its -wal and -shm with the file's mode,
 * so they follow. An existing file keeps the mode its owner chose. When the file cannot be made
 * here, SQLite cannot make it either, and says why.
 */
function makeOwnerOnly(file: string): void {
  if (file == ':memory:') return;
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch {
    // EEXIST (the file is there), or what SQLite reports next.
  }
}

/** Runs better-sqlite3's synchronous work as a promise: what it throws rejects. */
const settled = <T>(work: () => T) => new Promise<T>((resolve) => resolve(work()));

/**
 * Opens the SQLite file. With `create: false` the file must exist, and nothing is written to it
 * on opening: WAL mode, which changes the file's header, is set only on the file the collector or
 * `temoin init` makes (it stays set), so a file that is not Témoin's is left as it was.
 */
export function openSqlite(
  file: string,
  {
    create = true,
    readOnly = false,
    sync,
  }: { create?: boolean; readOnly?: boolean; sync?: (wal: WalSync) => WalSync } = {},
): ReceiptStore {
  // Read-only (a backup's verification): SQLite opens the file for reading and refuses any write.
  // In WAL mode it still makes `-wal` and `-shm` beside the file when it can; those it made are
  // removed on close, so a backup is left as it was.
  const companions = readOnly ? [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f)) : [];
  if (create && !readOnly) makeOwnerOnly(file);
  const db = new Database(file, { fileMustExist: !create || readOnly, readonly: readOnly });
  if (readOnly) create = false;
  const fresh = create && db.pragma('page_count', { simple: true }) == 0;
  if (create) db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // Deleted and replaced content is overwritten with zeros: an erasure's or a purge's rows leave
  // the file's bytes without a VACUUM, which rewrote the whole database (minutes at millions of
  // receipts) while every receipt waited. Set on each connection; nothing is written on opening.
  db.pragma('secure_delete = ON');
  // A new file has never held content without it.
  if (fresh) db.pragma(`user_version = ${ZEROED}`);
  // What a write reports done survives a power cut: in WAL mode the store syncs the WAL itself,
  // off the event loop (wal-sync.ts); in any other mode (a file not Témoin's), SQLite syncs.
  const wal = db.pragma('journal_mode', { simple: true }) == 'wal' ? walSync(`${db.name}-wal`) : null;
  db.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL');
  const durable = wal ? (sync ?? ((s: WalSync) => s))(wal.sync) : () => Promise.resolve();

  // Statements are prepared once: preparing costs more than running a small one. The least
  // recently used goes when 256 are kept (one built for a batch's many values is rarely asked again).
  const prepared = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    const statement = prepared.get(text) ?? db.prepare(text);
    prepared.delete(text);
    prepared.set(text, statement);
    if (prepared.size > 256) prepared.delete(prepared.keys().next().value!);
    return statement;
  };
  const connection: SqlConnection = {
    all: <T>({ text, values }: Statement) => settled(() => prepare(text).all(...values) as T[]),
    run: ({ text, values }) => settled(() => prepare(text).run(...values).changes),
    exec: (script) => settled(() => void db.exec(script)),
  };

  // One connection, one thing at a time: while a transaction awaits between its statements,
  // other work waits its turn instead of slipping into the transaction.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };

  // A write resolves once it is durable; the sync runs out of turn, so reads go on meanwhile.
  const written = async <T>(result: Promise<T>): Promise<T> => {
    const value = await result;
    await durable();
    return value;
  };
  const database: SqlDatabase = {
    // A statement that writes and answers rows (INSERT … RETURNING: the access log) is a write too.
    all: async <T>(statement: Statement) => {
      const rows = await inTurn(() => connection.all<T>(statement));
      if (!prepare(statement.text).readonly) await durable();
      return rows;
    },
    run: (statement) => written(inTurn(() => connection.run(statement))),
    exec: (script) => written(inTurn(() => connection.exec(script))),
    // IMMEDIATE takes the file's write lock at once, so other processes wait (busy_timeout) for
    // the whole transaction: the lock's name does not matter here.
    transaction: (_lock, work) =>
      written(
        inTurn(async () => {
          db.exec('BEGIN IMMEDIATE');
          try {
            const result = await work(connection);
            db.exec('COMMIT');
            return result;
          } catch (e) {
            if (db.inTransaction) db.exec('ROLLBACK');
            throw e;
          }
        }),
      ),
    close: () =>
      inTurn(async () => {
        db.close();
        await wal?.close();
        // Only an empty WAL: one that holds frames is another writer's, which must not be lost.
        if (companions.length && !statSync(`${file}-wal`, { throwIfNoEntry: false })?.size)
          for (const made of companions) rmSync(made, { force: true });
      }),
  };
  return sqlStore(database, SQLITE);
}
