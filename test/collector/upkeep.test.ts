// The collector's own purge runs beside its work: `temoin collector` listens before a big first
// purge has ended, and a stop ends that purge after its step under way, recorded, the next purge
// going on from there. The real collector process on SQLite.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PURGE_STEP } from '../../src/collector/store/chain-sql.js';
import { collectorProcess } from './collector-process.js';
import { eventually, freshStore, seedReceipts, type Fresh } from './support.js';

// Enough that purging them takes seconds (about 40,000 a second here), where listening takes
// under one.
const OLD = 120_000;

describe('the collector purges beside its work', () => {
  let f: Fresh;
  before(async () => {
    f = await freshStore('sqlite');
    await seedReceipts(f, 'sqlite', OLD);
  });
  after(() => f.drop());

  const remaining = async () => Number((await f.sql('SELECT COUNT(*) AS n FROM receipts'))[0]!.n);

  it('listens before its first purge ends, and a stop ends the purge after a whole step', async () => {
    const collector = collectorProcess(['--db', f.location.db!], f.keyFile, [
      '--retention-days',
      '1',
      '--log-level',
      'info',
    ]);
    try {
      await collector.start();
      assert.ok((await remaining()) > 0, 'answering /health while old receipts are still there');
      await eventually(async () => !!(await f.store.checkpoint()), 'a first step of the purge');
    } finally {
      await collector.stop();
    }
    assert.match(collector.output(), /"purged \d+ receipts received before .*; stopped there, the next purge goes on"/);
    const [checkpoint, ...others] = await f.store.checkpoints();
    assert.equal(others.length, 0, 'one checkpoint');
    assert.ok(
      checkpoint!.count % PURGE_STEP == 0 && checkpoint!.count < OLD,
      `whole steps, not all: ${checkpoint!.count}`,
    );
    assert.equal(await remaining(), OLD - checkpoint!.count, 'what the checkpoint says was removed');
    assert.deepEqual(await f.store.head(), { seq: OLD, hash: '1'.repeat(64) }, 'the chain head untouched');
  });
});
