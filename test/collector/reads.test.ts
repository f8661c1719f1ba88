// Reads never create: every command but the collector and `temoin init` opens an existing,
// migrated Témoin database, or exits 2 naming the file or URL and the fix, leaving it as it was.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { temoin } from './cli-run.js';
import { asAdmin, databaseUrlOf, freePort, freshStore, seedReceipts, type Fresh } from './support.js';

/** Every command that opens a database, and is not allowed to make one. */
const COMMANDS = [
  ['receipts', 'export'],
  ['receipts', 'get', randomUUID()],
  ['stats'],
  ['verify'],
  ['access-log'],
  ['token', 'list'],
  ['token', 'create', '--name', 'Ana'],
  ['token', 'revoke', 'tok_1'],
  ['keys', 'export'],
  ['purge'],
  ['report', '--from', '2026-01-01', '--to', '2026-02-01'],
  ['proof', '--principal', randomUUID()],
  ['erase', '--principal', randomUUID(), '--reason', 'asked by the visitor'],
];

/** The command's name in a test's title: `token create`, `report`. */
const named = (command: string[]) =>
  command
    .slice(0, 2)
    .filter((word) => !word.startsWith('-'))
    .join(' ');

const databaseExists = (name: string) =>
  asAdmin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount == 1);

describe('read commands on a database that is not there', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-reads-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const command of COMMANDS) {
    it(`temoin ${named(command)}: a missing --db exits 2, names the file and the fix, creates nothing`, async () => {
      const ran = await temoin([...command, '--db', 'typo.db'], { cwd: dir });
      assert.equal(ran.code, 2, ran.stderr);
      assert.match(ran.stderr, new RegExp(`no database at ${join(dir, 'typo.db')}: check --db`));
      assert.match(ran.stderr, /temoin init --db typo\.db/);
      assert.equal(ran.stdout, '');
      assert.deepEqual(readdirSync(dir), [], 'no file made');
    });

    it(`temoin ${named(command)}: a missing PostgreSQL database exits 2 naming it, creates nothing`, async () => {
      const name = `temoin_missing_${randomUUID().slice(0, 8)}`;
      const ran = await temoin([...command, '--database-url', databaseUrlOf(name)]);
      assert.equal(ran.code, 2, ran.stderr);
      assert.match(
        ran.stderr,
        new RegExp(`cannot open the PostgreSQL database .*/${name}: database "${name}" does not exist`),
      );
      assert.match(ran.stderr, /or create the database on that server \(CREATE DATABASE …;\)/);
      assert.doesNotMatch(ran.stderr, /:temoin@/, 'the password is not printed');
      assert.equal(await databaseExists(name), false);
    });
  }

  it('an unreachable PostgreSQL server exits 2, naming the URL', async () => {
    const ran = await temoin(['verify', '--database-url', 'postgres://temoin:secret@127.0.0.1:1/temoin']);
    assert.equal(ran.code, 2);
    assert.match(
      ran.stderr,
      /cannot open the PostgreSQL database postgres:\/\/temoin:\*\*\*@127\.0\.0\.1:1\/temoin: .*ECONNREFUSED/,
    );
  });
});

