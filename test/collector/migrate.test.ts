// `temoin migrate-to-postgres`, real SQLite to real PostgreSQL: a chain with a purge checkpoint,
// an erasure, a config, a token and access-log entries is copied whole, the copy verifies, the
// id sequences go on after the copied ids, and a database that is not empty is refused.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { createToken } from '../../src/collector/access.js';
import { copyAll } from '../../src/collector/cli/run/migrate-to-postgres.js';
import { openPostgres } from '../../src/collector/store/postgres.js';
import type { ReceiptStore } from '../../src/collector/store/store.js';
import { unavailability } from '../../src/collector/store/unavailable.js';
import { temoin } from './cli-run.js';
import { relay, throughRelay } from './relay.js';
import { ADMIN_URL, eventually, freshStore, ORIGIN, receipt, type Fresh } from './support.js';

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

/** Three reads in a store's access log, ids 1 to 3. */
const threeReads = async (store: ReceiptStore) => {
  for (let i = 0; i < 3; i++)
    await store.logAccess({
      at: new Date().toISOString(),
      actor: 'test',
      tokenId: null,
      action: 'read',
      filters: {},
      rows: i,
    });
};
describe('temoin migrate-to-postgres', { timeout: 120_000 }, () => {
  let source: Fresh | undefined;
  const name = `${prefix}moved_${randomUUID().slice(0, 8)}`;
  const url = Object.assign(new URL(ADMIN_URL), { pathname: '/' + name }).href;
  after(async () => {
    await source?.drop();
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
    await threeReads(store);
    await admin(`CREATE DATABASE ${name}`);
    const expected = {
      head: await store.head(),
      checkpoints: await store.checkpoints(),
      erasures: await store.erasures(),
      keys: await store.keys(),
      tokens: await store.tokens(),
      config: await store.config('a'.repeat(64)),
    };
    // The collector stopped first, as the README says (one still open is refused: below).
    await store.close();

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
    // Statistics taken: a fresh table without them has PostgreSQL read all of it for each page of an export.
    const stats = new pg.Client({ connectionString: url });
    await stats.connect();
    const analyzed = await stats
      .query("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL AND relname = 'receipts'")
      .finally(() => stats.end());
    assert.equal(analyzed.rowCount, 1, 'the copy ends with ANALYZE');
    assert.doesNotMatch(moved.stderr, /ANALYZE failed/);
    const copy = openPostgres(url);
    try {
      assert.deepEqual(await copy.head(), expected.head);
      assert.deepEqual(await copy.checkpoints(), expected.checkpoints);
      assert.deepEqual(await copy.erasures(), expected.erasures);
      assert.deepEqual(await copy.keys(), expected.keys);
      assert.deepEqual(await copy.tokens(), expected.tokens);
      assert.deepEqual(await copy.config('a'.repeat(64)), expected.config);
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

/** Makes empty PostgreSQL databases named after `tag` for a describe's tests, dropped after them; returns each one's URL. */
function scratchDatabases(tag: string): () => Promise<string> {
  const made: string[] = [];
  after(async () => {
    for (const name of made) await admin(`DROP DATABASE IF EXISTS ${name}`);
  });
  return async () => {
    const name = `${prefix}${tag}_${randomUUID().slice(0, 8)}`;
    made.push(name);
    await admin(`CREATE DATABASE ${name}`);
    return Object.assign(new URL(ADMIN_URL), { pathname: '/' + name }).href;
  };
}

describe('temoin migrate-to-postgres, when something goes wrong', { timeout: 60_000 }, () => {
  const sources: Fresh[] = [];
  const database = scratchDatabases('moved');
  /** A SQLite database holding one config, and a PostgreSQL database `temoin init` made for it. */
  const oneConfig = async (hash: string) => {
    const source = await freshStore('sqlite');
    sources.push(source);
    await source.store.saveConfig({ hash, body: '{}', origin: ORIGIN, receivedAt: new Date().toISOString() });
    await source.store.close();
    const url = await database();
    assert.equal((await temoin(['init', '--database-url', url])).code, 0);
    return { source, url };
  };
  const connections = async (url: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = $1',
        [new URL(url).pathname.slice(1)],
      );
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  };
  after(async () => {
    for (const source of sources) await source.drop();
  });

  it('a PostgreSQL database that does not exist: says to make it and run migrate-to-postgres again, not to start a collector', async () => {
    // A collector started on the new database makes its tables and signing key: the copy would
    // then refuse it as not empty. `temoin init` on it is told to run itself again.
    const source = await freshStore('sqlite');
    sources.push(source);
    const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${prefix}missing_${randomUUID().slice(0, 8)}` }).href;
    const moved = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.equal(moved.code, 2, moved.stderr);
    assert.match(
      moved.stderr,
      /does not exist\. Check --database-url \(or TEMOIN_DATABASE_URL\), or create the database on that server \(CREATE DATABASE …;\) and run migrate-to-postgres again, before any collector starts on it/,
    );
    assert.doesNotMatch(moved.stderr, /start the collector/);
    const init = await temoin(['init', '--database-url', url]);
    assert.equal(init.code, 2, init.stderr);
    assert.match(init.stderr, /\(CREATE DATABASE …;\) and run `temoin init --database-url …` again\n$/);
  });

  it('a SQLite file that cannot be opened leaves no PostgreSQL connection open (the process would hang)', async () => {
    const url = await database();
    await temoin(['init', '--database-url', url]);
    await assert.rejects(
      copyAll({ db: '/nonexistent/temoin.db', databaseUrl: url }, '/nonexistent/temoin.db', url),
      /cannot open \/nonexistent\/temoin\.db/,
    );
    assert.equal(await connections(url), 0);
    const started = Date.now();
    const missing = await temoin(['migrate-to-postgres', '--db', '/nonexistent/temoin.db', '--database-url', url]);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /no database at \/nonexistent\/temoin\.db/);
    assert.ok(Date.now() - started < 10_000, 'exits at once');
  });

  it('goes on after the ids SQLite handed out, deleted ones included', async () => {
    const source = await freshStore('sqlite');
    sources.push(source);
    await threeReads(source.store);
    await source.sql('DELETE FROM access_log WHERE id = 3');
    await source.store.close();
    const url = await database();
    const moved = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.equal(moved.code, 0, moved.stdout + moved.stderr);
    const copy = openPostgres(url);
    try {
      const own = (await copy.accessLog({ limit: 100 })).find((e) => e.action == 'temoin migrate-to-postgres');
      assert.equal(own?.id, 4, 'id 3 was handed out in SQLite before its entry was deleted');
    } finally {
      await copy.close();
    }
  });

  it('refuses a SQLite file a collector still has open, copying nothing, and copies it once the collector stops', async () => {
    // An idle collector stores nothing during the copy, then goes on storing in SQLite after
    // "copied": those receipts would never reach PostgreSQL. Its connection is enough to refuse.
    const source = await freshStore('sqlite');
    sources.push(source);
    await source.store.append(receipt({}), { origin: ORIGIN, receivedAt: new Date().toISOString() }, source.key);
    const url = await database();
    const refused = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.equal(refused.code, 2, refused.stdout + refused.stderr);
    assert.match(
      refused.stderr,
      /is open in another process \(a collector, one of its workers, or another temoin command\): nothing was copied\. Stop every collector on it .*then run migrate-to-postgres again\n$/,
    );
    assert.doesNotMatch(refused.stdout, /copied/);
    await source.store.close();
    const moved = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.equal(moved.code, 0, moved.stdout + moved.stderr);
    assert.match(moved.stdout, /receipts 1\b/);
  });

  it('holds the SQLite file for the whole copy: a collector starting meanwhile cannot open it', async () => {
    const source = await freshStore('sqlite');
    sources.push(source);
    await source.store.close();
    const url = await database();
    await temoin(['init', '--database-url', url]);
    // The copy's own PostgreSQL connection waits on a lock held here, with the file opened for the copy.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE receipts IN ACCESS EXCLUSIVE MODE');
    const copying = copyAll({ db: source.location.db!, databaseUrl: url }, source.location.db!, url);
    const { default: Database } = await import('better-sqlite3');
    const db = source.location.db;
    /** Whether a collector opening the file now could read it. */
    const opens = () => {
      const collector = new Database(db, { timeout: 0 });
      try {
        collector.prepare('SELECT 1 FROM chain_head').get();
        return true;
      } catch (e) {
        if (/database is locked/.test((e as Error).message)) return false;
        throw e;
      } finally {
        collector.close();
      }
    };
    try {
      await eventually(() => Promise.resolve(!opens()), 'the SQLite file locked by the copy', 10_000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await copying;
    assert.ok(opens(), 'released once the copy ends');
  });

  it("copies into a database holding the empty copies an erasure's rewrite cut short left", async () => {
    const { source, url } = await oneConfig('c'.repeat(64));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      'CREATE TABLE receipts_rewrite (LIKE receipts); CREATE TABLE access_log_rewrite (LIKE access_log)',
    );
    await client.end();
    const moved = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.equal(moved.code, 0, moved.stdout + moved.stderr);
  });

  it('when the copy does not check after it is committed, says the PostgreSQL database is left filled', async () => {
    const { source, url } = await oneConfig('b'.repeat(64));
    // A trigger someone left there swallows the configs copied: the counts differ after COMMIT.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE FUNCTION swallow() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'`);
    await client.query('CREATE TRIGGER swallow BEFORE INSERT ON configs FOR EACH ROW EXECUTE FUNCTION swallow()');
    await client.end();
    const moved = await temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', url]);
    assert.notEqual(moved.code, 0);
    assert.match(moved.stderr, /table configs holds 0 rows after the copy, not the 1 copied/);
    assert.match(moved.stderr, /left filled.*drop it and create it again/);
  });
  it('the connection lost while the copy commits: says it may be there or not, never "nothing was copied"', async () => {
    const { source, url } = await oneConfig('c'.repeat(64));
    // A check deferred to COMMIT holds it long enough for the server to end the connection under it.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN PERFORM pg_sleep(5); RETURN NULL; END'`,
    );
    await client.query(
      'CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON configs DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow()',
    );
    const name = `${prefix}commit`;
    const through = Object.assign(new URL(url), { search: `?application_name=${name}` }).href;
    const ran = temoin(['migrate-to-postgres', '--db', source.location.db!, '--database-url', through]);
    const committing = async () =>
      (
        await client.query(
          "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1 AND query = 'COMMIT' AND state = 'active' AND query_start < now() - interval '1 second'",
          [name],
        )
      ).rowCount! > 0;
    try {
      await eventually(committing, 'the copy’s COMMIT', 20_000);
    } finally {
      await client.end();
    }
    const moved = await ran;
    // (Before, the copy's client had no 'error' listener: the process died of the server's words.)
    assert.equal(moved.code, 2, moved.stderr);
    assert.match(
      moved.stderr,
      /the connection to PostgreSQL database .* was lost while the copy was committed \(terminating connection due to administrator command\): it holds the whole copy or none of it\. Once it answers, run migrate-to-postgres again if its tables are empty/,
    );
    assert.doesNotMatch(moved.stderr, /nothing was copied|exiting 75/);
  });
});

describe("temoin migrate-to-postgres, PostgreSQL's host down (a black hole)", { timeout: 60_000 }, () => {
  const database = scratchDatabases('hole');

  it('exits 75 within connect_timeout, as the collector at start, and copies nothing', async () => {
    const source = await freshStore('sqlite');
    await source.store.close();
    const url = await database();
    const hole = await relay(new URL(url));
    hole.silence();
    try {
      const started = performance.now();
      const ran = await temoin([
        'migrate-to-postgres',
        '--db',
        source.location.db!,
        '--database-url',
        throughRelay(url, hole, { connect_timeout: '1' }),
      ]);
      const ms = performance.now() - started;
      assert.equal(ran.code, 75, ran.stderr);
      assert.match(
        ran.stderr,
        /^temoin: cannot open the PostgreSQL database .*: Connection terminated due to connection timeout\. .*The database is unavailable for now \(PG_CONNECT_TIMEOUT\): exiting 75, and nothing was copied: run migrate-to-postgres again once it answers\n$/,
      );
      assert.equal(ran.stdout, '');
      // libpq reads 1 s as 2; Node's own start included, and not TCP's minutes.
      assert.ok(ms >= 2000 && ms < 8000, `${ms.toFixed(0)} ms`);
    } finally {
      await hole.close();
      await source.drop();
    }
  });

  it('the copy waits no longer for a connection than the bound, though its statements have none', async () => {
    const source = await freshStore('sqlite');
    await source.store.close();
    const url = await database();
    assert.equal((await temoin(['init', '--database-url', url])).code, 0);
    // The host goes down after the target was made and checked: the copy's own connection meets the hole.
    const hole = await relay(new URL(url));
    hole.silence();
    const through = throughRelay(url, hole, { connect_timeout: '1' });
    const to = `PostgreSQL database ${through}`;
    try {
      const started = performance.now();
      const failed = await Promise.race([
        copyAll({ db: source.location.db!, databaseUrl: through }, source.location.db!, to).then(
          () => new Error('copied through a black hole'),
          (e: unknown) => e as Error,
        ),
        new Promise<Error>((resolve) => setTimeout(() => resolve(new Error('still waiting after 10 s')), 10_000)),
      ]);
      const ms = performance.now() - started;
      assert.equal(unavailability('postgres', failed.cause)?.code, 'PG_CONNECT_TIMEOUT', failed.message);
      assert.match(failed.message, /^cannot open the PostgreSQL database .*hole_.*: .*\. Check --database-url/);
      assert.ok(ms >= 1900 && ms < 4000, `${ms.toFixed(0)} ms`);
    } finally {
      await hole.close();
      await source.drop();
    }
  });
});
