// `temoin migrate-to-postgres`, real SQLite to real PostgreSQL: a chain with a purge checkpoint,
// an erasure, a config, a token and access-log entries is copied whole, the copy verifies, the
// id sequences go on after the copied ids, and a database that is not empty is refused.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { createToken } from '../../src/collector/access.js';
import { openPostgres } from '../../src/collector/store/postgres.js';
import { temoin } from './cli-run.js';
import { ADMIN_URL, freshStore, ORIGIN, receipt, type Fresh } from './support.js';

const prefix = process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_';
const admin = async (text: string) => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
};

describe('temoin migrate-to-postgres', { timeout: 120_000 }, () => {
  let source: Fresh;
  const name = `${prefix}moved_${randomUUID().slice(0, 8)}`;
  const url = Object.assign(new URL(ADMIN_URL), { pathname: '/' + name }).href;
  after(async () => {
    await source.drop();
    await admin(`DROP DATABASE IF EXISTS ${name}`);
  });

  it('copies everything, sets the sequences, verifies the copy, and refuses a database that is not empty', async () => {
    source = await freshStore('sqlite');
    const { store, key } = source;
    const visitor = randomUUID();
    for (let i = 0; i < 1203; i++)
      await store.append(
        receipt({ principal: i % 100 == 7 ? visitor : randomUUID() }),
        { origin: ORIGIN, receivedAt: i < 600 ? '2020-01-01T00:00:00.000Z' : new Date().toISOString() },
        key,
      );
    const purged = await store.purge('2021-01-01T00:00:00.000Z', new Date().toISOString());
    assert.equal(purged?.toSeq, 600);
    const erasure = await store.erase({
      principal: visitor,
      reason: 'asked by the visitor',
      actor: 'test',
      at: new Date().toISOString(),
    });
    assert.ok(erasure.count > 0);
    await store.saveConfig({ hash: 'a'.repeat(64), body: '{}', origin: ORIGIN, receivedAt: new Date().toISOString() });
    await createToken(store, 'Ana', 'analyst');
    for (let i = 0; i < 3; i++)
      await store.logAccess({
        at: new Date().toISOString(),
        actor: 'test',
        tokenId: null,
        action: 'read',
        filters: {},
        rows: i,
      });
    await admin(`CREATE DATABASE ${name}`);

    const moved = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.equal(moved.code, 0, moved.stdout + moved.stderr);
    assert.match(
      moved.stdout,
      /copied .* to PostgreSQL database .*: .*access_log 3.*checkpoints 1.*erasures 1.*receipts 603/,
    );
    assert.match(
      moved.stdout,
      /verified on PostgreSQL: chain intact, 603 receipts, #601 to #1203 \(\d+ erased receipts\)/,
    );

    const verify = await temoin(['verify', '--database-url', url]);
    assert.equal(verify.code, 0, verify.stdout);
    assert.match(verify.stdout, /^chain intact: 603 receipts, #601 to #1203/);
    const copy = openPostgres(url);
    try {
      assert.deepEqual(await copy.head(), await store.head());
      assert.deepEqual(await copy.checkpoints(), await store.checkpoints());
      assert.deepEqual(await copy.erasures(), await store.erasures());
      assert.deepEqual(await copy.keys(), await store.keys());
      assert.deepEqual(await copy.tokens(), await store.tokens());
      assert.deepEqual(await copy.config('a'.repeat(64)), await store.config('a'.repeat(64)));
      // The access log goes on after the copied ids: no duplicate key.
      const entry = await copy.logAccess({
        at: new Date().toISOString(),
        actor: 'test',
        tokenId: null,
        action: 'read',
        filters: {},
        rows: 0,
      });
      assert.equal(entry.id, 6, 'after the 3 copied, the migration’s own entry and the verify’s');
      const erased = await copy.erase({
        principal: randomUUID(),
        reason: 'none',
        actor: 'test',
        at: new Date().toISOString(),
      });
      assert.equal(erased.count, 0);
    } finally {
      await copy.close();
    }
    const log = await temoin(['access-log', '--database-url', url]);
    assert.equal(log.code, 0, log.stderr);

    const again = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not empty \(its table .* holds rows\): nothing was copied/);
    assert.doesNotMatch(again.stdout, /copied/);
  });
});
