// The SQL both stores share, written once for either placeholder style (`?` or `$n`).
// Result columns are quoted so PostgreSQL keeps their case; SQLite accepts the same quotes.
import type { Bind, Dialect, SqlConnection, Statement } from './database.js';
import type { ReceiptFilter } from './store.js';

export const ROW = `seq, receipt_id AS "receiptId", received_at AS "receivedAt", origin, principal, event, decided_at AS "decidedAt",
  revision, body, prev_hash AS "prevHash", hash, signature, digest, link, erased_at AS "erasedAt"`;
export const ERASURE = 'at, actor, reason, principal_digest AS "principalDigest", count, seqs';
export const CHECKPOINT =
  'purged_at AS "purgedAt", cutoff, from_seq AS "fromSeq", to_seq AS "toSeq", count, last_hash AS "lastHash"';
export const TOKEN = 'id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"';
export const ACCESS_ENTRY = 'id, at, actor, token_id AS "tokenId", action, filters, row_count AS rows, refused';
export const SELECT_HEAD = 'SELECT seq, hash FROM chain_head WHERE id = 1';

/** Writes statements in a dialect: `sql((bind) => \`… = ${bind(value)}\`)`, or plain text. */
export type Sql = (text: string | ((bind: Bind) => string)) => Statement;

export function sqlFor(dialect: Dialect): Sql {
  return (text) => {
    const values: unknown[] = [];
    const bind: Bind = (value) => dialect.placeholder(values.push(value));
    return { text: typeof text == 'string' ? text : text(bind), values };
  };
}

/** The rows a filter selects after `afterSeq`, as a WHERE condition: never a tombstone, unless asked. */
export function receiptsWhere(
  dialect: Dialect,
  filter: ReceiptFilter,
  afterSeq: number,
  bind: Bind,
  tombstones = false,
): string {
  const clauses = [`seq > ${bind(afterSeq)}`];
  if (!tombstones) clauses.push('erased_at IS NULL');
  if (filter.from) clauses.push(`decided_at >= ${bind(filter.from)}`);
  if (filter.to) clauses.push(`decided_at < ${bind(filter.to)}`);
  if (filter.event) clauses.push(`event = ${bind(filter.event)}`);
  if (filter.revision !== undefined) clauses.push(`revision = ${bind(filter.revision)}`);
  // A short id selects every visitor whose id starts with it (hex digits and hyphens only, no wildcard).
  if (filter.principal)
    clauses.push(
      filter.principal.length == 36
        ? `principal = ${bind(filter.principal)}`
        : `principal LIKE ${bind(filter.principal + '%')}`,
    );
  if (filter.category) clauses.push(dialect.purposeDecided(filter.category, filter.decision ?? 'granted', bind));
  return clauses.join(' AND ');
}

/** The access log's entries in a time range (`from` inclusive, `to` not): a WHERE clause, or none. */
export function accessWhere(range: { from?: string; to?: string }, bind: Bind): string {
  const clauses: string[] = [];
  if (range.from !== undefined) clauses.push(`at >= ${bind(range.from)}`);
  if (range.to !== undefined) clauses.push(`at < ${bind(range.to)}`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** Placeholders for a list of values, in order: `?, ?, ?` or `$1, $2, $3`. */
export const bindAll = (bind: Bind, values: unknown[]): string => values.map((value) => bind(value)).join(', ');

/** The first row a statement returns, or null. */
export async function first<T>(connection: SqlConnection, statement: Statement): Promise<T | null> {
  return (await connection.all<T>(statement))[0] ?? null;
}
