// `temoin verify --read-only` on PostgreSQL: the session it opens refuses every write, whatever the
// URL sets. The read-only setting was once a startup option, which a URL's own `options=` (a
// search_path, an application_name) replaced: the verification could then write. Now it is a SET
// after the connection's own options, which keep working.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/collector/store/open.js';
import { temoin } from './cli-run.js';
import { freshStore, ORIGIN, receipt } from './support.js';

/** The database's URL with the startup `options` a site owner may give it, one a name to find its sessions by. */
function withOptions(databaseUrl: string, name: string, more: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c application_name=${name} ${more}`);
  return url.href;
}

const entry = () => ({
  at: new Date().toISOString(),
  actor: 'test',
  tokenId: null,
  action: 'read',
  filters: {},
  rows: 0,
});

describe('a read-only verification of a PostgreSQL database', { timeout: 60_000 }, () => {
  it("refuses every write, whatever the URL's options say, and keeps them", async () => {
    const f = await freshStore('postgres');
    const name = `${process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_'}ro`;
    try {
      await f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
      // A search path, as a site may set; and a URL that asks for writes outright.
      for (const more of ['-c search_path=public', '-c default_transaction_read_only=off']) {
        // As verify opens it (withStore, read-only).
        const store = await openStore(
          { databaseUrl: withOptions(f.location.databaseUrl!, name, more) },
          { readOnly: true },
        );
        try {
          assert.equal((await store.head())?.seq, 1, more);
          const sessions = await f.sql('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [
            name,
          ]);
          assert.ok(Number(sessions[0]!.n) >= 1, `the URL's own options are applied (${more})`);
          // (A failed statement's connection is ended: the sessions are looked at first.)
          await assert.rejects(store.logAccess(entry()), { code: '25006' }, `a write is refused (${more})`);
        } finally {
          await store.close();
        }
      }
      assert.equal((await f.sql('SELECT count(*)::int AS n FROM access_log'))[0]!.n, 0, 'nothing was written');
    } finally {
      await f.drop();
    }
  });

  it('verify --read-only over a URL with options: it passes, says so, and writes nothing', async () => {
    const f = await freshStore('postgres');
    try {
      await f.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, f.key);
      const url = withOptions(f.location.databaseUrl!, 'temoin_verify', '-c search_path=public');
      const ran = await temoin(['verify', '--database-url', url, '--key', f.keyFile, '--read-only']);
      assert.equal(ran.code, 0, ran.stdout + ran.stderr);
      assert.equal(ran.stdout, 'chain intact: 1 receipt, #1 to #1\n');
      assert.match(ran.stderr, /opened PostgreSQL database .* read-only: nothing was written to it/);
      assert.equal((await f.sql('SELECT count(*)::int AS n FROM access_log'))[0]!.n, 0);
    } finally {
      await f.drop();
    }
  });
});
