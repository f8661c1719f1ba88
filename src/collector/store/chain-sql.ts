// The receipts table and the chain around it, in the SQL both stores share: appends and purges
// by the rules in chain.ts, inside the adapter's chain transaction; reads by filter and by page;
// the signing keys that verify the chain.
import {
  appendAgain,
  arrival,
  bodyDigest,
  EMPTY_CHAIN,
  linkAfter,
  purgeCheckpoint,
  rowProblem,
  type Arrival,
  type ChainHead,
} from '../chain.js';
import { TemoinError } from '../errors.js';
import type { PublicKey, SigningKey } from '../keys.js';
import type { Bind, Dialect, SqlConnection, SqlDatabase } from './database.js';
import { pages } from './pages.js';
import { bindAll, CHECKPOINT, ERASURE, first, SELECT_HEAD, receiptsWhere, ROW, type Sql } from './sql.js';
import { countAppended, countStored, uncountRows } from './stats-sql.js';
import type { AppendResult, Checkpoint, Erasure, ReceiptStore, StoredRow } from './store.js';

type ChainOperations = Pick<
  ReceiptStore,
  | 'append'
  | 'appendBatch'
  | 'saveKey'
  | 'keys'
  | 'rows'
  | 'head'
  | 'checkpoint'
  | 'checkpoints'
  | 'purge'
  | 'query'
  | 'receipt'
  | 'row'
  | 'erase'
  | 'erasures'
  | 'erasedPrincipal'
  | 'redactIfErased'
>;

export function chainOperations(database: SqlDatabase, dialect: Dialect, sql: Sql): ChainOperations {
  const select = (afterSeq: number, limit: number, where: (bind: Bind) => string, order = 'ASC') =>
    database.all<StoredRow>(
      sql((bind) => `SELECT ${ROW} FROM receipts WHERE ${where(bind)} ORDER BY seq ${order} LIMIT ${bind(limit)}`),
    );
  const query: ReceiptStore['query'] = (filter, afterSeq, limit, order = 'asc') =>
    select(afterSeq, limit, (bind) => receiptsWhere(dialect, filter, afterSeq, bind), order == 'desc' ? 'DESC' : 'ASC');
  const appendBatch: ReceiptStore['appendBatch'] = (batch, key) =>
    database.transaction('chain', (connection) =>
      appendAll(
        connection,
        { sql, dialect },
        batch.map(({ receipt, meta }) => arrival(receipt, meta)),
        key,
      ),
    );
  return {
    append: async (receipt, meta, key) => (await appendBatch([{ receipt, meta }], key))[0]!,
    appendBatch,
    async saveKey({ keyId, publicKey }) {
      await database.run(
        sql(
          (
            bind,
          ) => `INSERT INTO signing_keys (key_id, public_key, created_at) VALUES (${bindAll(bind, [keyId, publicKey, new Date().toISOString()])})
        ON CONFLICT (key_id) DO NOTHING`,
        ),
      );
    },
    keys: () =>
      database.all<PublicKey>(
        sql(
          'SELECT key_id AS "keyId", public_key AS "publicKey", created_at AS "createdAt" FROM signing_keys ORDER BY created_at',
        ),
      ),
    rows: (afterSeq = 0) =>
      pages((after, limit) => select(after, limit, (bind) => receiptsWhere(dialect, {}, after, bind, true)), afterSeq),
    head: () => first<ChainHead>(database, sql(SELECT_HEAD)),
    checkpoint: () =>
      first<Checkpoint>(database, sql(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq DESC LIMIT 1`)),
    checkpoints: () => database.all<Checkpoint>(sql(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq`)),
    purge: (cutoff, now, signal) => purgeBefore(database, sql, { cutoff, now, signal }),
    query,
    receipt: (receiptId) =>
      first<StoredRow>(
        database,
        sql((bind) => `SELECT ${ROW} FROM receipts WHERE receipt_id = ${bind(receiptId)}`),
      ),
    row: (seq) =>
      first<StoredRow>(
        database,
        sql((bind) => `SELECT ${ROW} FROM receipts WHERE seq = ${bind(seq)}`),
      ),
    async erase(request) {
      const erasure = await database.transaction('upkeep', (connection) => eraseVisitor(connection, sql, request));
      // Asked again for a visitor erased before, it scrubs again (which finishes a scrub held up);
      // for a visitor never stored, there is nothing to scrub.
      if (erasure.count || (await erased(database, sql, erasure.principalDigest)))
        await dialect.scrub(database, erasure.count);
      return erasure;
    },
    async erasures() {
      const rows = await database.all<Omit<Erasure, 'seqs'> & { seqs: string }>(
        sql(`SELECT ${ERASURE} FROM erasures ORDER BY id`),
      );
      return rows.map((row) => ({ ...row, seqs: JSON.parse(row.seqs) as number[] }));
    },
    erasedPrincipal: (principalDigest) => erased(database, sql, principalDigest),
    async redactIfErased(principal) {
      // The chain lock is the erasure's: one under way is waited for, and one that starts after
      // this sees every entry committed before, so none keeps the id. Only a redaction waits for
      // a copy of the tables under way (upkeep), not every read by a visitor's id.
      const digest = bodyDigest(principal);
      if (!(await database.transaction('chain', (connection) => erased(connection, sql, digest)))) return false;
      await database.transaction('upkeep', (connection) => redactReads(connection, sql, principal, `sha256:${digest}`));
      return true;
    },
  };
}

