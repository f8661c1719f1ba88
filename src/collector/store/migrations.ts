// The schema, one step per version, in each dialect. Both stores apply the same steps.
import type { SqlConnection } from './database.js';
import type { Sql } from './sql.js';
import { countStored } from './stats-sql.js';

export interface Migration {
  version: number;
  sqlite: string;
  postgres: string;
  /** Work on the data after the SQL, in the same transaction (filling a new table). */
  fill?: (connection: SqlConnection, sql: Sql) => Promise<void>;
}

const table = (bigint: string) => `
  CREATE TABLE receipts (
    seq ${bigint} PRIMARY KEY,
    receipt_id TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    principal TEXT NOT NULL,
    event TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    revision INTEGER NOT NULL,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    signature TEXT NOT NULL
  );
  CREATE INDEX receipts_principal ON receipts (principal);
  CREATE INDEX receipts_received_at ON receipts (received_at);
  CREATE INDEX receipts_decided_at ON receipts (decided_at);
  -- The last link handed out: a row deleted from the end of the chain is still noticed.
  CREATE TABLE chain_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq ${bigint} NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE TABLE checkpoints (
    to_seq ${bigint} PRIMARY KEY,
    from_seq ${bigint} NOT NULL,
    count ${bigint} NOT NULL,
    last_hash TEXT NOT NULL,
    cutoff TEXT NOT NULL,
    purged_at TEXT NOT NULL
  );
  CREATE TABLE signing_keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
  );`;

// Analysts: tokens (only their hash is kept) and the log of every read.
const access = (bigint: string, autoId: string) => `
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('analyst', 'admin')),
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE access_log (
    id ${autoId},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    token_id TEXT,
    action TEXT NOT NULL,
    filters TEXT NOT NULL,
    row_count ${bigint} NOT NULL
  );
  CREATE INDEX access_log_at ON access_log (at);`;

// Refused attempts are logged too (a revoked token's reuse must be attributable): why, or null.
const refused = 'ALTER TABLE access_log ADD COLUMN refused TEXT';

// A receipt's purposes as jsonb, for the category filter. jsonb cannot hold U+0000 or a lone
// surrogate, which collectors before 2026-12 stored; in the rare body with a \u escape those
// are read as U+FFFD (escaped backslashes set aside first), so no stored row can fail a read.
const purposesFunction = String.raw`
  CREATE OR REPLACE FUNCTION temoin_purposes(body TEXT) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (CASE WHEN strpos(body, '\u') = 0 THEN body
      ELSE replace(regexp_replace(replace(body, '\\', U&'\E000'), '\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})', '\ufffd', 'g'), U&'\E000', '\\')
      END)::jsonb -> 'purposes'
  $$`;

// Erasure: the chain goes over each receipt's digest (link 2) from now on, rows already stored
// stay link 1; an erased row keeps its digest and loses its body and visitor id. The purposes
// function reads an erased (empty) body as no purposes.
const erasure = (bigint: string, autoId: string) => `
  ALTER TABLE receipts ADD COLUMN digest TEXT;
  ALTER TABLE receipts ADD COLUMN link INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE receipts ADD COLUMN erased_at TEXT;
  CREATE TABLE erasures (
    id ${autoId},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    principal_digest TEXT NOT NULL,
    count ${bigint} NOT NULL,
    seqs TEXT NOT NULL
  );`;
const erasablePurposes = purposesFunction.replace('SELECT (CASE', () => "SELECT (CASE WHEN body = '' THEN '[]'");

// The notice behind every receipt: each config the SDK sends, once, under its configHash.
// IF NOT EXISTS: a database whose version row went missing can still be brought up to date.
const configs = `
  CREATE TABLE IF NOT EXISTS configs (
    hash TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    origin TEXT NOT NULL,
    received_at TEXT NOT NULL
  )`;

// The statistics' daily counts (stats-counts.ts), kept as receipts commit; filled from the
// receipts already stored when the migration runs. Emptied first: run again on a database whose
// version row went missing, it counts every receipt once.
const statsDaily = (bigint: string) => `
  CREATE TABLE IF NOT EXISTS stats_daily (
    day TEXT NOT NULL,
    revision INTEGER NOT NULL,
    language TEXT NOT NULL,
    counter TEXT NOT NULL,
    n ${bigint} NOT NULL,
    PRIMARY KEY (day, revision, language, counter)
  );
  DELETE FROM stats_daily`;

const erasuresByPrincipal = 'CREATE INDEX IF NOT EXISTS erasures_principal_digest ON erasures (principal_digest)';

export const MIGRATIONS: Migration[] = [
  { version: 1, sqlite: table('INTEGER'), postgres: table('BIGINT') },
  {
    version: 2,
    sqlite: access('INTEGER', 'INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: access('BIGINT', 'BIGSERIAL PRIMARY KEY'),
  },
  { version: 3, sqlite: refused, postgres: refused },
  { version: 4, sqlite: 'SELECT 1', postgres: purposesFunction },
  {
    version: 5,
    sqlite: erasure('INTEGER', 'INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: erasure('BIGINT', 'BIGSERIAL PRIMARY KEY') + ';' + erasablePurposes,
  },
  { version: 6, sqlite: configs, postgres: configs },
  {
    version: 7,
    sqlite: statsDaily('INTEGER'),
    postgres: statsDaily('BIGINT'),
    fill: (connection, sql) => countStored(connection, sql, 1),
  },
  // A logged read by a visitor's full id looks for its erasure (access.ts): by the index.
  {
    version: 8,
    sqlite: erasuresByPrincipal,
    postgres: erasuresByPrincipal,
  },
];
