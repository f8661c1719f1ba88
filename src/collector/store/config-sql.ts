// The configs behind receipts' `configHash`, each kept once as canonical JSON, in the SQL both
// stores share.
import type { SqlDatabase } from './database.js';
import { bindAll, first, type Sql } from './sql.js';
import type { ArchivedConfig, ReceiptStore } from './store.js';

const CONFIG = 'hash, body, origin, received_at AS "receivedAt"';

export function configOperations(database: SqlDatabase, sql: Sql): Pick<ReceiptStore, 'saveConfig' | 'config'> {
  return {
    // Two collectors may receive the same config at once: the second insert does nothing.
    saveConfig: async (c) =>
      (await database.run(
        sql(
          (bind) =>
            `INSERT INTO configs (hash, body, origin, received_at) VALUES (${bindAll(bind, [c.hash, c.body, c.origin, c.receivedAt])}) ON CONFLICT (hash) DO NOTHING`,
        ),
      )) > 0
        ? 'created'
        : 'known',
    config: (hash) =>
      first<ArchivedConfig>(
        database,
        sql((bind) => `SELECT ${CONFIG} FROM configs WHERE hash = ${bind(hash)}`),
      ),
  };
}