/** Whether an erasure names this visitor's digest: through the index on erasures.principal_digest. */
async function erased(connection: Pick<SqlConnection, 'all'>, sql: Sql, principalDigest: string): Promise<boolean> {
  const rows = await connection.all<{ one: number }>(
    sql((bind) => `SELECT 1 AS one FROM erasures WHERE principal_digest = ${bind(principalDigest)} LIMIT 1`),
  );
  return rows.length > 0;
}

/**
 * Erases one visitor inside the chain transaction: each receipt keeps what its signature covers
 * (id, place, hash, digest, time received) as a tombstone, and loses its body, the visitor's id
 * and the columns copied from the receipt (event, time decided, revision); reads made for this visitor
 * keep their log entry with the id replaced by its digest; the erasure is recorded.
 */
async function eraseVisitor(
  connection: SqlConnection,
  sql: Sql,
  { principal, reason, actor, at }: Parameters<ReceiptStore['erase']>[0],
): Promise<Erasure> {
  const rows = await connection.all<StoredRow>(
    sql((bind) => `SELECT ${ROW} FROM receipts WHERE principal = ${bind(principal)} ORDER BY seq`),
  );
  // An erasure must not hide a changed row, nor take another visitor's: each is checked first.
  for (const row of rows) {
    const problem = erasureProblem(row, principal);
    if (problem)
      throw new TemoinError(
        'TEMOIN_ERR_ERASURE_REFUSED',
        `receipt #${row.seq} ${problem}; nothing was erased. Run temoin verify`,
      );
  }
  await uncountRows(connection, sql, rows);
  for (const row of rows) {
    await connection.run(
      sql(
        (bind) =>
          `UPDATE receipts SET body = '', principal = '', event = '', decided_at = '', revision = 0, digest = ${bind(row.digest ?? bodyDigest(row.body))}, erased_at = ${bind(at)} WHERE seq = ${bind(row.seq)}`,
      ),
    );
  }
  const principalDigest = bodyDigest(principal);
  await redactReads(connection, sql, principal, `sha256:${principalDigest}`);
  const erasure: Erasure = { at, actor, reason, principalDigest, count: rows.length, seqs: rows.map((r) => r.seq) };
  if (rows.length)
    await connection.run(
      sql(
        (bind) =>
          `INSERT INTO erasures (at, actor, reason, principal_digest, count, seqs) VALUES (${bindAll(bind, [at, actor, reason, principalDigest, erasure.count, JSON.stringify(erasure.seqs)])})`,
      ),
    );
  return erasure;
}

/** Why a row may not be erased as this visitor's: its content no longer matches, or it is another's. */
function erasureProblem(row: StoredRow, principal: string): string | undefined {
  const content = rowProblem(row);
  if (content) return content.replace(/^its /, 'has been changed: its ');
  let owner: unknown;
  try {
    owner = (JSON.parse(row.body) as { principal?: unknown }).principal;
  } catch {
    owner = undefined;
  }
  return owner === principal ? undefined : "is another visitor's: its principal column was changed";
}

/**
 * Reads made for this visitor keep their log entry, with the id replaced: the full id anywhere in
 * the filters, and a principal filter of 8 characters or more that begins it (a short-id read). In
 * any case: an entry may hold the id in upper case (as typed, before logAccess lowered it), and
 * LIKE ignores case on SQLite but not on PostgreSQL, so both look through lower().
 */
