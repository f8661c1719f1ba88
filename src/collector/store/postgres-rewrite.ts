// PostgreSQL's scrub after an erasure: the receipts and the access log rewritten into new tables
// while receipts go on arriving, then swapped in under a short lock (as pg_repack does, without
// the extension). `VACUUM FULL` did the same under a lock that held every append for the whole
// rewrite: 13 s at 1,000,000 receipts, minutes at ten million (bench/README.md).
import { TemoinError } from '../errors.js';
import type { SqlConnection } from './database.js';

/** The tables an erasure changes, each with the key its rows are numbered by, in order. */
export const REWRITTEN = { receipts: 'seq', access_log: 'id' } as const;
type Table = keyof typeof REWRITTEN;
const TABLES = Object.keys(REWRITTEN) as Table[];

/** The name of a table's copy while it is made: a copy left by a rewrite cut short is no table of Témoin's. */
export const rewriteOf = (table: string) => `${table}_rewrite`;

/** The advisory lock ids the rewrite takes (postgres.ts). */
export interface RewriteLocks {
  chain: number;
  upkeep: number;
  migration: number;
}

/**
 * How long the swap (and the access log's moment of quiet) waits for its table lock, and how many
 * times. Meanwhile what asks for the tables after it waits too: an export reading for minutes
 * must not hold every append behind the swap: 7 s in all, then 503.
 */
const SWAP = { lockMs: 500, tries: 5, pauseMs: 1000 };

const busy = () =>
  new TemoinError(
    'TEMOIN_ERR_SCRUB_BUSY',
    "the receipts are erased and the erasure recorded, but another connection reading them (an export, a backup such as pg_dump) kept PostgreSQL's tables from being swapped for their rewritten copies, which the old rows' bytes are not in: run the same erasure again once it ends",
  );

const LOCK_NOT_AVAILABLE = '55P03';
const lockTimedOut = (e: unknown) => (e as { code?: string }).code == LOCK_NOT_AVAILABLE;

/**
 * Runs a short transaction that first waits up to SWAP.lockMs for its locks, SWAP.tries times
 * with a pause between; null when it never had them.
 */
async function whenLocked<T>(connection: SqlConnection, work: () => Promise<T>): Promise<T | null> {
  for (let attempt = 1; attempt <= SWAP.tries; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, SWAP.pauseMs));
    await connection.exec(`BEGIN; SET LOCAL lock_timeout = ${SWAP.lockMs}`);
    try {
      const result = await work();
      await connection.exec('COMMIT');
      return result;
    } catch (e) {
      await connection.exec('ROLLBACK');
      if (!lockTimedOut(e)) throw e;
    }
  }
  return null;
}

/**
 * Keys up to which every row is committed and no longer changes (upkeep): those after are copied
 * later. Receipts are numbered under the chain lock, so in the order they commit; the access log's
 * ids are handed out before its lines commit, in any order: a SHARE lock waits for the lines being
 * written, and for a moment no other is.
 */
async function settled(connection: SqlConnection): Promise<Record<Table, number>> {
  const keys = await whenLocked(connection, async () => {
    await connection.exec('LOCK TABLE access_log IN SHARE MODE');
    return (
      await connection.all<Record<Table, number | null>>({
        text: `SELECT ${TABLES.map((t) => `(SELECT max(${REWRITTEN[t]}) FROM ${t}) AS ${t}`).join(', ')}`,
        values: [],
      })
    )[0]!;
  });
  if (!keys) throw busy();
  return { receipts: keys.receipts ?? 0, access_log: keys.access_log ?? 0 };
}

/** Rounds of copying what arrived during the copy, before the swap; fewer rows than this left end them. */
const CATCH_UP = { rounds: 3, rows: 1000 };

