// SQLite durability off the event loop: in WAL mode the store commits with synchronous = NORMAL
// and reports a write done only once it has synced the WAL file itself (store/wal-sync.ts); a
// file in another journal mode keeps SQLite's own sync (FULL). Real SQLite files.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { loadOrCreateKey, type SigningKey } from '../../src/collector/keys.js';
import { openSqlite } from '../../src/collector/store/sqlite.js';
import type { WalSync } from '../../src/collector/store/wal-sync.js';
import { ORIGIN, receipt } from './support.js';

/** A WAL sync held until `release()`: counts the syncs asked for and those done. */
function heldSync() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const counts = { asked: 0, done: 0 };
  const wrap =
    (real: WalSync): WalSync =>
    async () => {
      counts.asked++;
      await held;
      await real();
      counts.done++;
    };
  return { wrap, release, counts };
}

/** Whether a promise has settled within `ms`. */
const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    sleep(ms).then(() => false),
  ]);

describe('SQLite durability', () => {
  let dir: string;
  let key: SigningKey;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-durability-'));
    key = await loadOrCreateKey(join(dir, 'key.pem'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('answers an append only once the WAL is synced, and reads meanwhile', async () => {
    const file = join(dir, 'wal.db');
    const setup = openSqlite(file);
    await setup.migrate();
    await setup.saveKey(key);
    await setup.close();

    const held = heldSync();
    const store = openSqlite(file, { sync: held.wrap });
    try {
      const appended = store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, key);
      assert.equal(await settledWithin(appended, 300), false, 'not answered while the sync is held');
      assert.equal(held.counts.asked, 1);
      assert.equal((await store.keys()).length, 1, 'a read is answered while the sync is held');
      const logged = store.logAccess({
        at: new Date().toISOString(),
        actor: 'Ana',
        tokenId: null,
        action: 'GET /v1/receipts',
        filters: {},
        rows: 1,
      });
      assert.equal(
        await settledWithin(logged, 100),
        false,
        'an access-log entry (INSERT … RETURNING) waits for its sync too',
      );
      held.release();
      assert.ok((await logged).id > 0);
      assert.equal((await appended).status, 'created');
      assert.equal(held.counts.done, 2, 'the WAL file itself was synced, once for each write');
      const reader = new Database(file, { readonly: true });
      assert.equal(reader.pragma('journal_mode', { simple: true }), 'wal');
      reader.close();
    } finally {
      held.release();
      await store.close();
    }
  });

  it('leaves the sync to SQLite on a file in another journal mode', async () => {
    const file = join(dir, 'rollback.db');
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const held = heldSync();
    held.release();
    const store = openSqlite(file, { create: false, sync: held.wrap });
    try {
      await store.migrate();
      await store.saveKey(key);
      const appended = await store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, key);
      assert.equal(appended.status, 'created');
      assert.equal(held.counts.asked, 0, 'no WAL to sync: SQLite syncs each commit (synchronous = FULL)');
    } finally {
      await store.close();
    }
  });
});
