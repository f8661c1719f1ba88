// PostgreSQL through pg, for a site that outgrows one machine: several collectors may share the
// database. Appends take a transaction-scoped advisory lock, so the chain stays one line.
import pg from 'pg';
import type { Receipt } from '../../receipts/receipt.js';
import { chainHash, GENESIS, receiptBody } from '../chain.js';
import type { PublicKey, SigningKey } from '../keys.js';
import { MIGRATIONS } from './migrations.js';
import { PAGE } from './pages.js';
import type { AccessEntry, AppendResult, Checkpoint, ReceiptFilter, ReceiptStore, StoredRow, Token } from './store.js';

const ROW = `seq, receipt_id AS "receiptId", received_at AS "receivedAt", origin, principal, event, decided_at AS "decidedAt",
  revision, body, prev_hash AS "prevHash", hash, signature`;
const CHECKPOINT = 'purged_at AS "purgedAt", cutoff, from_seq AS "fromSeq", to_seq AS "toSeq", count, last_hash AS "lastHash"';
const TOKEN = 'id, name, role, created_at AS "createdAt", revoked_at AS "revokedAt"';

/** The WHERE clause of a filter, with its values in order. */
function where(filter: ReceiptFilter, afterSeq: number): [string, unknown[]] {
  const values: unknown[] = [afterSeq];
  const clauses = ['seq > $1'];
  const add = (clause: (n: number) => string, value: unknown) => clauses.push(clause(values.push(value)));
  if (filter.from) add((n) => `decided_at >= $${n}`, filter.from);
  if (filter.to) add((n) => `decided_at < $${n}`, filter.to);
  if (filter.event) add((n) => `event = $${n}`, filter.event);
  if (filter.revision !== undefined) add((n) => `revision = $${n}`, filter.revision);
  if (filter.principal) add((n) => `principal = $${n}`, filter.principal);
  if (filter.category) {
    // temoin_purposes (a migration), not body::jsonb: no stored text can make the cast fail.
    add((n) => `temoin_purposes(body) @> $${n}::jsonb`, JSON.stringify([{ category: filter.category, decision: filter.decision ?? 'granted' }]));
  }
  return [clauses.join(' AND '), values];
}

/** Advisory lock ids: one for the chain, one for migrations. */
const CHAIN_LOCK = 0x74656d6f;
const MIGRATION_LOCK = CHAIN_LOCK + 1;

// BIGINT (oid 20) as a number: sequence numbers stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