/** What a table's copy is made with and then given: its indexes, constraints, serials and grants. */
interface Plan {
  table: Table;
  copy: string;
  /** Each index, and the constraint it backs (its kind: PRIMARY KEY or UNIQUE), if any. */
  indexes: { name: string; definition: string; constraint: string | null; kind: string | null }[];
  serials: { column: string; sequence: string }[];
  grants: string[];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Objects of a site's own that hold on to the tables (a view, a foreign key, a trigger, a policy, a
 * publication, inheritance, anything else that depends on them, such as a function with an
 * SQL-standard body): a copy swapped in would lose them, or the old table could not be dropped.
 * Then the tables are rewritten in place, `VACUUM FULL`, under its lock as before.
 */
const HELD = `SELECT
  EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
    WHERE d.refobjid = ANY($1::regclass[]) AND r.ev_class <> d.refobjid)
  OR EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND (confrelid = ANY($1::regclass[]) OR conrelid = ANY($1::regclass[])))
  OR EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = ANY($1::regclass[]) AND NOT tgisinternal)
  OR EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = ANY($1::regclass[]))
  OR EXISTS (SELECT 1 FROM pg_publication_rel WHERE prrelid = ANY($1::regclass[]))
  OR EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = ANY($1::regclass[]) OR inhparent = ANY($1::regclass[]))
  OR EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = ANY($1::regclass[]) AND attidentity <> '')
  OR EXISTS (SELECT 1 FROM pg_depend WHERE refclassid = 'pg_class'::regclass AND refobjid = ANY($1::regclass[]) AND deptype = 'n') AS held`;

/** Makes a table's empty copy (columns, defaults, NOT NULLs, CHECKs, storage; no index yet) and reads the rest of what it needs. */
async function plan(connection: SqlConnection, table: Table): Promise<Plan> {
  const copy = rewriteOf(table);
  const [options] = await connection.all<{ options: string[] | null }>({
    text: 'SELECT reloptions AS options FROM pg_class WHERE oid = $1::regclass',
    values: [table],
  });
  await connection.exec(
    `CREATE TABLE ${copy} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)` +
      (options?.options?.length ? ` WITH (${options.options.join(', ')})` : ''),
  );
  const indexes = await connection.all<Plan['indexes'][number]>({
    text: `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition, c.conname AS constraint,
        CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END AS kind
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u')
      WHERE x.indrelid = $1::regclass ORDER BY i.relname`,
    values: [table],
  });
  // BIGSERIAL: the old table owns its sequence, and dropping it would drop the sequence.
  const serials = await connection.all<Plan['serials'][number]>({
    text: `SELECT quote_ident(attname) AS column, pg_get_serial_sequence($1, attname) AS sequence FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND pg_get_serial_sequence($1, attname) IS NOT NULL`,
    values: [table],
  });
  const grants = await connection.all<{ privilege: string; grantee: string; grantable: boolean }>({
    text: `SELECT a.privilege_type AS privilege, a.is_grantable AS grantable,
        CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
      FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = $1::regclass AND a.grantee <> c.relowner`,
    values: [table],
  });
  return {
    table,
    copy,
    indexes,
    serials,
    grants: grants.map(
      (g) => `GRANT ${g.privilege} ON ${copy} TO ${g.grantee}${g.grantable ? ' WITH GRANT OPTION' : ''}`,
    ),
  };
}

/** A name the copy's index or constraint has until the swap gives it the original's. */
const interim = (name: string) => rewriteOf(name);

/** The copy's indexes and constraints, as the original's are defined, then its statistics. */
async function index(connection: SqlConnection, { copy, indexes, grants }: Plan): Promise<void> {
  for (const { name, definition, constraint, kind } of indexes) {
    // "CREATE [UNIQUE] INDEX name ON schema.table USING …": the same, on the copy, under another name.
    const head = /^CREATE (UNIQUE )?INDEX /.exec(definition)![0];
    await connection.exec(
      `${head}${quote(interim(name))} ON ${copy}${definition.slice(definition.indexOf(' USING '))}`,
    );
    if (constraint)
      await connection.exec(
        `ALTER TABLE ${copy} ADD CONSTRAINT ${quote(interim(constraint))} ${kind} USING INDEX ${quote(interim(name))}`,
      );
  }
  for (const grant of grants) await connection.exec(grant);
  await connection.exec(`ANALYZE ${copy}`);
}

