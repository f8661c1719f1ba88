// PostgreSQL behind a real PgBouncer (Debian's, which scripts/setup-postgres.sh installs), in
// session mode, the one the README names: the collector works as on PostgreSQL itself (two
// workers store receipts, an erasure rewrites the tables holding its session locks, the chain
// verifies) and leaves no lock behind on the pooler's server connections.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { temoin } from './cli-run.js';
import { collectorProcess } from './collector-process.js';
import { ADMIN_URL, freePort, freshStore, ORIGIN, receipt, type Fresh } from './support.js';

const PGBOUNCER = process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** PgBouncer in session mode in front of the test PostgreSQL; the URL of a database through it. */
async function pgbouncer() {
  if (spawnSync(PGBOUNCER, ['--version']).error)
    throw new Error(
      `no PgBouncer at ${PGBOUNCER}: run \`bash scripts/setup-postgres.sh\`, which installs it (or set PGBOUNCER)`,
    );
  const server = new URL(ADMIN_URL);
  const dir = await mkdtemp(join(tmpdir(), 'temoin-pgbouncer-'));
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  // PgBouncer refuses to run as root: it is then asked to run as postgres, who must read its files.
  await chmod(dir, 0o755);
  await writeFile(join(dir, 'users.txt'), `"${server.username}" "${decodeURIComponent(server.password)}"\n`, {
    mode: 0o644,
  });
  await writeFile(
    ini,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      `listen_addr = 127.0.0.1`,
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = session',
      'default_pool_size = 30',
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  const child: ChildProcess = spawn(PGBOUNCER, [...asRoot, ini], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; !(await listening(port)); i++) {
    if (child.exitCode !== null || i > 100) throw new Error(`PgBouncer did not start:\n${output}`);
    await sleep(50);
  }
  return {
    url: (database: string) => Object.assign(new URL(ADMIN_URL), { port: String(port), pathname: '/' + database }).href,
    async close() {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGINT');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const databaseOf = (fresh: Fresh) => new URL(fresh.location.databaseUrl!).pathname.slice(1);

describe('PostgreSQL behind PgBouncer', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('session mode: two workers store receipts, an erasure rewrites the tables, the chain verifies', async () => {
    const fresh = await freshStore('postgres');
    cleanups.push(() => fresh.drop());
    const bouncer = await pgbouncer();
    cleanups.push(() => bouncer.close());
    const through = bouncer.url(databaseOf(fresh));
    const collector = collectorProcess(['--database-url', through], fresh.keyFile, ['--workers', '2']);
    cleanups.push(() => collector.kill());
    await collector.start();
    const visitor = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${collector.url}/v1/receipts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: JSON.stringify(receipt({ principal: i % 4 ? randomUUID() : visitor })),
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual(new Set(answers), new Set([201]));
    const erased = await temoin(['erase', '--database-url', through, '--principal', visitor, '--reason', 'asked']);
    assert.equal(erased.code, 0, erased.stderr);
    assert.match(erased.stdout, /^erased 10 receipts of visitor /);
    await collector.stop();
    const verified = await temoin(['verify', '--database-url', through]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^chain intact: 40 receipts, #1 to #40 \(10 erased/);
    // No lock left behind on a server connection.
    assert.deepEqual(
      await fresh.sql(
        "SELECT objid FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE locktype = 'advisory' AND datname = current_database()",
      ),
      [],
    );
  });
});
