// A year of weekly statistics over millions of receipts, on SQLite and PostgreSQL, through a real
// listening collector (GET /v1/stats). The receipts are bulk-loaded with SQL into a database made
// at schema version 6 (a year, evenly spread, from 48 varied receipts); migration 7 then counts
// them as it does on any existing database, so the daily counts come from the real code path.
//   npm run build && node bench/stats.mjs [receipts] [sqlite,postgres] [runs] [days]
import pg from 'pg';
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { createToken } from '../dist/node/src/collector/access.js';
import { buildCollector } from '../dist/node/src/collector/server.js';
import { openPostgres } from '../dist/node/src/collector/store/postgres.js';
import { openSqlite } from '../dist/node/src/collector/store/sqlite.js';
import { freshStore, receipt, ORIGIN } from '../dist/node/test/collector/support.js';

const total = Number(process.argv[2] ?? 10_000_000);
const kinds = (process.argv[3] ?? 'sqlite,postgres').split(',');
const runs = Number(process.argv[4] ?? 5);
// Fewer days give a small run the receipts per day (and so the partial days' cost) of a big one.
const days = Number(process.argv[5] ?? 365);
const START = Date.UTC(2025, 11, 1); // 2025-12-01
const YEAR = days * 86_400_000;
const at = (ms) => new Date(START + ms).toISOString();
const LAST_DAY = YEAR - 86_400_000;
const RANGES = {
  // Whole days, as `temoin stats --from 2025-12-01 --to 2026-12-01` asks: the daily counts alone.
  'whole days': { from: at(0), to: at(YEAR) },
  // Not on day boundaries: the shorter side of each edge day (9½ and 6¼ hours) is read from the receipts.
  'from 09:30 to 17:45': { from: at(9.5 * 3_600_000), to: at(LAST_DAY + 17.75 * 3_600_000) },
};

/** 48 receipts that differ in event, language, revision, decisions and GPC; the time left to fill. */
const VARIANTS = Array.from({ length: 48 }, (_, k) => {
  const event = ['given', 'given', 'refused', 'updated', 'withdrawn', 'expired'][k % 6];
  const granted = (n) => ((k * n) % 10 < 5 ? 'granted' : 'refused');
  const r = receipt({
    version: '1.1',
    timestamp: '@TS@',
    event,
    language: k % 4 == 3 ? 'en' : 'fr',
    revision: 1 + (k % 3),
    signals: { gpc: k % 11 == 0 },
  });
  const services = (id, decision) => ({ ...r.purposes[1].services[0], id, name: id, decision });
  r.purposes = [
    r.purposes[0],
    { ...r.purposes[1], decision: granted(3), services: [services('matomo', granted(3))] },
    {
      ...r.purposes[1],
      category: 'media',
      title: 'Vidéos',
      decision: granted(7),
      services: [services('youtube', granted(7)), services('vimeo', granted(7))],
    },
  ];
  return { k, event: r.event, revision: r.revision, body: JSON.stringify(r) };
});

const COLUMNS =
  'seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature, link';
const INDEXES = [
  'receipts_principal ON receipts (principal)',
  'receipts_received_at ON receipts (received_at)',
  'receipts_decided_at ON receipts (decided_at)',
];

/** A database at schema version 6: the daily counts are for migration 7 to make. */
const AT_VERSION_6 = `DROP TABLE stats_daily; DELETE FROM schema_migrations WHERE version = 7;
  DROP INDEX receipts_principal; DROP INDEX receipts_received_at; DROP INDEX receipts_decided_at;
  CREATE TABLE bench_variants (k INTEGER PRIMARY KEY, event TEXT, revision INTEGER, body TEXT)`;
const INDEXED = INDEXES.map((i) => `CREATE INDEX ${i};`).join('\n') + 'DROP TABLE bench_variants;';