async function redactReads(connection: SqlConnection, sql: Sql, principal: string, replacement: string) {
  const id = principal.toLowerCase();
  // The id is a UUID (hex digits and hyphens): no LIKE wildcard in it, no special character in a RegExp.
  const candidates = await connection.all<{ id: number; filters: string }>(
    sql(
      (bind) =>
        `SELECT id, filters FROM access_log WHERE lower(filters) LIKE ${bind(`%${id}%`)} OR lower(filters) LIKE ${bind(`%"principal":"${id.slice(0, 8)}%`)}`,
    ),
  );
  const anywhere = new RegExp(id, 'gi');
  for (const entry of candidates) {
    let filters = entry.filters.replace(anywhere, replacement);
    const parsed = JSON.parse(filters) as { principal?: unknown };
    const value = typeof parsed.principal == 'string' ? parsed.principal.toLowerCase() : '';
    if (value.length >= 8 && id.startsWith(value)) filters = JSON.stringify({ ...parsed, principal: replacement });
    if (filters != entry.filters)
      await connection.run(
        sql((bind) => `UPDATE access_log SET filters = ${bind(filters)} WHERE id = ${bind(entry.id)}`),
      );
  }
}

/** Items in runs of `size`: the rows or ids one statement takes (Dialect.rowsPerStatement). */
const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * A batch of receipts inside one chain transaction, with the head read once: a receipt id stored
 * before, or earlier in the batch, is a repeat (the same receipt) or a conflict; the others are
 * linked after the head in the order they came.
 */
async function appendAll(
  connection: SqlConnection,
  { sql, dialect }: { sql: Sql; dialect: Dialect },
  arrivals: readonly Arrival[],
  key: SigningKey,
): Promise<AppendResult[]> {
  const stored = await storedRows(connection, { sql, dialect }, [...new Set(arrivals.map((a) => a.receipt.receiptId))]);
  // The first arrival of an id not stored yet is new; a later one repeats it.
  const seen = new Set(stored.keys());
  const fresh = arrivals.filter((a) => !seen.has(a.receipt.receiptId) && Boolean(seen.add(a.receipt.receiptId)));
  const head = fresh.length ? ((await first<ChainHead>(connection, sql(SELECT_HEAD))) ?? EMPTY_CHAIN) : EMPTY_CHAIN;
  const links = await linkAfter(head, fresh, key);
  await storeLinks(
    connection,
    { sql, dialect },
    links.map((link) => link.row),
  );
  await countAppended(
    connection,
    sql,
    fresh.map((a) => a.receipt),
  );
  const linked = new Map(links.map((link, i) => [fresh[i]!, link]));
  const created = new Map(links.map((link) => [link.row.receiptId, link.row]));
  return arrivals.map((a): AppendResult => {
    const link = linked.get(a);
    if (link) return { status: 'created', ack: link.ack };
    return appendAgain((stored.get(a.receipt.receiptId) ?? created.get(a.receipt.receiptId))!, a.body);
  });
}

/** The stored rows of these receipt ids, by id. */
async function storedRows(
  connection: SqlConnection,
  { sql, dialect }: { sql: Sql; dialect: Dialect },
  receiptIds: string[],
): Promise<Map<string, StoredRow>> {
  const found = new Map<string, StoredRow>();
  for (const ids of chunks(receiptIds, dialect.rowsPerStatement)) {
    const rows = await connection.all<StoredRow>(
      sql((bind) => `SELECT ${ROW} FROM receipts WHERE receipt_id IN (${bindAll(bind, ids)})`),
    );
    for (const row of rows) found.set(row.receiptId, row);
  }
  return found;
}