export function openPostgres(connectionString: string): ReceiptStore {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client losing its connection must not crash the collector; the next query reconnects.
  pool.on('error', (e) => console.error('temoin: PostgreSQL connection lost:', e.message));

  async function transaction<T>(lock: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [lock]);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  const one = async <T>(sql: string, values: unknown[] = []) => (await pool.query(sql, values)).rows[0] as T | undefined;

  return {
    kind: 'postgres',
    migrate: () => transaction(MIGRATION_LOCK, async (client) => {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await client.query(m.postgres);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()]);
      }
    }),
    append: (receipt: Receipt, meta, key: SigningKey) => transaction(CHAIN_LOCK, async (client): Promise<AppendResult> => {
      const body = receiptBody(receipt);
      const existing = (await client.query<StoredRow>(`SELECT ${ROW} FROM receipts WHERE receipt_id = $1`, [receipt.receiptId])).rows[0];
      if (existing) {
        if (existing.body != body) return { status: 'conflict' };
        const { receiptId, seq, hash, signature, receivedAt } = existing;
        return { status: 'duplicate', ack: { receiptId, seq, hash, signature, receivedAt } };
      }
      const head = (await client.query<{ seq: number; hash: string }>('SELECT seq, hash FROM chain_head WHERE id = 1')).rows[0];
      const seq = (head?.seq ?? 0) + 1;
      const prevHash = head?.hash ?? GENESIS;
      const hash = chainHash(prevHash, body);
      const unsigned = { receiptId: receipt.receiptId, seq, hash, receivedAt: meta.receivedAt };
      const signature = key.sign(unsigned);
      await client.query(`INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [seq, receipt.receiptId, meta.receivedAt, meta.origin, receipt.principal, receipt.event, receipt.timestamp, receipt.revision, body, prevHash, hash, signature]);
      await client.query('INSERT INTO chain_head (id, seq, hash) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash', [seq, hash]);
      return { status: 'created', ack: { ...unsigned, signature } };
    }),
    async saveKey({ keyId, publicKey }) {
      await pool.query('INSERT INTO signing_keys (key_id, public_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING',
        [keyId, publicKey, new Date().toISOString()]);
    },
    keys: async () => (await pool.query<PublicKey>('SELECT key_id AS "keyId", public_key AS "publicKey", created_at AS "createdAt" FROM signing_keys ORDER BY created_at')).rows,
    async *rows(afterSeq = 0) {
      for (;;) {
        const rows: StoredRow[] = (await pool.query<StoredRow>(`SELECT ${ROW} FROM receipts WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`, [afterSeq])).rows;
        yield* rows;
        if (rows.length < PAGE) return;
        afterSeq = rows[rows.length - 1]!.seq;
      }
    },
    head: async () => (await one<{ seq: number; hash: string }>('SELECT seq, hash FROM chain_head WHERE id = 1')) ?? null,
    checkpoint: async () => (await one<Checkpoint>(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq DESC LIMIT 1`)) ?? null,
    checkpoints: async () => (await pool.query<Checkpoint>(`SELECT ${CHECKPOINT} FROM checkpoints ORDER BY to_seq`)).rows,
    purge: (cutoff, now) => transaction(CHAIN_LOCK, async (client) => {
      const range = (await client.query<{ fromSeq: number | null; toSeq: number | null }>(
        'SELECT MIN(seq) AS "fromSeq", MAX(seq) AS "toSeq" FROM receipts WHERE received_at < $1', [cutoff])).rows[0]!;
      if (!range.toSeq) return null;
      // The whole prefix up to the last old receipt, as in the SQLite store.
      const last = (await client.query<{ hash: string }>('SELECT hash FROM receipts WHERE seq = $1', [range.toSeq])).rows[0]!;
      const removed = (await client.query('DELETE FROM receipts WHERE seq <= $1', [range.toSeq])).rowCount ?? 0;
      const checkpoint: Checkpoint = { purgedAt: now, cutoff, fromSeq: range.fromSeq!, toSeq: range.toSeq, count: removed, lastHash: last.hash };
      await client.query('INSERT INTO checkpoints (to_seq, from_seq, count, last_hash, cutoff, purged_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [checkpoint.toSeq, checkpoint.fromSeq, checkpoint.count, checkpoint.lastHash, cutoff, now]);
      return checkpoint;
    }),
    async query(filter, afterSeq, limit, order = 'asc') {
      const [clause, values] = where(filter, afterSeq);
      return (await pool.query<StoredRow>(`SELECT ${ROW} FROM receipts WHERE ${clause} ORDER BY seq ${order == 'desc' ? 'DESC' : 'ASC'} LIMIT ${Math.trunc(limit)}`, values)).rows;
    },
    receipt: async (receiptId) => (await one<StoredRow>(`SELECT ${ROW} FROM receipts WHERE receipt_id = $1`, [receiptId])) ?? null,
    async addToken(t) {
      await pool.query('INSERT INTO tokens (id, name, role, hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)', [t.id, t.name, t.role, t.hash, t.createdAt, t.revokedAt]);
    },
    tokens: async () => (await pool.query<Token>(`SELECT ${TOKEN} FROM tokens ORDER BY created_at`)).rows,
    tokenByHash: async (hash) => (await one<Token>(`SELECT ${TOKEN} FROM tokens WHERE hash = $1`, [hash])) ?? null,
    revokeToken: async (id, at) => ((await pool.query('UPDATE tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2', [at, id])).rowCount ?? 0) > 0,
    async logAccess(e) {
      await pool.query('INSERT INTO access_log (at, actor, token_id, action, filters, row_count, refused) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [e.at, e.actor, e.tokenId, e.action, JSON.stringify(e.filters), e.rows, e.refused ?? null]);
    },
    async accessLog({ from, to, limit }) {
      const { rows } = await pool.query<AccessEntry & { filters: string }>(`SELECT id, at, actor, token_id AS "tokenId", action, filters, row_count AS rows, refused
        FROM access_log WHERE ($1::text IS NULL OR at >= $1) AND ($2::text IS NULL OR at < $2) ORDER BY id DESC LIMIT $3`, [from ?? null, to ?? null, limit]);
      return rows.map((r) => ({ ...r, filters: JSON.parse(r.filters) as Record<string, unknown> }));
    },
    close: () => pool.end(),
  };
}
