// Opening the store a command line names. Only the collector and `temoin init` create or migrate
// a database; every other command opens an existing, up-to-date Témoin database or stops, naming
// the file or URL and the fix: a mistyped --db must never answer "we hold nothing".
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import type { ReceiptStore } from './store.js';

export interface StoreLocation {
  db?: string;
  databaseUrl?: string;
}

/** A store that cannot be opened as asked: the CLI prints the message and exits 2. */
export class StoreOpenError extends Error {}

/** A PostgreSQL URL as it may be printed: without its password. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(the --database-url given, which is not a URL)';
  }
}

/** What a person reads about a database: the SQLite file's full path, or the URL without password. */
export const described = (o: StoreLocation) =>
  o.databaseUrl ? `PostgreSQL database ${shownUrl(o.databaseUrl)}` : resolve(o.db ?? 'temoin.db');

// Where a database is, for its acknowledged record: named beside what opens it.
export { location } from './location.js';

/** A SQLite file's stat, undefined when there is none; a folder its user may not search is a refusal. */
function statOf(file: string) {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch (e) {
    throw new StoreOpenError(`cannot open ${resolve(file)}: ${reason(e)}. Check --db (or TEMOIN_DB)`, { cause: e });
  }
}

/** Whether a SQLite file is yet to be made: opening it with `create` makes it. */
export const sqliteMissing = (o: StoreLocation) => !o.databaseUrl && !statOf(o.db ?? 'temoin.db');

/** The flags that name this database again, for the fix a message proposes. */
const flags = (o: StoreLocation) => (o.databaseUrl ? '--database-url …' : `--db ${o.db ?? 'temoin.db'}`);

/** The message of a driver error; Node's connection errors may carry it only in their parts. */
function reason(e: unknown): string {
  const error = e as Error & { code?: string; errors?: Error[] };
  return error.message || error.errors?.map((part) => part.message).join('; ') || error.code || String(e);
}

/** Opens the database's driver, without migrating or checking anything yet. */
async function open(options: StoreLocation, where: string, create: boolean, readOnly = false): Promise<ReceiptStore> {
  if (!options.databaseUrl && !create) {
    const file = options.db ?? 'temoin.db';
    const stat = statOf(file);
    if (!stat)
      throw new StoreOpenError(
        `no database at ${where}: check --db (or TEMOIN_DB); to start a new one, run \`temoin init --db ${file}\` or start the collector`,
      );
    if (!stat.isFile()) throw new StoreOpenError(`${where} is not a file: --db names the SQLite database file`);
  }
  try {
    return options.databaseUrl
      ? (await import('./postgres.js')).openPostgres(options.databaseUrl, { readOnly })
      : (await import('./sqlite.js')).openSqlite(options.db ?? 'temoin.db', { create, readOnly });
  } catch (e) {
    throw opening(options, where, e);
  }
}

/**
 * Runs `work` on a store just opened (PostgreSQL connects at its first statement, here); closes
 * it and names the database when that fails, with `then` (see OpenOptions).
 */
async function checked<T>(
  store: ReceiptStore,
  options: StoreLocation,
  where: string,
  work: () => Promise<T>,
  then?: string,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    await store.close().catch(() => {});
    throw e instanceof StoreOpenError ? e : opening(options, where, e, then);
  }
}

/**
 * Refuses a database holding tables of which none is Témoin's: another application's, named by a
 * mistyped --db or TEMOIN_DB. Témoin's tables must never be added to it quietly.
 */
async function refuseForeign(store: ReceiptStore, options: StoreLocation, where: string): Promise<void> {
  if ((await store.pendingMigrations()) !== null) return;
  const tables = await store.tables();
  if (!tables.length) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, and ${tables.length - 5} more` : '');
  throw new StoreOpenError(
    `${where} holds tables that are not Témoin's (${shown}) and none of Témoin's: it is another application's database, and nothing was changed. ` +
      (options.databaseUrl
        ? 'Check --database-url (or TEMOIN_DATABASE_URL): Témoin keeps its receipts in a database of its own (CREATE DATABASE temoin OWNER temoin;)'
        : 'Check --db (or TEMOIN_DB): is it mistyped? Témoin keeps its receipts in a file of its own; name a new file and the collector makes it'),
  );
}

/**
 * Opens the database to make or migrate it, once it is known not to be another application's. An
 * existing SQLite file is looked at first, read only: opening it for writing sets WAL mode in its
 * header, and another application's file is left exactly as it was. PostgreSQL is looked at on
 * the connection that then migrates it.
 */
