// PostgreSQL through pg, for a site that outgrows one machine: several collectors may share the
// database. Appends take a transaction-scoped advisory lock, so the chain stays one line.
// Only what PostgreSQL does differently is here; the store itself is sql-store.ts.
import pg from 'pg';
import type { Dialect, SqlConnection, SqlDatabase, Statement } from './database.js';
import { postgresBounds, UNBOUNDED } from './postgres-bounds.js';
import { rewriteTables } from './postgres-rewrite.js';
import { sqlStore } from './sql-store.js';
import type { ReceiptStore } from './store.js';
import { unavailability } from './unavailable.js';

const POSTGRES: Omit<Dialect, 'scrub'> = {
  kind: 'postgres',
  rowsPerStatement: 500,
  placeholder: (n) => `$${n}`,
  // temoin_purposes (a migration), not body::jsonb: no stored text can make the cast fail.
  purposeDecided: (category, decision, bind) =>
    `temoin_purposes(body) @> ${bind(JSON.stringify([{ category, decision }]))}::jsonb`,
  jsonString: (text) => `to_json(${text})::text`,
  bytes: (text) => `convert_to(${text}, 'UTF8')`,
  tableExists: (table, bind) => `SELECT 1 WHERE to_regclass(${bind(table)}) IS NOT NULL`,
  // An extension's tables (PostGIS's spatial_ref_sys) come with the database: not an application's.
  tableNames: `SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY c.relname`,
};

const ignore = () => {};

/**
 * Advisory lock ids: the chain's; migrations'; upkeep, which what changes stored rows takes first
 * (before the chain's) and a rewrite of the tables holds while it copies them.
 */
const CHAIN_LOCK = 0x74656d6f;
const LOCKS = { chain: CHAIN_LOCK, migration: CHAIN_LOCK + 1, upkeep: CHAIN_LOCK + 2 };

/**
 * A plain VACUUM only marks the dead row versions' space as reusable: the tables are rewritten
 * (postgres-rewrite.ts), receipts arriving meanwhile. It may take minutes on a big database, so
 * it has no bound: keep-alive alone watches it. After an erasure, or the same one asked again.
 */
const scrubOn =
  (connect: () => Promise<pg.PoolClient>): Dialect['scrub'] =>
  async () => {
    // Its own connection, unbounded on the server too, ended after (with the session locks the
    // rewrite holds): the pool's keep their bound. Taken through connect(), it is read-only when
    // the store is. (Lost meanwhile, it fails the statement; connect() keeps its 'error' event
    // from ending the process.)
    const client = await connect();
    try {
      await client.query('SET statement_timeout = 0');
      await rewriteTables(connectionOf(client, UNBOUNDED), LOCKS);
    } finally {
      client.off('error', ignore);
      client.release(true);
    }
  };

/**
 * Takes the upkeep lock in a transaction: waits for a rewrite's copy as long as it takes (minutes
 * on a big database), without the statement's bound for that wait only. Before the chain lock, as
 * the rewrite takes them, so appends never wait behind a transaction waiting for it.
 */
const afterRewrites = (client: pg.PoolClient, queryTimeoutMs: number) =>
  connectionOf(client, UNBOUNDED).exec(
    `SET LOCAL statement_timeout = 0; SELECT pg_advisory_xact_lock(${LOCKS.upkeep}); SET LOCAL statement_timeout = ${queryTimeoutMs == UNBOUNDED ? 'DEFAULT' : queryTimeoutMs}`,
  );

// BIGINT (oid 20) as a number: sequence numbers stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** A statement with its own bound: pg reads it before the connection's (client.js), though its types omit it. */
const bounded = (text: string, values: unknown[] | undefined, queryTimeoutMs: number) =>
  ({ text, values, query_timeout: queryTimeoutMs }) as pg.QueryConfig;

/** Statements on the pool (any idle client) or on the one client a transaction holds, each within its bound. */
const connectionOf = (client: pg.Pool | pg.PoolClient, queryTimeoutMs: number): SqlConnection => ({
  all: async <T>({ text, values }: Statement) =>
    (await client.query(bounded(text, values, queryTimeoutMs))).rows as T[],
  run: async ({ text, values }) => (await client.query(bounded(text, values, queryTimeoutMs))).rowCount ?? 0,
  async exec(script) {
    await client.query(bounded(script, undefined, queryTimeoutMs));
  },
});

