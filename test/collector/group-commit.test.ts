// Group commit: receipts that arrive together are chained and written in one transaction, each
// answered only after it commits; repeats and conflicts inside a batch behave as across batches;
// a failed transaction fails every receipt of its batch and stores none; and collector processes
// on one database, each batching, extend one chain. Real SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { groupCommit } from '../../src/collector/group-commit.js';
import type { AppendResult, Incoming, ReceiptStore } from '../../src/collector/store/store.js';
import { verifyChain } from '../../src/collector/verify.js';
import type { Acknowledgement, Receipt } from '../../src/receipts/receipt.js';
import { collectorProcess } from './collector-process.js';
import { collectorInProcess, freshStore, KINDS, ORIGIN, receipt, type Fresh } from './support.js';

const run = promisify(execFile);
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;

const incoming = (r: Receipt): Incoming => ({
  receipt: r,
  meta: { origin: ORIGIN, receivedAt: new Date().toISOString() },
});
const POISONED = '00000000-0000-4000-8000-00000000dead';

/** A trigger that makes the database refuse a receipt of the POISONED visitor, as a full disk would any. */
const REFUSE = {
  sqlite: [
    `CREATE TRIGGER refuse BEFORE INSERT ON receipts WHEN NEW.principal = '${POISONED}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
  ],
  postgres: [
    `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.principal = '${POISONED}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`,
    'CREATE TRIGGER refuse BEFORE INSERT ON receipts FOR EACH ROW EXECUTE FUNCTION refuse()',
  ],
};

/** The real store, counting the receipts of each transaction it is given. */
function counting(store: ReceiptStore) {
  const batches: number[] = [];
  const counted: ReceiptStore = {
    ...store,
    appendBatch: (batch, key) => {
      batches.push(batch.length);
      return store.appendBatch(batch, key);
    },
  };
  return { counted, batches };
}

const created = (result: AppendResult): Acknowledgement => {
  assert.equal(result.status, 'created');
  return (result as { ack: Acknowledgement }).ack;
};

const rowCount = async (f: Fresh) => Number((await f.sql('SELECT COUNT(*) AS n FROM receipts'))[0]!.n);