async function openForWriting(
  options: StoreLocation,
  where: string,
  missing: boolean,
  then?: string,
): Promise<ReceiptStore> {
  if (!options.databaseUrl && !missing) {
    const probe = await open(options, where, false);
    await checked(probe, options, where, () => refuseForeign(probe, options, where));
    await probe.close();
  }
  const store = await open(options, where, true);
  if (options.databaseUrl) await checked(store, options, where, () => refuseForeign(store, options, where), then);
  return store;
}

export interface OpenOptions {
  /** Make the database when it is missing and migrate it (the collector, `temoin init`). */
  create?: boolean;
  /** Open it for reading only: nothing can be written (a backup's verification). */
  readOnly?: boolean;
  /** Told, in one line, when `create` made the database or Témoin's tables in it. */
  created?: (line: string) => void;
  /**
   * With `create`: what to run once a missing PostgreSQL database is made, in the message that
   * says it is missing; by default, start the collector (which makes its tables).
   */
  then?: string;
}

/**
 * The store a command line asks for: PostgreSQL when a URL is given, else the SQLite file.
 * `create` (the collector) makes the database when it is missing and migrates it; otherwise it
 * must exist and be migrated already, and opening it changes nothing.
 */
export async function openStore(
  options: StoreLocation,
  { create = false, readOnly = false, created, then }: OpenOptions = {},
): Promise<ReceiptStore> {
  const where = described(options);
  const missing = create && sqliteMissing(options);
  if (create && !readOnly) {
    const store = await openForWriting(options, where, missing, then);
    await checked(store, options, where, async () => {
      const before = await store.pendingMigrations();
      await store.migrate();
      const version = Math.max(...MIGRATIONS.map((m) => m.version));
      if (missing) created?.(`made a new SQLite database ${where} (schema version ${version})`);
      else if (before === null) created?.(`created Témoin's tables in ${where} (schema version ${version})`);
    });
    return store;
  }
  const store = await open(options, where, false, readOnly);
  await checked(store, options, where, async () => {
    const pending = await store.pendingMigrations();
    if (pending === null)
      throw new StoreOpenError(
        `${where} is not a Témoin database (it has no schema_migrations table); nothing was changed. ` +
          `Check ${options.databaseUrl ? '--database-url' : '--db'}; to make it one, run \`temoin init ${flags(options)}\` or start the collector`,
      );
    if (pending.length)
      throw new StoreOpenError(
        `${where} was made by an older Témoin and needs migration ${pending.join(', ')}; ` +
          `run \`temoin init ${flags(options)}\` or start the collector, which apply it`,
      );
  });
  return store;
}

/** `temoin init`: creates the database, or brings an existing one up to date; what it did, in words. */
export async function initStore(options: StoreLocation): Promise<string> {
  const where = described(options);
  const existed = !sqliteMissing(options);
  const store = await openForWriting(options, where, !existed, 'run `temoin init --database-url …` again');
  const [before, applied] = await checked(store, options, where, async () => {
    const before = await store.pendingMigrations();
    return [before, await store.migrate()] as const;
  });
  await store.close();
  const version = Math.max(...MIGRATIONS.map((m) => m.version));
  if (!existed) return `created the SQLite database ${where} (schema version ${version})`;
  if (!applied.length) return `${where} is already a Témoin database at schema version ${version}; nothing changed`;
  if (before === null) return `created Témoin's tables in ${where} (schema version ${version})`;
  return `brought ${where} up to date: applied migration ${applied.join(', ')} (schema version ${version})`;
}

/** A driver's error on opening, as a message that names the database and the flag to check. */
function opening(
  options: StoreLocation,
  where: string,
  e: unknown,
  then = 'start the collector, which makes its tables',
): StoreOpenError {
  const code = (e as { code?: string }).code;
  if (!options.databaseUrl && code == 'SQLITE_NOTADB')
    return new StoreOpenError(`${where} is not a SQLite database; nothing was changed. Check --db (or TEMOIN_DB)`);
  // invalid_catalog_name: the server is there, the database is not. Témoin makes tables, not databases.
  if (options.databaseUrl && code == '3D000')
    return new StoreOpenError(
      `cannot open the ${where}: ${reason(e)}. Check --database-url (or TEMOIN_DATABASE_URL), or create the database on that server (CREATE DATABASE …;) and ${then}`,
      { cause: e },
    );
  return new StoreOpenError(
    options.databaseUrl
      ? `cannot open the ${where}: ${reason(e)}. Check --database-url (or TEMOIN_DATABASE_URL)`
      : `cannot open ${where}: ${reason(e)}. Check --db (or TEMOIN_DB)`,
    { cause: e },
  );
}

/** Opens the store for one piece of work, and closes it after, whatever happens. */
export async function withStore<T>(
  options: StoreLocation,
  work: (store: ReceiptStore) => Promise<T>,
  open: OpenOptions = {},
): Promise<T> {
  const store = await openStore(options, open);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
