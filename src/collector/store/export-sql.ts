// A streamed export's receipts, in the SQL both stores share. The database writes each JSON line
// itself (building it in JS from every column took most of an export's time); PostgreSQL streams
// them all from one COPY, SQLite in pages. A CSV record needs the receipt parsed, which JS does
// faster, so its page is only the columns a record takes.
import { LINK_DIGEST } from '../chain.js';
import type { Dialect, SqlDatabase } from './database.js';
import { PAGE, readAhead } from './pages.js';
import { receiptsWhere, type Sql } from './sql.js';
import type { CsvSource, ExportChunk, ReceiptFilter, ReceiptStore } from './store.js';

/**
 * export-encoding.ts's `jsonLine` in SQL, up to `end`: the same fields, order and escaping, the
 * body as stored. One concat(), not a chain of ||, each of which would copy the line so far.
 */
const jsonLineSql = (dialect: Dialect, end: string) =>
  `concat('{"seq":', seq, ',"receivedAt":', ${dialect.jsonString('received_at')}, ',"origin":', ${dialect.jsonString('origin')},
    ',"hash":"', hash, '","prevHash":"', prev_hash, '","signature":', ${dialect.jsonString('signature')},
    CASE WHEN link = ${LINK_DIGEST} THEN concat(',"digest":"', COALESCE(digest, 'null'), '"') END,
    ',"receipt":', body, '}${end}')`;

/** A COPY's chunks, each with the number of lines that end in it. */
async function* counted(chunks: AsyncIterable<Buffer>): AsyncGenerator<ExportChunk> {
  for await (const bytes of chunks) {
    let count = 0;
    for (let i = bytes.indexOf(10); i != -1; i = bytes.indexOf(10, i + 1)) count++;
    yield { count, bytes };
  }
}

export function exportOperations(
  database: SqlDatabase,
  dialect: Dialect,
  sql: Sql,
): Pick<ReceiptStore, 'jsonLines' | 'csvSources'> {
  const line = dialect.bytes(jsonLineSql(dialect, '\n'));
  const page = async (filter: ReceiptFilter, afterSeq: number) => {
    const rows = await database.all<{ seq: number; line: Buffer }>(
      sql(
        (bind) =>
          `SELECT seq, ${line} AS line FROM receipts WHERE ${receiptsWhere(dialect, filter, afterSeq, bind)} ORDER BY seq LIMIT ${bind(PAGE)}`,
      ),
    );
    return {
      count: rows.length,
      lastSeq: rows.at(-1)?.seq ?? afterSeq,
      bytes: Buffer.concat(rows.map((row) => row.line)),
    };
  };
  return {
    jsonLines(filter) {
      const copy = database.copyLines;
      if (!copy) return readAhead((afterSeq) => page(filter, afterSeq));
      // COPY ends each row with its line feed.
      const where = receiptsWhere(dialect, filter, 0, copy.literal);
      return counted(copy.stream(`SELECT ${jsonLineSql(dialect, '')} FROM receipts WHERE ${where} ORDER BY seq`));
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
