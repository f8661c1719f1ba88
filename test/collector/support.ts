// What the collector tests share: a fresh store of each kind (a new SQLite file, a new
// PostgreSQL database), a collector over it driven in process (inject) or listening on loopback
// for what needs the network, and a valid receipt to start from.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadOrCreateKey, type SigningKey } from '../../src/collector/keys.js';
import { buildCollector, type CollectorOptions } from '../../src/collector/server.js';
import { MIGRATIONS } from '../../src/collector/store/migrations.js';
import { openPostgres } from '../../src/collector/store/postgres.js';
import { openSqlite } from '../../src/collector/store/sqlite.js';
import type { ReceiptStore } from '../../src/collector/store/store.js';
import { canonicalJson } from '../../src/receipts/canonical.js';
import type { Receipt, ServiceTerms } from '../../src/receipts/receipt.js';

/** Whether nothing listens on this loopback port right now (0: any port the system picks); the port. */
const tryPort = (port: number) =>
  new Promise<number | null>((resolve) => {
    const server = createServer()
      .once('error', () => resolve(null))
      .listen(port, '127.0.0.1', () => {
        const { port: taken } = server.address() as { port: number };
        server.close(() => resolve(taken));
      });
  });

// TEMOIN_TEST_PORTS=48350-48399 keeps the tests' servers in a range (a machine shared with others).
const PORTS = /^(\d+)-(\d+)$/.exec(process.env.TEMOIN_TEST_PORTS ?? '');
/** The ports of the range this process holds, each claimed by a file that names its pid. */
const claimed: number[] = [];
/** Those it gave most recently, not given again while a collector may be starting on them. */
const given: number[] = [];
const claimFile = (port: number) => join(tmpdir(), `temoin-test-port-${port}`);
process.once('exit', () => {
  for (const port of claimed) rmSync(claimFile(port), { force: true });
});

/** Whether `port` is this process's: test files run two at a time, and only one may start servers on it. */
function claim(port: number): boolean {
  if (claimed.includes(port)) return true;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(claimFile(port), String(process.pid), { flag: 'wx' });
      claimed.push(port);
      return true;
    } catch {
      // Another process's, unless that process has ended without letting go of it.
      let owner = 0;
      try {
        owner = Number(readFileSync(claimFile(port), 'utf8'));
        if (owner) process.kill(owner, 0);
        return false;
      } catch (e) {
        if (owner && (e as NodeJS.ErrnoException).code != 'ESRCH') return false;
        rmSync(claimFile(port), { force: true });
      }
    }
  }
  return false;
}

/**
 * A TCP port nothing listens on right now, from TEMOIN_TEST_PORTS when set. Each test file is its
 * own process and two run at once: a port free when one looks may be taken by the other before its
 * collector listens, and that collector's /health would answer for ours. So a port of the range is
 * claimed by one process at a time (a file in the temporary folder naming its pid), and given
 * again only to that process.
 */
export async function freePort(): Promise<number> {
  if (!PORTS) return (await tryPort(0))!;
  const [first, last] = [Number(PORTS[1]), Number(PORTS[2])];
  const size = last - first + 1;
  const candidates = [...claimed, ...Array.from({ length: size }, (_, i) => first + ((i + process.pid) % size))];
  for (const port of candidates) {
    if (given.includes(port) || !claim(port) || !(await tryPort(port))) continue;
    given.push(port);
    if (given.length > 4) given.shift();
    return port;
  }
  throw new Error(`no free port in TEMOIN_TEST_PORTS=${process.env.TEMOIN_TEST_PORTS}`);
}

/**
 * A loopback port where nothing listens, for a server that is not there: one the system picks
 * outside TEMOIN_TEST_PORTS, where no other test file starts a server.
 */
export const closedPort = async (): Promise<number> => (await tryPort(0))!;

/** A PostgreSQL role allowed to create databases (.ci/run makes it). */
export const ADMIN_URL = process.env.TEMOIN_TEST_PG_URL ?? 'postgres://temoin:temoin@127.0.0.1:5432/postgres';

