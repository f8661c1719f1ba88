// The embedded default: one SQLite file in WAL mode through better-sqlite3. Appends run in an
// IMMEDIATE transaction, so two collector processes on the same file still build one chain.
import Database from 'better-sqlite3';
import type { Receipt } from '../../receipts/receipt.js';
import { chainHash, GENESIS, receiptBody } from '../chain.js';
import type { PublicKey, SigningKey } from '../keys.js';
import { MIGRATIONS } from './migrations.js';
import { PAGE } from './pages.js';
import type { AccessEntry, AppendResult, Checkpoint, ReceiptFilter, ReceiptStore, StoredRow, Token } from './store.js';

const ROW = `seq, receipt_id AS receiptId, received_at AS receivedAt, origin, principal, event, decided_at AS decidedAt,
  revision, body, prev_hash AS prevHash, hash, signature`;
const CHECKPOINT = 'purged_at AS purgedAt, cutoff, from_seq AS fromSeq, to_seq AS toSeq, count, last_hash AS lastHash';
const TOKEN = 'id, name, role, created_at AS createdAt, revoked_at AS revokedAt';

/** The WHERE clause of a filter, with its values in order. */
function where(filter: ReceiptFilter, afterSeq: number): [string, unknown[]] {
  const clauses = ['seq > ?'];
  const values: unknown[] = [afterSeq];
  const add = (clause: string, ...v: unknown[]) => (clauses.push(clause), values.push(...v));
  if (filter.from) add('decided_at >= ?', filter.from);
  if (filter.to) add('decided_at < ?', filter.to);
  if (filter.event) add('event = ?', filter.event);
  if (filter.revision !== undefined) add('revision = ?', filter.revision);
  if (filter.principal) add('principal = ?', filter.principal);
  if (filter.category) {
    add(`EXISTS (SELECT 1 FROM json_each(body, '$.purposes') p
      WHERE json_extract(p.value, '$.category') = ? AND json_extract(p.value, '$.decision') = ?)`, filter.category, filter.decision ?? 'granted');
  }
  return [clauses.join(' AND '), values];
}

