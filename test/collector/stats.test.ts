// Statistics from daily counts, on real SQLite and PostgreSQL: the counts kept as receipts commit
// (retries, purges and erasures included, and migration 7 filling them in an existing database)
// always give what a scan of the remaining receipts gives, whatever the range, interval or split.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { matching } from '../../src/collector/export.js';
import { countRow, type DailyCount, type DailyCounts } from '../../src/collector/stats-counts.js';
import { planRange, storedStats, type StatsOptions } from '../../src/collector/stats.js';
import { openPostgres } from '../../src/collector/store/postgres.js';
import { openSqlite } from '../../src/collector/store/sqlite.js';
import type { ReceiptStore } from '../../src/collector/store/store.js';
import type { Receipt, ReceiptEvent } from '../../src/receipts/receipt.js';
import { scanStats } from './stats-reference.js';
import { freshStore, KINDS, ORIGIN, receipt, type Fresh, serviceTerms } from './support.js';

const EVENTS: ReceiptEvent[] = ['given', 'refused', 'updated', 'withdrawn', 'expired'];

/** The i-th of a varied set of receipts: days (some near midnight), revisions, languages, events, 1.0 and 1.1. */
function varied(i: number, principal: string): Receipt {
  const day = new Date(Date.UTC(2026, 10, 16 + (i % 17)));
  const seconds = i % 5 == 0 ? 86_399 : (i * 7919) % 86_400;
  const time = new Date(day.getTime() + seconds * 1000);
  const v11 = i % 4 != 0;
  const grant = (n: number) => ((i * n) % 5 < 2 ? 'granted' : 'refused');
  const media = grant(3);
  return receipt({
    version: v11 ? '1.1' : '1.0',
    principal,
    timestamp: time.toISOString(),
    event: EVENTS[i % 5]!,
    language: i % 3 == 1 ? 'en' : 'fr',
    revision: 1 + (i % 3 == 2 ? 10 : i % 2),
    signals: { gpc: i % 7 == 0 },
    purposes: [
      { category: 'necessary', title: 'Nécessaires', required: true, decision: 'granted', services: [] },
      {
        category: 'analytics',
        title: 'Mesure',
        required: false,
        decision: grant(1),
        services: [serviceTerms('matomo', v11 ? grant(1) : undefined)],
      },
      // A category a visitor refused with one service granted still counts that service.
      {
        category: i % 6 == 5 ? 'ads' : 'media',
        title: 'Vidéos',
        required: false,
        decision: media,
        services: [
          serviceTerms('tube', v11 ? (media == 'granted' || i % 2 ? 'granted' : 'refused') : undefined),
          serviceTerms('video', v11 ? media : undefined),
        ],
      },
    ],
  });
}

/** The daily counts a scan of every stored receipt gives, without the zeros. */
async function scannedCounts(store: ReceiptStore): Promise<DailyCount[]> {
  const counts: DailyCounts = new Map();
  for await (const row of store.rows()) countRow(counts, row);
  return sorted([...counts.values()].filter((c) => c.n != 0));
}

const sorted = (counts: DailyCount[]) =>
  counts
    .map(({ day, revision, language, counter, n }) => ({ day, revision, language, counter, n }))
    .sort((a, b) =>
      `${a.day}|${a.revision}|${a.language}|${a.counter}`.localeCompare(
        `${b.day}|${b.revision}|${b.language}|${b.counter}`,
      ),
    );

const RANGES: { from?: string; to?: string }[] = [
  {},
  { from: '2026-11-18T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' },
  { from: '2026-11-17T13:45:10.500Z', to: '2026-11-29T00:12:00.000Z' },
  { from: '2026-11-20T23:59:00.000Z' },
  { to: '2026-11-25T06:00:00.000Z' },
  { from: '2026-11-21T02:00:00.000Z', to: '2026-11-21T20:00:00.000Z' },
  { from: '2026-11-21T02:00:00.000Z', to: '2026-11-22T20:00:00.000Z' },
  { from: '2026-11-19T03:00:00.000Z', to: '2026-11-27T21:30:00.000Z' },
  { from: '2026-11-24T09:00:00.000Z', to: '2026-11-25T23:00:00.000Z' },
  { from: '2026-11-20T11:00:00.000Z', to: '2026-11-20T13:00:00.000Z' },
];
const OPTIONS: StatsOptions[] = [
  { interval: 'day', minCell: 1 },
  { interval: 'week', minCell: 3 },
  { interval: 'day', by: 'revision', minCell: 2 },
  { interval: 'week', by: 'language', minCell: 1 },
];

/** The daily counts as stored, row by row. */
const storedCounts = async (f: Fresh) =>
  sorted((await f.sql('SELECT day, revision, language, counter, n FROM stats_daily')) as unknown as DailyCount[]);

/** The daily counts equal a fresh scan, and every range and option answers as the scan of receipts does. */
async function assertAsScanned(f: Fresh, store: ReceiptStore, what: string): Promise<void> {
  assert.deepEqual(await storedCounts(f), await scannedCounts(store), `${what}: the daily counts`);
  for (const range of RANGES)
    for (const options of OPTIONS) {
      const expected = await scanStats(matching(store, range), options);
      const answered = await storedStats(store, range, options);
      assert.deepEqual(answered, expected, `${what}: ${JSON.stringify({ range, options })}`);
    }
}

