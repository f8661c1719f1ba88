// Tampering with stored receipts is caught by `verify`, which names the first broken sequence
// number; a purge leaves the remaining chain verifiable; a batch signed on the thread pool gets
// the signatures one at a time would give. Real SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { verifySignature } from '../../src/collector/keys.js';
import { purgeOld } from '../../src/collector/retention.js';
import { PURGE_STEP } from '../../src/collector/store/chain-sql.js';
import type { DailyCount } from '../../src/collector/stats-counts.js';
import { verifyChain } from '../../src/collector/verify.js';
import { freshStore, KINDS, ORIGIN, receipt, type Fresh } from './support.js';

const run = promisify(execFile);

/** Counts summed per counter, those at zero left out. */
const byCounter = (rows: DailyCount[]) => {
  const sums: Record<string, number> = {};
  for (const { counter, n } of rows) sums[counter] = (sums[counter] ?? 0) + n;
  return Object.fromEntries(Object.entries(sums).filter(([, n]) => n));
};
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;

describe('signing a batch', () => {
  it('signs on the thread pool exactly as one at a time, each signature verifying', async () => {
    const f = await freshStore('sqlite');
    try {
      const acks = Array.from({ length: 40 }, (_, i) => ({
        receiptId: randomUUID(),
        seq: i + 1,
        hash: createHash('sha256').update(String(i)).digest('hex'),
        receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        digest: createHash('sha256').update(`d${i}`).digest('hex'),
      }));
      const signatures = await f.key.signAll(acks);
      // Ed25519 signatures are deterministic: the same key and message give the same signature.
      assert.deepEqual(
        signatures,
        acks.map((ack) => f.key.sign(ack)),
      );
      const keys = await f.store.keys();
      assert.ok(acks.every((ack, i) => verifySignature({ ...ack, signature: signatures[i]!, prevHash: '' }, keys)));
      assert.ok(!verifySignature({ ...acks[0]!, signature: signatures[1]!, prevHash: '' }, keys), "not another's");
      assert.deepEqual(await f.key.signAll([]), []);
    } finally {
      await f.drop();
    }
  });
});

