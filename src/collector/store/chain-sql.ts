// The receipts table and the chain around it, in the SQL both stores share: appends and purges
// by the rules in chain.ts, inside the adapter's chain transaction; reads by filter and by page;
// the signing keys that verify the chain.
import {
  appendAgain,
  arrival,
  EMPTY_CHAIN,
  linkAfter,
  purgeCheckpoint,
  type Arrival,
  type ChainHead,
} from '../chain.js';
import type { PublicKey, SigningKey } from '../keys.js';
import type { Dialect, SqlConnection, SqlDatabase } from './database.js';
import { pages } from './pages.js';
import { bindAll, CHECKPOINT, first, SELECT_HEAD, receiptsWhere, ROW, type Sql } from './sql.js';
import type { AppendResult, Checkpoint, ReceiptStore, StoredRow } from './store.js';

type ChainOperations = Pick<
  ReceiptStore,
  'append' | 'saveKey' | 'keys' | 'rows' | 'head' | 'checkpoint' | 'checkpoints' | 'purge' | 'query' | 'receipt'
>;

export function chainOperations(database: SqlDatabase, dialect: Dialect, sql: Sql): ChainOperations {
  const query: ReceiptStore['query'] = (filter, afterSeq, limit, order = 'asc') =>
    database.all<StoredRow>(
      sql(
        (bind) =>
          `SELECT ${ROW} FROM receipts WHERE ${receiptsWhere(dialect, filter, afterSeq, bind)} ORDER BY seq ${order == 'desc' ? 'DESC' : 'ASC'} LIMIT ${bind(limit)}`,
      ),
    );
  return {
    append: (receipt, meta, key) =>
      database.transaction('chain', (connection) => appendOne(connection, sql, arrival(receipt, meta), key)),
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
    rows: (afterSeq = 0) => pages((after, limit) => query({}, after, limit), afterSeq),
    head: () => first<ChainHead>(database, sql(SELECT_HEAD)),
    checkpoint: () =>
      first<Checkpoint>(database, sql(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq DESC LIMIT 1`)),
    checkpoints: () => database.all<Checkpoint>(sql(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq`)),
    purge: (cutoff, now) => database.transaction('chain', (connection) => purgeBefore(connection, sql, cutoff, now)),
    query,
    receipt: (receiptId) =>
      first<StoredRow>(
        database,
        sql((bind) => `SELECT ${ROW} FROM receipts WHERE receipt_id = ${bind(receiptId)}`),
      ),
  };
}

/** One receipt, inside the chain transaction: a repeat of a stored receipt id, or the next link. */
async function appendOne(
  connection: SqlConnection,
  sql: Sql,
  incoming: Arrival,
  key: SigningKey,
): Promise<AppendResult> {
  const stored = await first<StoredRow>(
    connection,
    sql((bind) => `SELECT ${ROW} FROM receipts WHERE receipt_id = ${bind(incoming.receipt.receiptId)}`),
  );
  if (stored) return appendAgain(stored, incoming.body);
  const head = (await first<ChainHead>(connection, sql(SELECT_HEAD))) ?? EMPTY_CHAIN;
  const [link] = linkAfter(head, [incoming], key);
  await storeLinks(connection, sql, [link!.row]);
  return { status: 'created', ack: link!.ack };
}

/** Stores linked rows in chain order and moves the head to the last of them. */
async function storeLinks(connection: SqlConnection, sql: Sql, rows: StoredRow[]): Promise<void> {
  for (const row of rows) {
    await connection.run(
      sql(
        (
          bind,
        ) => `INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature)
      VALUES (${bindAll(bind, [row.seq, row.receiptId, row.receivedAt, row.origin, row.principal, row.event, row.decidedAt, row.revision, row.body, row.prevHash, row.hash, row.signature])})`,
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

/** Removes the receipts received before `cutoff`, inside the chain transaction, and records the checkpoint. */
async function purgeBefore(
  connection: SqlConnection,
  sql: Sql,
  cutoff: string,
  now: string,
): Promise<Checkpoint | null> {
  const old = (await first<{ fromSeq: number | null; toSeq: number | null }>(
    connection,
    sql(
      (bind) => `SELECT MIN(seq) AS "fromSeq", MAX(seq) AS "toSeq" FROM receipts WHERE received_at < ${bind(cutoff)}`,
    ),
  ))!;
  if (!old.toSeq) return null;
  // Received times rise with the sequence, but a clock set back could break that: remove the
  // whole prefix up to the last old receipt, so what stays is one unbroken chain.
  const last = (await first<{ hash: string }>(
    connection,
    sql((bind) => `SELECT hash FROM receipts WHERE seq = ${bind(old.toSeq)}`),
  ))!;
  const count = await connection.run(sql((bind) => `DELETE FROM receipts WHERE seq <= ${bind(old.toSeq)}`));
  const checkpoint = purgeCheckpoint(
    { fromSeq: old.fromSeq!, toSeq: old.toSeq, count, lastHash: last.hash },
    cutoff,
    now,
  );
  await connection.run(
    sql(
      (bind) => `INSERT INTO checkpoints (to_seq, from_seq, count, last_hash, cutoff, purged_at)
    VALUES (${bindAll(bind, [checkpoint.toSeq, checkpoint.fromSeq, checkpoint.count, checkpoint.lastHash, cutoff, now])})`,
    ),
  );
  return checkpoint;
}