/** Stores linked rows in chain order and moves the head to the last of them (their counts are the caller's). */
async function storeLinks(
  connection: SqlConnection,
  { sql, dialect }: { sql: Sql; dialect: Dialect },
  rows: StoredRow[],
): Promise<void> {
  for (const some of chunks(rows, dialect.rowsPerStatement)) {
    await connection.run(
      sql(
        (bind) =>
          `INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature, digest, link)
      VALUES ${some.map((row) => `(${bindAll(bind, [row.seq, row.receiptId, row.receivedAt, row.origin, row.principal, row.event, row.decidedAt, row.revision, row.body, row.prevHash, row.hash, row.signature, row.digest, row.link])})`).join(', ')}`,
      ),
    );
  }
  const last = rows.at(-1);
  if (!last) return;
  await connection.run(
    sql(
      (bind) => `INSERT INTO chain_head (id, seq, hash) VALUES (1, ${bind(last.seq)}, ${bind(last.hash)})
    ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
    ),
  );
}

/**
 * Receipts one step of a purge removes, in one chain transaction: appends wait for a step (tens of
 * milliseconds), not for the whole purge (one purge of 1,000,000 held them 13 to 20 s: bench/upkeep.mjs).
 */
export const PURGE_STEP = 1000;

/**
 * Removes the receipts received before `cutoff` (the prefix of the chain up to the last of them),
 * a step at a time. Each step is its own chain transaction and leaves the chain verifiable: the
 * purge's checkpoint is extended to what it has removed so far. A purge stopped half-way (the
 * process dies) has removed a verifiable prefix; the next purge goes on from there.
 */
async function purgeBefore(
  database: SqlDatabase,
  sql: Sql,
  { cutoff, now, signal }: { cutoff: string; now: string; signal?: AbortSignal | undefined },
): Promise<Checkpoint | null> {
  const old = await first<{ toSeq: number | null }>(
    database,
    sql((bind) => `SELECT MAX(seq) AS "toSeq" FROM receipts WHERE received_at < ${bind(cutoff)}`),
  );
  // Received times rise with the sequence, but a clock set back could break that: remove the
  // whole prefix up to the last old receipt, so what stays is one unbroken chain.
  const toSeq = old?.toSeq;
  if (!toSeq) return null;
  let done: Checkpoint | null = null;
  // What this purge removed, counted by its own steps: another purge at the same time (the
  // admin's beside the scheduled one) takes turns with it, each step recording a checkpoint.
  let removed = { fromSeq: 0, count: 0 };
  while (!signal?.aborted) {
    const step = await database.transaction('upkeep', (connection) =>
      purgeStep(connection, sql, { toSeq, cutoff, now }, done),
    );
    if (!step) break;
    removed = { fromSeq: removed.fromSeq || step.fromSeq, count: removed.count + step.count };
    done = step.checkpoint;
  }
  return done && { ...done, ...removed };
}

/**
 * One step of a purge, inside the chain transaction: the checkpoint it leaves, and where it began
 * and how many it removed; null once nothing up to `toSeq` is left.
 */
async function purgeStep(
  connection: SqlConnection,
  sql: Sql,
  { toSeq, cutoff, now }: { toSeq: number; cutoff: string; now: string },
  before: Checkpoint | null,
): Promise<{ checkpoint: Checkpoint; fromSeq: number; count: number } | null> {
  // What the steps before removed is below `afterSeq`: bounded by it, PostgreSQL's index scans do
  // not walk the dead entries they left (each step took longer than the one before).
  const afterSeq = before?.toSeq ?? 0;
  const start = await first<{ fromSeq: number | null }>(
    connection,
    sql((bind) => `SELECT MIN(seq) AS "fromSeq" FROM receipts WHERE seq > ${bind(afterSeq)}`),
  );
  const fromSeq = start?.fromSeq;
  if (!fromSeq || fromSeq > toSeq) return null;
  const last = (await first<{ seq: number; hash: string }>(
    connection,
    sql(
      (bind) =>
        `SELECT seq, hash FROM receipts WHERE seq > ${bind(afterSeq)} AND seq <= ${bind(Math.min(fromSeq + PURGE_STEP - 1, toSeq))} ORDER BY seq DESC LIMIT 1`,
    ),
  ))!;
  await countStored(connection, sql, -1, { afterSeq, toSeq: last.seq });
  const count = await connection.run(
    sql((bind) => `DELETE FROM receipts WHERE seq > ${bind(afterSeq)} AND seq <= ${bind(last.seq)}`),
  );
  const removed = { fromSeq, toSeq: last.seq, count, lastHash: last.hash };
  return {
    checkpoint: await recordStep(connection, sql, purgeCheckpoint(removed, cutoff, now), before),
    fromSeq,
    count,
  };
}

/**
 * Records a purge step: the purge's own checkpoint (`before`) extended while it is the latest one;
 * otherwise (the first step, or another purge came between) one of the step's own.
 */
async function recordStep(
  connection: SqlConnection,
  sql: Sql,
  step: Checkpoint,
  before: Checkpoint | null,
): Promise<Checkpoint> {
  const latest = await first<{ toSeq: number }>(
    connection,
    sql('SELECT to_seq AS "toSeq" FROM checkpoints ORDER BY to_seq DESC LIMIT 1'),
  );
  if (before && latest?.toSeq == before.toSeq) {
    const extended = { ...before, toSeq: step.toSeq, count: before.count + step.count, lastHash: step.lastHash };
    await connection.run(
      sql(
        (bind) =>
          `UPDATE checkpoints SET to_seq = ${bind(extended.toSeq)}, count = ${bind(extended.count)}, last_hash = ${bind(extended.lastHash)} WHERE to_seq = ${bind(before.toSeq)}`,
      ),
    );
    return extended;
  }
  const { toSeq, fromSeq, count, lastHash, cutoff, purgedAt } = step;
  await connection.run(
    sql(
      (bind) => `INSERT INTO checkpoints (to_seq, from_seq, count, last_hash, cutoff, purged_at)
    VALUES (${bindAll(bind, [toSeq, fromSeq, count, lastHash, cutoff, purgedAt])})`,
    ),
  );
  return step;
}