for (const kind of KINDS) {
  describe(`chain on ${kind}`, () => {
    let f: Fresh;
    beforeEach(async () => {
      f = await freshStore(kind);
      for (let i = 0; i < 5; i++) {
        await f.store.append(
          receipt(),
          { origin: ORIGIN, receivedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() },
          f.key,
        );
      }
    });
    afterEach(() => f.drop());

    const expectBroken = async (seq: number, reason: RegExp) => {
      const result = await verifyChain(f.store);
      assert.equal(result.ok, false, 'verify notices');
      assert.ok(!result.ok);
      assert.equal(result.brokenSeq, seq);
      assert.match(result.reason, reason);
    };

    it('verifies an intact chain', async () => {
      assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 5, erased: 0, firstSeq: 1, lastSeq: 5 });
    });

    it('names a changed receipt', async () => {
      await f.sql(`UPDATE receipts SET body = replace(body, '"given"', '"refused"') WHERE seq = 3`);
      await expectBroken(3, /content no longer matches/);
    });

    it('names a changed query column', async () => {
      await f.sql(`UPDATE receipts SET event = 'refused' WHERE seq = 2`);
      await expectBroken(2, /event column differs/);
    });

    it('names a deleted receipt', async () => {
      await f.sql('DELETE FROM receipts WHERE seq = 2');
      await expectBroken(2, /receipt 2 is missing/);
    });

    it('names receipts deleted from the end', async () => {
      await f.sql('DELETE FROM receipts WHERE seq >= 4');
      await expectBroken(4, /receipts 4 to 5 are missing/);
    });

    it('names reordered receipts', async () => {
      // Swap the contents of rows 2 and 3, keeping their sequence numbers.
      await f.sql('UPDATE receipts SET seq = -2 WHERE seq = 2');
      await f.sql('UPDATE receipts SET seq = 2 WHERE seq = 3');
      await f.sql('UPDATE receipts SET seq = 3 WHERE seq = -2');
      await expectBroken(2, /previous hash does not match/);
    });

    it('names a receipt rehashed without the signing key', async () => {
      // Someone who recomputes the chain after a change still cannot sign it.
      const { bodyDigest, chainHash } = await import('../../src/collector/chain.js');
      const rows = await f.sql('SELECT seq, body, prev_hash FROM receipts ORDER BY seq');
      let prev = String(rows[3]!.prev_hash);
      for (const row of rows.slice(3)) {
        const body = String(row.body).replace('"given"', '"refused"');
        const digest = bodyDigest(body);
        const hash = chainHash(prev, digest);
        await f.sql(
          `UPDATE receipts SET body = $1, digest = $2, hash = $3, prev_hash = $4, event = 'refused' WHERE seq = $5`,
          [body, digest, hash, prev, row.seq],
        );
        prev = hash;
      }
      await f.sql('UPDATE chain_head SET hash = $1', [prev]);
      await expectBroken(4, /signature does not verify/);
    });

    it('purges old receipts and leaves the rest verifiable from a checkpoint', async () => {
      const now = new Date(Date.UTC(2026, 0, 10));
      const done = await purgeOld(f.store, 7, now); // cutoff: 3 January, so receipts 1 and 2 go
      assert.deepEqual(done && { fromSeq: done.fromSeq, toSeq: done.toSeq, count: done.count }, {
        fromSeq: 1,
        toSeq: 2,
        count: 2,
      });
      assert.deepEqual(await f.store.checkpoints(), [done]);
      assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 3, erased: 0, firstSeq: 3, lastSeq: 5 });
      await f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
      assert.deepEqual(await verifyChain(f.store), { ok: true, checked: 4, erased: 0, firstSeq: 3, lastSeq: 6 });
      assert.equal(await purgeOld(f.store, 7, now), null, 'nothing more to purge');
      // A row deleted right after the checkpoint is still caught.
      await f.sql('DELETE FROM receipts WHERE seq = 3');
      await (async () => {
        const result = await verifyChain(f.store);
        assert.ok(!result.ok && result.brokenSeq == 3);
      })();
    });

    it('purges a long prefix a step at a time: appends go on between steps, one checkpoint grows, a stop is clean', async () => {
      // 8.5 steps of old receipts after the 5 of beforeEach, received on 6 January.
      const old = Math.round(PURGE_STEP * 8.5);
      for (let i = 0; i < old; i += 500)
        await f.store.appendBatch(
          Array.from({ length: Math.min(500, old - i) }, () => ({
            receipt: receipt(),
            meta: { origin: ORIGIN, receivedAt: '2026-01-06T00:00:00.000Z' },
          })),
          f.key,
        );
      const now = new Date(Date.UTC(2026, 0, 17)); // cutoff 10 January: all but what comes next
      const newer = () => f.store.append(receipt(), { origin: ORIGIN, receivedAt: now.toISOString() }, f.key);
      const purge = { done: false };
      const purging = purgeOld(f.store, 7, now).then((done) => ((purge.done = true), done));
      // A reader sees the purge part-way: each step commits on its own (one transaction would
      // show nothing, then everything).
      let seen: Awaited<ReturnType<typeof f.store.checkpoint>>;
      while (!(seen = await f.store.checkpoint()) && !purge.done)
        await new Promise((resolve) => setTimeout(resolve, 1));
      assert.ok(seen, 'a checkpoint once a step has committed');
      assert.ok(seen.count < old + 5, `part-way: ${seen.count}`);
      // Asked for now, between two steps: stored before the purge's last step.
      const stored = await newer();
      assert.equal(purge.done, false, 'the append waited for one step, not for the whole purge');
      assert.ok(stored.status == 'created');
      const done = await purging;
      assert.deepEqual(done && { fromSeq: done.fromSeq, toSeq: done.toSeq, count: done.count }, {
        fromSeq: 1,
        toSeq: old + 5,
        count: old + 5,
      });
      assert.deepEqual(await f.store.checkpoints(), [done], 'one checkpoint for the purge, extended by each step');
      assert.deepEqual(await verifyChain(f.store), {
        ok: true,
        checked: 1,
        erased: 0,
        firstSeq: stored.ack.seq,
        lastSeq: stored.ack.seq,
      });
      assert.deepEqual(
        byCounter(await f.store.dailyCounts({})),
        byCounter(await f.store.decidedCounts({})),
        'the counts kept are what the receipts left give',
      );

      // Stopped between steps: what it removed is recorded, the chain verifies, the next purge goes on.
      for (let i = 0; i < PURGE_STEP * 2; i += 500)
        await f.store.appendBatch(
          Array.from({ length: 500 }, () => ({
            receipt: receipt(),
            meta: { origin: ORIGIN, receivedAt: now.toISOString() },
          })),
          f.key,
        );
      const later = new Date(Date.UTC(2026, 1, 17));
      const stop = new AbortController();
      const cut = purgeOld(f.store, 7, later, stop.signal);
      await newer(); // stored between two steps, as above: then the purge is told to stop
      stop.abort();
      const first = (await cut)!;
      const total = PURGE_STEP * 2 + 1;
      assert.ok(first.count % PURGE_STEP == 0 && first.count < total, `whole steps, not all: ${first.count}`);
      assert.ok((await verifyChain(f.store)).ok);
      const rest = await purgeOld(f.store, 7, later);
      assert.equal(
        rest?.count,
        total + 1 - first.count,
        'the rest, with the receipt stored meanwhile (old by then too)',
      );
      assert.equal((await f.store.checkpoints()).length, 3, 'a purge after a stop records its own checkpoint');
      assert.ok((await verifyChain(f.store)).ok);
    });

    it('verifies during a purge: receipts a step removed after the walk began are no break', async () => {
      for (let i = 0; i < 2500; i += 500)
        await f.store.appendBatch(
          Array.from({ length: 500 }, () => ({
            receipt: receipt(),
            meta: { origin: ORIGIN, receivedAt: '2026-01-06T00:00:00.000Z' },
          })),
          f.key,
        );
      const now = new Date(Date.UTC(2026, 0, 17));
      await f.store.append(receipt(), { origin: ORIGIN, receivedAt: now.toISOString() }, f.key);
      // The walk reads its first page of rows, then the purge removes them and the next ones.
      const racing: typeof f.store = {
        ...f.store,
        async *rows(afterSeq) {
          let purged = false;
          for await (const row of f.store.rows(afterSeq)) {
            if (!purged) await purgeOld(f.store, 7, now);
            purged = true;
            yield row;
          }
        },
      };
      assert.deepEqual(await verifyChain(racing), { ok: true, checked: 1, erased: 0, firstSeq: 2506, lastSeq: 2506 });
      // A row removed by hand is still a break: no checkpoint covers it.
      await f.sql('DELETE FROM receipts WHERE seq = 2506');
      await f.store.append(receipt(), { origin: ORIGIN, receivedAt: now.toISOString() }, f.key);
      const broken = await verifyChain(f.store);
      assert.ok(!broken.ok && broken.brokenSeq == 2506, JSON.stringify(broken));
    });

    it('verifies a live chain: receipts appended while it walks are no break', async () => {
      await f.store.appendBatch(
        Array.from({ length: 2500 }, () => ({
          receipt: receipt(),
          meta: { origin: ORIGIN, receivedAt: '2026-01-06T00:00:00.000Z' },
        })),
        f.key,
      );
      // More than a page of rows: the walk's later pages hold what was appended after it began.
      const appended = () => f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
      const racing: typeof f.store = {
        ...f.store,
        async *rows(afterSeq) {
          let first = true;
          for await (const row of f.store.rows(afterSeq)) {
            if (first) await appended();
            first = false;
            yield row;
          }
        },
      };
      const result = await verifyChain(racing);
      assert.ok(result.ok && result.checked >= 2506, JSON.stringify(result));
    });

    it('`temoin verify` exits 1 and names the broken sequence number', async () => {
      const args = [
        bin,
        'verify',
        ...(f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!]),
      ];
      const ok = await run('node', args);
      assert.match(ok.stdout, /chain intact: 5 receipts, #1 to #5/);
      await f.sql(`UPDATE receipts SET body = replace(body, 'Matomo', 'Matomo2') WHERE seq = 4`);
      const failed = await run('node', args).then(
        () => null,
        (e: unknown) => e as { code: number; stdout: string },
      );
      assert.equal(failed?.code, 1);
      assert.match(failed.stdout, /chain broken at #4: its content no longer matches its digest/);
    });
  });
}
