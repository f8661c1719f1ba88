// The collector and `temoin init` never add Témoin's tables to another application's database
// (a mistyped TEMOIN_DB): real SQLite and PostgreSQL. An empty file or database gets them, said in
// one line.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { temoin } from './cli-run.js';
import { collectorProcess } from './collector-process.js';
import { asAdmin, databaseUrlOf } from './support.js';

/** Starts a collector that must refuse to; one that starts all the same is stopped, not left running. */
async function startStopping(collector: ReturnType<typeof collectorProcess>): Promise<void> {
  await collector.start();
  await collector.kill();
}

const prefix = process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_';

describe("another application's database", { timeout: 60_000 }, () => {
  let dir: string;
  const databases: string[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-foreign-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    for (const name of databases) await asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
  });

  it('a SQLite file with tables of its own is refused by the collector and init, and left as it was', async () => {
    const file = join(dir, 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    other.close();
    const bytes = readFileSync(file);
    const collector = collectorProcess(['--db', file], join(dir, 'key.pem'));
    await assert.rejects(startStopping(collector), (e: Error) => {
      assert.match(e.message, /exited with code 78/);
      assert.match(
        e.message,
        new RegExp(
          `${file.replaceAll('.', '\\.')} holds tables that are not Témoin's \\(t\\) and none of Témoin's: it is another application's database, and nothing was changed. Check --db \\(or TEMOIN_DB\\)`,
        ),
      );
      return true;
    });
    const init = await temoin(['init', '--db', file]);
    assert.equal(init.code, 2);
    assert.match(init.stderr, /holds tables that are not Témoin's \(t\)/);
    assert.deepEqual(readFileSync(file), bytes, 'not a byte changed (not even the journal mode)');
  });

  it('an empty SQLite file gets Témoin’s tables, and the collector says so in one line', async () => {
    const file = join(dir, 'empty.db');
    writeFileSync(file, '');
    const collector = collectorProcess(['--db', file], join(dir, 'key-empty.pem'), ['--log-level', 'info']);
    await collector.start();
    await collector.stop();
    assert.equal(collector.output().match(/created Témoin's tables in /g)?.length, 1, collector.output());
    assert.match(
      collector.output(),
      new RegExp(`created Témoin's tables in ${file.replaceAll('.', '\\.')} \\(schema version \\d+\\)`),
    );
  });

  it('a PostgreSQL database with tables of its own is refused; an empty one gets Témoin’s, said once', async () => {
    const name = `${prefix}foreign_${randomUUID().slice(0, 8)}`;
    const empty = `${prefix}empty_${randomUUID().slice(0, 8)}`;
    databases.push(name, empty);
    await asAdmin(async (c) => {
      await c.query(`CREATE DATABASE ${name}`);
      await c.query(`CREATE DATABASE ${empty}`);
    });
    const client = new pg.Client({ connectionString: databaseUrlOf(name) });
    await client.connect();
    await client.query('CREATE TABLE invoices (id int)');
    await client.end();
    const collector = collectorProcess(['--database-url', databaseUrlOf(name)], join(dir, 'key-pg.pem'));
    await assert.rejects(startStopping(collector), (e: Error) => {
      assert.match(e.message, /exited with code 78/);
      assert.match(
        e.message,
        /holds tables that are not Témoin's \(invoices\) and none of Témoin's.*Check --database-url/,
      );
      return true;
    });
    const c = new pg.Client({ connectionString: databaseUrlOf(name) });
    await c.connect();
    const tables = (await c.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
      .rows;
    await c.end();
    assert.deepEqual(tables, [{ tablename: 'invoices' }]);
    const made = collectorProcess(['--database-url', databaseUrlOf(empty)], join(dir, 'key-pg2.pem'), [
      '--log-level',
      'info',
    ]);
    await made.start();
    await made.stop();
    assert.equal(made.output().match(/created Témoin's tables in PostgreSQL database /g)?.length, 1, made.output());
  });

  it("a PostgreSQL database holding only an extension's tables (PostGIS's spatial_ref_sys) is not another application's", async () => {
    const name = `${prefix}ext_${randomUUID().slice(0, 8)}`;
    databases.push(name);
    await asAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    const client = new pg.Client({ connectionString: databaseUrlOf(name) });
    await client.connect();
    // PostGIS is not installed here: a table made a member of an extension stands for its spatial_ref_sys.
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await client.query('CREATE TABLE spatial_ref_sys (srid int PRIMARY KEY)');
    await client.query('ALTER EXTENSION pg_trgm ADD TABLE spatial_ref_sys');
    await client.end();
    const init = await temoin(['init', '--database-url', databaseUrlOf(name)]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /created Témoin's tables in PostgreSQL database/);
  });
});
