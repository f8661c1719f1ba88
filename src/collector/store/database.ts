// What a database adapter gives the shared store (`sql-store.ts`): statements run on a
// connection, transactions that keep the chain one line, and the few words of SQL that differ.
import type { ReceiptStore } from './store.js';

/** SQL text with its values in placeholder order. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** Puts a value into a statement and returns its placeholder (`?` or `$n`). */
export type Bind = (value: unknown) => string;

export interface SqlConnection {
  /** The rows a statement returns. */
  all<T>(statement: Statement): Promise<T[]>;
  /** Runs a statement that returns no rows; how many rows it changed. */
  run(statement: Statement): Promise<number>;
  /** Runs a script of statements without values: a migration step. */
  exec(script: string): Promise<void>;
}

/**
 * Which transactions exclude each other: appends (`chain`), or migrations. `upkeep` is a chain
 * transaction that changes rows already stored (an erasure, a purge step, a redaction): it also
 * waits, however long, for a copy of the tables under way (PostgreSQL's scrub), which would miss it.
 */
export type Lock = 'chain' | 'upkeep' | 'migration';

export interface SqlDatabase extends SqlConnection {
  /**
   * Runs `work` in one transaction that no other holder of `lock`, in this process or another,
   * runs beside; commits when it resolves, rolls back when it throws. `work` uses the connection
   * it is given: on SQLite, other statements wait until the transaction ends.
   */
  transaction<T>(lock: Lock, work: (connection: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What is written differently in each database's SQL. */
export interface Dialect {
  kind: ReceiptStore['kind'];
  /** The placeholder of the `n`th value, counted from 1. */
  placeholder(n: number): string;
  /** A condition on a row: its receipt gave `category` this `decision`. */
  purposeDecided(category: string, decision: 'granted' | 'refused', bind: Bind): string;
  /** A text as a JSON string, escaped as JSON.stringify escapes it. */
  jsonString(text: string): string;
  /**
   * A text's UTF-8 bytes, which the driver hands over as a Buffer: cheaper than a JS string made
   * and encoded again (better-sqlite3 copies a BLOB as it is; pg decodes bytea's hex natively).
   */
  bytes(text: string): string;
  /** A query answering one row when the table exists, none when it does not. */
  tableExists(table: string, bind: Bind): string;
  /** A query answering the name (`name`) of every table in the database (the schema used, on PostgreSQL). */
  tableNames: string;
  /**
   * Rows one INSERT (or ids one SELECT … IN) takes in a batch. SQLite runs a prepared one-row
   * statement again cheaply, while preparing a long one costs; PostgreSQL pays a round trip per
   * statement. At most 500: 14 values a row stay under SQLite's 32,766 and PostgreSQL's 65,535.
   */
  rowsPerStatement: number;
  /**
   * After an erasure of `erased` receipts (0: the visitor's were erased before), makes the old row
   * versions' bytes leave the database's files (an UPDATE leaves them in free pages, the WAL, or
   * dead tuples). Run outside a transaction.
   */
  scrub(database: SqlDatabase, erased: number): Promise<void>;
}