export function openSqlite(file: string): ReceiptStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // an acknowledged receipt survives a power cut
  db.pragma('busy_timeout = 5000');

  const ackOf = (row: StoredRow) => ({ receiptId: row.receiptId, seq: row.seq, hash: row.hash, signature: row.signature, receivedAt: row.receivedAt });

  const append = db.transaction((receipt: Receipt, meta: { origin: string; receivedAt: string }, key: SigningKey): AppendResult => {
    const body = receiptBody(receipt);
    const existing = db.prepare(`SELECT ${ROW} FROM receipts WHERE receipt_id = ?`).get(receipt.receiptId) as StoredRow | undefined;
    if (existing) return existing.body == body ? { status: 'duplicate', ack: ackOf(existing) } : { status: 'conflict' };
    const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS;
    const hash = chainHash(prevHash, body);
    const unsigned = { receiptId: receipt.receiptId, seq, hash, receivedAt: meta.receivedAt };
    const signature = key.sign(unsigned);
    db.prepare(`INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(seq, receipt.receiptId, meta.receivedAt, meta.origin, receipt.principal, receipt.event, receipt.timestamp, receipt.revision, body, prevHash, hash, signature);
    db.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
    return { status: 'created', ack: { ...unsigned, signature } };
  });

  const purge = db.transaction((cutoff: string, now: string): Checkpoint | null => {
    const range = db.prepare('SELECT MIN(seq) AS fromSeq, MAX(seq) AS toSeq, COUNT(*) AS count FROM receipts WHERE received_at < ?')
      .get(cutoff) as { fromSeq: number | null; toSeq: number | null; count: number };
    if (!range.toSeq) return null;
    // Received times rise with the sequence, but a clock set back could break that: remove the
    // whole prefix up to the last old receipt, so what stays is one unbroken chain.
    const last = db.prepare('SELECT hash FROM receipts WHERE seq = ?').get(range.toSeq) as { hash: string };
    const removed = db.prepare('DELETE FROM receipts WHERE seq <= ?').run(range.toSeq).changes;
    const checkpoint = { purgedAt: now, cutoff, fromSeq: range.fromSeq!, toSeq: range.toSeq, count: removed, lastHash: last.hash };
    db.prepare('INSERT INTO checkpoints (to_seq, from_seq, count, last_hash, cutoff, purged_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(checkpoint.toSeq, checkpoint.fromSeq, checkpoint.count, checkpoint.lastHash, cutoff, now);
    return checkpoint;
  });

  return {
    kind: 'sqlite',
    migrate() {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        db.transaction(() => {
          db.exec(m.sqlite);
          db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
        }).immediate();
      }
      return Promise.resolve();
    },
    append: (receipt, meta, key) => Promise.resolve(append.immediate(receipt, meta, key)),
    saveKey({ keyId, publicKey }) {
      db.prepare('INSERT INTO signing_keys (key_id, public_key, created_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING')
        .run(keyId, publicKey, new Date().toISOString());
      return Promise.resolve();
    },
    keys: () => Promise.resolve(db.prepare('SELECT key_id AS keyId, public_key AS publicKey, created_at AS createdAt FROM signing_keys ORDER BY created_at').all() as PublicKey[]),
    // Synchronous pages behind an async iterator, so both stores are walked the same way.
    // eslint-disable-next-line @typescript-eslint/require-await
    async *rows(afterSeq = 0) {
      const page = db.prepare(`SELECT ${ROW} FROM receipts WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`);
      for (;;) {
        const rows = page.all(afterSeq) as StoredRow[];
        yield* rows;
        if (rows.length < PAGE) return;
        afterSeq = rows[rows.length - 1]!.seq;
      }
    },
    head: () => Promise.resolve((db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined) ?? null),
    checkpoint: () => Promise.resolve((db.prepare(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq DESC LIMIT 1`).get() as Checkpoint | undefined) ?? null),
    checkpoints: () => Promise.resolve(db.prepare(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq`).all() as Checkpoint[]),
    purge: (cutoff, now) => Promise.resolve(purge.immediate(cutoff, now)),
    query(filter, afterSeq, limit, order = 'asc') {
      const [clause, values] = where(filter, afterSeq);
      return Promise.resolve(db.prepare(`SELECT ${ROW} FROM receipts WHERE ${clause} ORDER BY seq ${order == 'desc' ? 'DESC' : 'ASC'} LIMIT ?`)
        .all(...values, limit) as StoredRow[]);
    },
    receipt: (receiptId) => Promise.resolve((db.prepare(`SELECT ${ROW} FROM receipts WHERE receipt_id = ?`).get(receiptId) as StoredRow | undefined) ?? null),
    addToken(t) {
      db.prepare('INSERT INTO tokens (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)').run(t.id, t.name, t.role, t.hash, t.createdAt, t.revokedAt);
      return Promise.resolve();
    },
    tokens: () => Promise.resolve(db.prepare(`SELECT ${TOKEN} FROM tokens ORDER BY created_at`).all() as Token[]),
    tokenByHash: (hash) => Promise.resolve((db.prepare(`SELECT ${TOKEN} FROM tokens WHERE hash = ?`).get(hash) as Token | undefined) ?? null),
    revokeToken: (id, at) => Promise.resolve(db.prepare('UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(at, id).changes > 0),
    logAccess(e) {
      db.prepare('INSERT INTO access_log (at, actor, token_id, action, filters, row_count, refused) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.at, e.actor, e.tokenId, e.action, JSON.stringify(e.filters), e.rows, e.refused ?? null);
      return Promise.resolve();
    },
    accessLog({ from, to, limit }) {
      const rows = db.prepare(`SELECT id, at, actor, token_id AS tokenId, action, filters, row_count AS rows, refused FROM access_log
        WHERE (? IS NULL OR at >= ?) AND (? IS NULL OR at < ?) ORDER BY id DESC LIMIT ?`)
        .all(from ?? null, from ?? null, to ?? null, to ?? null, limit) as (AccessEntry & { filters: string })[];
      return Promise.resolve(rows.map((r) => ({ ...r, filters: JSON.parse(r.filters) as Record<string, unknown> })));
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
