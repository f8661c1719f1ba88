// Analysts' tokens (only their hash is kept) and the log of every read, in the SQL both stores share.
import type { SqlDatabase } from './database.js';
import { ACCESS_ENTRY, accessWhere, bindAll, first, TOKEN, type Sql } from './sql.js';
import type { AccessEntry, ReceiptStore, Token } from './store.js';

type AccessOperations = Pick<
  ReceiptStore,
  'addToken' | 'tokens' | 'tokenByHash' | 'revokeToken' | 'logAccess' | 'accessLog'
>;

export function accessOperations(database: SqlDatabase, sql: Sql): AccessOperations {
  return {
    async addToken(t) {
      await database.run(
        sql(
          (bind) =>
            `INSERT INTO tokens (id, name, role, hash, created_at, revoked_at) VALUES (${bindAll(bind, [t.id, t.name, t.role, t.hash, t.createdAt, t.revokedAt])})`,
        ),
      );
    },
    tokens: () => database.all<Token>(sql(`SELECT ${TOKEN} FROM tokens ORDER BY created_at`)),
    tokenByHash: (hash) =>
      first<Token>(
        database,
        sql((bind) => `SELECT ${TOKEN} FROM tokens WHERE hash = ${bind(hash)}`),
      ),
    async revokeToken(id, at) {
      // A token revoked earlier keeps its time: the access log's refusals are read against it.
      const [row] = await database.all<{ revokedAt: string }>(
        sql(
          (bind) =>
            `UPDATE tokens SET revoked_at = coalesce(revoked_at, ${bind(at)}) WHERE id = ${bind(id)} RETURNING revoked_at AS "revokedAt"`,
        ),
      );
      return row?.revokedAt ?? null;
    },
    async logAccess(e) {
      // RETURNING (SQLite 3.35+, PostgreSQL): the id the database gave, in the same statement.
      const [written] = await database.all<{ id: number | string }>(
        sql(
          (bind) => `INSERT INTO access_log (at, actor, token_id, action, filters, row_count, refused)
        VALUES (${bindAll(bind, [e.at, e.actor, e.tokenId, e.action, JSON.stringify(e.filters), e.rows, e.refused ?? null])}) RETURNING id`,
        ),
      );
      // The filters as read back: JSON leaves out what is undefined.
      const filters = JSON.parse(JSON.stringify(e.filters)) as Record<string, unknown>;
      return {
        id: Number(written!.id),
        at: e.at,
        actor: e.actor,
        tokenId: e.tokenId,
        action: e.action,
        filters,
        rows: e.rows,
        refused: e.refused ?? null,
      };
    },
    async accessLog({ from, to, limit }) {
      const rows = await database.all<AccessEntry & { filters: string }>(
        sql(
          (bind) =>
            `SELECT ${ACCESS_ENTRY} FROM access_log ${accessWhere({ from, to }, bind)} ORDER BY id DESC LIMIT ${bind(limit)}`,
        ),
      );
      return rows.map((r) => ({ ...r, filters: JSON.parse(r.filters) as Record<string, unknown> }));
    },
  };
}