/** Runs `work` with a connection of the PostgreSQL role that creates and drops test databases. */
export const asAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** The URL of the test database `name`, as the admin role reaches it. */
export const databaseUrlOf = (name: string) => Object.assign(new URL(ADMIN_URL), { pathname: '/' + name }).href;
export const ORIGIN = 'https://www.ville-demo.test';
export const KINDS = ['sqlite', 'postgres'] as const;
export type Kind = (typeof KINDS)[number];

const PREFIX = process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_';

/** The admin connection, with the advice a newcomer needs when PostgreSQL is not there. */
async function adminClient(): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${(e as Error).message}). Start it and create the role as .ci/run does, or set TEMOIN_TEST_PG_URL.`,
      { cause: e },
    );
  }
  return admin;
}

/**
 * The migrated database each test database is copied from, named by a hash of the migrations: a
 * schema changed gets a template of its own, never a stale one. Migrating cost 0.5 to 1 s a
 * database; a copy costs what an empty CREATE DATABASE does. Kept on the server for the next run
 * (one per prefix: a new schema's drops the others), made once under an advisory lock when
 * several test files ask at once, under a name of its own until it is migrated (a run killed
 * midway leaves no half-made template), and closed to connections (a copy fails while anyone,
 * autovacuum too, is connected to its source).
 */
export const templateName = `${PREFIX}tpl_${createHash('sha256')
  .update(JSON.stringify(MIGRATIONS.map((m) => [m.version, m.postgres, String(m.fill ?? '')])))
  .digest('hex')
  .slice(0, 12)}`;
let template: Promise<void> | undefined;

async function makeTemplate(admin: pg.Client): Promise<void> {
  const exists = async () =>
    (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [templateName])).rowCount == 1;
  if (await exists()) return;
  // One maker at a time for the prefix: the others wait, then find its template. A session lock,
  // let go if the maker's process dies.
  const lock = [`${PREFIX}tpl`];
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', lock);
  try {
    if (await exists()) return;
    // Another schema's templates, and what a maker killed midway left: no one makes one now.
    const stale = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR starts_with(datname, $2)',
      [`${PREFIX}tpl_`, `${PREFIX}tplmaking_`],
    );
    for (const { datname } of stale.rows) {
      // A run of the other schema copying it still: the DROP waits for the copy, or fails and is left.
      await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => {});
    }
    const making = `${PREFIX}tplmaking_${process.pid}`;
    await admin.query(`CREATE DATABASE ${making}`);
    const store = openPostgres(databaseUrlOf(making));
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
    await admin.query(`ALTER DATABASE ${making} WITH ALLOW_CONNECTIONS false`);
    await admin.query(`ALTER DATABASE ${making} RENAME TO ${templateName}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', lock);
  }
}

/** Creates the database `name` with every migration applied: a copy of the template. */
async function createMigrated(name: string): Promise<void> {
  const admin = await adminClient();
  try {
    await (template ??= makeTemplate(admin).catch((e: unknown) => {
      template = undefined;
      throw e;
    }));
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
  } finally {
    await admin.end();
  }
}