describe('the one database a command line names', () => {
  let sqlite: Fresh;
  let postgres: Fresh;
  before(async () => {
    [sqlite, postgres] = [await freshStore('sqlite'), await freshStore('postgres')];
    await seedReceipts(postgres, 'postgres', 3);
  });
  after(async () => {
    await sqlite.drop();
    await postgres.drop();
  });
  const exported = async (args: string[], env: Record<string, string>) => {
    const ran = await temoin(['receipts', 'export', ...args], { env });
    return { ...ran, lines: ran.stdout.split('\n').filter(Boolean).length };
  };

  it('a flag wins over the other one’s environment variable, and says so', async () => {
    const bySqliteFlag = await exported(['--db', sqlite.location.db!], {
      TEMOIN_DATABASE_URL: postgres.location.databaseUrl!,
    });
    assert.deepEqual([bySqliteFlag.code, bySqliteFlag.lines], [0, 0], 'the SQLite file, empty; not PostgreSQL’s 3');
    assert.match(bySqliteFlag.stderr, /--db is given, so TEMOIN_DATABASE_URL is left aside/);
    const byUrlFlag = await exported(['--database-url', postgres.location.databaseUrl!], {
      TEMOIN_DB: sqlite.location.db!,
    });
    assert.deepEqual([byUrlFlag.code, byUrlFlag.lines], [0, 3]);
    assert.match(byUrlFlag.stderr, /--database-url is given, so TEMOIN_DB is left aside/);
    // init makes the file named, not "nothing changed" about the URL in the environment.
    const made = join(dirname(sqlite.location.db!), 'made.db');
    const init = await temoin(['init', '--db', made], { env: { TEMOIN_DATABASE_URL: postgres.location.databaseUrl! } });
    assert.equal(init.code, 0, init.stderr);
    assert.ok(existsSync(made), init.stdout);
  });

  it('two named the same way exit 2, reading nothing', async () => {
    const flags = await exported(['--db', sqlite.location.db!, '--database-url', postgres.location.databaseUrl!], {});
    assert.equal(flags.code, 2);
    assert.match(flags.stderr, /--db and --database-url name two databases: give the one you mean/);
    const variables = await exported([], {
      TEMOIN_DB: sqlite.location.db!,
      TEMOIN_DATABASE_URL: postgres.location.databaseUrl!,
    });
    assert.equal(variables.code, 2);
    assert.match(variables.stderr, /TEMOIN_DB and TEMOIN_DATABASE_URL are both set: unset the one you do not mean/);
    assert.equal(flags.stdout + variables.stdout, '');
  });
});

describe('--url or a local database', () => {
  let sqlite: Fresh;
  let nowhere: string;
  before(async () => {
    sqlite = await freshStore('sqlite');
    nowhere = `http://127.0.0.1:${await freePort()}`;
  });
  after(() => sqlite.drop());

  it('both as flags exit 2 naming both, reading nothing', async () => {
    for (const local of [
      ['--db', sqlite.location.db!],
      ['--database-url', 'postgres://temoin:temoin@127.0.0.1:5432/x'],
    ]) {
      for (const command of [
        ['receipts', 'export'],
        ['stats'],
        ['erase', '--principal', randomUUID(), '--reason', 'r'],
      ]) {
        const ran = await temoin([...command, '--url', nowhere, '--token', 'tmn_x', ...local]);
        assert.equal(ran.code, 2, `${command[0]}: ${ran.stderr}`);
        assert.match(
          ran.stderr,
          new RegExp(
            `--url and ${local[0]} name two places to read: a remote collector and a local database; give the one you mean`,
          ),
        );
        assert.equal(ran.stdout, '');
      }
    }
  });

  it('a flag wins over the other one’s environment variable, and says so', async () => {
    const remote = await temoin(['stats', '--url', nowhere, '--token', 'tmn_x'], {
      env: { TEMOIN_DB: sqlite.location.db! },
    });
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /^temoin: --url is given, so TEMOIN_DB is left aside\n.*cannot reach the collector/s);
    const local = await temoin(['receipts', 'export', '--db', sqlite.location.db!], {
      env: { TEMOIN_URL: nowhere, TEMOIN_TOKEN: 'tmn_x' },
    });
    assert.equal(local.code, 0, local.stderr);
    assert.match(local.stderr, /^temoin: --db is given, so TEMOIN_URL is left aside\nexported 0 receipts/);
    const both = await temoin(['stats'], { env: { TEMOIN_URL: nowhere, TEMOIN_DB: sqlite.location.db! } });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /TEMOIN_URL and TEMOIN_DB are both set: unset the one you do not mean/);
  });

  it('a --url ending in /v1 is refused with the root to give', async () => {
    for (const command of [
      ['stats', '--token', 'tmn_x'],
      ['proof', '--principal', randomUUID(), '--token', 'tmn_x'],
      ['verify-receipt', '-'],
    ]) {
      const ran = await temoin([...command, '--url', `${nowhere}/v1/`]);
      assert.equal(ran.code, 2, `${command[0]}: ${ran.stderr}`);
      assert.match(ran.stderr, new RegExp(`--url is the collector's root, without /v1: write ${nowhere}\n`));
    }
    const variable = await temoin(['stats'], { env: { TEMOIN_URL: `${nowhere}/v1`, TEMOIN_TOKEN: 'tmn_x' } });
    assert.match(variable.stderr, new RegExp(`TEMOIN_URL is the collector's root, without /v1: write ${nowhere}\n`));
  });
});

