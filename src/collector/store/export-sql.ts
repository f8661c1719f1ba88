// A streamed export's pages, in the SQL both stores share. The database writes each JSON line
// itself (building it in JS from every column took most of an export's time); a CSV record needs
// the receipt parsed, which JS does faster, so its page is only the columns a record takes.
import { LINK_DIGEST } from '../chain.js';
import type { Dialect, SqlDatabase } from './database.js';
import { receiptsWhere, type Sql } from './sql.js';
import type { CsvSource, ReceiptStore } from './store.js';

/**
 * export-encoding.ts's `jsonLine` in SQL: the same fields, order and escaping, the body as stored.
 * One concat(), not a chain of ||, each of which would copy the line so far.
 */
const jsonLineSql = (dialect: Dialect) =>
  `concat('{"seq":', seq, ',"receivedAt":', ${dialect.jsonString('received_at')}, ',"origin":', ${dialect.jsonString('origin')},
    ',"hash":"', hash, '","prevHash":"', prev_hash, '","signature":', ${dialect.jsonString('signature')},
    CASE WHEN link = ${LINK_DIGEST} THEN concat(',"digest":"', COALESCE(digest, 'null'), '"') END,
    ',"receipt":', body, '}\n')`;

export function exportOperations(
  database: SqlDatabase,
  dialect: Dialect,
  sql: Sql,
): Pick<ReceiptStore, 'jsonLines' | 'csvSources'> {
  const line = dialect.bytes(jsonLineSql(dialect));
  return {
    async jsonLines(filter, afterSeq, limit) {
      const rows = await database.all<{ seq: number; line: Buffer }>(
        sql(
          (bind) =>
            `SELECT seq, ${line} AS line FROM receipts WHERE ${receiptsWhere(dialect, filter, afterSeq, bind)} ORDER BY seq LIMIT ${bind(limit)}`,
        ),
      );
      return {
        count: rows.length,
        lastSeq: rows.at(-1)?.seq ?? afterSeq,
        bytes: Buffer.concat(rows.map((row) => row.line)),
      };
    },
    csvSources: (filter, afterSeq, limit) =>
      database.all<CsvSource>(
        sql(
          (bind) =>
            `SELECT seq, received_at AS "receivedAt", origin, hash, body FROM receipts WHERE ${receiptsWhere(dialect, filter, afterSeq, bind)} ORDER BY seq LIMIT ${bind(limit)}`,
        ),
      ),
  };
}