export interface Fresh {
  store: ReceiptStore;
  /** Where the store lives: a file path or a connection URL. */
  location: { db?: string; databaseUrl?: string };
  key: SigningKey;
  keyFile: string;
  /** Runs SQL on the store directly, as someone tampering with it would. */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function freshStore(kind: Kind): Promise<Fresh> {
  const dir = await mkdtemp(join(tmpdir(), 'temoin-test-'));
  const keyFile = join(dir, 'key.pem');
  const key = await loadOrCreateKey(keyFile);
  if (kind == 'sqlite') {
    const db = join(dir, 'receipts.db');
    const store = openSqlite(db);
    await store.migrate();
    await store.saveKey(key);
    const { default: Database } = await import('better-sqlite3');
    return {
      store,
      location: { db },
      key,
      keyFile,
      sql(text, values = []) {
        const raw = new Database(db);
        try {
          const statement = raw.prepare(text.replace(/\$\d+/g, '?'));
          return Promise.resolve(
            statement.reader ? (statement.all(...values) as Record<string, unknown>[]) : (statement.run(...values), []),
          );
        } finally {
          raw.close();
        }
      },
      async drop() {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `${PREFIX}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await createMigrated(name);
  const databaseUrl = databaseUrlOf(name);
  const store = openPostgres(databaseUrl);
  await store.saveKey(key);
  return {
    store,
    location: { databaseUrl },
    key,
    keyFile,
    async sql(text, values = []) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query(text, values)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      await store.close();
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      // Not WITH (FORCE): that would try to end an autovacuum worker busy on a freshly filled
      // table, which only a superuser may. A plain DROP stops autovacuum itself; a collector
      // process still closing its connections needs a moment.
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name}`);
          break;
        } catch (e) {
          if ((e as { code?: string }).code != '55006' || attempt == 50) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      await client.end();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What a test asks of a collector: fetch's arguments, with a path instead of a URL. */
interface Init {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer<ArrayBuffer>;
}
type Requester = (path: string, init?: Init) => Promise<Response>;

/** fetch() answered by app.inject(): the same Response a test reads over the network, without a socket. */
const injecting =
  (app: FastifyInstance): Requester =>
  async (path, init = {}) => {
    const answer = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: path,
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { payload: init.body }),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      for (const one of [value ?? []].flat()) headers.append(name, String(one));
    }
    return new Response([204, 304].includes(answer.statusCode) ? null : new Uint8Array(answer.rawPayload), {
      status: answer.statusCode,
      headers,
    });
  };

/** The requests tests make, over `request`; and the receipts stored. */
function client(fresh: Fresh, request: Requester) {
  return {
    request,
    /** POSTs a receipt from the allowed origin (or `origin`), as JSON unless told otherwise. */
    post: (body: unknown, init: { origin?: string | null; type?: string; raw?: string | Buffer<ArrayBuffer> } = {}) =>
      request('/v1/receipts', {
        method: 'POST',
        headers: {
          'content-type': init.type ?? 'application/json',
          ...(init.origin === null ? {} : { origin: init.origin ?? ORIGIN }),
        },
        body: init.raw ?? JSON.stringify(body),
      }),
    /** A GET with a bearer token. */
    get: (path: string, token?: string) =>
      request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    count: async () => Number((await fresh.sql('SELECT COUNT(*) AS n FROM receipts'))[0]!.n),
  };
}

type CollectorTestOptions = Partial<Omit<CollectorOptions, 'store' | 'key'>>;

/** A fresh store of this kind and a collector app over it, accepting receipts from ORIGIN. */
async function collectorOver(kind: Kind, options: CollectorTestOptions) {
  const fresh = await freshStore(kind);
  const app = await buildCollector({
    store: fresh.store,
    key: fresh.key,
    origins: [ORIGIN],
    logLevel: 'silent',
    ...options,
  });
  return { fresh, app };
}

/** A collector over a fresh store, driven in process with inject(); `listen()` opens it to the network when a test needs that. */
export async function collectorInProcess(kind: Kind, options: CollectorTestOptions = {}) {
  const { fresh, app } = await collectorOver(kind, options);
  return {
    ...fresh,
    ...client(fresh, injecting(app)),
    /** Listens on a free loopback port; its base URL. */
    listen: async () => app.listen({ port: await freePort(), host: '127.0.0.1' }),
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}

/** A collector on a free loopback port over a fresh store: for CORS, rate limits by address, timeouts. */
export async function startCollector(kind: Kind, options: CollectorTestOptions = {}) {
  const { fresh, app } = await collectorOver(kind, options);
  const url = await app.listen({ port: await freePort(), host: '127.0.0.1' });
  return {
    ...fresh,
    ...client(fresh, (path, init) => fetch(`${url}${path}`, init)),
    url,
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}

/** Waits until `check` holds, for what the collector does after it answers (an export's access-log entry, written when its response closes). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms for ${what}`);
    await sleep(5);
  }
}

/** A service's terms in a receipt, decided on its own when `decision` is given (schema 1.1). */
export const serviceTerms = (id: string, decision?: 'granted' | 'refused'): ServiceTerms => ({
  id,
  ...(decision ? { decision } : {}),
  name: id,
  provider: 'P',
  purpose: 'Vidéos',
  data: [],
  retention: null,
  hostedOutsideQuebec: true,
  thirdParty: false,
});

/** A valid receipt, as a browser would send it. */
export function receipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    version: '1.0',
    receiptId: randomUUID(),
    previousReceiptId: null,
    jurisdiction: 'CA-QC',
    timestamp: new Date().toISOString(),
    event: 'given',
    validUntil: new Date(Date.now() + 365 * 864e5).toISOString(),
    collectionMethod: 'banner',
    language: 'fr',
    principal: randomUUID(),
    controller: { name: 'Ville de Démo', contact: 'vie.privee@ville-demo.test' },
    policyUrl: `${ORIGIN}/confidentialite`,
    revision: 1,
    configHash: 'a'.repeat(64),
    purposes: [
      { category: 'necessary', title: 'Nécessaires', required: true, decision: 'granted', services: [] },
      {
        category: 'analytics',
        title: 'Mesure d’audience',
        required: false,
        decision: 'granted',
        services: [
          {
            id: 'matomo',
            name: 'Matomo',
            provider: 'Ville de Démo',
            purpose: 'Compter les visites',
            data: ['ip-address', 'pages-viewed'],
            retention: 395,
            hostedOutsideQuebec: false,
            thirdParty: false,
          },
        ],
      },
    ],
    signals: { gpc: false },
    userAgentFamily: 'Firefox',
    ...overrides,
  };
}

/** A receipt's canonical JSON as SQL text, its ids made from the row number `i`. */
function seededBodySql(kind: Kind) {
  const hex = kind == 'sqlite' ? "printf('%012x', i)" : "lpad(to_hex(i), 12, '0')";
  const id = (prefix: string) => `'${prefix}-0000-4000-8000-' || ${hex}`;
  const body = canonicalJson(receipt({ receiptId: '@R@', principal: '@P@', timestamp: '2026-11-23T10:00:00.000Z' }));
  const quoted = `'${body.replaceAll("'", "''")}'`;
  return {
    receiptId: id('00000000'),
    principal: id('11111111'),
    body: quoted.replace('@R@', `' || ${id('00000000')} || '`).replace('@P@', `' || ${id('11111111')} || '`),
  };
}

/**
 * Stores `total` receipts received 2026-11-23 (seq 1 to total) by the database itself, in seconds
 * for a million: real receipts' bodies (1.1 KB of canonical JSON, ids from the row number), the
 * chain's columns placeholders (an export and a purge do not check them; `verify` fails on them),
 * the chain's head after them. For what needs many receipts: benchmarks, a big purge.
 */
export async function seedReceipts(f: Fresh, kind: Kind, total: number): Promise<void> {
  const { receiptId, principal, body } = seededBodySql(kind);
  const rows =
    kind == 'sqlite'
      ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${total}) SELECT`
      : 'SELECT';
  const from = kind == 'sqlite' ? 'FROM n' : `FROM generate_series(1, ${total}) AS i`;
  await f.sql(`INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature, digest, link)
    ${rows} i, ${receiptId}, '2026-11-23T10:00:01.000Z', '${ORIGIN}', ${principal}, 'given', '2026-11-23T10:00:00.000Z', 1,
    ${body}, '${'0'.repeat(64)}', '${'1'.repeat(64)}', 'ed25519:seed:seed', '${'2'.repeat(64)}', 2 ${from}`);
  await f.sql(`INSERT INTO chain_head (id, seq, hash) VALUES (1, ${total}, '${'1'.repeat(64)}')`);
  // As a running store leaves them: SQLite's WAL checkpointed (the seeding's 2 GB a million would
  // be copied by whatever checkpoints next), PostgreSQL's statistics up to date.
  await f.sql(kind == 'sqlite' ? 'PRAGMA wal_checkpoint(TRUNCATE)' : 'VACUUM ANALYZE receipts');
}
