// An acknowledgement is a promise: a receipt answered 201 (or 200) is committed and survives the
// collector dying at any moment. The real `temoin collector` process is killed with SIGKILL at
// least three times while receipts are posted 8 at a time, restarted on the same database and
// key, and every failed post is retried: no acknowledged receipt may be missing, none may be
// stored twice, a repost answers the first acknowledgement, and the chain still verifies. Real
// SQLite and PostgreSQL, with group commit on (the default); with --workers 2 on PostgreSQL, the
// primary and its workers die together.
//
// Replay a failure's kill schedule with the seed its message prints: TEMOIN_KILL_SEED=<seed>.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { StoredRow } from '../../src/collector/store/store.js';
import { verifyChain } from '../../src/collector/verify.js';
import type { Acknowledgement, Receipt } from '../../src/receipts/receipt.js';
import { collectorProcess } from './collector-process.js';
import { seeded } from './seeded.js';
import { freshStore, ORIGIN, receipt, type Fresh } from './support.js';

const run = promisify(execFile);
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;
/** Receipts posted per store; each is posted until acknowledged. */
const TOTAL = Number(process.env.TEMOIN_KILL_RECEIPTS ?? 600);
const CONCURRENCY = 8;
const KILLS = 4;
/** Attempts per receipt before the test gives up on it (a collector that never comes back). */
const ATTEMPTS = 200;

interface Ack {
  status: number;
  ack: Acknowledgement;
  /** Whether it answered a repost made on purpose after a restart. */
  repost: boolean;
}

const ACK_KEYS = ['digest', 'hash', 'prevHash', 'receiptId', 'receivedAt', 'seq', 'signature'];

const CASES = [
  { kind: 'sqlite', workers: 1 },
  { kind: 'postgres', workers: 1 },
  { kind: 'postgres', workers: 2 },
] as const;

