// `temoin collector` tells its service manager whether starting it again can help: 78 (EX_CONFIG)
// when it refuses to start (a flag or variable, the key, the port, the database), which starting it
// again unchanged would meet again; 75 (EX_TEMPFAIL) when its database cannot be reached for now
// (PostgreSQL down, SQLite locked), which a restart a few seconds later may not meet. The real
// command, on real SQLite and PostgreSQL. (A port in use, another application's database and a
// restored one are in cli.test.ts, foreign-database.test.ts and restore.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { temoin } from './cli-run.js';
import { freePort, freshStore, ORIGIN, type Fresh } from './support.js';

describe('temoin collector exit codes', { timeout: 60_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-exit-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The collector in `dir`, on a port nothing listens on, with `flags`. */
  const collector = async (flags: string[], env: Record<string, string> = {}) =>
    temoin(['collector', '--port', String(await freePort()), ...flags], { cwd: dir, env });

  it('exits 78 when it refuses to start: starting it again unchanged would not help', async () => {
    writeFileSync(join(dir, 'not-a-key.pem'), 'not a key');
    const refusals: [string, Awaited<ReturnType<typeof collector>>, RegExp][] = [
      ['no --origin', await collector([]), /at least one --origin \(or TEMOIN_ORIGIN\) is required/],
      ['a flag', await collector(['--origin', ORIGIN, '--port', 'x']), /'--port <n>' argument 'x' is invalid/],
      [
        'a variable',
        await collector(['--origin', ORIGIN], { TEMOIN_BATCH_SIZE: '0' }),
        /'--batch-size <n>' value '0' from env 'TEMOIN_BATCH_SIZE' is invalid/,
      ],
      [
        'two databases',
        await collector(['--origin', ORIGIN, '--db', 'a.db', '--database-url', 'postgres://temoin@127.0.0.1/x']),
        /--db and --database-url name two databases: give the one you mean/,
      ],
      [
        'a key that is not one',
        await collector(['--origin', ORIGIN, '--key', 'not-a-key.pem']),
        /not-a-key\.pem is not a PEM private key/,
      ],
      [
        'a database that is not SQLite',
        await collector(['--origin', ORIGIN, '--db', 'not-a-key.pem', '--key', 'k.pem']),
        /not-a-key\.pem is not a SQLite database; nothing was changed/,
      ],
    ];
    for (const [what, ran, message] of refusals) {
      assert.equal(ran.code, 78, `${what}: ${ran.stderr}`);
      assert.match(ran.stderr, message, what);
    }
    assert.ok(!existsSync(join(dir, 'temoin.db')) && !existsSync(join(dir, 'a.db')), 'no database made');
    const help = await collector(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.replace(/\s+/g, ' '), /Exits 78 when it refuses to start .* 75 when its database cannot/);
  });

  it('exits 75 when PostgreSQL cannot be reached, so that its service manager starts it again', async () => {
    const nobody = `postgres://temoin:temoin@127.0.0.1:${await freePort()}/temoin`;
    for (const workers of ['1', '2']) {
      const ran = await collector(['--origin', ORIGIN, '--database-url', nobody, '--workers', workers]);
      assert.equal(ran.code, 75, ran.stderr);
      assert.match(
        ran.stderr,
        /cannot open the PostgreSQL database postgres:\/\/temoin:\*\*\*@127\.0\.0\.1:\d+\/temoin: connect ECONNREFUSED .*The database is unavailable for now \(ECONNREFUSED\): exiting 75/,
      );
    }
    // A database that does not exist is no passing trouble: it must be created first.
    const missing = await collector([
      '--origin',
      ORIGIN,
      '--database-url',
      'postgres://temoin:temoin@127.0.0.1:5432/own35_missing_nowhere',
    ]);
    assert.equal(missing.code, 78, missing.stderr);
    assert.match(missing.stderr, /create the database on that server/);
  });

  describe('on a SQLite file locked past its busy timeout', () => {
    let f: Fresh;
    before(async () => {
      f = await freshStore('sqlite');
    });
    after(() => f.drop());

    it('exits 75', async () => {
      // Another program writing for long: the collector's first write (its key) waits 5 s, then gives up.
      const other = new Database(f.location.db);
      try {
        other.exec('BEGIN IMMEDIATE');
        const locked = await collector(['--origin', ORIGIN, '--db', f.location.db!, '--key', f.keyFile]);
        assert.equal(locked.code, 75, locked.stderr);
        assert.match(locked.stderr, /database is locked.*The database is unavailable for now \(SQLITE_BUSY\)/);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
    });
  });
});
