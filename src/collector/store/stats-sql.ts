// The daily counts behind the statistics (stats-counts.ts), in the SQL both stores share. They
// change in the chain transaction that changes the receipts: appends add what their rows say,
// purges and erasures take away what they remove, so the counts always equal what the remaining
// receipts say. Rows are counted in JS first, then one upsert per distinct day, revision,
// language and counter.
import type { Receipt } from '../../receipts/receipt.js';
import { countReceipt, countRow, type DailyCount, type DailyCounts } from '../stats-counts.js';
import type { SqlConnection, SqlDatabase } from './database.js';
import { PAGE } from './pages.js';
import { bindAll, type Sql } from './sql.js';
import type { ReceiptStore, StoredRow } from './store.js';

/** Counts per upsert statement: 5 values each, far under either database's limit of values. */
const BATCH = 500;
/** Distinct counts gathered before they are written, when counting a whole table: memory stays flat. */
const FLUSH = 50_000;

/** Adds counts (negative ones take away); drops the counts that fell to 0. */
async function addCounts(connection: SqlConnection, sql: Sql, counts: DailyCounts): Promise<void> {
  const changes = [...counts.values()].filter((c) => c.n != 0);
  for (let i = 0; i < changes.length; i += BATCH) {
    const batch = changes.slice(i, i + BATCH);
    await connection.run(
      sql(
        (bind) => `INSERT INTO stats_daily (day, revision, language, counter, n)
    VALUES ${batch.map((c) => `(${bindAll(bind, [c.day, c.revision, c.language, c.counter, c.n])})`).join(', ')}
    ON CONFLICT (day, revision, language, counter) DO UPDATE SET n = stats_daily.n + excluded.n`,
      ),
    );
  }
  const taken = changes.filter((c) => c.n < 0).map((c) => c.day);
  if (taken.length)
    await connection.run(
      sql(
        (bind) =>
          `DELETE FROM stats_daily WHERE n = 0 AND day >= ${bind(taken.reduce((a, b) => (a < b ? a : b)))} AND day <= ${bind(taken.reduce((a, b) => (a > b ? a : b)))}`,
      ),
    );
}

/**
 * Takes what these rows say away from the daily counts, inside the chain transaction that erases
 * them. Erased rows say nothing.
 */
export async function uncountRows(
  connection: SqlConnection,
  sql: Sql,
  rows: readonly Pick<StoredRow, 'body' | 'erasedAt'>[],
): Promise<void> {
  const counts: DailyCounts = new Map();
  for (const row of rows) countRow(counts, row, -1);
  await addCounts(connection, sql, counts);
}

/** Adds what these receipts say to the daily counts, inside the chain transaction that stores them. */
export async function countAppended(connection: SqlConnection, sql: Sql, receipts: readonly Receipt[]): Promise<void> {
  const counts: DailyCounts = new Map();
  for (const receipt of receipts) countReceipt(counts, receipt);
  await addCounts(connection, sql, counts);
}

/**
 * Counts the stored receipts after `afterSeq` up to `toSeq` (all of them without a range), a page
 * at a time: with `sign` -1 before a purge removes them, with 1 to fill the counts of an existing
 * database.
 */
export async function countStored(
  connection: SqlConnection,
  sql: Sql,
  sign: 1 | -1,
  range: { afterSeq: number; toSeq?: number } = { afterSeq: 0 },
): Promise<void> {
  const { toSeq } = range;
  let counts: DailyCounts = new Map();
  for (let afterSeq = range.afterSeq; ;) {
    const page = await connection.all<{ seq: number; body: string; erasedAt: string | null }>(
      sql(
        (bind) =>
          `SELECT seq, body, erased_at AS "erasedAt" FROM receipts WHERE seq > ${bind(afterSeq)}${toSeq === undefined ? '' : ` AND seq <= ${bind(toSeq)}`} AND erased_at IS NULL ORDER BY seq LIMIT ${bind(PAGE)}`,
      ),
    );
    for (const row of page) countRow(counts, row, sign);
    if (counts.size >= FLUSH || page.length < PAGE) {
      await addCounts(connection, sql, counts);
      counts = new Map();
    }
    if (page.length < PAGE) return;
    afterSeq = page.at(-1)!.seq;
  }
}

/** One page of the receipts decided in a time range, in decided_at order (its index) after `after`. */
const decidedPage = (
  sql: Sql,
  { from, to }: { from?: string; to?: string },
  after: { decidedAt: string; seq: number } | undefined,
) =>
  sql((bind) => {
    const where = ['erased_at IS NULL'];
    if (after)
      where.push(
        `decided_at >= ${bind(after.decidedAt)} AND (decided_at > ${bind(after.decidedAt)} OR seq > ${bind(after.seq)})`,
      );
    if (from !== undefined) where.push(`decided_at >= ${bind(from)}`);
    if (to !== undefined) where.push(`decided_at < ${bind(to)}`);
    return `SELECT seq, decided_at AS "decidedAt", body, erased_at AS "erasedAt" FROM receipts WHERE ${where.join(' AND ')}
      ORDER BY decided_at, seq LIMIT ${bind(PAGE)}`;
  });

export function statsOperations(
  database: SqlDatabase,
  sql: Sql,
): Pick<ReceiptStore, 'dailyCounts' | 'decidedCounts' | 'categoriesChosen'> {
  return {
    // A purge or an erasure takes its counts away: a category no stored receipt names sums to 0.
    categoriesChosen: async () =>
      (
        await database.all<{ counter: string }>(
          sql(`SELECT counter FROM stats_daily WHERE counter LIKE 'seen:%' GROUP BY counter HAVING SUM(n) > 0`),
        )
      ).map((r) => r.counter.slice('seen:'.length)),
    async decidedCounts(range) {
      const counts: DailyCounts = new Map();
      for (let after: { decidedAt: string; seq: number } | undefined; ;) {
        const page = await database.all<Pick<StoredRow, 'seq' | 'decidedAt' | 'body' | 'erasedAt'>>(
          decidedPage(sql, range, after),
        );
        for (const row of page) countRow(counts, row);
        if (page.length < PAGE) return [...counts.values()];
        after = page.at(-1)!;
      }
    },
    dailyCounts: (days, by) =>
      database.all<DailyCount>(
        sql((bind) => {
          const where = [
            ...(days.from === undefined ? [] : [`day >= ${bind(days.from)}`]),
            ...(days.to === undefined ? [] : [`day < ${bind(days.to)}`]),
          ];
          // Summed over what the statistics do not split by: fewer rows to send.
          const revision = by == 'revision' ? 'revision' : '0';
          const language = by == 'language' ? 'language' : "''";
          return `SELECT day, ${revision} AS revision, ${language} AS language, counter, CAST(SUM(n) AS BIGINT) AS n
            FROM stats_daily${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
            GROUP BY ${['day', ...(by ? [by] : []), 'counter'].join(', ')}`;
        }),
      ),
  };
}
