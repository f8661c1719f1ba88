// When the database cannot take a request for now: PostgreSQL down, restarting or out of
// connections; SQLite locked past its busy timeout, its disk full or failing, its file read-only.
// Nothing is wrong with the request or the configuration, and the same request later may work: the
// collector answers 503 with Retry-After (browsers send the receipt again) and, at start, exits
// 75 so that a service manager tries again. Any other driver error is a refusal or a bug. At
// start, a SQLite file its user may not write or open is a refusal too (sqliteRefusal): only a
// person changing its owner or mode lifts it.
import type { ReceiptStore } from './store.js';

/** Why the database cannot answer now, in its driver's words. */
export interface Unavailability {
  store: ReceiptStore['kind'];
  /**
   * The driver's error code (SQLITE_BUSY, ECONNREFUSED, 57P01…); for pg's own errors, which have
   * none, PG_CONNECT_TIMEOUT, PG_POOL_TIMEOUT, PG_QUERY_TIMEOUT, or `none` for a connection ended.
   */
  code: string;
  /** The driver's message: it names the database's state, never a receipt. */
  message: string;
}

/** Busy or locked past busy_timeout, disk full, I/O error, read-only file or file system, out of memory. */
const SQLITE_CODE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|NOMEM|PROTOCOL)/;
/**
 * SQLSTATE classes 08 (connection exception) and 53 (insufficient resources: disk full, out of
 * memory, too many connections); 58000 and 58030 (system error, I/O error: not 58P01 and 58P02, a
 * file or directory missing, which stays so); 57P01 to 57P03 (the server shutting down, crashed,
 * or starting up; pg_terminate_backend too); 57014 (a statement cancelled at statement_timeout,
 * waiting on a lock); 25006 (a read-only transaction: a standby, the
 * address still naming the old primary after a failover); 40001 and 40P01 (a serialization
 * failure, a deadlock: the same transaction again may pass).
 */
const POSTGRES_CODE = /^(08|53)[0-9A-Z]{3}$|^580(00|30)$|^57P0[123]$|^57014$|^25006$|^40(001|P01)$/;
/**
 * The system's, on the way to the database: a server that is not there, a disk that fails (the
 * WAL's sync). EAI_AGAIN (the name server not answering) passes; ENOTFOUND (a host name no one
 * knows, mistyped) does not, and is a refusal.
 */
const SYSTEM_CODES: Record<ReceiptStore['kind'], Set<string>> = {
  sqlite: new Set(['EIO', 'ENOSPC', 'EDQUOT', 'EROFS']),
  postgres: new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']),
};
/**
 * A file or folder the user may not write (SQLITE_READONLY, _DIRECTORY, _CANTINIT, _ROLLBACK…) or
 * open (SQLITE_CANTOPEN…). Not _RECOVERY or _CANTLOCK: another connection recovering the WAL or
 * holding its lock, which passes.
 */
const SQLITE_REFUSED = /^SQLITE_(READONLY(?!_RECOVERY$|_CANTLOCK$)|CANTOPEN)/;

/** The code of a SQLite error that no restart lifts (the file's or its folder's owner or mode), else null. */
export function sqliteRefusal(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code == 'string' && SQLITE_REFUSED.test(code) ? code : null;
}

/**
 * pg's own errors, which carry no code, named here: a bound of the collector's passed
 * (postgres-bounds.ts), or a connection the server or the network ended. Each is answered 503.
 */
const PG_OWN: readonly [RegExp, string][] = [
  // A new connection not ready within connect_timeout (the pool's words; the client's own timer says the second).
  [/^Connection terminated due to connection timeout|^timeout expired$/, 'PG_CONNECT_TIMEOUT'],
  // Every connection of the pool busy for as long.
  [/^timeout exceeded when trying to connect/, 'PG_POOL_TIMEOUT'],
  // A statement unanswered within query_timeout: its connection went silent.
  [/^Query read timeout/, 'PG_QUERY_TIMEOUT'],
  [/^Connection terminated|is not queryable/, 'none'],
];

/** The code of a pg error that has none, when it says the connection failed; else null. */
function pgOwnCode(message: string): string | null {
  return PG_OWN.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/** The database's unavailability when `error` is one, else null. */
export function unavailability(store: ReceiptStore['kind'], error: unknown): Unavailability | null {
  if (!(error instanceof Error)) return null;
  // Node's connection to a name with several addresses fails with each: the first says it.
  const first = error instanceof AggregateError && error.errors[0] instanceof Error ? error.errors[0] : error;
  const code = (error as NodeJS.ErrnoException).code ?? (first as NodeJS.ErrnoException).code;
  const message = error.message || first.message;
  if (typeof code == 'string') {
    const known = SYSTEM_CODES[store].has(code) || (store == 'sqlite' ? SQLITE_CODE : POSTGRES_CODE).test(code);
    return known ? { store, code, message } : null;
  }
  const own = store == 'postgres' ? pgOwnCode(message) : null;
  return own ? { store, code: own, message } : null;
}
