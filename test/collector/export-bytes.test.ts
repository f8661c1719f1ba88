// A streamed export, over HTTP and from the CLI, on real SQLite and PostgreSQL, is byte for byte
// what an independent encoding makes of the same receipts: JSON.stringify for JSON lines,
// csv-stringify for CSV, of the rows the store's query reads back under the same filter. The
// receipts carry awkward text (quotes, commas, line breaks, backslashes, control characters,
// U+2028, astral characters), span several pages, and some are erased.
import { stringify } from 'csv-stringify/sync';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { matching } from '../../src/collector/export.js';
import { toFilter, type FilterQuery } from '../../src/collector/filters.js';
import { PAGE } from '../../src/collector/store/pages.js';
import type { StoredRow } from '../../src/collector/store/store.js';
import { canonicalJson } from '../../src/receipts/canonical.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { collectorInProcess, KINDS, receipt, type Fresh } from './support.js';

const run = promisify(execFile);
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;

/** Text no export may change: JSON and CSV specials, control characters, separators, astral characters. */
const AWKWARD = [
  'plain',
  'a "quoted", comma',
  'line\nbreak\r\nand tab\t',
  'carriage\rreturn',
  'back\\slash \u0001\u001f\u007f',
  'l\u2028s\u2029 é 😀',
];
const awkward = (i: number) => AWKWARD[i % AWKWARD.length]!;
/** The same without the control characters the collector refuses in a receipt (all but tab, LF and CR). */
const storable = (i: number) => awkward(i).replace(/[^\P{Cc}\t\n\r]/gu, '');

/** The n-th receipt stored by SQL: varied events, revisions, decisions, and awkward text where its schema allows text. */
function body(i: number): Receipt {
  const r = receipt({
    receiptId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    principal: `${['aaaaaaaa', 'bbbbbbbb'][i % 2]}-0000-4000-8000-${String(i % 7).padStart(12, '0')}`,
    previousReceiptId: i % 3 ? null : `00000000-0000-4000-8000-${String(i - 1).padStart(12, '0')}`,
    timestamp: new Date(Date.UTC(2026, 10, 20 + (i % 6), 10, 0, i % 60)).toISOString(),
    event: (['given', 'refused', 'updated', 'withdrawn'] as const)[i % 4],
    revision: i % 4,
    language: ['fr', 'en-CA', 'fr-CA'][i % 3]!,
    controller: { name: awkward(i), contact: awkward(i + 1) },
    signals: { gpc: i % 5 == 0 },
  });
  r.purposes[1]!.decision = i % 2 ? 'granted' : 'refused';
  r.purposes[1]!.title = awkward(i + 2);
  r.purposes.push({ ...r.purposes[1]!, category: 'ads', decision: i % 3 ? 'refused' : 'granted' });
  return r;
}

/** Stores `count` receipts by SQL after the last one, some erased, some linked over their digest. */
async function seed(f: Fresh, count: number): Promise<void> {
  const [{ last }] = (await f.sql('SELECT COALESCE(MAX(seq), 0) AS last FROM receipts')) as [{ last: unknown }];
  const columns =
    'seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature, digest, link, erased_at';
  for (let start = 0; start < count; start += 50) {
    const rows = Array.from({ length: Math.min(50, count - start) }, (_, k) => {
      const i = start + k;
      const r = body(i);
      const erased = i % 11 == 0;
      return [
        Number(last) + 1 + i,
        r.receiptId,
        `2026-11-2${i % 10}T00:00:00.000Z ${awkward(i)}`,
        `https://x.test/${awkward(i + 3)}`,
        r.principal,
        r.event,
        r.timestamp,
        r.revision,
        erased ? '' : canonicalJson(r),
        '0'.repeat(64),
        (i % 16).toString(16).repeat(64),
        `ed25519:k:${awkward(i + 4)}`,
        i % 2 ? 'd'.repeat(64) : null,
        i % 2 ? 2 : 1,
        erased ? '2026-12-01T00:00:00.000Z' : null,
      ];
    });
    const placeholders = rows.map(
      (_, r) => `(${Array.from({ length: 15 }, (_, c) => `$${r * 15 + c + 1}`).join(', ')})`,
    );
    await f.sql(`INSERT INTO receipts (${columns}) VALUES ${placeholders.join(', ')}`, rows.flat());
  }
}

/** JSON.stringify's JSON line for a row: the fields in the export's order, the receipt parsed back. */
const referenceLine = (row: StoredRow) =>
  JSON.stringify({
    seq: row.seq,
    receivedAt: row.receivedAt,
    origin: row.origin,
    hash: row.hash,
    prevHash: row.prevHash,
    signature: row.signature,
    ...(row.link == 2 ? { digest: row.digest } : {}),
    receipt: JSON.parse(row.body) as unknown,
  }) + '\n';

