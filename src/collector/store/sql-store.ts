// The ReceiptStore written once over SQL. An adapter opens its database and gives the
// connection, the transactions and its dialect; everything else is the same on both.
import { accessOperations } from './access-sql.js';
import { chainOperations } from './chain-sql.js';
import { configOperations } from './config-sql.js';
import type { Dialect, SqlDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { sqlFor, type Sql } from './sql.js';
import type { ReceiptStore } from './store.js';

export function sqlStore(database: SqlDatabase, dialect: Dialect): ReceiptStore {
  const sql = sqlFor(dialect);
  return {
    kind: dialect.kind,
    migrate: () => migrate(database, dialect, sql),
    ...chainOperations(database, dialect, sql),
    ...accessOperations(database, sql),
    ...configOperations(database, sql),
    close: () => database.close(),
  };
}

/** Applies the migrations not applied yet, in order, in one transaction under the migration lock. */
function migrate(database: SqlDatabase, dialect: Dialect, sql: Sql): Promise<void> {
  return database.transaction('migration', async (connection) => {
    await connection.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await connection.all<{ version: number }>(sql('SELECT version FROM schema_migrations'))).map((r) => r.version),
    );
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await connection.exec(migration[dialect.kind]);
      await connection.run(
        sql(
          (bind) =>
            `INSERT INTO schema_migrations (version, applied_at) VALUES (${bind(migration.version)}, ${bind(new Date().toISOString())})`,
        ),
      );
    }
  });
}
