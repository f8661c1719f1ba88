// A database restored from an older backup must never fork the chain silently: the real
// `temoin collector` on real SQLite and PostgreSQL, a backup taken while it runs, receipts
// acknowledged after it, then the collector started on the backup. It refuses, naming both
// places; `temoin verify` exits 1; `--accept-restore` records the restore, moves to a new key and
// goes on; a verify of the backup where it is kept (a copy) passes and says it is one.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  acknowledgedFile,
  databasesSharing,
  readAcknowledged,
  readAcknowledgedOf,
  writeAcknowledged,
} from '../../src/collector/acknowledged.js';
import { formerLocation, formerLocations, location } from '../../src/collector/store/location.js';
import type { Acknowledgement } from '../../src/receipts/receipt.js';
import { bin, temoin } from './cli-run.js';
import { collectorProcess } from './collector-process.js';
import { ADMIN_URL, freshStore, KINDS, ORIGIN, receipt, type Fresh } from './support.js';

const PG_ENVIRONMENT = ['PGHOST', 'PGPORT', 'PGDATABASE', 'PGUSER'];

/** Runs `work` with pg's variables as `vars` sets them (the others unset), then puts them back. */
function withPgEnvironment<T>(vars: Record<string, string>, work: () => T): T {
  const saved = PG_ENVIRONMENT.map((name) => process.env[name]);
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  };
  PG_ENVIRONMENT.forEach((name) => set(name, vars[name]));
  try {
    return work();
  } finally {
    PG_ENVIRONMENT.forEach((name, i) => set(name, saved[i]));
  }
}

/** Ports this suite may listen on (the machine's tests share it). */

/** Starts a collector that must refuse to; one that starts all the same is stopped, not left running. */
async function startStopping(collector: ReturnType<typeof collectorProcess>): Promise<void> {
  await collector.start();
  await collector.kill();
}

async function post(url: string, count: number): Promise<Acknowledgement[]> {
  const acks: Acknowledgement[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/v1/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify(receipt()),
    });
    assert.equal(response.status, 201, await response.clone().text());
    acks.push((await response.json()) as Acknowledgement);
  }
  return acks;
}

/** Closes a fresh store's own connection, so the collector process alone uses the database (drop() closes it no more). */
async function closeOwn(f: Fresh): Promise<void> {
  await f.store.close();
  Object.assign(f.store, { close: () => Promise.resolve() });
}

const keyIdOf = (ack: Acknowledgement) => ack.signature.split(':')[1];

