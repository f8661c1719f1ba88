// `temoin report`, as a privacy committee's secretary runs it, on real SQLite and PostgreSQL:
// receipts over five weeks and two optional categories, a purge, an erasure and analysts' reads.
// The JSON is checked figure by figure (small cells, and totals that would give them back,
// suppressed), the read is logged, the HTML opens in Chromium with no console error and passes
// axe; a missing database and bad flags are refused.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { CommitteeReport } from '../../src/collector/report/gather.js';
import type { Purpose } from '../../src/receipts/receipt.js';
import { launchBrowser } from '../../src/scanner/browser.js';
import { temoin } from './cli-run.js';
import { ADMIN_URL, freshStore, KINDS, ORIGIN, receipt, type Fresh } from './support.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PERIOD = ['--from', '2026-01-05', '--to', '2026-02-09'];
const REASON = 'demande 2026-007 : effacement';

const where = (f: Fresh) => (f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!]);

/** One week's decisions: how many, and how many granted analytics, marketing, or sent GPC. */
interface Week {
  monday: string;
  decisions: number;
  analytics: number;
  marketing: number;
  gpc: number;
}

/**
 * Hidden: week 1's marketing (2) and GPC (3) cells; weeks 3 (3 decisions) and 5 (2). Their
 * decisions add up to 5 and their analytics to 5, so those totals show; their marketing to 3,
 * so the period's marketing share would give them back and is hidden; their GPC to 5.
 */
const WEEKS: Week[] = [
  { monday: '2026-01-05', decisions: 10, analytics: 6, marketing: 2, gpc: 3 },
  { monday: '2026-01-12', decisions: 8, analytics: 8, marketing: 5, gpc: 0 },
  { monday: '2026-01-19', decisions: 3, analytics: 3, marketing: 0, gpc: 2 },
  { monday: '2026-01-26', decisions: 6, analytics: 0, marketing: 6, gpc: 6 },
  { monday: '2026-02-02', decisions: 2, analytics: 2, marketing: 1, gpc: 0 },
];

const purposes = (analytics: boolean, marketing: boolean): Purpose[] => [
  { category: 'necessary', title: 'Nécessaires', required: true, decision: 'granted', services: [] },
  {
    category: 'analytics',
    title: 'Mesure d’audience',
    required: false,
    decision: analytics ? 'granted' : 'refused',
    services: [],
  },
  {
    category: 'marketing',
    title: 'Publicité ciblée',
    required: false,
    decision: marketing ? 'granted' : 'refused',
    services: [],
  },
];

/**
 * In chain order: one receipt purged on 10 January (received 1 November 2025), a visitor's
 * receipt before the period erased on 20 January, the five weeks (each decision on the week's
 * Tuesday, and an expiry in week 4), and one receipt after the period.
 */
async function seed(f: Fresh): Promise<void> {
  const visitor = crypto.randomUUID();
  const list = [
    receipt({ timestamp: '2025-11-01T10:00:00.000Z' }),
    receipt({ timestamp: '2025-12-30T10:00:00.000Z', principal: visitor }),
    ...WEEKS.flatMap((w) =>
      Array.from({ length: w.decisions }, (_, i) =>
        receipt({
          timestamp: `${w.monday.slice(0, 8)}${String(Number(w.monday.slice(8)) + 1).padStart(2, '0')}T1${i % 10}:00:00.000Z`,
          purposes: purposes(i < w.analytics, i < w.marketing),
          signals: { gpc: i < w.gpc },
        }),
      ),
    ),
    receipt({ timestamp: '2026-01-28T10:00:00.000Z', event: 'expired' }),
    receipt({ timestamp: '2026-02-10T10:00:00.000Z' }),
  ];
  for (const r of list) await f.store.append(r, { origin: ORIGIN, receivedAt: r.timestamp }, f.key);
  await f.store.purge('2025-11-15T00:00:00.000Z', '2026-01-10T00:00:00.000Z');
  await f.store.erase({ principal: visitor, reason: REASON, actor: 'Ad Min', at: '2026-01-20T15:00:00.000Z' });
  const read = (actor: string, at: string, rows: number, refused: string | null = null) =>
    f.store.logAccess({ at, actor, tokenId: null, action: 'GET /v1/receipts', filters: {}, rows, refused });
  await read('Ana Lyste', '2026-01-07T09:00:00.000Z', 30);
  await read('Ana Lyste', '2026-02-01T09:00:00.000Z', 10);
  await read('Ad Min', '2026-01-15T09:00:00.000Z', 5);
  await read('Inconnu', '2026-01-16T09:00:00.000Z', 0, 'TEMOIN_ERR_ROLE');
  await read('Ana Lyste', '2026-03-01T09:00:00.000Z', 99);
}