for (const kind of KINDS) {
  describe(`group commit on ${kind}`, { timeout: 120_000 }, () => {
    let f: Fresh;
    before(async () => {
      f = await freshStore(kind);
    });
    after(() => f.drop());

    it('chains a crowd of receipts in few transactions, each answered once its batch is readable', async () => {
      const { counted, batches } = counting(f.store);
      const commits = groupCommit(counted, f.key, { maxBatch: 64, maxWaitMs: 5 });
      const receipts = Array.from({ length: 300 }, () => receipt());
      const readableWhenAnswered: Promise<number>[] = [];
      const results = await Promise.all(
        receipts.map(async (r, i) => {
          const result = await commits.append(incoming(r));
          // Another connection sees it as soon as it is answered: it was committed first.
          if (i % 25 == 0)
            readableWhenAnswered.push(
              f
                .sql(`SELECT COUNT(*) AS n FROM receipts WHERE receipt_id = '${r.receiptId}'`)
                .then((x) => Number(x[0]!.n)),
            );
          return result;
        }),
      );
      assert.deepEqual(await Promise.all(readableWhenAnswered), Array(12).fill(1));
      assert.deepEqual(
        results.map((result) => created(result).seq),
        receipts.map((_, i) => i + 1),
      );
      assert.ok(Math.max(...batches) <= 64, `batches ${batches.join(' ')}`);
      assert.ok(batches.length <= 20, `300 receipts in ${String(batches.length)} transactions`);
      assert.equal((await verifyChain(f.store)).ok, true);
    });

    it('answers a receipt given twice in one batch once, and refuses another under the same id', async () => {
      const commits = groupCommit(f.store, f.key, { maxBatch: 10, maxWaitMs: 5 });
      const stored = receipt();
      const first = created(await commits.append(incoming(stored)));
      const twice = receipt();
      const changed = { ...twice, language: 'en' };
      const other = receipt();
      const [a, b, c, d, e] = await Promise.all(
        [twice, twice, changed, other, stored].map((r) => commits.append(incoming(r))),
      );
      const ack = created(a!);
      assert.deepEqual(b, { status: 'duplicate', ack: { ...ack } });
      assert.deepEqual(c, { status: 'conflict' });
      assert.equal(created(d!).seq, ack.seq + 1);
      assert.deepEqual(e, { status: 'duplicate', ack: first });
      const rows = await f.sql(
        `SELECT receipt_id FROM receipts WHERE receipt_id IN ('${twice.receiptId}', '${other.receiptId}')`,
      );
      assert.equal(rows.length, 2);
      assert.equal((await verifyChain(f.store)).ok, true);
    });

    it('fails every receipt of a failed transaction, stores none, and stores them on retry', async () => {
      const commits = groupCommit(f.store, f.key, { maxBatch: 10, maxWaitMs: 5 });
      const head = await f.store.head();
      const before = await rowCount(f);
      for (const statement of REFUSE[kind]) await f.sql(statement);
      const good = [receipt(), receipt(), receipt()];
      const answers = await Promise.allSettled(
        [...good, receipt({ principal: POISONED })].map((r) => commits.append(incoming(r))),
      );
      assert.deepEqual(
        answers.map((answer) => answer.status),
        ['rejected', 'rejected', 'rejected', 'rejected'],
      );
      assert.equal(await rowCount(f), before);
      assert.deepEqual(await f.store.head(), head);
      await f.sql('DROP TRIGGER refuse' + (kind == 'postgres' ? ' ON receipts' : ''));
      const retried = await Promise.all(good.map((r) => commits.append(incoming(r))));
      assert.deepEqual(
        retried.map((result) => created(result).seq),
        [1, 2, 3].map((n) => head!.seq + n),
      );
      assert.equal((await verifyChain(f.store)).ok, true);
    });
  });

  describe(`a failed batch over HTTP on ${kind}`, () => {
    it('answers 500 to each of its receipts, so each browser retries, and 201 on the retry', async () => {
      const c = await collectorInProcess(kind, { batch: { maxBatch: 10, maxWaitMs: 20 } });
      try {
        for (const statement of REFUSE[kind]) await c.sql(statement);
        const good = [receipt(), receipt()];
        const post = (r: Receipt) => c.post(r);
        const answers = await Promise.all([...good, receipt({ principal: POISONED })].map(post));
        assert.deepEqual(
          answers.map((answer) => answer.status),
          [500, 500, 500],
        );
        assert.equal(await rowCount(c), 0);
        const retried = await Promise.all(good.map(post));
        assert.deepEqual(
          retried.map((answer) => answer.status),
          [201, 201],
        );
      } finally {
        await c.close();
      }
    });
  });

  describe(`three collector processes on one ${kind} database`, { timeout: 120_000 }, () => {
    let f: Fresh;
    const collectors: ReturnType<typeof collectorProcess>[] = [];
    before(async () => {
      f = await freshStore(kind);
      const where = f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!];
      // One plain collector, and one with two workers: three processes taking turns on the chain.
      collectors.push(collectorProcess(where, f.keyFile));
      collectors.push(collectorProcess(where, f.keyFile, ['--workers', '2']));
      for (const c of collectors) await c.start();
    });
    after(async () => {
      for (const c of collectors) await c.stop();
      await f.drop();
    });

    it('extend one gap-free chain under load, and it verifies', async () => {
      const receipts = Array.from({ length: 600 }, () => receipt());
      const acks: Acknowledgement[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 24 }, async (_, lane) => {
          const url = collectors[lane % 2]!.url;
          while (next < receipts.length) {
            const response = await fetch(`${url}/v1/receipts`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', origin: ORIGIN },
              body: JSON.stringify(receipts[next++]),
            });
            assert.equal(response.status, 201, await response.clone().text());
            acks.push((await response.json()) as Acknowledgement);
          }
        }),
      );
      const seqs = acks.map((ack) => ack.seq).sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        receipts.map((_, i) => i + 1),
      );
      const rows = await f.sql('SELECT seq, hash FROM receipts ORDER BY seq');
      assert.deepEqual(
        rows.map((row) => Number(row.seq)),
        seqs,
      );
      const byHash = new Map(acks.map((ack) => [ack.hash, ack.seq]));
      for (const row of rows) assert.equal(byHash.get(row.hash as string), Number(row.seq));
      const verified = await verifyChain(f.store);
      assert.deepEqual([verified.ok, verified.checked], [true, 600]);
    });
  });
}

describe('temoin collector --workers on a port already taken', () => {
  it('says so once and exits 78 (EX_CONFIG), before any worker starts', { timeout: 30_000 }, async () => {
    const f = await freshStore('sqlite');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as { port: number }).port);
    try {
      const result = await run(process.execPath, [
        bin,
        'collector',
        '--db',
        f.location.db!,
        '--key',
        f.keyFile,
        '--origin',
        ORIGIN,
        '--port',
        port,
        '--workers',
        '2',
      ]).then(
        () => ({ code: 0, stderr: '' }),
        (e: unknown) => e as { code: number; stderr: string },
      );
      assert.equal(result.code, 78, result.stderr);
      assert.match(
        result.stderr,
        /127\.0\.0\.1:\d+ is in use by another program: stop it, or choose another port with --port/,
      );
      // Its first process tries the port before it starts any worker (or opens the database).
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    } finally {
      taken.close();
      await f.drop();
    }
  });
});