/** csv-stringify's CSV for the rows, header first. */
function referenceCsv(rows: StoredRow[]): string {
  const records = rows.map((row) => {
    const r = JSON.parse(row.body) as Receipt;
    const optional = (decision: string) =>
      r.purposes
        .filter((p) => !p.required && p.decision == decision)
        .map((p) => p.category)
        .join(' ');
    return [
      row.seq,
      r.receiptId,
      row.receivedAt,
      r.timestamp,
      r.event,
      r.principal,
      r.revision,
      r.language,
      r.collectionMethod,
      r.signals.gpc ? 'yes' : 'no',
      optional('granted'),
      optional('refused'),
      r.previousReceiptId ?? '',
      row.origin,
      row.hash,
    ];
  });
  const columns = [
    'seq',
    'receipt_id',
    'received_at',
    'timestamp',
    'event',
    'principal',
    'revision',
    'language',
    'collection_method',
    'gpc',
    'granted',
    'refused',
    'previous_receipt_id',
    'origin',
    'hash',
  ];
  return stringify(records, { header: true, columns });
}

const FILTERS: FilterQuery[] = [
  {},
  { event: 'refused' },
  { category: 'ads' },
  { category: 'analytics', decision: 'refused' },
  { from: '2026-11-21', to: '2026-11-24' },
  { revision: 3 },
  { principal: 'bbbbbbbb' },
];

for (const kind of KINDS) {
  describe(`an export's bytes on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let token: string;
    const expected = async (filter: FilterQuery) => {
      const rows: StoredRow[] = [];
      for await (const row of matching(c.store, toFilter(filter))) rows.push(row);
      return rows;
    };

    before(async () => {
      c = await collectorInProcess(kind);
      token = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
      // Receipts through the front door first, their free text awkward too, then enough by SQL for three pages.
      for (let i = 0; i < 5; i++) {
        const r = receipt({ controller: { name: storable(i), contact: storable(i + 1) } });
        r.purposes[1]!.title = storable(i + 2);
        assert.equal((await c.post(r)).status, 201);
      }
      await seed(c, 2 * PAGE + 345);
    });
    after(() => c.close());

    it('is what JSON.stringify and csv-stringify make of the same rows, under every filter', async () => {
      for (const filter of FILTERS) {
        const rows = await expected(filter);
        assert.ok(rows.length > 10, `${JSON.stringify(filter)} selects receipts`);
        const query = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
        const jsonl = await c.get(`/v1/receipts?${query}`, token);
        assert.equal(await jsonl.text(), rows.map(referenceLine).join(''), `JSON lines for ${query}`);
        const csv = await c.get(`/v1/receipts?format=csv&${query}`, token);
        assert.equal(await csv.text(), referenceCsv(rows), `CSV for ${query}`);
      }
    });

    it('gives the newest first, and a header alone when nothing matches', async () => {
      const newest = (await expected({})).reverse().slice(0, 7);
      assert.equal(await (await c.get('/v1/receipts?newest=7', token)).text(), newest.map(referenceLine).join(''));
      assert.equal(await (await c.get('/v1/receipts?newest=7&format=csv', token)).text(), referenceCsv(newest));
      assert.equal(await (await c.get('/v1/receipts?format=csv&revision=99', token)).text(), referenceCsv([]));
      assert.equal(await (await c.get('/v1/receipts?revision=99', token)).text(), '');
    });

    it('is the same from the CLI, and logged with its row count', async () => {
      const where = c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!];
      const rows = await expected({ category: 'ads' });
      for (const format of ['jsonl', 'csv']) {
        const { stdout } = await run(
          'node',
          [bin, 'receipts', 'export', '--category', 'ads', '--format', format, ...where],
          {
            maxBuffer: 64 << 20,
          },
        );
        assert.equal(stdout, format == 'csv' ? referenceCsv(rows) : rows.map(referenceLine).join(''), format);
        const [entry] = await c.store.accessLog({ limit: 1 });
        assert.deepEqual(
          [entry!.action, entry!.rows, entry!.filters],
          ['temoin receipts export', rows.length, { category: 'ads', format }],
        );
      }
    });

    it('read slowly or cut short, holds no connection: queries go on beside more exports than connections', async () => {
      const url = await c.listen();
      // PostgreSQL's pool holds 10 clients; each export here has sent a page and waits for its reader.
      const readers = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const response = await fetch(`${url}/v1/receipts`, { headers: { authorization: `Bearer ${token}` } });
          const reader = response.body!.getReader();
          assert.equal((await reader.read()).done, false);
          return reader;
        }),
      );
      // Pages read ahead are in memory: no query of the store waits on a reader.
      const reading = async () =>
        kind == 'postgres'
          ? (
              await c.sql(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND query LIKE '%FROM receipts%' AND pid <> pg_backend_pid()",
              )
            )[0]!.n
          : 0;
      for (let waited = 0; (await reading()) && waited < 5000; waited += 100) await sleep(100);
      assert.equal(await reading(), 0, 'no query open while the readers wait');
      // Each answer needs a connection of the pool (this store's receipts are seeded by SQL, not appendable).
      assert.equal((await c.get('/v1/receipts?newest=3', token)).status, 200);
      assert.equal((await c.get('/v1/stats?interval=day', token)).status, 200);
      await Promise.all(readers.map((reader) => reader.cancel()));
      assert.equal((await c.get('/v1/receipts?newest=3', token)).status, 200);
    });
  });
}
