// `temoin collector` tells its service manager whether starting it again can help: 78 (EX_CONFIG)
// when it refuses to start (a flag or variable, the key, the port, the database), which starting it
// again unchanged would meet again; 75 (EX_TEMPFAIL) when its database cannot be reached for now
// (PostgreSQL down, SQLite locked), which a restart a few seconds later may not meet. The real
// command, on real SQLite and PostgreSQL. (A port in use, another application's database and a
// restored one are in cli.test.ts, foreign-database.test.ts and restore.test.ts.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startFailure } from '../../src/collector/cli/run/start-failure.js';
import { StoreOpenError } from '../../src/collector/store/open.js';
import { bin, temoin, type Ran } from './cli-run.js';
import { closedPort, databaseUrlOf, freePort, freshStore, ORIGIN, type Fresh } from './support.js';

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
    // Outside TEMOIN_TEST_PORTS: a test file running beside this one may be listening on any port in it.
    const nobody = Object.assign(new URL(databaseUrlOf('temoin')), {
      hostname: '127.0.0.1',
      port: String(await closedPort()),
    }).href;
    for (const workers of ['1', '2']) {
      const ran = await collector(['--origin', ORIGIN, '--database-url', nobody, '--workers', workers]);
      assert.equal(ran.code, 75, ran.stderr);
      assert.match(
        ran.stderr,
        /cannot open the PostgreSQL database postgres:\/\/[^@\s]*@127\.0\.0\.1:\d+\/temoin: connect ECONNREFUSED .*The database is unavailable for now \(ECONNREFUSED\): exiting 75/,
      );
    }
    // A database that does not exist is no passing trouble: it must be created first.
    const missing = await collector([
      '--origin',
      ORIGIN,
      '--database-url',
      databaseUrlOf(`${process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_'}missing_nowhere`),
    ]);
    assert.equal(missing.code, 78, missing.stderr);
    assert.match(missing.stderr, /create the database on that server/);
  });

  it('tells a database that may come back (75) from one that a person must fix first (78)', () => {
    const opening = (code: string) =>
      new StoreOpenError('cannot open the database', { cause: Object.assign(new Error('x'), { code }) });
    const cases: [ReturnType<typeof startFailure>['exitCode'], 'sqlite' | 'postgres', string][] = [
      [75, 'postgres', 'ECONNREFUSED'],
      [75, 'postgres', 'EAI_AGAIN'],
      [78, 'postgres', 'ENOTFOUND'],
      [75, 'postgres', '58030'],
      [78, 'postgres', '58P01'],
      [75, 'postgres', '25006'],
      [75, 'postgres', '40001'],
      [75, 'postgres', '40P01'],
      [75, 'sqlite', 'SQLITE_BUSY'],
      [78, 'sqlite', 'SQLITE_READONLY'],
      [78, 'sqlite', 'SQLITE_READONLY_DIRECTORY'],
      [75, 'sqlite', 'SQLITE_READONLY_RECOVERY'],
      [75, 'sqlite', 'SQLITE_READONLY_CANTLOCK'],
      [78, 'sqlite', 'SQLITE_CANTOPEN'],
      [78, 'sqlite', 'EACCES'],
    ];
    for (const [exit, store, code] of cases) {
      const failure = startFailure(opening(code), store, 'the database');
      assert.equal(failure.exitCode, exit, `${store} ${code}: ${failure.message}`);
      if (exit == 75) assert.match(failure.message, /unavailable for now/, code);
      else assert.doesNotMatch(failure.message, /unavailable for now/, code);
    }
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

  describe('on a SQLite file its user may not write or open', () => {
    // Root writes any file whatever its mode: the collector then runs as nobody (setpriv), as a
    // service user would beside a file that root made. Another user meets the modes as they are.
    const root = process.getuid?.() === 0;
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
    const skip = root && !setpriv ? 'running as root without setpriv, no user the file modes apply to' : false;
    let shared: string;
    before(async () => {
      shared = await mkdtemp(join(tmpdir(), 'temoin-readonly-'));
      await chmod(shared, 0o711);
      await mkdir(join(shared, 'key'));
      if (root) await chown(join(shared, 'key'), 65534, 65534);
    });
    after(() => rm(shared, { recursive: true, force: true }));

    /** The collector as the unprivileged user, on the SQLite file `db`. */
    const asUser = async (db: string) => {
      const args = [bin, 'collector', '--port', String(await freePort()), '--origin', ORIGIN, '--db', db];
      const command = root
        ? [setpriv!, '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]
        : [process.execPath];
      return new Promise<Ran>((resolve) =>
        execFile(
          command[0]!,
          [...command.slice(1), ...args, '--key', join(shared, 'key', 'key.pem')],
          { cwd: join(shared, 'key') },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code == 'number' ? error.code : -1) : 0, stdout, stderr }),
        ),
      );
    };

    it('exits 78 naming the owner and mode to check: restarting would not help', { skip }, async () => {
      const made = await freshStore('sqlite');
      const folder = join(shared, 'db');
      await mkdir(folder);
      const db = join(folder, 'receipts.db');
      try {
        await made.store.close();
        await copyFile(made.location.db!, db);
      } finally {
        await made.drop();
      }
      await chmod(db, 0o444);
      const cases: [string, number, string, RegExp][] = [
        ['a file it may only read', 0o777, db, /\(SQLITE_READONLY\)/],
        ['a folder it may not write', 0o555, db, /\(SQLITE_READONLY_DIRECTORY\)/],
        ['a folder it may not enter', 0o000, db, /\(EACCES\)/],
        ['a new file in a folder it may not write', 0o555, join(folder, 'new.db'), /\(SQLITE_CANTOPEN\)/],
      ];
      for (const [what, mode, file, code] of cases) {
        await chmod(folder, mode);
        const ran = await asUser(file).finally(() => chmod(folder, 0o755));
        // What SQLite made beside the file (its -wal and -shm), the next case starts without.
        for (const made of ['-wal', '-shm', '-journal']) await rm(db + made, { force: true });
        assert.equal(ran.code, 78, `${what}: ${ran.stderr}`);
        assert.match(ran.stderr, code, what);
        assert.match(
          ran.stderr,
          /\.db.*The collector's user may not write or open the database \(\w+\): check the owner and mode of the file and of its folder/,
          what,
        );
      }
    });
  });
});
