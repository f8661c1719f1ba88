// The configs behind receipts' `configHash`, each kept once as canonical JSON, in the SQL both
// stores share.
import type { SqlDatabase } from './database.js';
import { bindAll, first, type Sql } from './sql.js';
import type { ArchivedConfig, ReceiptStore } from './store.js';

const CONFIG = 'hash, body, origin, received_at AS "receivedAt"';

/** How many of the newest receipts a config sent for the archive must be named by. */
export const CONFIG_WANTED_WITHIN = 10_000;

export function configOperations(
  database: SqlDatabase,
  sql: Sql,
): Pick<ReceiptStore, 'saveConfig' | 'config' | 'configWanted' | 'configCategories'> {
  return {
    async configCategories() {
      const rows = await database.all<{ body: string }>(sql('SELECT body FROM configs'));
      const ids = rows.flatMap((r) => {
        const { categories } = JSON.parse(r.body) as { categories?: { id?: unknown }[] };
        return (Array.isArray(categories) ? categories : []).map((c) => c.id).filter((id) => typeof id == 'string');
      });
      return [...new Set(ids)];
    },
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
    // Only a config a recent receipt names is kept: no one fills the archive with configs no
    // visitor saw. The canonical JSON writes `"configHash":"<hex>"` exactly, and a hash has no
    // LIKE wildcard; the newest receipts only, so the check costs the same on any chain.
    configWanted: async (hash) =>
      (await first(
        database,
        sql(
          (bind) =>
            `SELECT 1 AS found FROM receipts WHERE seq > (SELECT seq FROM chain_head WHERE id = 1) - ${CONFIG_WANTED_WITHIN} AND body LIKE ${bind(`%"configHash":"${hash}"%`)}`,
        ),
      )) != null,
    config: (hash) =>
      first<ArchivedConfig>(
        database,
        sql((bind) => `SELECT ${CONFIG} FROM configs WHERE hash = ${bind(hash)}`),
      ),
  };
}