/** What the browser saw of the page: console errors, failed loads, requests, and axe's violations. */
async function openInChromium(browser: Browser, file: string) {
  const page = await (await browser.createBrowserContext()).newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() == 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => void errors.push(String(e)));
  page.on('requestfailed', (r) => void errors.push(`failed: ${r.url()}`));
  page.on('request', (r) => void requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const lang = await page.evaluate(() => document.documentElement.lang);
  const charts = await page.$$eval('svg[role=img]', (all) =>
    all.map((svg) =>
      svg
        .getAttribute('aria-labelledby')!
        .split(' ')
        .map((id) => document.getElementById(id)!.textContent),
    ),
  );
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
    };
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return results.violations.map((v) => `${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
  await page.close();
  return { errors, requests, lang, charts, violations };
}

for (const kind of KINDS) {
  describe(`temoin report on ${kind}`, () => {
    let f: Fresh;
    let dir: string;
    let report: CommitteeReport;
    let browser: Browser;
    before(async () => {
      f = await freshStore(kind);
      dir = await mkdtemp(join(tmpdir(), 'temoin-report-'));
      await seed(f);
      const ran = await temoin(['report', ...where(f), ...PERIOD, '--format', 'json', '--retention-days', '730']);
      assert.equal(ran.code, 0, ran.stderr);
      assert.match(
        ran.stderr,
        /JSON report from 2026-01-05T00:00:00.000Z to 2026-02-09T00:00:00.000Z \(UTC\), 30 receipts counted/,
      );
      report = JSON.parse(ran.stdout) as CommitteeReport;
      browser = await launchBrowser({ args: [] });
    });
    after(async () => {
      await browser.close();
      await f.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('counts decisions, acceptance and GPC per week, suppressing small cells', () => {
      assert.deepEqual(
        { from: report.from, to: report.to, minCell: report.minCell, categories: report.weekly.categories },
        {
          from: '2026-01-05T00:00:00.000Z',
          to: '2026-02-09T00:00:00.000Z',
          minCell: 5,
          categories: ['analytics', 'marketing'],
        },
      );
      // No counts per event: with their sum shown, a hidden one would be recovered by subtraction.
      assert.ok(report.weekly.buckets.every((b) => !('events' in b)));
      assert.deepEqual(
        report.weekly.buckets.map(({ start, suppressed, decisions, acceptance, gpc }) => ({
          start,
          suppressed,
          ...(suppressed ? {} : { decisions, acceptance, gpc }),
        })),
        [
          {
            start: '2026-01-05',
            suppressed: false,
            decisions: 10,
            // 6 of 10 granted analytics: the 4 who did not would show by difference.
            acceptance: { analytics: null, marketing: null },
            gpc: null,
          },
          {
            start: '2026-01-12',
            suppressed: false,
            decisions: 8,
            // 5 of 8 granted marketing: 3 did not.
            acceptance: { analytics: 1, marketing: null },
            gpc: 0,
          },
          { start: '2026-01-19', suppressed: true },
          { start: '2026-01-26', suppressed: false, decisions: 6, acceptance: { analytics: 0, marketing: 1 }, gpc: 1 },
          { start: '2026-02-02', suppressed: true },
        ],
      );
      assert.deepEqual(report.categoryTitles, {
        analytics: { fr: 'Mesure d’audience' },
        marketing: { fr: 'Publicité ciblée' },
      });
    });

    it("hides a period total when the weeks' hidden cells it adds are under the minimum", () => {
      // 29 decisions (hidden weeks: 3 + 2); GPC 11 (hidden: 3 + 2); analytics 19 (hidden: 3 + 2);
      // marketing 14, but its hidden cells add up to 2 + 0 + 1 = 3: 14 minus the weeks shown would say so.
      assert.deepEqual(report.totals, {
        decisions: 29,
        gpc: 0.379,
        acceptance: { analytics: 0.655, marketing: null },
      });
    });

    it('states the chain, the keys, retention and purges, erasures, and who read how much', () => {
      assert.deepEqual(report.chain, { ok: true, checked: 32, erased: 1, firstSeq: 2, lastSeq: 33 });
      assert.deepEqual(
        report.keys.map((k) => k.keyId),
        [f.key.keyId],
      );
      assert.equal(report.retentionDays, 730);
      assert.deepEqual(report.lastPurge, { purgedAt: '2026-01-10T00:00:00.000Z', retentionDays: 56 });
      assert.deepEqual(
        report.purges.map(({ purgedAt, fromSeq, toSeq, count }) => ({ purgedAt, fromSeq, toSeq, count })),
        [{ purgedAt: '2026-01-10T00:00:00.000Z', fromSeq: 1, toSeq: 1, count: 1 }],
      );
      assert.deepEqual(report.erasures, [
        { at: '2026-01-20T15:00:00.000Z', actor: 'Ad Min', reason: REASON, count: 1, seqs: [2] },
      ]);
      assert.deepEqual(report.readers, [
        { actor: 'Ana Lyste', reads: 2, rows: 40, refused: 0 },
        { actor: 'Ad Min', reads: 1, rows: 5, refused: 0 },
        { actor: 'Inconnu', reads: 0, rows: 0, refused: 1 },
      ]);
      assert.equal(report.readersComplete, true);
    });

    it('logs its own read: who, the period and flags, and the receipts it counted', async () => {
      const [entry] = await f.store.accessLog({ limit: 1 });
      assert.deepEqual(
        { ...entry, id: undefined, at: undefined },
        {
          id: undefined,
          at: undefined,
          actor: `cli:${userInfo().username}`,
          tokenId: null,
          action: 'temoin report',
          filters: {
            from: '2026-01-05T00:00:00.000Z',
            to: '2026-02-09T00:00:00.000Z',
            min: 5,
            format: 'json',
            lang: 'fr',
          },
          rows: 30,
          refused: null,
        },
      );
    });

    it('reads the period in --tz and writes every time in that zone, named', async () => {
      const ran = await temoin(['report', ...where(f), ...PERIOD, '--tz', 'America/Toronto', '--format', 'json']);
      assert.equal(ran.code, 0, ran.stderr);
      assert.match(
        ran.stderr,
        /report from 2026-01-05T00:00:00.000-05:00 to 2026-02-09T00:00:00.000-05:00 \(America\/Toronto\), 30 receipts/,
      );
      const zoned = JSON.parse(ran.stdout) as CommitteeReport;
      assert.deepEqual(
        { from: zoned.from, to: zoned.to, timeZone: zoned.timeZone },
        { from: '2026-01-05T05:00:00.000Z', to: '2026-02-09T05:00:00.000Z', timeZone: 'America/Toronto' },
      );
      const html = await temoin(['report', ...where(f), ...PERIOD, '--tz', 'America/Toronto']);
      assert.match(html.stdout, /<dt>Période<\/dt><dd>du 5 janvier 2026 au 9 février 2026 \(exclu\)<\/dd>/);
      assert.match(html.stdout, /<dt>Fuseau horaire des dates<\/dt><dd>America\/Toronto<\/dd>/);
      assert.match(html.stdout, /<th scope="row">20 janvier 2026 à 10 h 00 HNE<\/th><td>Ad Min<\/td>/);
    });

    for (const lang of ['fr', 'en'] as const) {
      it(`writes a self-contained ${lang} HTML page that opens in Chromium with no console error and passes axe`, async () => {
        const file = join(dir, `rapport-${lang}.html`);
        const ran = await temoin(['report', ...where(f), ...PERIOD, '--lang', lang, '--out', file]);
        assert.equal(ran.code, 0, ran.stderr);
        assert.match(
          ran.stdout,
          new RegExp(`^wrote ${file} \\(\\d+ bytes\\): ${lang == 'fr' ? 'French' : 'English'} HTML report`),
        );
        const html = await readFile(file, 'utf8');
        assert.doesNotMatch(
          html,
          /<script|<link|<img|<iframe|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/,
          'no script, no external asset',
        );
        const seen = await openInChromium(browser, file);
        assert.deepEqual(seen.errors, []);
        assert.deepEqual(seen.requests, [pathToFileURL(file).href], 'the page loads nothing else');
        assert.equal(seen.lang, lang);
        assert.deepEqual(seen.violations, []);
        assert.equal(seen.charts.length, 2, 'two charts, each with a title and a description');
        for (const [title, description] of seen.charts) assert.ok(title && description);
        // The marketing total is hidden for what it would give back, and says so.
        assert.match(
          html,
          lang == 'fr'
            ? /Acceptation\u00a0: Publicité ciblée<\/th><td class="n">masqué \(voir la note\)/
            : /Acceptance: Publicité ciblée<\/th><td class="n">hidden \(see the note\)/,
        );
        // The hidden cells, in words under the charts.
        assert.match(
          html,
          lang == 'fr'
            ? /2 semaines sur 5 comptent moins de 5 décisions\u00a0: elles ne sont pas tracées \(semaines du 19 janvier 2026, 2 février 2026\)\./
            : /2 weeks of 5 have fewer than 5 decisions: they are not drawn \(weeks of January 19, 2026, February 2, 2026\)\./,
        );
        assert.match(
          html,
          lang == 'fr'
            ? /Acceptations masquées, moins de 5 ou qui en révéleraient moins de 5 par différence\u00a0: Mesure d’audience, semaine du 5 janvier 2026\s?; Publicité ciblée, semaines du 5 janvier 2026, 12 janvier 2026\./
            : /Acceptances hidden, fewer than 5 or giving fewer than 5 away by difference: Mesure d’audience, week of January 5, 2026; Publicité ciblée, weeks of January 5, 2026, January 12, 2026\./,
        );
      });
    }
  });
}

describe('temoin report refuses', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'temoin-report-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('a SQLite file that is not there, naming it, and creates nothing', async () => {
    const db = join(dir, 'typo.db');
    const ran = await temoin(['report', '--db', db, ...PERIOD]);
    assert.equal(ran.code, 2);
    assert.equal(ran.stdout, '', 'never an empty report');
    assert.match(ran.stderr, new RegExp(`no database at ${db}.*--db`));
    assert.equal(existsSync(db), false);
  });

  it('a PostgreSQL database that is not there', async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = '/temoin_no_such_database';
    const ran = await temoin(['report', '--database-url', url.href, ...PERIOD]);
    assert.equal(ran.code, 2);
    assert.equal(ran.stdout, '');
    assert.match(ran.stderr, /temoin_no_such_database.*does not exist/);
  });

  const cases: [string, string[], RegExp][] = [
    [
      'a date that is not one',
      ['--from', '05/01/2026', '--to', '2026-02-09'],
      /--from must be a date \(2026-11-23\) or an ISO 8601 time, not "05\/01\/2026"/,
    ],
    [
      'a day the calendar lacks',
      ['--from', '2026-01-05', '--to', '2026-02-30'],
      /--to "2026-02-30" is not a day and time of the calendar/,
    ],
    [
      '--from after --to',
      ['--from', '2026-02-09', '--to', '2026-01-05'],
      /--from \(2026-02-09\) must be before --to \(2026-01-05\)/,
    ],
    ['an empty period', ['--from', '2026-01-05', '--to', '2026-01-05'], /must be before --to/],
    ['no --to', ['--from', '2026-01-05'], /required option '--to <date>' not specified/],
    [
      'an unknown format',
      [...PERIOD, '--format', 'pdf'],
      /'--format <format>' argument 'pdf' is invalid. Allowed choices are html, json/,
    ],
    [
      'an unknown language',
      [...PERIOD, '--lang', 'de'],
      /'--lang <lang>' argument 'de' is invalid. Allowed choices are fr, en/,
    ],
    [
      'an unknown time zone',
      [...PERIOD, '--tz', 'Mars/Olympus'],
      /"Mars\/Olympus" is not a time zone; give an IANA name/,
    ],
    ['a minimum cell of 0', [...PERIOD, '--min-cell', '0'], /expected a whole number from 1 to/],
  ];
  for (const [what, args, message] of cases)
    it(`${what}, with exit code 2 and the fix`, async () => {
      // Checked before the database is opened: this one is not even there.
      const ran = await temoin(['report', '--db', join(dir, 'none.db'), ...args]);
      assert.equal(ran.code, 2, ran.stderr);
      assert.match(ran.stderr, message);
      assert.equal(ran.stdout, '');
    });
});