for (const kind of KINDS) {
  describe(`a restored ${kind} backup`, { timeout: 120_000 }, () => {
    let live: Fresh;
    let backupUrl: string | undefined;
    const stores: Fresh[] = [];
    after(async () => {
      for (const f of stores) await f.drop();
      if (backupUrl) {
        const admin = new pg.Client({ connectionString: ADMIN_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${new URL(backupUrl).pathname.slice(1)}`);
        await admin.end();
      }
    });

    it('is refused at start, flagged by verify, and accepted only on purpose with a new key', async () => {
      live = await freshStore(kind);
      stores.push(live);
      await closeOwn(live);
      const where = kind == 'sqlite' ? ['--db', live.location.db!] : ['--database-url', live.location.databaseUrl!];
      const collector = collectorProcess(where, live.keyFile);
      await collector.start();
      const before = await post(collector.url, 5);
      // The backup, taken while the collector runs (sqlite3's .backup; a copy of the PostgreSQL
      // database for pg_dump and restore).
      let restored: string[];
      if (kind == 'sqlite') {
        const backup = `${live.location.db!}.backup`;
        const source = new Database(live.location.db, { readonly: true });
        await source.backup(backup);
        source.close();
        restored = ['--db', backup];
      } else {
        await collector.stop();
        backupUrl = Object.assign(new URL(live.location.databaseUrl!), {
          pathname: `/${new URL(live.location.databaseUrl!).pathname.slice(1)}_bak`,
        }).href;
        const admin = new pg.Client({ connectionString: ADMIN_URL });
        await admin.connect();
        await admin.query(
          `CREATE DATABASE ${new URL(backupUrl).pathname.slice(1)} TEMPLATE ${new URL(live.location.databaseUrl!).pathname.slice(1)}`,
        );
        await admin.end();
        await collector.start();
        restored = ['--database-url', backupUrl];
      }
      const lost = await post(collector.url, 4);
      await collector.stop();
      assert.equal(lost.at(-1)!.seq, 9);
      const record = readAcknowledged(acknowledgedFile(live.keyFile, location(live.location)));
      assert.equal(record?.seq, 9, 'the record beside the key follows what was acknowledged');
      assert.equal(record.hash, lost.at(-1)!.hash);

      // The backup put back where the database was: for SQLite over the file, its old -wal and
      // -shm removed; for PostgreSQL the database dropped and made again from the copy.
      if (kind == 'sqlite') {
        for (const stale of ['-wal', '-shm']) rmSync(live.location.db! + stale, { force: true });
        copyFileSync(restored[1]!, live.location.db!);
      } else {
        const name = new URL(live.location.databaseUrl!).pathname.slice(1);
        const admin = new pg.Client({ connectionString: ADMIN_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE ${name}`);
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${new URL(backupUrl!).pathname.slice(1)}`);
        await admin.end();
      }
      restored = where;
      const refused = collectorProcess(restored, live.keyFile);
      await assert.rejects(startStopping(refused), (e: Error) => {
        assert.match(e.message, /exited with code 78/);
        assert.match(e.message, /ends at #5, but this collector acknowledged receipts up to #9/);
        assert.match(
          e.message,
          /restored from an older backup: the receipts acknowledged after it, #6 to #9, are not in it and are lost/,
        );
        assert.match(e.message, /start the collector once with --accept-restore/);
        return true;
      });

      const verified = await temoin(['verify', ...restored, '--key', live.keyFile]);
      assert.equal(verified.code, 1, verified.stdout + verified.stderr);
      assert.match(
        verified.stdout,
        /^chain behind at #6: .* ends at #5, but this collector acknowledged receipts up to #9/,
      );
      assert.doesNotMatch(verified.stdout, /chain intact/);

      const accepted = collectorProcess(restored, live.keyFile, ['--accept-restore', '--log-level', 'info']);
      await accepted.start();
      const [next] = await post(accepted.url, 1);
      await accepted.stop();
      assert.match(accepted.output(), /accepted a restore \(--accept-restore\)/);
      assert.equal(next!.seq, 6, 'the chain goes on from the restored head');
      assert.notEqual(keyIdOf(next!), keyIdOf(lost[0]!), 'the new #6 is signed by another key than the lost #6');
      assert.equal(keyIdOf(before[0]!), keyIdOf(lost[0]!));
      assert.ok(existsSync(`${live.keyFile}.retired-${keyIdOf(lost[0]!)}`), 'the old key is kept');
      const log = await temoin(['access-log', ...restored, '--json']);
      assert.match(log.stdout, /temoin collector --accept-restore/);
      const again = await temoin(['verify', ...restored, '--key', live.keyFile]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(again.stdout, 'chain intact: 6 receipts, #1 to #6\n');
    });

    if (kind == 'sqlite')
      it('a database holding another receipt where the collector acknowledged one is refused as forked', async () => {
        const f = await freshStore('sqlite');
        stores.push(f);
        await closeOwn(f);
        const collector = collectorProcess(['--db', f.location.db!], f.keyFile);
        await collector.start();
        const [, second] = await post(collector.url, 3);
        await collector.stop();
        // As if the collector had acknowledged another #2 (before a restore and a collector that
        // did not check): the record names a hash the database's #2 does not have.
        const file = acknowledgedFile(f.keyFile, location(f.location));
        const record = readAcknowledged(file)!;
        writeAcknowledged(file, { ...record, seq: 2, hash: 'f'.repeat(64) }, () => {}).close();
        assert.notEqual(second!.hash, 'f'.repeat(64));
        const refused = collectorProcess(['--db', f.location.db!], f.keyFile);
        await assert.rejects(
          startStopping(refused),
          /holds a receipt #2 that is not the one this collector acknowledged.*The chain forked/s,
        );
        const verified = await temoin(['verify', '--db', f.location.db!, '--key', f.keyFile]);
        assert.equal(verified.code, 1);
        assert.match(verified.stdout, /^chain forked at #2: /);
      });

    if (kind == 'sqlite')
      it('a verify of a backup kept elsewhere passes, and says it is a copy (it has no record of its own)', async () => {
        const f = await freshStore('sqlite');
        stores.push(f);
        await closeOwn(f);
        const collector = collectorProcess(['--db', f.location.db!], f.keyFile);
        await collector.start();
        await post(collector.url, 3);
        const source = new Database(f.location.db, { readonly: true });
        await source.backup(`${f.location.db!}.copy`);
        source.close();
        await post(collector.url, 2);
        await collector.stop();
        const copy = await temoin(['verify', '--db', `${f.location.db!}.copy`, '--key', f.keyFile]);
        assert.equal(copy.code, 0, copy.stdout + copy.stderr);
        assert.equal(copy.stdout, 'chain intact: 3 receipts, #1 to #3\n');
        assert.match(copy.stderr, /receipts\.db\.copy has no acknowledged record beside --key .* taken for a copy/);
      });
  });
}

/** `temoin …args` as a user who is not root (root writes a file of mode 444 all the same). */
async function asUser(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, ...rest] =
    process.getuid?.() === 0
      ? ['runuser', '-u', 'nobody', '--', process.execPath, bin, ...args]
      : [process.execPath, bin, ...args];
  try {
    const { stdout, stderr } = await promisify(execFile)(command, rest, { cwd: tmpdir() });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('a read-only backup', { timeout: 60_000 }, () => {
  it('is verified read-only: it works, says so, and the copy is left exactly as it was', async () => {
    const f = await freshStore('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'temoin-backups-'));
    try {
      const collector = collectorProcess(['--db', f.location.db!], f.keyFile);
      await collector.start();
      await post(collector.url, 3);
      const backup = join(dir, 'temoin-2026-12-04.db');
      const source = new Database(f.location.db, { readonly: true });
      await source.backup(backup);
      source.close();
      await collector.stop();
      chmodSync(backup, 0o444);
      chmodSync(dir, 0o777);
      const bytes = readFileSync(backup);
      const ran = await asUser(['verify', '--db', backup]);
      assert.equal(ran.code, 0, ran.stdout + ran.stderr);
      assert.equal(ran.stdout, 'chain intact: 3 receipts, #1 to #3\n');
      assert.match(
        ran.stderr,
        /opened .*temoin-2026-12-04\.db read-only: nothing was written to it, and no access-log entry/,
      );
      assert.deepEqual(readFileSync(backup), bytes);
      assert.deepEqual(readdirSync(dir), ['temoin-2026-12-04.db'], 'no -wal or -shm left beside it');
      // Asked for on a file that could be written: the same, and still no access-log entry.
      chmodSync(backup, 0o644);
      const asked = await temoin(['verify', '--db', backup, '--read-only']);
      assert.equal(asked.code, 0, asked.stderr);
      assert.match(asked.stderr, /read-only/);
      assert.deepEqual(readFileSync(backup), bytes);
      const rows = new Database(backup, { readonly: true }).prepare('SELECT COUNT(*) AS n FROM access_log').get() as {
        n: number;
      };
      assert.equal(rows.n, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await f.drop();
    }
  });
});

describe('one key, two databases', { timeout: 120_000 }, () => {
  it('each keeps its own record: both start again, and a restore in the same place is still refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temoin-two-sites-'));
    try {
      const key = join(dir, 'temoin-collector.key');
      const sites = ['site-a.db', 'site-b.db'].map((name) => ['--db', join(dir, name)]);
      const collectors = sites.map((where) => collectorProcess(where, key));
      for (const collector of collectors) {
        await collector.start();
        await post(collector.url, 3);
        await collector.stop();
      }
      // site-a takes more after a backup of it.
      const a = join(dir, 'site-a.db');
      const source = new Database(a, { readonly: true });
      await source.backup(`${a}.backup`);
      source.close();
      await collectors[0]!.start();
      await post(collectors[0]!.url, 2);
      await collectors[0]!.stop();
      for (const collector of collectors) {
        await collector.start();
        await post(collector.url, 1);
        await collector.stop();
      }
      assert.equal(readAcknowledged(acknowledgedFile(key, a))?.seq, 6);
      assert.equal(readAcknowledged(acknowledgedFile(key, join(dir, 'site-b.db')))?.seq, 4);
      // The backup put back where site-a was: refused, and site-b still starts.
      for (const stale of ['-wal', '-shm']) rmSync(a + stale, { force: true });
      copyFileSync(`${a}.backup`, a);
      await assert.rejects(
        startStopping(collectorProcess(sites[0]!, key)),
        /ends at #3, but this collector acknowledged receipts up to #6/,
      );
      await collectors[1]!.start();
      await collectors[1]!.stop();
      // A verify of the backup where it is kept: a copy, with no record of its own.
      const copy = await temoin(['verify', '--db', `${a}.backup`, '--key', key]);
      assert.equal(copy.code, 0, copy.stdout + copy.stderr);
      assert.match(copy.stderr, /has no acknowledged record beside --key .* taken for a copy/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one PostgreSQL database spelt two ways', { timeout: 120_000 }, () => {
  it('has one record: verify finds it either way, and one an earlier release kept under the other spelling is still read', async () => {
    const f = await freshStore('postgres');
    try {
      await closeOwn(f);
      const url = f.location.databaseUrl!;
      const { username, password, hostname, pathname } = new URL(url);
      // No port, and a parameter that does not change the database.
      const spelt = `postgres://${username}:${password}@${hostname}${pathname}?application_name=temoin-test`;
      const collector = collectorProcess(['--database-url', url], f.keyFile);
      await collector.start();
      await post(collector.url, 3);
      await collector.stop();
      const verified = await temoin(['verify', '--database-url', spelt, '--key', f.keyFile]);
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      assert.equal(verified.stdout, 'chain intact: 3 receipts, #1 to #3\n');
      assert.doesNotMatch(verified.stderr, /no acknowledged record/);

      // As a collector of an earlier release on the other spelling left it: under that spelling's
      // name, further along than the database (restored since). Still caught.
      const own = acknowledgedFile(f.keyFile, location(f.location));
      const record = readAcknowledged(own)!;
      rmSync(own);
      const former = formerLocation({ databaseUrl: spelt });
      writeAcknowledged(acknowledgedFile(f.keyFile, former), { ...record, seq: 5, database: former }, () => {}).close();
      await assert.rejects(
        startStopping(collectorProcess(['--database-url', url], f.keyFile)),
        /ends at #3, but this collector acknowledged receipts up to #5/,
      );
      const behind = await temoin(['verify', '--database-url', spelt, '--key', f.keyFile]);
      assert.equal(behind.code, 1, behind.stdout + behind.stderr);
      assert.match(behind.stdout, /^chain behind at #4: /);
    } finally {
      await f.drop();
    }
  });
});

describe('the acknowledged record file', { timeout: 60_000 }, () => {
  it('made but never written (empty, or zeros after a power cut) is no record', () => {
    const dir = mkdtempSync(join(tmpdir(), 'temoin-record-'));
    try {
      writeFileSync(join(dir, 'empty'), '');
      writeFileSync(join(dir, 'zeros'), Buffer.alloc(2048));
      assert.equal(readAcknowledged(join(dir, 'empty')), null);
      assert.equal(readAcknowledged(join(dir, 'zeros')), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a PostgreSQL database without user, password or query', () => {
    assert.equal(
      location({ databaseUrl: 'postgres://temoin:secret@db.example:5432/temoin?password=secret&sslmode=require' }),
      'PostgreSQL database postgres://db.example:5432/temoin',
    );
  });

  it('names one PostgreSQL database the same however its URL is spelt, and two databases apart', () => {
    const one = 'PostgreSQL database postgres://db.example:5432/temoin';
    for (const url of [
      'postgres://temoin:secret@DB.Example/temoin',
      'postgresql://other:pw@db.example:5432/temoin?sslmode=require&application_name=site',
      'postgres://db.example/temoin?user=temoin&password=secret',
      'postgres://ignored.example:6543/temoin?host=db.example&port=5432',
      // No database named: pg opens the user's.
      'postgres://temoin:secret@db.example',
      'postgres://temoin@db.example:5432/',
    ])
      assert.equal(location({ databaseUrl: url }), one, url);
    for (const url of [
      'postgres://temoin@db.example:5433/temoin',
      'postgres://temoin@db2.example/temoin',
      'postgres://temoin@db.example/temoin2',
      // pg reads the name after the slash as it is: this is a database named "temoin/".
      'postgres://temoin@db.example/temoin/',
      'postgres://other@db.example',
    ])
      assert.notEqual(location({ databaseUrl: url }), one, url);
    // A socket's folder keeps its case, and says which database.
    assert.equal(
      location({ databaseUrl: 'socket:/var/run/PostgreSQL?db=temoin' }),
      'PostgreSQL database postgres://%2Fvar%2Frun%2FPostgreSQL:5432/temoin',
    );
    assert.notEqual(
      location({ databaseUrl: 'socket:/var/run/postgresql?db=temoin' }),
      location({ databaseUrl: 'socket:/var/run/postgresql?db=other' }),
    );
    assert.equal(
      location({ databaseUrl: 'postgres://u@[::1]/temoin' }),
      'PostgreSQL database postgres://[::1]:5432/temoin',
    );
  });

  it('names a PostgreSQL database by what pg reads from PGHOST, PGPORT, PGDATABASE and PGUSER when the URL leaves it out', () => {
    const one = 'PostgreSQL database postgres://db.example:5432/temoin';
    const named = (url: string, vars: Record<string, string>) =>
      withPgEnvironment(vars, () => location({ databaseUrl: url }));
    assert.equal(named('postgres:///temoin', { PGHOST: 'DB.example' }), one);
    assert.equal(
      named('postgres://temoin@db.example/temoin', { PGHOST: 'elsewhere.example' }),
      one,
      'the URL wins, as in pg',
    );
    assert.notEqual(named('postgres:///temoin', { PGHOST: 'db.example', PGPORT: '5433' }), one);
    assert.equal(named('postgres://other@/', { PGHOST: 'db.example', PGDATABASE: 'temoin' }), one);
    assert.equal(named('postgres://', { PGHOST: 'db.example', PGUSER: 'temoin' }), one);
    assert.equal(named('postgres:///temoin', {}), 'PostgreSQL database postgres://localhost:5432/temoin');
  });

  it('a record kept before PGHOST counted is still read under PGHOST', () => {
    const dir = mkdtempSync(join(tmpdir(), 'temoin-record-'));
    try {
      const key = join(dir, 'key.pem');
      const o = { databaseUrl: 'postgres://temoin@/temoin' };
      // As this release names it without PGHOST, and as the one before it named it under PGHOST.
      const before = withPgEnvironment({}, () => location(o));
      writeAcknowledged(
        acknowledgedFile(key, before),
        { seq: 7, hash: 'a'.repeat(64), keyId: 'k', database: before, at: '2026-01-01' },
        () => {},
      ).close();
      withPgEnvironment({ PGHOST: 'db.example' }, () => {
        const where = location(o);
        assert.equal(where, 'PostgreSQL database postgres://db.example:5432/temoin');
        const found = readAcknowledgedOf(key, where, formerLocations(o));
        assert.equal(found.record?.seq, 7, 'the record an earlier release kept');
        assert.equal(found.file, acknowledgedFile(key, where), 'written under the new name from now on');
        assert.deepEqual(databasesSharing(key, where, formerLocations(o)), [], 'its former name is no other database');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a record kept under a former name of its database is read, and the new name written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'temoin-record-'));
    try {
      const key = join(dir, 'key.pem');
      const spelt = { databaseUrl: 'postgres://temoin:secret@DB.example/temoin' };
      const where = location(spelt);
      const former = formerLocation(spelt);
      assert.equal(former, 'PostgreSQL database postgres://DB.example/temoin', 'as an earlier release named it');
      const recorded = (seq: number, database: string) => ({
        seq,
        hash: 'a'.repeat(64),
        keyId: 'k',
        database,
        at: '2026-01-01',
      });
      writeAcknowledged(acknowledgedFile(key, former), recorded(7, former), () => {}).close();
      // Another spelling a second collector on the same database used, further along.
      const other = formerLocation({ databaseUrl: 'postgres://temoin@db.example:5432/temoin?sslmode=require' });
      writeAcknowledged(acknowledgedFile(key, other), recorded(9, other), () => {}).close();
      // And another database sharing the key, which is not this one's.
      const elsewhere = location({ databaseUrl: 'postgres://temoin@db.example/site_b' });
      writeAcknowledged(acknowledgedFile(key, elsewhere), recorded(20, elsewhere), () => {}).close();

      const found = readAcknowledgedOf(key, where, [former]);
      assert.equal(found.file, acknowledgedFile(key, where), 'written under the new name from now on');
      assert.equal(found.record?.seq, 9, 'the spelling furthest along');
      assert.deepEqual(databasesSharing(key, where), [elsewhere], 'its former names are not other databases');
      // Once written under its own name, that record is the one (a restore accepted since may have lowered it).
      writeAcknowledged(found.file, recorded(4, where), () => {}).close();
      assert.equal(readAcknowledgedOf(key, where, [former]).record?.seq, 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('that cannot be written stops the collector at start, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temoin-record-'));
    try {
      // A file name JSON spells long (a control character is 6 bytes there): the record naming it is
      // over its 1,023 bytes, while SQLite takes the path.
      const deep = join(dir, '\u0001'.repeat(150));
      mkdirSync(deep);
      const collector = collectorProcess(['--db', join(deep, 'temoin.db')], join(dir, 'key'));
      await assert.rejects(startStopping(collector), (e: Error) => {
        assert.match(e.message, /exited with code 78/);
        assert.match(e.message, /cannot write the collector's acknowledged record .*name of its database is too long/s);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