describe('read commands on a database that is not Témoin’s', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-reads-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a file that is not SQLite: exit 2, the file untouched, even by init', async () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, 'not a database\n');
    for (const command of [...COMMANDS, ['init']]) {
      const ran = await temoin([...command, '--db', file]);
      assert.equal(ran.code, 2, `${command.join(' ')}: ${ran.stderr}`);
      assert.match(ran.stderr, /notes\.db is not a SQLite database; nothing was changed/);
    }
    assert.equal(readFileSync(file, 'utf8'), 'not a database\n');
    assert.deepEqual(readdirSync(dir), ['notes.db']);
  });

  it('another SQLite database: exit 2, byte for byte the same after', async () => {
    const file = join(dir, 'other.db');
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(file);
    other.exec("CREATE TABLE things (x); INSERT INTO things VALUES ('kept')");
    other.close();
    const bytes = readFileSync(file);
    for (const command of COMMANDS) {
      const ran = await temoin([...command, '--db', file]);
      assert.equal(ran.code, 2, `${command.join(' ')}: ${ran.stderr}`);
      assert.match(ran.stderr, /other\.db is not a Témoin database .*nothing was changed.*temoin init --db/);
    }
    assert.deepEqual(readFileSync(file), bytes);
  });

  it('a PostgreSQL database never migrated: exit 2 saying to run temoin init, and no table made', async () => {
    const name = `temoin_bare_${randomUUID().slice(0, 8)}`;
    await asAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    try {
      for (const command of COMMANDS) {
        const ran = await temoin([...command, '--database-url', databaseUrlOf(name)]);
        assert.equal(ran.code, 2, `${command.join(' ')}: ${ran.stderr}`);
        assert.match(
          ran.stderr,
          new RegExp(`${name} is not a Témoin database.*run \`temoin init --database-url …\` or start the collector`),
        );
      }
      const client = new pg.Client({ connectionString: databaseUrlOf(name) });
      await client.connect();
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      await client.end();
      assert.deepEqual(tables.rows, []);
      const init = await temoin(['init', '--database-url', databaseUrlOf(name)]);
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stdout, /created Témoin's tables in PostgreSQL database .* \(schema version \d+\)/);
      const verify = await temoin(['verify', '--database-url', databaseUrlOf(name)]);
      assert.equal(verify.code, 0, verify.stderr);
      assert.equal(verify.stdout, 'chain intact: no receipts\n');
    } finally {
      await asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
    }
  });

  it('a database one migration behind: exit 2 naming it, and it stays behind until init', async () => {
    const fresh = await freshStore('sqlite');
    try {
      await fresh.store.close();
      const last = Number((await fresh.sql('SELECT MAX(version) AS v FROM schema_migrations'))[0]!.v);
      await fresh.sql('DELETE FROM schema_migrations WHERE version = ?', [last]);
      const ran = await temoin(['stats', '--db', fresh.location.db!]);
      assert.equal(ran.code, 2);
      assert.match(
        ran.stderr,
        new RegExp(`needs migration ${last}; run \`temoin init --db .*\` or start the collector`),
      );
      assert.equal((await fresh.sql('SELECT version FROM schema_migrations WHERE version = ?', [last])).length, 0);
      const init = await temoin(['init', '--db', fresh.location.db!]);
      assert.match(init.stdout, new RegExp(`brought .* up to date: applied migration ${last}`));
      assert.equal((await temoin(['stats', '--db', fresh.location.db!])).code, 0);
    } finally {
      await rm(join(fresh.keyFile, '..'), { recursive: true, force: true });
    }
  });
});

describe('temoin init', () => {
  it('creates a SQLite database, says so, then says there is nothing to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-init-'));
    try {
      const made = await temoin(['init', '--db', 'new.db'], { cwd: dir });
      assert.equal(made.code, 0, made.stderr);
      assert.match(
        made.stdout,
        new RegExp(`^created the SQLite database ${join(dir, 'new.db')} \\(schema version \\d+\\)\n$`),
      );
      assert.ok(existsSync(join(dir, 'new.db')));
      const again = await temoin(['init', '--db', 'new.db'], { cwd: dir });
      assert.match(again.stdout, /is already a Témoin database at schema version \d+; nothing changed/);
      const verify = await temoin(['verify', '--db', 'new.db'], { cwd: dir });
      assert.equal(verify.code, 0);
      assert.equal(verify.stdout, 'chain intact: no receipts\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