/** The copy in the table's place, its indexes and constraints under the original's names. */
const swapped = ({ table, copy, indexes, serials }: Plan) => [
  ...serials.map((s) => `ALTER SEQUENCE ${s.sequence} OWNED BY ${copy}.${s.column}`),
  `DROP TABLE ${table}`,
  `ALTER TABLE ${copy} RENAME TO ${table}`,
  ...indexes.map(({ name, constraint }) =>
    constraint
      ? `ALTER TABLE ${table} RENAME CONSTRAINT ${quote(interim(constraint))} TO ${quote(constraint)}`
      : `ALTER INDEX ${quote(interim(name))} RENAME TO ${quote(name)}`,
  ),
];

/**
 * Rewrites the receipts and the access log so that no old version of a row is left in their
 * files: each into a copy made beside it, which takes only the rows as they are now, then swapped
 * in. Receipts and log lines go on arriving meanwhile; what changes rows already stored (an
 * erasure, a purge step, a redaction: the `upkeep` lock) waits until the swap. On `connection`,
 * a session of its own without a statement bound: the copy takes as long as the tables are big.
 * Throws TEMOIN_ERR_SCRUB_BUSY when the swap never had its lock (a long export); the copies are dropped.
 */
export async function rewriteTables(connection: SqlConnection, locks: RewriteLocks): Promise<void> {
  // One rewrite at a time on the database, and no migration changing the tables under it.
  await connection.exec(`SELECT pg_advisory_lock(${locks.upkeep}); SELECT pg_advisory_lock(${locks.migration})`);
  const dropCopies = `DROP TABLE IF EXISTS ${TABLES.map(rewriteOf).join(', ')}`;
  try {
    const [held] = await connection.all<{ held: boolean }>({ text: HELD, values: [TABLES] });
    if (held?.held) {
      await connection.exec(`VACUUM FULL ${TABLES.join(', ')}`);
      return;
    }
    // A copy left by a rewrite cut short (the process died): this one starts again.
    await connection.exec(dropCopies);
    const plans: Plan[] = [];
    for (const table of TABLES) plans.push(await plan(connection, table));
    let upTo = await settled(connection);
    for (const { table, copy } of plans)
      await connection.exec(`INSERT INTO ${copy} SELECT * FROM ${table} WHERE ${REWRITTEN[table]} <= ${upTo[table]}`);
    for (const p of plans) await index(connection, p);
    // What arrived meanwhile (tens of thousands of receipts at a million), copied without the
    // swap's lock, until little is left for the swap to copy under it.
    for (let round = 1; round <= CATCH_UP.rounds; round++) {
      const from = upTo;
      upTo = await settled(connection);
      let copied = 0;
      for (const { table, copy } of plans)
        copied += await connection.run({
          text: `INSERT INTO ${copy} SELECT * FROM ${table} WHERE ${REWRITTEN[table]} > ${from[table]} AND ${REWRITTEN[table]} <= ${upTo[table]}`,
          values: [],
        });
      if (copied < CATCH_UP.rows) break;
    }
    const key = (t: Table) => upTo[t];
    // The swap, under the chain lock (taken first, as appends take it) and the tables' own.
    const done = await whenLocked(connection, () =>
      connection
        .exec(
          [
            `SELECT pg_advisory_xact_lock(${locks.chain})`,
            `LOCK TABLE ${TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`,
            ...plans.map(
              ({ table, copy }) =>
                `INSERT INTO ${copy} SELECT * FROM ${table} WHERE ${REWRITTEN[table]} > ${key(table)}`,
            ),
            ...plans.flatMap(swapped),
          ].join('; '),
        )
        .then(() => true),
    );
    if (!done) throw busy();
  } catch (e) {
    await connection.exec(dropCopies).catch(() => {});
    throw e;
  } finally {
    await connection
      .exec(`SELECT pg_advisory_unlock(${locks.migration}); SELECT pg_advisory_unlock(${locks.upkeep})`)
      .catch(() => {});
  }
}