/**
 * A connection that timed out or was lost mid-transaction: ROLLBACK would wait behind the statement
 * that never answered. Ended instead, it rolls back on the server.
 */
function broken(e: unknown): boolean {
  const code = unavailability('postgres', e)?.code;
  return code == 'PG_QUERY_TIMEOUT' || code == 'none';
}

/**
 * What each connection is set to once, before its first statement. The server bounds each
 * statement as well: pg's bound only drops its connection, and the statement would run on, its
 * backend waiting on a lock (a migration may hold one for minutes), one more
 * backend each 503, until PostgreSQL had no connection left. Read-only (a verification of a
 * copy), every transaction of the session refuses writes. SETs, not startup parameters: PgBouncer
 * refuses those, and the URL's own `options=` would replace ours (pg takes the URL's over its
 * config), while a SET comes after whatever the URL or PGOPTIONS set.
 */
function sessionSettings(queryTimeoutMs: number, readOnly: boolean): string {
  return [
    ...(queryTimeoutMs == UNBOUNDED ? [] : [`SET statement_timeout = ${queryTimeoutMs}`]),
    ...(readOnly ? ['SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY'] : []),
  ].join('; ');
}

export function openPostgres(connectionString: string, { readOnly = false } = {}): ReceiptStore {
  const bounds = postgresBounds(connectionString);
  const settings = sessionSettings(bounds.queryTimeoutMs, readOnly);
  const pool = new pg.Pool({ connectionString, max: 10, ...bounds.pool });
  // An idle client losing its connection must not crash the collector; the next query reconnects.
  // On stderr until the collector gives its log (onIdleError).
  let idleError = (e: Error) =>
    console.error(
      `temoin: PostgreSQL lost an idle connection (${(e as { code?: string }).code ?? 'none'}: ${e.message})`,
    );
  pool.on('error', (e) => idleError(e));
  const prepared = new WeakSet<pg.PoolClient>();
  const connect = async (): Promise<pg.PoolClient> => {
    const client = await pool.connect();
    // A connection lost while out of the pool fails its statement, which is answered 503; the
    // client's 'error' event, which the pool no longer listens to meanwhile, would end the process.
    client.on('error', ignore);
    if (!settings || prepared.has(client)) return client;
    try {
      // No values: the simple protocol, which takes several statements in one round trip.
      await client.query(bounded(settings, undefined, bounds.queryTimeoutMs));
    } catch (e) {
      client.off('error', ignore);
      client.release(true);
      throw e;
    }
    prepared.add(client);
    return client;
  };
  /** One statement on a connection of the pool, as pool.query does: a failed one's connection is ended. */
  const once = async <T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await connect();
    let failed = false;
    try {
      return await run(client);
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      client.off('error', ignore);
      client.release(failed);
    }
  };

  const database: SqlDatabase = {
    all: <T>(statement: Statement) => once((client) => connectionOf(client, bounds.queryTimeoutMs).all<T>(statement)),
    run: (statement) => once((client) => connectionOf(client, bounds.queryTimeoutMs).run(statement)),
    exec: (script) => once((client) => connectionOf(client, bounds.queryTimeoutMs).exec(script)),
    async transaction(lock, work) {
      const client = await connect();
      // A migration may rewrite a big table for minutes: keep-alive alone watches it.
      const connection = connectionOf(client, lock == 'migration' ? UNBOUNDED : bounds.queryTimeoutMs);
      let ended = false;
      try {
        await connection.exec('BEGIN');
        if (lock == 'migration') await connection.exec('SET LOCAL statement_timeout = 0');
        if (lock == 'upkeep') await afterRewrites(client, bounds.queryTimeoutMs);
        await connection.run({
          text: 'SELECT pg_advisory_xact_lock($1)',
          values: [lock == 'migration' ? LOCKS.migration : LOCKS.chain],
        });
        const result = await work(connection);
        await connection.exec('COMMIT');
        return result;
      } catch (e) {
        ended =
          broken(e) ||
          !(await connection.exec('ROLLBACK').then(
            () => true,
            () => false,
          ));
        throw e;
      } finally {
        client.off('error', ignore);
        client.release(ended);
      }
    },
    close: () => pool.end(),
  };
  return {
    ...sqlStore(database, { ...POSTGRES, scrub: scrubOn(connect) }),
    onIdleError(listener) {
      idleError = listener;
    },
  };
}
