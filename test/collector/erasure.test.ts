// Erasure on request: one visitor's receipts become tombstones through which `verify` still
// passes, the visitor's id and content leave every table and export, reads for them stay logged
// without the id, and rows chained before erasure existed (link 1) can be erased too. Real
// SQLite and PostgreSQL, through the store, the API and the CLI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createToken, logAccess } from '../../src/collector/access.js';
import { bodyDigest, chainHash, LINK_TEXT } from '../../src/collector/chain.js';
import { erase, erasedAgainMessage, erasureRequest } from '../../src/collector/erasure.js';
import { exportPages, exportStream } from '../../src/collector/export.js';
import { purgeOld } from '../../src/collector/retention.js';
import { verifyChain } from '../../src/collector/verify.js';
import { canonicalJson } from '../../src/receipts/canonical.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { temoin } from './cli-run.js';
import { collectorInProcess, eventually, freshStore, KINDS, ORIGIN, receipt, type Fresh } from './support.js';

const run = promisify(execFile);
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;
const REASON = 'demande d’accès 2026-041 : destruction demandée';

/** Appends receipts in order, one a day from 1 January 2026; the visitor's three come 2nd to 4th. */
async function seed(f: Fresh, visitor: string): Promise<Receipt[]> {
  const receipts = [
    receipt(),
    receipt({ principal: visitor, event: 'given', timestamp: '2025-12-21T09:00:00.101Z' }),
    receipt({ principal: visitor, event: 'updated', timestamp: '2025-12-22T09:00:00.102Z' }),
    receipt({ principal: visitor, event: 'withdrawn', timestamp: '2025-12-23T09:00:00.103Z' }),
    receipt(),
  ];
  for (const [i, r] of receipts.entries())
    await f.store.append(r, { origin: ORIGIN, receivedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }, f.key);
  return receipts;
}

/** Every text of every row of every table, to look for what must be gone. */
async function everything(f: Fresh): Promise<string> {
  const tables = f.location.db
    ? await f.sql("SELECT name FROM sqlite_master WHERE type = 'table'")
    : await f.sql("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'");
  const texts = [];
  for (const { name } of tables) texts.push(JSON.stringify(await f.sql(`SELECT * FROM ${String(name)}`)));
  return texts.join('\n');
}

async function exported(f: Fresh): Promise<string> {
  let text = '';
  for await (const chunk of exportStream(exportPages(f.store, {}, 'jsonl'), 'jsonl', () => {})) text += String(chunk);
  return text;
}

/** Rewrites the chain as a collector before erasure existed made it: hashed over the text, signed without a digest. */
async function asLinkText(f: Fresh): Promise<void> {
  let prev = '0'.repeat(64);
  for (const row of await f.sql('SELECT seq, receipt_id, received_at, body FROM receipts ORDER BY seq')) {
    const hash = chainHash(prev, String(row.body));
    const ack = { receiptId: String(row.receipt_id), seq: Number(row.seq), hash, receivedAt: String(row.received_at) };
    await f.sql(
      'UPDATE receipts SET prev_hash = $1, hash = $2, signature = $3, digest = NULL, link = $4 WHERE seq = $5',
      [prev, hash, f.key.sign(ack), LINK_TEXT, row.seq],
    );
    prev = hash;
  }
  await f.sql('UPDATE chain_head SET hash = $1', [prev]);
}

