// A visitor's consent file (`temoin proof`, GET /v1/proof) on real SQLite and PostgreSQL: a visitor
// with several decisions among another's, checked field by field (order, state after each,
// verification, keys, notices, the access-log entry the read wrote), `--at`, a short id and a
// receipt id, the same report through `--url`, the refusals, a tampered row, an erased visitor;
// and the HTML in Chromium, without a console error and passing axe.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { bodyDigest } from '../../src/collector/chain.js';
import { erase, erasureRequest } from '../../src/collector/erasure.js';
import type { ProofReport } from '../../src/collector/proof/report.js';
import { stateAt, statesAfter } from '../../src/collector/proof/state.js';
import { launchBrowser } from '../../src/scanner/browser.js';
import { canonicalJson } from '../../src/receipts/canonical.js';
import type { Acknowledgement, Purpose, Receipt } from '../../src/receipts/receipt.js';
import { temoin } from './cli-run.js';
import { collectorInProcess, KINDS, ORIGIN, receipt } from './support.js';

const root = new URL('../../../../', import.meta.url).pathname;

const config = {
  revision: 2,
  categories: [
    { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' }, services: [] },
    { id: 'analytics', title: { fr: 'Mesure d’audience', en: 'Audience measurement' }, services: [] },
    {
      id: 'media',
      title: { fr: 'Médias', en: 'Media' },
      description: { fr: 'Vidéos intégrées' },
      // A service named in each language, as the catalog's templates name some.
      services: [
        {
          id: 'pixel',
          name: { fr: 'Pixel Meta', en: 'Meta Pixel' },
          provider: { fr: 'Meta, aux États-Unis', en: 'Meta, in the United States' },
          purpose: { fr: 'Mesurer', en: 'Measure' },
          hostedOutsideQuebec: true,
        },
      ],
    },
  ],
};
const CONFIG_HASH = createHash('sha256').update(canonicalJson(config)).digest('hex');
/** A config no page sent: its notice is missing from the archive. */
const UNSENT_HASH = 'b'.repeat(64);

/** The visitor's purposes: analytics and media granted or refused. */
function purposes(analytics: boolean, media: boolean): Purpose[] {
  const base = receipt().purposes;
  return [
    base[0]!,
    { ...base[1]!, decision: analytics ? 'granted' : 'refused' },
    { category: 'media', title: 'Médias', required: false, decision: media ? 'granted' : 'refused', services: [] },
  ];
}

const decisions = (r: Receipt) => Object.fromEntries(r.purposes.map((p) => [p.category, p.decision]));

describe('the consent in force', () => {
  const given = receipt({ timestamp: '2026-03-01T10:00:00.000Z', validUntil: '2026-04-01T10:00:00.000Z' });
  const refused = receipt({
    event: 'withdrawn',
    timestamp: '2026-03-05T10:00:00.000Z',
    purposes: purposes(false, false),
  });

  it('is the latest decision by the time it was made, not by arrival', () => {
    // The withdrawal arrived first (seq 1), the older consent late (seq 2): the withdrawal holds.
    const states = statesAfter([
      { seq: 1, receipt: refused },
      { seq: 2, receipt: given },
      { seq: 3, receipt: null },
    ]);
    assert.deepEqual(
      states.map((s) => s?.receiptId ?? null),
      [refused.receiptId, refused.receiptId, null],
    );
  });

  it('names a service granted on its own in a category that is not (receipts 1.1)', () => {
    const base = receipt().purposes[1]!;
    const matomo = base.services[0]!;
    const partly = receipt({
      version: '1.1',
      timestamp: '2026-03-01T10:00:00.000Z',
      purposes: [
        receipt().purposes[0]!,
        {
          ...base,
          decision: 'refused',
          services: [
            { ...matomo, decision: 'granted' },
            { ...matomo, id: 'ga', name: 'Google Analytics', decision: 'refused' },
          ],
        },
      ],
    });
    const rows = [{ seq: 1, receipt: partly, receivedAt: '2026-03-01T10:00:01.000Z', erasedAt: null }];
    assert.deepEqual(stateAt(rows, '2026-03-02T00:00:00.000Z').granted, ['necessary', 'analytics/matomo']);
    assert.deepEqual(statesAfter(rows)[0]!.categories[1]!.services, [
      { id: 'matomo', name: 'Matomo', decision: 'granted' },
      { id: 'ga', name: 'Google Analytics', decision: 'refused' },
    ]);
  });

  it('at a moment: none before the first decision, only the necessary once it expired', () => {
    const rows = [{ seq: 1, receipt: given, receivedAt: '2026-03-01T10:00:01.000Z', erasedAt: null }];
    assert.deepEqual(stateAt(rows, '2026-03-01T09:00:00.000Z'), {
      time: '2026-03-01T09:00:00.000Z',
      inForce: null,
      expired: false,
      granted: [],
      erasedBefore: 0,
      receivedAfter: 0,
    });
    assert.deepEqual(stateAt(rows, '2026-03-02T00:00:00.000Z').granted, ['necessary', 'analytics']);
    // Decided (by the browser's clock) before the moment, received after it: said so.
    assert.equal(stateAt(rows, '2026-03-01T10:00:00.500Z').receivedAfter, 1);
    const late = stateAt(
      [
        ...rows,
        { seq: 2, receipt: null, receivedAt: '2026-03-03T00:00:00.000Z', erasedAt: '2026-05-01T00:00:00.000Z' },
      ],
      '2026-04-02T00:00:00.000Z',
    );
    assert.deepEqual(
      { expired: late.expired, granted: late.granted, erasedBefore: late.erasedBefore },
      {
        expired: true,
        granted: ['necessary'],
        erasedBefore: 1,
      },
    );
  });
});

// The two stores side by side: each suite has its own collector, visitors and folder, and most of
// its time is spent waiting on `temoin` processes. Their tests stay in order (one tampers, then mends).
describe('temoin proof', { concurrency: true }, () => {
  for (const kind of KINDS) {
    describe(`temoin proof on ${kind}`, { concurrency: false }, () => {
      let c: Awaited<ReturnType<typeof collectorInProcess>>;
      let dir: string;
      let url: string;
      let token: string;
      const visitor = randomUUID();
      const other = randomUUID();
      const mine: { receipt: Receipt; ack: Acknowledgement }[] = [];
      const where = () => (c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!]);
      const proof = (...args: string[]) => temoin(['proof', ...args, ...(args.includes('--url') ? [] : where())]);
      const json = async (...args: string[]) => {
        const ran = await proof(...args, '--format', 'json');
        assert.equal(ran.code, 0, ran.stderr);
        return JSON.parse(ran.stdout) as ProofReport;
      };

      before(async () => {
        c = await collectorInProcess(kind);
        dir = await mkdtemp(join(tmpdir(), 'temoin-proof-file-'));
        const sequence: Receipt[] = [
          receipt({ principal: other }),
          receipt({
            principal: visitor,
            event: 'given',
            timestamp: '2026-03-01T10:00:00.000Z',
            validUntil: '2027-03-01T10:00:00.000Z',
            configHash: CONFIG_HASH,
            purposes: purposes(true, false),
          }),
          receipt({ principal: other }),
          receipt({
            principal: visitor,
            event: 'updated',
            timestamp: '2026-03-05T10:00:00.000Z',
            validUntil: '2027-03-05T10:00:00.000Z',
            configHash: UNSENT_HASH,
            language: 'en',
            purposes: purposes(false, true),
          }),
          receipt({
            principal: visitor,
            event: 'withdrawn',
            timestamp: '2026-03-09T10:00:00.000Z',
            validUntil: null,
            configHash: UNSENT_HASH,
            language: 'en',
            purposes: purposes(false, false),
          }),
        ];
        for (const r of sequence) {
          const response = await c.post(r);
          assert.equal(response.status, 201);
          if (r.principal == visitor) mine.push({ receipt: r, ack: (await response.json()) as Acknowledgement });
        }
        // The page sends the config its receipt named, as the collector asked.
        const put = await c.request(`/v1/configs/${CONFIG_HASH}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: JSON.stringify(config),
        });
        assert.equal(put.status, 201);
        url = await c.listen();
        token = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
      });
      after(async () => {
        await c.close();
        await rm(dir, { recursive: true, force: true });
      });

      it("a visitor's receipts in chain order, each verified, with the state after it, keys, notices and the access entry", async () => {
        const report = await json('--principal', visitor);
        assert.equal(report.format, 'temoin-proof/1');
        assert.equal(report.principal, visitor);
        assert.deepEqual(report.asked, { principal: visitor });
        assert.deepEqual(
          report.receipts.map((r) => [r.seq, r.receiptId]),
          mine.map(({ ack }) => [ack.seq, ack.receiptId]),
        );
        assert.deepEqual(
          report.receipts.map((r) => r.seq),
          [2, 4, 5],
          "the other visitor's receipts are not there",
        );
        for (const [i, r] of report.receipts.entries()) {
          const { receipt: sent, ack } = mine[i]!;
          assert.deepEqual(r.receipt, sent, 'the receipt as sent, in its words');
          assert.equal(r.origin, ORIGIN);
          assert.equal(r.receivedAt, ack.receivedAt);
          assert.equal(r.erasedAt, null);
          assert.deepEqual(r.verification, { ok: true, keyId: c.key.keyId });
          assert.deepEqual(r.chain, {
            prevHash: ack.prevHash,
            hash: ack.hash,
            digest: ack.digest,
            signature: ack.signature,
            previousLinked: true,
            nextLinked: i < 2 ? true : null,
          });
          assert.equal(r.stateAfter!.receiptId, sent.receiptId);
          assert.equal(r.stateAfter!.event, sent.event);
          assert.equal(r.stateAfter!.validUntil, sent.validUntil);
          assert.deepEqual(
            Object.fromEntries(r.stateAfter!.categories.map((s) => [s.category, s.decision])),
            decisions(sent),
          );
          assert.equal(r.asked, false);
        }
        assert.deepEqual(
          report.receipts.map((r) => decisions(r.receipt!)),
          [
            { necessary: 'granted', analytics: 'granted', media: 'refused' },
            { necessary: 'granted', analytics: 'refused', media: 'granted' },
            { necessary: 'granted', analytics: 'refused', media: 'refused' },
          ],
        );
        const der = createPublicKey(c.key.publicKey).export({ type: 'spki', format: 'der' });
        const sha256 = createHash('sha256').update(der).digest('hex');
        assert.equal(report.keys.length, 1);
        assert.deepEqual(
          { ...report.keys[0]!, createdAt: undefined },
          { keyId: c.key.keyId, sha256, publicKey: c.key.publicKey, createdAt: undefined, signed: 3 },
        );
        assert.equal(sha256.slice(0, 16), c.key.keyId, 'the key id is the start of the fingerprint');
        assert.equal(report.notices.length, 1);
        assert.deepEqual(
          { ...report.notices[0]!, receivedAt: undefined },
          { hash: CONFIG_HASH, origin: ORIGIN, receivedAt: undefined, hashMatches: true, config },
        );
        assert.deepEqual(report.noticesMissing, [UNSENT_HASH]);
        assert.deepEqual(report.erasures, []);
        assert.equal(report.at, null);
        const [logged] = await c.store.accessLog({ limit: 1 });
        assert.deepEqual(report.access, logged, 'the very entry this read wrote');
        assert.deepEqual(
          { ...report.access, id: undefined, at: undefined },
          {
            id: undefined,
            at: undefined,
            actor: `cli:${userInfo().username}`,
            tokenId: null,
            action: 'temoin proof',
            filters: { principal: visitor },
            rows: 3,
            refused: null,
          },
        );
      });

      it('--at answers what the visitor had consented to at that moment', async () => {
        const between = await json('--principal', visitor, '--at', '2026-03-06');
        assert.deepEqual(between.asked, { principal: visitor, at: '2026-03-06T00:00:00.000Z' });
        assert.deepEqual(
          { ...between.at!, inForce: between.at!.inForce!.receiptId },
          {
            time: '2026-03-06T00:00:00.000Z',
            inForce: mine[1]!.receipt.receiptId,
            expired: false,
            granted: ['necessary', 'media'],
            erasedBefore: 0,
            // The test posts March's decisions today: both arrived after the moment asked.
            receivedAfter: 2,
          },
        );
        assert.equal(between.receipts.length, 3, 'every receipt is still listed');
        assert.deepEqual(between.access.filters, { principal: visitor, at: '2026-03-06T00:00:00.000Z' });

        // In Toronto, 05:30 on 1 March is 10:30 UTC: after the first decision.
        const zoned = await json('--principal', visitor, '--at', '2026-03-01T05:30', '--tz', 'America/Toronto');
        assert.equal(zoned.at!.time, '2026-03-01T10:30:00.000Z');
        assert.deepEqual(zoned.at!.granted, ['necessary', 'analytics']);
        const before = await json('--principal', visitor, '--at', '2026-03-01T09:59:59Z');
        assert.deepEqual({ inForce: before.at!.inForce, granted: before.at!.granted }, { inForce: null, granted: [] });
        const withdrawn = await json('--principal', visitor, '--at', '2027-06-01');
        assert.equal(withdrawn.at!.inForce!.receiptId, mine[2]!.receipt.receiptId);
        assert.deepEqual(withdrawn.at!.granted, ['necessary']);
      });

      it('a short id, or one of their receipt ids, finds the same visitor', async () => {
        const full = await json('--principal', visitor);
        const short = await json('--principal', visitor.slice(0, 8).toUpperCase());
        assert.deepEqual(short.asked, { principal: visitor.slice(0, 8) });
        assert.equal(short.principal, visitor);
        assert.deepEqual(short.receipts, full.receipts);
        const byReceipt = await json('--receipt', mine[1]!.receipt.receiptId);
        assert.equal(byReceipt.principal, visitor);
        assert.deepEqual(
          byReceipt.receipts.map((r) => r.asked),
          [false, true, false],
        );
        assert.deepEqual(byReceipt.access.filters, { receiptId: mine[1]!.receipt.receiptId, principal: visitor });
      });

      it('a --category no receipt chose on but a stored config names (necessary) gets no typo hint', async () => {
        assert.deepEqual((await c.store.configCategories()).sort(), ['analytics', 'media', 'necessary']);
        const ran = await temoin(['receipts', 'export', '--category', 'necessary', '--to', '2000-01-01', ...where()]);
        assert.equal(ran.stderr, 'exported 0 receipts decided before 2000-01-01T00:00:00.000Z (UTC)\n');
      });

      it('a pasted id with white space around it is read as the id, in the CLI and the API', async () => {
        const full = await json('--principal', visitor);
        const pasted = await json('--principal', ` ${visitor}\n`);
        assert.deepEqual(pasted.receipts, full.receipts);
        const byReceipt = await json('--receipt', `\t${mine[1]!.receipt.receiptId} `);
        assert.equal(byReceipt.principal, visitor);
        const api = await c.get(`/v1/proof?principal=%20${visitor}%20`, token);
        assert.equal(api.status, 200, await api.clone().text());
        const exported = await c.get(`/v1/receipts?principal=%20${visitor.slice(0, 8)}%0A`, token);
        assert.equal(exported.status, 200, await exported.clone().text());
        assert.equal((await exported.text()).trim().split('\n').length, 3);
        const got = await temoin(['receipts', 'get', ` ${mine[0]!.receipt.receiptId} `, ...where()]);
        assert.equal(got.code, 0, got.stderr);
        // White space alone stays refused: it never becomes an empty filter that reads everyone.
        assert.equal((await c.get('/v1/receipts?principal=%20%20', token)).status, 400);
      });

      it('--url gives the same report as the local store, logged in the name of the token', async () => {
        const local = await json('--principal', visitor, '--at', '2026-03-06');
        const remote = await json('--principal', visitor, '--at', '2026-03-06', '--url', url, '--token', token);
        const same = (r: ProofReport) => ({ ...r, generatedAt: undefined, access: undefined });
        assert.deepEqual(same(remote), same(local));
        const [logged] = await c.store.accessLog({ limit: 1 });
        assert.deepEqual(remote.access, logged);
        assert.deepEqual(
          { actor: remote.access.actor, action: remote.access.action, rows: remote.access.rows },
          { actor: 'Ana Lyste', action: 'GET /v1/proof', rows: 3 },
        );
        assert.equal((await c.get(`/v1/proof?principal=${visitor}`)).status, 401, 'analysts only');
        const unknown = await c.get(`/v1/proof?principal=${randomUUID()}`, token);
        assert.equal(unknown.status, 404);
        assert.equal(((await unknown.json()) as { code: string }).code, 'TEMOIN_ERR_NO_RECEIPT');
        const both = await c.get(`/v1/proof?principal=${visitor}&receipt=${mine[0]!.receipt.receiptId}`, token);
        assert.equal(both.status, 400);
        const html = await proof('--principal', visitor, '--url', url, '--token', token, '--lang', 'fr');
        assert.equal(html.code, 0, html.stderr);
        assert.match(html.stdout, /^<!doctype html>/);
      });

      it('refuses what it cannot answer: unknown visitor (exit 1, logged), bad flags and no database (exit 2)', async () => {
        const nobody = randomUUID();
        const unknown = await proof('--principal', nobody);
        assert.equal(unknown.code, 1);
        assert.equal(unknown.stdout, '');
        assert.match(
          unknown.stderr,
          new RegExp(`^temoin: no receipt of visitor ${nobody} is stored, and none was erased`),
        );
        const [logged] = await c.store.accessLog({ limit: 1 });
        assert.deepEqual(
          { action: logged!.action, filters: logged!.filters, rows: logged!.rows },
          { action: 'temoin proof', filters: { principal: nobody }, rows: 0 },
        );
        const remote = await proof('--principal', nobody, '--url', url, '--token', token);
        assert.equal(remote.code, 1);
        assert.match(remote.stderr, /no receipt of visitor/);
        const noReceipt = await proof('--receipt', randomUUID());
        assert.equal(noReceipt.code, 1);
        assert.match(noReceipt.stderr, /^temoin: no receipt [0-9a-f-]{36}\n$/);

        const neither = await proof();
        const both = await proof('--principal', visitor, '--receipt', mine[0]!.receipt.receiptId);
        const badAt = await proof('--principal', visitor, '--at', 'yesterday');
        const badId = await proof('--principal', 'abc');
        for (const ran of [neither, both, badAt, badId]) assert.equal(ran.code, 2, ran.stderr);
        assert.match(neither.stderr, /give the visitor: principal .* or receipt/);
        assert.match(both.stderr, /not both/);
        assert.match(badAt.stderr, /^temoin: at must be a date \(2026-11-23\) or an ISO 8601 time, not "yesterday"/);
        assert.match(badId.stderr, /principal must be a visitor's UUID or its first 8 characters/);
        const noDb = await temoin(['proof', '--principal', visitor, '--db', join(dir, 'none.db')]);
        assert.equal(noDb.code, 2);
        assert.match(noDb.stderr, /none\.db/);
      });

      it('writes HTML with --out that opens in Chromium without a console error and passes axe', async () => {
        const axe = await readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
        const files = { fr: join(dir, 'dossier.html'), en: join(dir, 'file.html') };
        for (const [lang, file] of Object.entries(files)) {
          const ran = await proof('--principal', visitor, '--at', '2026-03-06', '--lang', lang, '--out', file);
          assert.equal(ran.code, 0, ran.stderr);
          assert.match(
            ran.stdout,
            new RegExp(
              `^wrote ${file} \\(html, \\d+ bytes\\): consent file of visitor ${visitor}: 3 receipts, all verified; access-log entry #\\d+\\n$`,
            ),
          );
        }
        const browser = await launchBrowser({ args: [] });
        try {
          for (const [lang, file] of Object.entries(files)) {
            const page = await browser.newPage();
            const errors: string[] = [];
            page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
            page.on('pageerror', (e) => errors.push(String(e)));
            page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
            await page.goto('file://' + file);
            assert.deepEqual(errors, [], lang);
            assert.equal(await page.$eval('html', (h) => h.lang), lang);
            assert.equal(await page.$$eval('script', (s) => s.length), 0, 'no script');
            await page.addScriptTag({ content: axe });
            const violations = await page.evaluate(async () =>
              (
                await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()
              ).violations.map((v) => v.id),
            );
            assert.deepEqual(violations, [], lang);
            const text = await page.$eval('main', (m) => m.textContent);
            assert.equal(await page.$$eval('section.receipt', (s) => s.length), 3);
            if (lang == 'fr') {
              assert.match(text, /Consentement en vigueur au moment demandé/);
              assert.match(text, /Décision en vigueur\u00a0: le reçu/);
              assert.doesNotMatch(text, / [:;!?»]|« /, 'French typography: no plain space before : ; ! ? »');
              // Said of the service, not in the feminine of « décision » after its name.
              assert.match(text, /Matomo\u00a0: service (accepté|refusé)/);
            } else assert.match(text, /Consent in force at the time asked/);
            assert.match(text, new RegExp(c.key.keyId));
            assert.match(text, /Vidéos intégrées|Media/, 'the archived notice');
            assert.match(
              text,
              lang == 'fr' ? /Pixel Meta \(Meta, aux États-Unis\)/ : /Meta Pixel \(Meta, in the United States\)/,
              'its services in the language of the file',
            );
            await page.close();
          }
        } finally {
          await browser.close();
        }
      });

      it('a tampered row is shown not verified, and the command exits 1', async () => {
        const seq = mine[1]!.ack.seq;
        const [row] = await c.sql('SELECT body FROM receipts WHERE seq = $1', [seq]);
        const changed = String(row!.body).replace('"decision":"refused"', '"decision":"granted"');
        await c.sql('UPDATE receipts SET body = $1 WHERE seq = $2', [changed, seq]);
        const ran = await proof('--principal', visitor, '--format', 'json');
        assert.equal(ran.code, 1);
        assert.match(ran.stderr, /1 NOT verified/);
        const report = JSON.parse(ran.stdout) as ProofReport;
        assert.deepEqual(
          report.receipts.map((r) => r.verification.ok),
          [true, false, true],
        );
        assert.equal((report.receipts[1]!.verification as { problem: string }).problem, 'altered body');
        const html = await proof('--principal', visitor, '--lang', 'fr');
        assert.match(html.stdout, /NON VÉRIFIÉ \(altered body\)/);
        await c.sql('UPDATE receipts SET body = $1 WHERE seq = $2', [String(row!.body), seq]);
        // Another visitor's receipt relabelled as this visitor's, by its column: listed, not verified.
        const [foreign] = await c.sql('SELECT seq FROM receipts WHERE principal = $1 ORDER BY seq LIMIT 1', [other]);
        await c.sql('UPDATE receipts SET principal = $1 WHERE seq = $2', [visitor, foreign!.seq]);
        const relabelled = await proof('--principal', visitor, '--format', 'json');
        assert.equal(relabelled.code, 1);
        const listed = (JSON.parse(relabelled.stdout) as ProofReport).receipts.find(
          (r) => r.seq == Number(foreign!.seq),
        )!;
        assert.deepEqual(listed.verification, {
          ok: false,
          keyId: c.key.keyId,
          problem: 'altered columns',
          reason: 'its principal column differs from the receipt',
        });
        await c.sql('UPDATE receipts SET principal = $1 WHERE seq = $2', [other, foreign!.seq]);
      });

      it('an erased visitor shows as tombstones, still verified, and the log keeps only the digest', async () => {
        const done = await erase(c.store, erasureRequest({ principal: other, reason: 'demande 2026-041' }), 'Ad Min');
        const report = await json('--principal', other);
        assert.equal(report.principal, null);
        assert.deepEqual(
          report.receipts.map((r) => [r.seq, r.receipt, r.erasedAt, r.verification.ok, r.stateAfter]),
          [
            [1, null, done.at, true, null],
            [3, null, done.at, true, null],
          ],
        );
        assert.deepEqual(report.erasures, [
          { at: done.at, actor: 'Ad Min', reason: 'demande 2026-041', count: 2, seqs: [1, 3] },
        ]);
        assert.deepEqual(report.access.filters, { principal: `sha256:${bodyDigest(other)}` });
        const log = JSON.stringify(await c.store.accessLog({ limit: 1000 }));
        assert.ok(!log.includes(other), 'the erased id is nowhere in the access log');
        const byReceipt = await json('--receipt', report.receipts[0]!.receiptId);
        assert.deepEqual(
          byReceipt.receipts.map((r) => [r.seq, r.erasedAt, r.asked]),
          [[1, done.at, true]],
        );
        // The visitor's own chain still links through the tombstones on either side.
        const mineNow = await json('--principal', visitor);
        assert.ok(mineNow.receipts.every((r) => r.verification.ok && r.chain.previousLinked !== false));
        const html = await proof('--principal', other, '--lang', 'en');
        assert.equal(html.code, 0, html.stderr);
        assert.match(html.stdout, /receipt erased/);
        // No receipt left to tell the visitor's language: French, the report's default.
        const untold = await proof('--principal', other);
        assert.match(untold.stdout, /<html lang="fr">/);
      });

      it('verify-receipt checks every receipt a JSON consent file holds, tombstones too, and names an HTML one', async () => {
        const verifyFile = async (name: string, text: string) => {
          await writeFile(join(dir, name), text);
          return temoin(['verify-receipt', join(dir, name), '--url', url]);
        };
        const mineFile = await proof('--principal', visitor, '--format', 'json');
        const valid = await verifyFile('mine.json', mineFile.stdout);
        assert.equal(valid.code, 0, valid.stdout + valid.stderr);
        assert.deepEqual(
          valid.stdout
            .trimEnd()
            .split('\n')
            .map((l) => l.replace(/ received .*/, '')),
          // Its place in the chain once, not again as its place in the file (it is the same).
          mine.map(({ ack }) => `valid: receipt ${ack.receiptId}, #${ack.seq}`),
        );
        assert.equal(valid.stderr, '3 receipts valid, 0 not valid\n');
        const tombstones = await verifyFile(
          'erased.json',
          (await proof('--principal', other, '--format', 'json')).stdout,
        );
        assert.equal(tombstones.code, 0, tombstones.stdout + tombstones.stderr);
        assert.match(
          tombstones.stdout,
          /^valid: receipt \S+, #1 received .*; erased .*, so its signature and place are checked, not its content\n/,
        );
        // A decision changed in the file: that receipt is not valid, as in an export.
        const changed = JSON.parse(mineFile.stdout) as ProofReport;
        changed.receipts[1]!.receipt!.event = 'given';
        const altered = await verifyFile('altered.json', JSON.stringify(changed));
        assert.equal(altered.code, 1);
        assert.match(altered.stdout, /^not valid: receipt \S+ \(#4\): altered body: /m);
        const html = await verifyFile('dossier.html', (await proof('--principal', visitor)).stdout);
        assert.equal(html.code, 2);
        assert.equal(html.stdout, '');
        assert.match(
          html.stderr,
          /dossier\.html is a visitor's consent file made by `temoin proof` \(HTML.*--format json/,
        );
      });
    });
  }
});