function loadSqlite(file) {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(AT_VERSION_6);
  const insert = db.prepare('INSERT INTO bench_variants VALUES (?, ?, ?, ?)');
  for (const v of VARIANTS) insert.run(v.k, v.event, v.revision, v.body);
  const step = 1_000_000;
  for (let first = 1; first <= total; first += step) {
    const last = Math.min(total, first + step - 1);
    db.exec(`INSERT INTO receipts (${COLUMNS})
      WITH RECURSIVE g(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM g WHERE i < ${last}),
        t(i, ts) AS (SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', (${START} + i * ${YEAR / total}) / 1000.0, 'unixepoch') FROM g)
      SELECT t.i, printf('%08x-0000-4000-8000-%012x', t.i, t.i), t.ts, '${ORIGIN}',
        printf('%08x-1111-4000-8000-000000000000', t.i % 3000000), v.event, t.ts, v.revision,
        replace(v.body, '@TS@', t.ts), '', '', '', 2
      FROM t JOIN bench_variants v ON v.k = t.i % 48`);
    process.stdout.write(`  sqlite: ${last} receipts\r`);
  }
  process.stdout.write('\n');
  db.exec(INDEXED);
  db.pragma('journal_mode = WAL');
  db.close();
}

async function loadPostgres(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(AT_VERSION_6);
  for (const v of VARIANTS)
    await client.query('INSERT INTO bench_variants VALUES ($1, $2, $3, $4)', [v.k, v.event, v.revision, v.body]);
  const step = 1_000_000;
  for (let first = 1; first <= total; first += step) {
    const last = Math.min(total, first + step - 1);
    await client.query(`INSERT INTO receipts (${COLUMNS})
      SELECT g.i, lpad(to_hex(g.i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g.i), 12, '0'), t.ts, '${ORIGIN}',
        lpad(to_hex(g.i % 3000000), 8, '0') || '-1111-4000-8000-000000000000', v.event, t.ts, v.revision,
        replace(v.body, '@TS@', t.ts), '', '', '', 2
      FROM generate_series(${first}::bigint, ${last}) AS g(i)
      CROSS JOIN LATERAL (SELECT to_char(to_timestamp((${START} + g.i * ${YEAR / total}) / 1000.0) AT TIME ZONE 'UTC',
        'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ts) t
      JOIN bench_variants v ON v.k = g.i % 48`);
    process.stdout.write(`  postgres: ${last} receipts\r`);
  }
  process.stdout.write('\n');
  await client.query(INDEXED);
  await client.query('VACUUM ANALYZE receipts');
  const { rows } = await client.query('SELECT pg_database_size(current_database()) AS size');
  await client.end();
  return Number(rows[0].size);
}

const seconds = (since) => ((performance.now() - since) / 1000).toFixed(2);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const kind of kinds) {
  const fresh = await freshStore(kind);
  // The bulk load sets SQLite's journal mode, which needs the file to itself.
  if (kind == 'sqlite') await fresh.store.close();
  let started = performance.now();
  const size =
    kind == 'sqlite'
      ? (loadSqlite(fresh.location.db), statSync(fresh.location.db).size)
      : await loadPostgres(fresh.location.databaseUrl);
  console.log(`${kind}: loaded ${total} receipts in ${seconds(started)} s (${(size / 1e9).toFixed(1)} GB)`);

  const store = kind == 'sqlite' ? openSqlite(fresh.location.db) : openPostgres(fresh.location.databaseUrl);
  started = performance.now();
  const applied = await store.migrate();
  console.log(`${kind}: migration ${applied.join(', ')} counted them in ${seconds(started)} s`);

  const app = await buildCollector({ store, key: fresh.key, origins: [ORIGIN], logLevel: 'silent' });
  const base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/stats?interval=week`;
  const { token } = await createToken(store, 'Bench', 'analyst');
  for (const [name, range] of Object.entries(RANGES)) {
    const url = `${base}&from=${range.from}&to=${range.to}`;
    const times = [];
    let answer;
    for (let run = 0; run < runs; run++) {
      started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      answer = await response.json();
      if (response.status != 200) throw new Error(`status ${response.status}: ${JSON.stringify(answer)}`);
      times.push(performance.now() - started);
    }
    const [log] = await store.accessLog({ limit: 1 });
    started = performance.now();
    const kept = await store.dailyCounts({ from: range.from.slice(0, 10), to: range.to.slice(0, 10) });
    const read = performance.now() - started;
    console.log(
      `${kind}: weekly statistics, ${name} (${answer.buckets.length} weeks, ${log?.rows} receipts):` +
        ` median ${median(times).toFixed(0)} ms, first ${times[0].toFixed(0)} ms, of ${runs} runs;` +
        ` reading its ${kept.length} daily counts alone ${read.toFixed(0)} ms`,
    );
  }
  await app.close();
  await store.close();
  await fresh.drop();
}
