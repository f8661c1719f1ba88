// The ReceiptStore written once over SQL. An adapter opens its database and gives the
// connection, the transactions and its dialect; everything else is the same on both.
import { accessOperations } from './access-sql.js';
import { chainOperations } from './chain-sql.js';
import { configOperations } from './config-sql.js';
import { exportOperations } from './export-sql.js';
import type { Dialect, SqlDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { sqlFor, type Sql } from './sql.js';
import { statsOperations } from './stats-sql.js';
import type { ReceiptStore } from './store.js';

export function sqlStore(database: SqlDatabase, dialect: Dialect): ReceiptStore {
  const sql = sqlFor(dialect);
  return {
    kind: dialect.kind,
    migrate: () => migrate(database, dialect, sql),
    pendingMigrations: () => pendingMigrations(database, dialect, sql),
    tables: async () => (await database.all<{ name: string }>(sql(dialect.tableNames))).map((t) => t.name),
    ...chainOperations(database, dialect, sql),
    ...accessOperations(database, sql),
    ...configOperations(database, sql),
    ...exportOperations(database, dialect, sql),
    ...statsOperations(database, sql),
    close: () => database.close(),
  };
}

/** The migrations not applied yet, or null when the database holds no Témoin schema at all. */
async function pendingMigrations(database: SqlDatabase, dialect: Dialect, sql: Sql): Promise<number[] | null> {
  const tables = await database.all(sql((bind) => dialect.tableExists('schema_migrations', bind)));
  if (!tables.length) return null;
  const done = new Set(
    (await database.all<{ version: number }>(sql('SELECT version FROM schema_migrations'))).map((r) => r.version),
  );
  return MIGRATIONS.map((m) => m.version).filter((v) => !done.has(v));
}

/**
 * Applies the migrations not applied yet, in order, in one transaction under the migration lock;
 * which it applied. None pending, it takes no lock: a collector starting must not wait for a
 * rewrite of the tables after an erasure (PostgreSQL), which holds that lock while it copies.
 */
async function migrate(database: SqlDatabase, dialect: Dialect, sql: Sql): Promise<number[]> {
  if ((await pendingMigrations(database, dialect, sql))?.length === 0) return [];
  return database.transaction('migration', async (connection) => {
    const applied: number[] = [];
    await connection.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await connection.all<{ version: number }>(sql('SELECT version FROM schema_migrations'))).map((r) => r.version),
    );
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await connection.exec(migration[dialect.kind]);
      await migration.fill?.(connection, sql);
      applied.push(migration.version);
      await connection.run(
        sql(
          (bind) =>
            `INSERT INTO schema_migrations (version, applied_at) VALUES (${bind(migration.version)}, ${bind(new Date().toISOString())})`,
        ),
      );
    }
    return applied;
  });
}
