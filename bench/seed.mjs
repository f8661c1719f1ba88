// Receipts stored by the database itself, for the benchmarks that need many (export, purge): real
// receipts' bodies (about 1.1 KB of canonical JSON each, ids from the row number); the chain
// columns are placeholders, which neither an export nor a purge checks.
import { canonicalJson } from '../dist/node/src/receipts/canonical.js';
import { receipt, ORIGIN } from '../dist/node/test/collector/support.js';

/** A receipt's canonical JSON as SQL text, its ids made from the row number `i`. */
function bodySql(kind) {
  const hex = kind == 'sqlite' ? "printf('%012x', i)" : "lpad(to_hex(i), 12, '0')";
  const id = (prefix) => `'${prefix}-0000-4000-8000-' || ${hex}`;
  const body = canonicalJson(receipt({ receiptId: '@R@', principal: '@P@', timestamp: '2026-11-23T10:00:00.000Z' }));
  const quoted = `'${body.replaceAll("'", "''")}'`;
  return {
    receiptId: id('00000000'),
    principal: id('11111111'),
    body: quoted.replace('@R@', `' || ${id('00000000')} || '`).replace('@P@', `' || ${id('11111111')} || '`),
  };
}

/** Stores `total` receipts, seq 1 to total, received 2026-11-23: one INSERT the database runs itself. */
export function seedSql(kind, total) {
  const { receiptId, principal, body } = bodySql(kind);
  const rows =
    kind == 'sqlite'
      ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${total}) SELECT`
      : 'SELECT';
  const from = kind == 'sqlite' ? 'FROM n' : `FROM generate_series(1, ${total}) AS i`;
  return `INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature, digest, link)
    ${rows} i, ${receiptId}, '2026-11-23T10:00:01.000Z', '${ORIGIN}', ${principal}, 'given', '2026-11-23T10:00:00.000Z', 1,
    ${body}, '${'0'.repeat(64)}', '${'1'.repeat(64)}', 'ed25519:seed:seed', '${'2'.repeat(64)}', 2 ${from}`;
}