for (const { kind, workers } of CASES) {
  const label = workers > 1 ? `${kind} with --workers ${String(workers)}` : kind;
  describe(`the collector killed with SIGKILL on ${label}`, { timeout: 240_000 }, () => {
    const rng = seeded('TEMOIN_KILL_SEED');
    const replay = `replay with TEMOIN_KILL_SEED=${String(rng.seed)}`;
    const receipts: Receipt[] = Array.from({ length: TOTAL }, () =>
      receipt({ receiptId: rng.uuid(), principal: rng.uuid() }),
    );
    // Kill when this many receipts are acknowledged, a few milliseconds later: posts are then in flight.
    const points = new Set<number>();
    while (points.size < KILLS) points.add(rng.int(Math.floor(TOTAL * 0.1), Math.floor(TOTAL * 0.9)));
    const killAt = [...points].sort((a, b) => a - b);
    const acks = new Map<string, Ack[]>();
    const kills: { afterAcks: number; inFlight: number; restartMs: number }[] = [];
    const serverErrors: string[] = [];
    const unexpected: string[] = [];
    let connectionErrors = 0;
    let f: Fresh;
    let collector: ReturnType<typeof collectorProcess> | undefined;
    /** What `after` undoes, newest first: only what `before` got as far as making. */
    const cleanup: (() => Promise<unknown>)[] = [];
    const rows: StoredRow[] = [];

    before(async () => {
      const started = performance.now();
      console.log(
        `kill on ${label}: seed ${String(rng.seed)} (${replay}), ${TOTAL} receipts, kills after ${killAt.join(', ')} acknowledgements`,
      );
      f = await freshStore(kind);
      // The database goes only once no collector process holds it.
      cleanup.unshift(() => f.drop());
      const where = f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!];
      const c = collectorProcess(where, f.keyFile, ['--workers', String(workers)]);
      collector = c;
      cleanup.unshift(() => c.kill());
      await c.start();

      // Workers wait on `ready` before each attempt; a restart replaces it until the collector answers again.
      let ready: Promise<unknown> = Promise.resolve();
      let inFlight = 0;
      let acknowledged = 0;
      let killer: Promise<void> = Promise.resolve();

      const post = async (r: Receipt) => {
        const response = await fetch(`${c.url}/v1/receipts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: JSON.stringify(r),
          signal: AbortSignal.timeout(15_000),
        });
        return { status: response.status, text: await response.text() };
      };

      const record = (r: Receipt, status: number, text: string, repost: boolean) => {
        const ack = JSON.parse(text) as Acknowledgement;
        if (Object.keys(ack).sort().join() != ACK_KEYS.join() || ack.receiptId != r.receiptId) {
          unexpected.push(`${r.receiptId}: ${String(status)} with an acknowledgement that is not one: ${text}`);
        }
        acks.set(r.receiptId, [...(acks.get(r.receiptId) ?? []), { status, ack, repost }]);
      };

      const killAndRestart = async (afterAcks: number) => {
        await sleep(rng.int(0, 15));
        let restarted!: () => void;
        ready = new Promise<void>((resolve) => (restarted = resolve));
        try {
          const during = inFlight;
          await c.kill();
          const restartMs = await c.start();
          kills.push({ afterAcks, inFlight: during, restartMs: Math.round(restartMs) });
          // A receipt acknowledged before the kill, posted again: the same acknowledgement, answered 200.
          const done = [...acks.keys()];
          for (let i = 0; i < 4 && done.length; i++) {
            const id = rng.pick(done);
            const r = receipts.find((x) => x.receiptId == id)!;
            const { status, text } = await post(r);
            if (status == 200) record(r, status, text, true);
            else unexpected.push(`a repost of ${r.receiptId} after a restart answered ${String(status)}: ${text}`);
          }
        } finally {
          // Even a failed restart lets the workers go on, to fail their attempts and end.
          restarted();
        }
      };

      const deliver = async (r: Receipt) => {
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          await ready;
          inFlight++;
          let answer: { status: number; text: string } | null = null;
          try {
            answer = await post(r);
          } catch {
            connectionErrors++;
          } finally {
            inFlight--;
          }
          if (answer && (answer.status == 201 || answer.status == 200)) {
            record(r, answer.status, answer.text, false);
            acknowledged++;
            const count = acknowledged;
            if (killAt.includes(count)) {
              killer = killer
                .then(() => killAndRestart(count))
                .catch(
                  (e: unknown) =>
                    void unexpected.push(
                      `the kill after ${String(count)} acknowledgements failed: ${(e as Error).message}`,
                    ),
                );
            }
            return;
          }
          if (answer && answer.status < 500) {
            unexpected.push(`${r.receiptId}: ${String(answer.status)} ${answer.text}`);
            return;
          }
          if (answer) serverErrors.push(`${r.receiptId}: ${String(answer.status)} ${answer.text}`);
          await sleep(10);
        }
        unexpected.push(`${r.receiptId}: not acknowledged after ${String(ATTEMPTS)} attempts`);
      };

      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < receipts.length) await deliver(receipts[next++]!);
        }),
      );
      await killer;
      await c.stop();
      for await (const row of f.store.rows()) rows.push(row);
      console.log(
        `kill on ${label}: ${String(TOTAL)} receipts in ${String(Math.round(performance.now() - started))} ms, ` +
          `${String(kills.length)} kills (${kills.map((k) => `after ${String(k.afterAcks)} acks with ${String(k.inFlight)} in flight, back in ${String(k.restartMs)} ms`).join('; ')}), ` +
          `${String(connectionErrors)} connection errors, ${String(serverErrors.length)} answers ≥ 500`,
      );
    });
    after(async () => {
      // Whatever happened, no collector is left running and the database goes.
      for (const undo of cleanup) await undo();
    });

    it('killed the collector at least 3 times while posts were in flight', () => {
      assert.ok(kills.length >= 3, `${String(kills.length)} kills (${replay})\n${collector?.output() ?? ''}`);
      assert.ok(
        kills.filter((k) => k.inFlight > 0).length >= 3,
        `kills with posts in flight: ${JSON.stringify(kills)} (${replay})`,
      );
    });

    it('acknowledged every receipt, with nothing but 200, 201 and retried failures', () => {
      const missing = receipts.filter((r) => !acks.has(r.receiptId)).length;
      const problems = [...unexpected, ...(missing ? [`${String(missing)} receipts never acknowledged`] : [])];
      assert.ok(
        !problems.length,
        `${String(problems.length)} problems (${replay}):\n  - ${problems.slice(0, 10).join('\n  - ')}\n${collector?.output() ?? ''}`,
      );
    });

    it('stores every acknowledged receipt once, with the sequence number and hash it was acknowledged with', () => {
      const stored = new Map(rows.map((row) => [row.receiptId, row]));
      const problems: string[] = [];
      for (const [id, list] of acks) {
        const row = stored.get(id);
        if (!row) problems.push(`${id}: acknowledged as #${String(list[0]!.ack.seq)} but not stored`);
        else if (
          row.seq != list[0]!.ack.seq ||
          row.hash != list[0]!.ack.hash ||
          row.signature != list[0]!.ack.signature
        ) {
          problems.push(
            `${id}: acknowledged as #${String(list[0]!.ack.seq)}, stored as #${String(row.seq)}${row.hash == list[0]!.ack.hash ? '' : ' with another hash'}`,
          );
        }
      }
      const ids = rows.map((r) => r.receiptId);
      problems.push(...ids.filter((id, i) => ids.indexOf(id) != i).map((id) => `${id}: stored twice`));
      if (rows.length != TOTAL)
        problems.push(`${String(rows.length)} rows stored for ${String(TOTAL)} distinct receipts`);
      assert.ok(
        !problems.length,
        `${String(problems.length)} problems (${replay}):\n  - ${problems.slice(0, 10).join('\n  - ')}`,
      );
    });

    it('answers every repost with the first acknowledgement, and 201 only once per receipt', () => {
      const problems: string[] = [];
      let reposts = 0;
      for (const [id, list] of acks) {
        reposts += list.filter((a) => a.repost).length;
        // Compared field by field: the key order of a 200 and a 201 may differ, and nobody reads it.
        const same = (a: Acknowledgement, b: Acknowledgement) =>
          ACK_KEYS.every((k) => a[k as keyof Acknowledgement] === b[k as keyof Acknowledgement]);
        if (list.some((a) => !same(a.ack, list[0]!.ack)))
          problems.push(
            `${id}: acknowledgements differ: ${list.map((a) => `${String(a.status)} ${JSON.stringify(a.ack)}`).join(' / ')}`,
          );
        if (list.filter((a) => a.status == 201).length > 1)
          problems.push(`${id}: answered 201 ${String(list.filter((a) => a.status == 201).length)} times`);
      }
      assert.ok(reposts >= 3 * 4 || kills.length < 3, `only ${String(reposts)} reposts after restarts`);
      assert.ok(
        !problems.length,
        `${String(problems.length)} problems (${replay}):\n  - ${problems.slice(0, 10).join('\n  - ')}`,
      );
    });

    it('keeps a chain that verifies, in process and with `temoin verify`', async () => {
      const result = await verifyChain(f.store);
      assert.ok(result.ok, `verify: ${JSON.stringify(result)} (${replay})`);
      assert.equal(result.checked, rows.length);
      const where = f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!];
      const cli = await run('node', [bin, 'verify', ...where]).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: unknown) => e as { code: number; stdout: string },
      );
      assert.equal(cli.code, 0, `temoin verify: ${cli.stdout} (${replay})`);
      assert.match(cli.stdout, new RegExp(`chain intact: ${String(rows.length)} receipts`));
    });
  });
}
