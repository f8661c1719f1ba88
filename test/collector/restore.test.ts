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
import { acknowledgedFile, readAcknowledged, writeAcknowledged } from '../../src/collector/acknowledged.js';
import { location } from '../../src/collector/store/open.js';
import type { Acknowledgement } from '../../src/receipts/receipt.js';
import { bin, temoin } from './cli-run.js';
import { collectorProcess } from './collector-process.js';
import { ADMIN_URL, freePort, freshStore, KINDS, ORIGIN, receipt, type Fresh } from './support.js';

/** Ports this suite may listen on (the machine's tests share it). */

/** Starts a collector that must refuse to; one that starts all the same is stopped, not left running. */
async function startStopping(collector: ReturnType<typeof collectorProcess>): Promise<void> {
  await collector.start();
  await collector.kill();
}

const PORTS = { sqlite: await freePort(), postgres: await freePort() } as const;

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
      const collector = collectorProcess(where, live.keyFile, PORTS[kind]);
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
      const refused = collectorProcess(restored, live.keyFile, PORTS[kind]);
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

      const accepted = collectorProcess(restored, live.keyFile, PORTS[kind], [
        '--accept-restore',
        '--log-level',
        'info',
      ]);
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
        const collector = collectorProcess(['--db', f.location.db!], f.keyFile, PORTS.sqlite);
        await collector.start();
        const [, second] = await post(collector.url, 3);
        await collector.stop();
        // As if the collector had acknowledged another #2 (before a restore and a collector that
        // did not check): the record names a hash the database's #2 does not have.
        const file = acknowledgedFile(f.keyFile, location(f.location));
        const record = readAcknowledged(file)!;
        writeAcknowledged(file, { ...record, seq: 2, hash: 'f'.repeat(64) }, () => {}).close();
        assert.notEqual(second!.hash, 'f'.repeat(64));
        const refused = collectorProcess(['--db', f.location.db!], f.keyFile, PORTS.sqlite);
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
        const collector = collectorProcess(['--db', f.location.db!], f.keyFile, PORTS.sqlite);
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
      const collector = collectorProcess(['--db', f.location.db!], f.keyFile, PORTS.sqlite);
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
      const collectors = sites.map((where) => collectorProcess(where, key, PORTS.sqlite));
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
        startStopping(collectorProcess(sites[0]!, key, PORTS.sqlite)),
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

  it('that cannot be written stops the collector at start, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temoin-record-'));
    try {
      // A file name JSON spells long (a control character is 6 bytes there): the record naming it is
      // over its 1,023 bytes, while SQLite takes the path.
      const deep = join(dir, '\u0001'.repeat(150));
      mkdirSync(deep);
      const collector = collectorProcess(['--db', join(deep, 'temoin.db')], join(dir, 'key'), PORTS.sqlite);
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