describe('planRange', () => {
  it('answers whole UTC days from the counts and, at each end, the shorter side of the edge day from the receipts', () => {
    assert.deepEqual(planRange({ from: '2026-11-17T13:45:10.500Z', to: '2026-11-29T00:12:00.000Z' }), {
      days: { from: '2026-11-18', to: '2026-11-29' },
      add: [
        { from: '2026-11-17T13:45:10.500Z', to: '2026-11-18T00:00:00.000Z' },
        { from: '2026-11-29T00:00:00.000Z', to: '2026-11-29T00:12:00.000Z' },
      ],
      subtract: [],
    });
    assert.deepEqual(planRange({ from: '2026-11-17T09:30:00.000Z', to: '2026-11-29T17:45:00.000Z' }), {
      days: { from: '2026-11-17', to: '2026-11-30' },
      add: [],
      subtract: [
        { from: '2026-11-17T00:00:00.000Z', to: '2026-11-17T09:30:00.000Z' },
        { from: '2026-11-29T17:45:00.000Z', to: '2026-11-30T00:00:00.000Z' },
      ],
    });
    assert.deepEqual(planRange({ from: '2026-11-18T00:00:00.000Z' }), {
      days: { from: '2026-11-18' },
      add: [],
      subtract: [],
    });
    assert.deepEqual(planRange({}), { days: {}, add: [], subtract: [] });
    assert.deepEqual(planRange({ from: '2026-11-21T02:00:00.000Z', to: '2026-11-21T20:00:00.000Z' }), {
      days: { from: '2026-11-21', to: '2026-11-22' },
      add: [],
      subtract: [
        { from: '2026-11-21T00:00:00.000Z', to: '2026-11-21T02:00:00.000Z' },
        { from: '2026-11-21T20:00:00.000Z', to: '2026-11-22T00:00:00.000Z' },
      ],
    });
    assert.equal(
      planRange({ from: '2026-11-21T08:00:00.000Z', to: '2026-11-21T10:00:00.000Z' }),
      null,
      'within a day, shorter read',
    );
    assert.equal(planRange({ from: '2026-11-21T10:00:00.000Z', to: '2026-11-21T10:00:00.000Z' }), null, 'empty');
    assert.equal(planRange({ to: '9999-12-31T10:00:00.000Z' }), null, 'no day after it has a four-digit year');
  });
});

for (const kind of KINDS) {
  describe(`statistics from daily counts on ${kind}`, () => {
    let f: Fresh;
    const visitors = Array.from({ length: 6 }, () => randomUUID());
    const sent: Receipt[] = [];
    before(async () => {
      f = await freshStore(kind);
    });
    after(() => f.drop());

    const append = async (r: Receipt, receivedAt: string) =>
      (await f.store.append(r, { origin: ORIGIN, receivedAt }, f.key)).status;

    it('counts each receipt as it commits, and a retried receipt once', async () => {
      for (let i = 0; i < 90; i++) {
        const r = varied(i, visitors[i % visitors.length]!);
        sent.push(r);
        assert.equal(await append(r, new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString()), 'created');
      }
      assert.notDeepEqual(await storedCounts(f), [], 'counts are kept');
      for (const r of sent.slice(0, 10)) assert.equal(await append(r, '2026-12-02T00:00:00.000Z'), 'duplicate');
      await assertAsScanned(f, f.store, 'after appends and retries');
    });

    it('takes an erased visitor out of the counts', async () => {
      const erasure = await f.store.erase({ principal: visitors[0]!, reason: 'request', actor: 'admin', at: 'now' });
      assert.ok(erasure.count > 0);
      await assertAsScanned(f, f.store, 'after an erasure');
    });

    it('takes purged receipts out of the counts, and drops what no receipt names any more', async () => {
      // The first 30 receipts were received before this cutoff; `ads` is named by i = 5, 11, 17, 23, 29 and later.
      assert.ok(await f.store.purge('2026-12-01T00:00:30.000Z', 'now'));
      await assertAsScanned(f, f.store, 'after a purge');
      const zeros = (await storedCounts(f)).filter((c) => c.n == 0);
      assert.deepEqual(zeros, [], 'no count left at 0');
      assert.ok(await f.store.purge('2026-12-03T00:00:00.000Z', 'now'), 'the rest');
      assert.deepEqual(await storedCounts(f), []);
      await assertAsScanned(f, f.store, 'after purging everything');
    });
  });

  describe(`migration 7 on ${kind}`, () => {
    it('fills the daily counts of a database made at version 6 from its receipts, page by page', async () => {
      const f = await freshStore(kind);
      try {
        for (let i = 0; i < 1100; i++) {
          await f.store.append(
            varied(i, randomUUID()),
            { origin: ORIGIN, receivedAt: new Date().toISOString() },
            f.key,
          );
        }
        const principal = randomUUID();
        await f.store.append(varied(3, principal), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
        await f.store.erase({ principal, reason: 'request', actor: 'admin', at: 'now' });
        await f.sql('DROP TABLE stats_daily');
        await f.sql('DELETE FROM schema_migrations WHERE version = 7');
        // Opened again, as a collector of this version starting on that database would.
        const store = kind == 'sqlite' ? openSqlite(f.location.db!) : openPostgres(f.location.databaseUrl!);
        try {
          assert.deepEqual(await store.pendingMigrations(), [7]);
          assert.deepEqual(await store.migrate(), [7]);
          await assertAsScanned(f, store, 'after migration 7');
          await f.sql('DELETE FROM schema_migrations WHERE version = 7');
          assert.deepEqual(await store.migrate(), [7], 'run again when its version row went missing');
          assert.deepEqual(await storedCounts(f), await scannedCounts(store), 'each receipt counted once');
          // Over a page of receipts, some decided at the same millisecond: each is counted once.
          assert.deepEqual(
            sorted(await store.decidedCounts({ from: '2026-11-01T00:00:00.001Z' })),
            await scannedCounts(store),
            'counted from the receipts in the order of their decision time',
          );
        } finally {
          await store.close();
        }
      } finally {
        await f.drop();
      }
    });
  });
}
