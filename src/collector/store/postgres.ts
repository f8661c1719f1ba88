// PostgreSQL through pg, for a site that outgrows one machine: several collectors may share the
// database. Appends take a transaction-scoped advisory lock, so the chain stays one line.
// Only what PostgreSQL does differently is here; the store itself is sql-store.ts.
import pg from 'pg';
import type { Dialect, Lock, SqlConnection, SqlDatabase, Statement } from './database.js';
import { sqlStore } from './sql-store.js';
import type { ReceiptStore } from './store.js';

const POSTGRES: Dialect = {
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
  // FULL rewrites the tables: a plain VACUUM only marks the dead row versions' space as reusable.
  scrub: async (database, erased) => {
    if (erased) await database.exec('VACUUM FULL receipts, access_log');
  },
};

/** Advisory lock ids: one for the chain, one for migrations. */
const CHAIN_LOCK = 0x74656d6f;
const LOCKS: Record<Lock, number> = { chain: CHAIN_LOCK, migration: CHAIN_LOCK + 1 };

// BIGINT (oid 20) as a number: sequence numbers stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** Statements on the pool (any idle client) or on the one client a transaction holds. */
const connectionOf = (client: pg.Pool | pg.PoolClient): SqlConnection => ({
  all: async <T>({ text, values }: Statement) => (await client.query(text, values)).rows as T[],
  run: async ({ text, values }) => (await client.query(text, values)).rowCount ?? 0,
  async exec(script) {
    await client.query(script);
  },
});

export function openPostgres(connectionString: string, { readOnly = false } = {}): ReceiptStore {
  // Read-only: every transaction of the session refuses writes (a verification of a copy).
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle client losing its connection must not crash the collector; the next query reconnects.
  pool.on('error', (e) => console.error('temoin: PostgreSQL connection lost:', e.message));

  const database: SqlDatabase = {
    ...connectionOf(pool),
    async transaction(lock, work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS[lock]]);
        const result = await work(connectionOf(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return sqlStore(database, POSTGRES);
}
