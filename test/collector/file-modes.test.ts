// The files that hold personal data are readable by their owner only (0600), whatever the umask
// leaves: a new SQLite database and its -wal and -shm, the acknowledged record, the signing key,
// and the files `temoin proof` and `temoin report` write. A file that exists keeps its mode.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeAcknowledged } from '../../src/collector/acknowledged.js';
import { loadOrCreateKey } from '../../src/collector/keys.js';
import { openSqlite } from '../../src/collector/store/sqlite.js';
import { temoin } from './cli-run.js';
import { freshStore, ORIGIN, receipt, type Fresh } from './support.js';

/** The permission bits of a file, as `ls -l` would show them in octal. */
const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8).padStart(4, '0');

describe('files holding personal data', { timeout: 60_000 }, () => {
  let dir: string;
  let umask: number;
  before(() => {
    // The usual umask, which leaves new files readable by everyone (0644).
    umask = process.umask(0o022);
    dir = mkdtempSync(join(tmpdir(), 'temoin-modes-'));
  });
  after(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new SQLite database, its -wal and its -shm are 0600', async () => {
    const db = join(dir, 'receipts.db');
    const store = openSqlite(db);
    try {
      await store.migrate();
      for (const file of [db, `${db}-wal`, `${db}-shm`]) assert.equal(modeOf(file), '0600', file);
    } finally {
      await store.close();
    }
  });

  it('`temoin init` makes the database 0600', async () => {
    const db = join(dir, 'init.db');
    const ran = await temoin(['init', '--db', db]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(modeOf(db), '0600');
  });

  it('an existing database keeps the mode its owner chose', async () => {
    const db = join(dir, 'shared.db');
    writeFileSync(db, '');
    chmodSync(db, 0o640);
    const store = openSqlite(db);
    await store.migrate();
    await store.close();
    assert.equal(modeOf(db), '0640');
  });

  it('the signing key and the acknowledged record are 0600', async () => {
    const key = join(dir, 'collector.key');
    await loadOrCreateKey(key);
    assert.equal(modeOf(key), '0600');
    const record = `${key}.0123456789ab.acknowledged`;
    const start = { seq: 0, hash: '0'.repeat(64), keyId: 'k', database: join(dir, 'x.db'), at: '2026-01-01' };
    writeAcknowledged(record, start, () => {}).close();
    assert.equal(modeOf(record), '0600');
  });

  describe('the files the CLI writes with --out', () => {
    let f: Fresh;
    const visitor = crypto.randomUUID();
    before(async () => {
      f = await freshStore('sqlite');
      await f.store.append(
        receipt({ principal: visitor }),
        { origin: ORIGIN, receivedAt: '2026-01-10T10:00:00.000Z' },
        f.key,
      );
    });
    after(() => f.drop());

    it("a visitor's consent file (`temoin proof --out`) is 0600", async () => {
      const out = join(dir, 'dossier.json');
      const ran = await temoin([
        'proof',
        '--db',
        f.location.db!,
        '--principal',
        visitor,
        '--format',
        'json',
        '--out',
        out,
      ]);
      assert.equal(ran.code, 0, ran.stderr);
      assert.equal(modeOf(out), '0600');
    });

    it("the committee's report (`temoin report --out`) is 0600", async () => {
      const out = join(dir, 'rapport.html');
      const ran = await temoin([
        'report',
        '--db',
        f.location.db!,
        '--from',
        '2026-01-01',
        '--to',
        '2026-02-01',
        '--out',
        out,
      ]);
      assert.equal(ran.code, 0, ran.stderr);
      assert.equal(modeOf(out), '0600');
    });

    it("a file that exists is refused before anything is read (one request's file kept), and --force replaces it", async () => {
      const reads = async () => (await f.store.accessLog({ limit: 1000 })).length;
      for (const [command, name] of [
        [['proof', '--principal', visitor], 'kept.html'],
        [['report', '--from', '2026-01-01', '--to', '2026-02-01'], 'kept-report.html'],
      ] as const) {
        const out = join(dir, name);
        writeFileSync(out, 'an earlier request');
        const logged = await reads();
        const refused = await temoin([...command, '--db', f.location.db!, '--out', out]);
        assert.equal(refused.code, 2, refused.stderr);
        assert.equal(
          refused.stderr,
          `temoin: ${out} exists: nothing was read or written. Name another --out, or add --force to replace it\n`,
        );
        assert.equal(refused.stdout, '');
        assert.equal(readFileSync(out, 'utf8'), 'an earlier request');
        assert.equal(await reads(), logged, 'no read logged: nothing was read');
        const forced = await temoin([...command, '--db', f.location.db!, '--out', out, '--force']);
        assert.equal(forced.code, 0, forced.stderr);
        assert.match(readFileSync(out, 'utf8'), /^<!doctype html>/i);
        assert.equal(await reads(), logged + 1);
      }
    });

    it('a dangling link or a directory as --out is refused before anything is read, --force or not', async () => {
      const reads = async () => (await f.store.accessLog({ limit: 1000 })).length;
      const link = join(dir, 'dangling.html');
      symlinkSync(join(dir, 'nowhere', 'x.html'), link);
      const folder = join(dir, 'a-folder');
      mkdirSync(folder);
      for (const [out, force, stderr] of [
        [
          link,
          [],
          `temoin: ${link} exists: nothing was read or written. Name another --out, or add --force to replace it\n`,
        ],
        [folder, [], `temoin: ${folder} is a directory: nothing was read or written. Name a file for --out\n`],
        [folder, ['--force'], `temoin: ${folder} is a directory: nothing was read or written. Name a file for --out\n`],
      ] as const) {
        const logged = await reads();
        const command = ['report', '--from', '2026-01-01', '--to', '2026-02-01', '--db', f.location.db!];
        const refused = await temoin([...command, '--out', out, ...force]);
        assert.equal(refused.code, 2, refused.stderr);
        assert.equal(refused.stderr, stderr);
        assert.equal(await reads(), logged, 'no read logged: nothing was read');
      }
    });
  });
});