// The two stores side by side: every test makes its own store; each suite's tests stay in order.
describe('erasure on each store', { concurrency: true }, () => {
  for (const kind of KINDS) {
    describe(`erasure on ${kind}`, { concurrency: false }, () => {
      let f: Fresh;
      let visitor: string;
      let receipts: Receipt[];
      beforeEach(async () => {
        f = await freshStore(kind);
        visitor = crypto.randomUUID();
        receipts = await seed(f, visitor);
      });
      afterEach(() => f.drop());

      it("destroys a visitor's receipts, leaves tombstones, and the chain still verifies", async () => {
        // An access request read this visitor's receipts before: the log names them.
        await f.store.logAccess({
          at: new Date().toISOString(),
          actor: 'Ana Lyste',
          tokenId: null,
          action: 'GET /v1/receipts',
          filters: { principal: visitor },
          rows: 3,
        });
        // And by the short id the dashboard shows.
        await f.store.logAccess({
          at: new Date().toISOString(),
          actor: 'Ana Lyste',
          tokenId: null,
          action: 'GET /v1/receipts',
          filters: { principal: visitor.slice(0, 10) },
          rows: 3,
        });
        const done = await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
        assert.deepEqual({ count: done.count, seqs: done.seqs }, { count: 3, seqs: [2, 3, 4] });
        assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 5, erased: 3, firstSeq: 1, lastSeq: 5 });

        // The tombstones: place, digest and erasure time; no content, no id.
        const rows = await f.sql(
          'SELECT seq, principal, body, event, decided_at, digest, erased_at FROM receipts WHERE seq IN (2, 3, 4) ORDER BY seq',
        );
        for (const [i, row] of rows.entries()) {
          assert.deepEqual(
            { ...row, seq: Number(row.seq) },
            {
              seq: i + 2,
              principal: '',
              body: '',
              event: '',
              decided_at: '',
              digest: bodyDigest(canonicalJson(receipts[i + 1])),
              erased_at: done.at,
            },
          );
        }
        // Gone from every table and every export; the other visitors are all there.
        assert.ok(!(await everything(f)).includes(visitor), 'the id is nowhere');
        for (const r of receipts.slice(1, 4))
          assert.ok(!(await everything(f)).includes(r.timestamp), 'nor the content');
        const lines = (await exported(f)).trim().split('\n');
        assert.deepEqual(
          lines.map((l) => (JSON.parse(l) as { seq: number }).seq),
          [1, 5],
        );
        // The reads made for them are still logged, under the id's digest; the erasure is recorded.
        const log = JSON.stringify(await f.store.accessLog({ limit: 10 }));
        assert.ok(log.includes(`sha256:${bodyDigest(visitor)}`));
        assert.ok(!log.includes(visitor.slice(0, 8)), 'nor the short id a read was made with');
        if (f.location.db) {
          // Nor in the file's bytes: free space, the indexes' old cells and the WAL kept the rows as
          // they were until scrubbed (zeroed where they lay, the WAL emptied: no VACUUM).
          const { readFile } = await import('node:fs/promises');
          const bytes = [f.location.db, `${f.location.db}-wal`].map((file) =>
            readFile(file).catch(() => Buffer.alloc(0)),
          );
          for (const b of await Promise.all(bytes)) {
            assert.equal(b.indexOf(visitor), -1, 'the id is out of the file');
            for (const r of receipts.slice(1, 4)) assert.equal(b.indexOf(r.timestamp), -1, 'and the content');
          }
        }
        assert.deepEqual(
          (await f.store.erasures()).map(({ actor, reason, count, principalDigest }) => ({
            actor,
            reason,
            count,
            principalDigest,
          })),
          [{ actor: 'Ad Min', reason: REASON, count: 3, principalDigest: bodyDigest(visitor) }],
        );
        // Asked again: nothing is left to erase, which is done, and when it went is said.
        const again = await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
        assert.equal(again.count, 0);
        assert.match(
          erasedAgainMessage(visitor, again),
          new RegExp(`no receipt of visitor ${visitor} was left to erase: 3 erased on ${done.at} by Ad Min`),
        );
      });

      if (kind == 'sqlite') {
        /** Whether the text is anywhere in the database's file or its WAL. */
        const inFile = async (text: string) => {
          const { readFile } = await import('node:fs/promises');
          const files = [f.location.db!, `${f.location.db!}-wal`];
          const bytes = await Promise.all(files.map((file) => readFile(file).catch(() => Buffer.alloc(0))));
          return bytes.some((b) => b.includes(text));
        };
        const version = async () => Number((await f.sql('PRAGMA user_version'))[0]!.user_version);

        it('rebuilds once a file written before deleted content was zeroed, whose free pages hold copies', async () => {
          assert.equal(await version(), 1, 'a new file is zeroed from the start');
          // A file of an earlier version: copies of the visitor's rows left in free pages.
          await f.sql('PRAGMA user_version = 0');
          await f.sql('CREATE TABLE copied AS SELECT * FROM receipts');
          await f.sql('DROP TABLE copied');
          assert.ok(await inFile(visitor), 'the copies are there');
          await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
          assert.ok(!(await inFile(visitor)), 'the id is out of the file');
          assert.equal(await version(), 1, 'rebuilt once: zeroed from now on');
          assert.ok((await verifyChain(f.store)).ok);
        });

        it('says when a reader kept the old pages in the WAL, and the same erasure again empties it', async () => {
          const { default: Database } = await import('better-sqlite3');
          const reader = new Database(f.location.db, { readonly: true });
          reader.exec('BEGIN');
          reader.prepare('SELECT COUNT(*) FROM receipts').get();
          const request = erasureRequest({ principal: visitor, reason: REASON });
          try {
            await assert.rejects(erase(f.store, request, 'Ad Min'), {
              code: 'TEMOIN_ERR_SCRUB_BUSY',
              message:
                /the receipts are erased and the erasure recorded, but another connection .* run the same erasure again/,
            });
            assert.ok(await inFile(visitor), 'still in the WAL while it reads');
          } finally {
            reader.exec('COMMIT');
            reader.close();
          }
          // Asked again, it finishes the scrub: a success, which says so.
          const again = await erase(f.store, request, 'Ad Min');
          assert.deepEqual([again.count, again.earlier.map((e) => e.count)], [0, [3]]);
          assert.match(erasedAgainMessage(visitor, again), /the database's files were scrubbed again/);
          assert.ok(!(await inFile(visitor)), 'the id is out of the file');
        });
      }

      it('refuses to erase a changed receipt, or one relabelled from another visitor, and erases nothing', async () => {
        const [changed] = await f.sql('SELECT body FROM receipts WHERE seq = 3');
        await f.sql('UPDATE receipts SET body = $1 WHERE seq = 3', [
          String(changed!.body).replace('updated', 'refused'),
        ]);
        const request = erasureRequest({ principal: visitor, reason: REASON });
        await assert.rejects(erase(f.store, request, 'Ad Min'), /receipt #3 has been changed: .*nothing was erased/);
        await f.sql('UPDATE receipts SET body = $1 WHERE seq = 3', [String(changed!.body)]);
        await f.sql('UPDATE receipts SET principal = $1 WHERE seq = 5', [visitor]);
        await assert.rejects(
          erase(f.store, request, 'Ad Min'),
          /receipt #5 is another visitor's: .*nothing was erased/,
        );
        const erased = await f.sql('SELECT seq FROM receipts WHERE erased_at IS NOT NULL');
        assert.deepEqual(erased, []);
        assert.deepEqual(await f.store.erasures(), []);
      });

      it('rewrites the reads made with the id in upper case, as those in lower case', async () => {
        const read = (principal: string) => ({
          at: new Date().toISOString(),
          actor: 'Ana Lyste',
          tokenId: null,
          action: 'GET /v1/receipts',
          filters: { principal },
          rows: 3,
        });
        const upper = visitor.toUpperCase();
        // Through the access log's writer, the full id and the short one the dashboard shows...
        assert.equal((await logAccess(f.store, read(upper))).filters.principal, visitor, 'kept in lower case');
        assert.equal((await logAccess(f.store, read(upper.slice(0, 10)))).filters.principal, visitor.slice(0, 10));
        // ...and as a release that kept the id as it was typed wrote them, straight to the store.
        await f.store.logAccess(read(upper));
        await f.store.logAccess(read(upper.slice(0, 10)));
        await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
        const entries = (await f.store.accessLog({ limit: 10 })).filter((e) => e.action == 'GET /v1/receipts');
        assert.deepEqual(
          entries.map((e) => e.filters.principal),
          Array(4).fill(`sha256:${bodyDigest(visitor)}`),
        );
        assert.ok(!(await everything(f)).toLowerCase().includes(visitor.slice(0, 8)), 'the id is nowhere, in any case');
      });

      it('logs a read under the SHA-256 when the erasure commits between its check and its entry', async () => {
        // The real store, and an erasure run to its end right after the read looked for one.
        let erasing: Promise<unknown> | null = null;
        const eraseNow = () =>
          (erasing ??= f.store.erase({
            principal: visitor,
            reason: REASON,
            actor: 'test',
            at: new Date().toISOString(),
          }));
        const racing = new Proxy(f.store, {
          get(store, name) {
            const value = Reflect.get(store, name) as unknown;
            if (typeof value != 'function') return value;
            return async (...args: unknown[]) => {
              const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(store, args);
              if (name == 'erasures' || name == 'erasedPrincipal') await eraseNow();
              return result;
            };
          },
        });
        const entry = await logAccess(racing, {
          at: new Date().toISOString(),
          actor: 'analyst',
          tokenId: null,
          action: 'GET /v1/receipts',
          filters: { principal: visitor },
          rows: 3,
        });
        assert.ok(erasing, 'the erasure ran between the check and the entry');
        const [kept] = await f.store.accessLog({ limit: 1 });
        assert.equal(kept!.id, entry.id);
        assert.deepEqual(kept!.filters, { principal: `sha256:${bodyDigest(visitor)}` });
        assert.doesNotMatch(await everything(f), new RegExp(visitor));
      });

      it('refuses a reason that carries the id', () => {
        assert.throws(
          () => erasureRequest({ principal: visitor, reason: `visitor ${visitor.slice(0, 8)} asked` }),
          /reason must not contain the visitor's id/,
        );
      });

      it('recognises an erased receipt sent again, and keeps refusing another under its id', async () => {
        await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
        const again = await f.store.append(
          receipts[1]!,
          { origin: ORIGIN, receivedAt: new Date().toISOString() },
          f.key,
        );
        assert.ok(again.status == 'duplicate' && again.ack.seq == 2, JSON.stringify(again));
        const other = await f.store.append(
          { ...receipts[1]!, event: 'refused' },
          { origin: ORIGIN, receivedAt: new Date().toISOString() },
          f.key,
        );
        assert.equal(other.status, 'conflict');
        assert.equal(
          Number((await f.sql("SELECT COUNT(*) AS n FROM receipts WHERE body = ''"))[0]!.n),
          3,
          'nothing stored again',
        );
      });

      it('names a tombstone tampered with', async () => {
        await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
        await f.sql(`UPDATE receipts SET digest = $1 WHERE seq = 3`, ['f'.repeat(64)]);
        const result = await verifyChain(f.store);
        assert.ok(!result.ok && result.brokenSeq == 3 && /content no longer matches its hash/.test(result.reason));
      });

      it('names a row blanked by hand as a tombstone no erasure recorded', async () => {
        const [row] = await f.sql('SELECT body FROM receipts WHERE seq = 5');
        await f.sql(
          `UPDATE receipts SET body = '', principal = '', event = '', decided_at = '', revision = 0, digest = $1, erased_at = $2 WHERE seq = 5`,
          [bodyDigest(String(row!.body)), new Date().toISOString()],
        );
        const result = await verifyChain(f.store);
        assert.deepEqual(result, {
          ok: false,
          checked: 4,
          brokenSeq: 5,
          reason: 'it is marked erased, but no recorded erasure names it',
        });
      });

      it('erases rows chained before erasure existed (over their text), which verify by their signature', async () => {
        await asLinkText(f);
        assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 5, erased: 0, firstSeq: 1, lastSeq: 5 });
        await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
        assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 5, erased: 3, firstSeq: 1, lastSeq: 5 });
        // A link-1 tombstone's hash is vouched for by its signature alone: a changed one is caught.
        await f.sql(`UPDATE receipts SET hash = $1 WHERE seq = 3`, ['e'.repeat(64)]);
        const result = await verifyChain(f.store);
        assert.ok(!result.ok && result.brokenSeq == 3, JSON.stringify(result));
      });

      it('keeps the retention purge working through tombstones', async () => {
        await erase(f.store, erasureRequest({ principal: visitor, reason: REASON }), 'Ad Min');
        const done = await purgeOld(f.store, 7, new Date(Date.UTC(2026, 0, 10))); // cutoff 3 January: #1 and #2
        assert.equal(done?.toSeq, 2);
        assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 3, erased: 2, firstSeq: 3, lastSeq: 5 });
      });

      it('refuses a short id or no reason, naming the fix', () => {
        assert.throws(
          () => erasureRequest({ principal: visitor.slice(0, 8), reason: REASON }),
          /principal must be the visitor's full id .*: an erasure never matches a short id/,
        );
        assert.throws(() => erasureRequest({ principal: visitor, reason: '  ' }), /reason is required: say why/);
        assert.deepEqual(erasureRequest({ principal: ` ${visitor.toUpperCase()}\n`, reason: REASON }), {
          principal: visitor,
          reason: REASON,
        });
      });

      it('`temoin erase` erases with a reason and `temoin verify` still passes', async () => {
        const where = f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!];
        const missing = await run('node', [bin, 'erase', ...where, '--principal', visitor]).then(
          () => null,
          (e: unknown) => e as { code: number; stderr: string },
        );
        assert.notEqual(missing?.code, 0);
        assert.match(missing!.stderr, /required option '--reason <text>' not specified/);
        const erased = await run('node', [
          bin,
          'erase',
          ...where,
          '--principal',
          visitor.toUpperCase(),
          '--reason',
          REASON,
        ]);
        assert.match(erased.stdout, new RegExp(`erased 3 receipts of visitor ${visitor} \\(#2, #3, #4\\)`));
        const verified = await run('node', [bin, 'verify', ...where]);
        assert.match(verified.stdout, /chain intact: 5 receipts, #1 to #5 \(3 erased/);
        // The same erasure again (as the 503 of a scrub held up by a reader says to run it) succeeds.
        const again = await temoin(['erase', ...where, '--principal', visitor, '--reason', REASON]);
        assert.equal(again.code, 0, again.stderr);
        assert.match(
          again.stdout,
          /no receipt of visitor .* was left to erase: 3 erased on .* by cli:.*; the database's files were scrubbed again/,
        );
        // An export by the erased visitor's id says why it holds nothing.
        const exported = await temoin(['receipts', 'export', ...where, '--principal', visitor]);
        assert.equal(exported.code, 0, exported.stderr);
        assert.equal(exported.stdout, '');
        assert.match(
          exported.stderr,
          new RegExp(
            `^exported 0 receipts\\ntemoin: visitor ${visitor} was erased: an export leaves out their receipts' tombstones; \`temoin proof --principal ${visitor}\` says when, by whom and why\\n$`,
          ),
        );
        const other = await temoin(['receipts', 'export', ...where, '--principal', crypto.randomUUID()]);
        assert.equal(other.stderr, 'exported 0 receipts\n', 'no word of an erasure for a visitor never erased');
        const never = await temoin(['erase', ...where, '--principal', crypto.randomUUID(), '--reason', REASON]);
        assert.equal(never.code, 2);
        assert.match(never.stderr, /no receipt of visitor .* is stored: check the id/);
        const log = JSON.stringify(await f.store.accessLog({ limit: 10 }));
        assert.match(log, /"action":"temoin erase"/);
        assert.ok(log.includes(REASON) && !log.includes(visitor));
      });
    });

    describe(`erasure through the API on ${kind}`, { concurrency: false }, () => {
      it('lets an admin erase, answers 410 for an erased receipt, and refuses an analyst', async () => {
        const c = await collectorInProcess(kind);
        try {
          const visitor = crypto.randomUUID();
          const mine = receipt({ principal: visitor });
          assert.equal((await c.post(mine)).status, 201);
          const admin = (await createToken(c.store, 'Ad Min', 'admin')).token;
          const analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
          const ask = (token: string, body: unknown) =>
            c.request('/v1/erasures', {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
          assert.equal((await ask(analyst, { principal: visitor, reason: REASON })).status, 403);
          const bad = await ask(admin, { principal: visitor });
          assert.equal(bad.status, 400);
          assert.equal(((await bad.json()) as { code: string }).code, 'TEMOIN_ERR_INVALID_ERASURE');
          const done = await ask(admin, { principal: visitor, reason: REASON });
          assert.equal(done.status, 201);
          assert.deepEqual(((await done.json()) as { erased: number }).erased, 1);
          const gone = await c.get(`/v1/receipts/${mine.receiptId}`, analyst);
          assert.equal(gone.status, 410);
          assert.match(((await gone.json()) as { error: string }).error, /was erased on/);
          const again = await ask(admin, { principal: visitor, reason: REASON });
          assert.equal(again.status, 200, 'the same erasure again: done, nothing left');
          const repeated = (await again.json()) as { erased: number; earlier: { count: number }[]; message: string };
          assert.deepEqual([repeated.erased, repeated.earlier.map((e) => e.count)], [0, [1]]);
          assert.match(repeated.message, /was left to erase: 1 erased on .* by Ad Min/);
          assert.equal((await ask(admin, { principal: crypto.randomUUID(), reason: REASON })).status, 404);
          assert.equal(((await (await c.get('/v1/verify', analyst)).json()) as { erased: number }).erased, 1);
        } finally {
          await c.close();
        }
      });

      it("logs a read by an erased visitor's full id under its SHA-256, from the API and the CLI", async () => {
        const c = await collectorInProcess(kind);
        try {
          const visitor = crypto.randomUUID();
          const other = crypto.randomUUID();
          for (const principal of [visitor, other]) assert.equal((await c.post(receipt({ principal }))).status, 201);
          await erase(c.store, { principal: visitor, reason: REASON }, 'Ad Min');
          const analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
          const where = c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!];
          const exported = await temoin(['receipts', 'export', '--principal', visitor.toUpperCase(), ...where]);
          assert.equal(exported.code, 0, exported.stderr);
          const api = await c.get(`/v1/receipts?principal=${visitor}`, analyst);
          assert.equal(api.status, 200);
          assert.equal(await api.text(), '');
          // A visitor never erased is logged by their id, as before.
          assert.equal((await c.get(`/v1/receipts?principal=${other}`, analyst)).status, 200);
          await eventually(
            async () => (await c.store.accessLog({ limit: 10 })).length >= 3,
            "the exports' access-log entries",
          );
          const entries = (await c.store.accessLog({ limit: 10 })).filter((e) => e.action != 'temoin erase');
          assert.ok(!JSON.stringify(entries).includes(visitor), JSON.stringify(entries));
          const digest = `sha256:${bodyDigest(visitor)}`;
          assert.deepEqual(
            entries.filter((e) => e.filters.principal).map((e) => [e.action, e.filters.principal]),
            [
              ['GET /v1/receipts', other],
              ['GET /v1/receipts', digest],
              ['temoin receipts export', digest],
            ],
          );
        } finally {
          await c.close();
        }
      });

      it('`temoin receipts get` on an erased receipt says when and exits 1, locally and with --url, logging no row', async () => {
        const c = await collectorInProcess(kind);
        try {
          const visitor = crypto.randomUUID();
          const mine = receipt({ principal: visitor });
          assert.equal((await c.post(mine)).status, 201);
          const done = await erase(c.store, { principal: visitor, reason: REASON }, 'Ad Min');
          const analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
          const where = c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!];
          const url = await c.listen();
          const expected = `temoin: receipt ${mine.receiptId} was erased on ${done.at} (tombstone #${done.seqs[0]})`;
          for (const flags of [where, ['--url', url, '--token', analyst]]) {
            const ran = await temoin(['receipts', 'get', mine.receiptId, ...flags]);
            assert.equal(ran.code, 1, `${flags[0]}: ${ran.stderr}`);
            assert.equal(ran.stdout, '', 'no broken JSON');
            assert.ok(ran.stderr.startsWith(expected), `${flags[0]}: ${ran.stderr}`);
            const entry = (await c.store.accessLog({ limit: 1 }))[0]!;
            assert.deepEqual([entry.filters.receiptId, entry.rows], [mine.receiptId, 0]);
          }
        } finally {
          await c.close();
        }
      });
    });
  }
});
