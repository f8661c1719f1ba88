// The PostgreSQL databases the tests make (support.ts): copies of one migrated template, named by
// a hash of the migrations. A copy must hold exactly what migrating a new database gives; several
// test files making the template at once must get one; a template of another schema, and one a
// killed run left half-made, must not pile up on the server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../../src/collector/store/postgres.js';
import { asAdmin, databaseUrlOf, freshStore, templateName } from './support.js';

const prefix = process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_';
const support = new URL('./support.js', import.meta.url).href;

/** Tables and their columns, indexes, constraints, functions and migrations applied: what migrate() makes. */
async function schemaOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async (text: string) =>
      (await client.query<Record<string, unknown>>(text)).rows.map((r) => Object.values(r).join(' '));
    return {
      columns: await rows(
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
      ),
      indexes: await rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
      constraints: await rows(
        "SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE nspname = 'public' ORDER BY 1, 2",
      ),
      functions: await rows(
        "SELECT proname, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname = 'public' ORDER BY 1, 2",
      ),
      migrations: await rows('SELECT version FROM schema_migrations ORDER BY 1'),
    };
  } finally {
    await client.end();
  }
}

const databases = async (start: string) =>
  asAdmin(async (c) =>
    (
      await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1', [
        start,
      ])
    ).rows.map((r) => r.datname),
  );

describe('the PostgreSQL test databases', () => {
  const made: string[] = [];
  after(async () => {
    for (const name of made) await asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
  });

  it('are copies of a template closed to connections, with what migrating a new database gives', async () => {
    // The template made first, as another test file may have (on a server new to this prefix or to
    // these migrations, this file's own store makes it).
    await (await freshStore('postgres')).drop();
    const asked = new Date().toISOString();
    const fresh = await freshStore('postgres');
    const migrated = `${prefix}migrated_${randomUUID().slice(0, 8)}`;
    made.push(migrated);
    try {
      const [template] = (
        await asAdmin((c) => c.query('SELECT datallowconn FROM pg_database WHERE datname = $1', [templateName]))
      ).rows as { datallowconn: boolean }[];
      assert.deepEqual(template, { datallowconn: false }, `${templateName} is there, and no one may connect to it`);
      await asAdmin((c) => c.query(`CREATE DATABASE ${migrated}`));
      const store = openPostgres(databaseUrlOf(migrated));
      await store.migrate();
      await store.close();
      const [copy, reference] = await Promise.all([
        schemaOf(fresh.location.databaseUrl!),
        schemaOf(databaseUrlOf(migrated)),
      ]);
      assert.ok(reference.columns.length > 20 && reference.migrations.length > 5, JSON.stringify(reference));
      assert.deepEqual(copy, reference);
      assert.deepEqual(await fresh.store.pendingMigrations(), []);
      // Migrated before it was asked for: a copy, not migrated again for each test.
      const [{ first }] = (await fresh.sql('SELECT MIN(applied_at) AS first FROM schema_migrations')) as [
        { first: string },
      ];
      assert.ok(first < asked, `migrated at ${first}, asked for at ${asked}`);
    } finally {
      await fresh.drop();
    }
  });

  it('made once when test files ask at once; another schema’s template and a half-made one are dropped', async () => {
    // A prefix of its own: the template every other test file copies stays untouched.
    const own = `${prefix}t${randomUUID().slice(0, 6)}_`;
    made.push(`${own}tpl_000000000000`, `${own}tplmaking_1`);
    const stale = [`${own}tpl_000000000000`, `${own}tplmaking_1`];
    for (const name of stale) await asAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    // Three processes, as test files run side by side, each making a database of its own.
    const script = `const { freshStore, templateName } = await import(${JSON.stringify(support)});
      const fresh = await freshStore('postgres');
      console.log(templateName, (await fresh.sql('SELECT COUNT(*) AS n FROM receipts'))[0].n);
      await fresh.drop();`;
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
          env: { ...process.env, TEMOIN_TEST_DB_PREFIX: own },
        }),
      ),
    );
    const template = `${own}${templateName.slice(prefix.length)}`;
    made.push(template);
    for (const { stdout } of runs) assert.equal(stdout, `${template} 0\n`);
    assert.deepEqual(await databases(own), [template], 'the template alone is left');
  });
});
