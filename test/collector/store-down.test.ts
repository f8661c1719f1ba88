// A PostgreSQL host that is down but not refusing (off, packets dropped, a failover under way, a
// partition) answers nothing, and TCP alone would hold each request for minutes. A relay that takes
// connections and never answers (a black hole) stands for it: at start the collector exits 75
// within connect_timeout, and while it runs each request is answered 503 with Retry-After within
// the bounds, then receipts are taken again once the host is back. And a connection lost while
// idle is one line of the collector's log, with its driver's code.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { buildCollector } from '../../src/collector/server.js';
import {
  CONNECT_TIMEOUT_S,
  postgresBounds,
  QUERY_TIMEOUT_MS,
  UNBOUNDED,
} from '../../src/collector/store/postgres-bounds.js';
import { openPostgres } from '../../src/collector/store/postgres.js';
import { unavailability } from '../../src/collector/store/unavailable.js';
import { verifyChain } from '../../src/collector/verify.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { temoin } from './cli-run.js';
import { relay, throughRelay } from './relay.js';
import { databaseUrlOf, eventually, freePort, freshStore, ORIGIN, receipt } from './support.js';

interface LogLine {
  level: number;
  msg: string;
  store?: string;
  driverCode?: string;
  res?: { statusCode: number };
}

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as LogLine);

/** A collector in process over `databaseUrl`, its log kept in `lines`. */
async function collectorOn(databaseUrl: string, key: Parameters<typeof buildCollector>[0]['key'], lines: string[]) {
  const store = openPostgres(databaseUrl);
  const app = await buildCollector({
    store,
    key,
    origins: [ORIGIN],
    logLevel: 'info',
    logStream: { write: (line: string) => void lines.push(line) },
    batch: { maxBatch: 10, maxWaitMs: 20 },
  });
  const post = async (r: Receipt) => {
    const answer = await app.inject({
      method: 'POST',
      url: '/v1/receipts',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify(r),
    });
    return { status: answer.statusCode, retryAfter: answer.headers['retry-after'] };
  };
  return {
    post,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** Runs `work`, and how many milliseconds it took. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('the bounds on waiting for PostgreSQL', { timeout: 30_000 }, () => {
  it('waits 5 s for a connection and 15 s for a statement, unless --database-url says otherwise', () => {
    const defaults = postgresBounds('postgres://temoin@db.example/temoin');
    assert.equal(defaults.pool.connectionTimeoutMillis, CONNECT_TIMEOUT_S * 1000);
    assert.equal(defaults.pool.connectionTimeoutMillis, 5000);
    assert.equal(defaults.queryTimeoutMs, QUERY_TIMEOUT_MS);
    assert.equal(defaults.pool.keepAlive, true);
    const set = postgresBounds('postgres://temoin@db.example/temoin?connect_timeout=10&query_timeout=30000');
    assert.equal(set.pool.connectionTimeoutMillis, 10_000);
    assert.equal(set.queryTimeoutMs, 30_000);
    // As libpq: 0 waits as long as TCP does, and 1 s is read as 2.
    const none = postgresBounds('postgres://db.example/temoin?connect_timeout=0&query_timeout=0');
    assert.equal(none.pool.connectionTimeoutMillis, 0);
    assert.equal(none.queryTimeoutMs, UNBOUNDED);
    assert.equal(postgresBounds('postgres://db.example/temoin?connect_timeout=1').pool.connectionTimeoutMillis, 2000);
    for (const [query, message] of [
      [
        'connect_timeout=5s',
        /^connect_timeout=5s in --database-url is not a whole number of seconds: give one, e.g. connect_timeout=10 \(0 for no bound\)$/,
      ],
      ['query_timeout=-1', /^query_timeout=-1 in --database-url is not a whole number of milliseconds/],
      ['query_timeout=', /^query_timeout= in --database-url is not a whole number/],
    ] as const)
      assert.throws(() => postgresBounds(`postgres://db.example/temoin?${query}`), { message });
  });

  it("takes libpq's PGCONNECT_TIMEOUT when the URL sets no connect_timeout, as libpq does (pg does not read it)", () => {
    const connectMs = (url: string, PGCONNECT_TIMEOUT?: string) =>
      postgresBounds(url, { PGCONNECT_TIMEOUT }).pool.connectionTimeoutMillis;
    assert.equal(connectMs('postgres://db.example/temoin', '8'), 8000);
    assert.equal(connectMs('postgres://db.example/temoin?connect_timeout=3', '8'), 3000, 'the URL first');
    assert.equal(connectMs('postgres://db.example/temoin', '1'), 2000);
    assert.equal(connectMs('postgres://db.example/temoin', '0'), 0);
    // Set empty, as unset: pg reads its variables so.
    assert.equal(connectMs('postgres://db.example/temoin', ''), 5000);
    // pg reads a socket's path too: no URL parameter, the environment still counts.
    assert.equal(connectMs('/var/run/postgresql temoin', '8'), 8000);
    assert.throws(() => connectMs('postgres://db.example/temoin', '5s'), {
      message:
        /^PGCONNECT_TIMEOUT=5s in the environment is not a whole number of seconds: give one, e.g. PGCONNECT_TIMEOUT=10 \(0 for no bound\)$/,
    });
  });

  it('a bound that is not a number stops the collector (78), naming it and the fix', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-bounds-'));
    try {
      const url = `${databaseUrlOf('temoin')}?connect_timeout=ten`;
      const ran = await temoin(
        ['collector', '--port', String(await freePort()), '--origin', ORIGIN, '--database-url', url],
        {
          cwd: dir,
        },
      );
      assert.equal(ran.code, 78, ran.stderr);
      assert.match(ran.stderr, /connect_timeout=ten in --database-url is not a whole number of seconds: give one/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads pg's timeouts as unavailable for now", () => {
    const error = (message: string) => new Error(message);
    for (const [message, code] of [
      ['Connection terminated due to connection timeout', 'PG_CONNECT_TIMEOUT'],
      ['timeout expired', 'PG_CONNECT_TIMEOUT'],
      ['timeout exceeded when trying to connect', 'PG_POOL_TIMEOUT'],
      ['Query read timeout', 'PG_QUERY_TIMEOUT'],
      ['Connection terminated unexpectedly', 'none'],
    ] as const)
      assert.equal(unavailability('postgres', error(message))?.code, code, message);
    assert.equal(unavailability('sqlite', error('Query read timeout')), null);
  });
});

describe("PostgreSQL's host down when the collector starts (a black hole)", { timeout: 60_000 }, () => {
  it('exits 75 within connect_timeout (5 s unless the URL or PGCONNECT_TIMEOUT says), not after TCP gives up', async () => {
    const hole = await relay(new URL(databaseUrlOf('temoin')));
    hole.silence();
    const dir = await mkdtemp(join(tmpdir(), 'temoin-down-'));
    try {
      const cases: [Record<string, string>, number, Record<string, string>?][] = [
        [{}, 5000],
        [{ connect_timeout: '2' }, 2000],
        // libpq's variable, which pg itself does not read: longer than the default, to tell them apart.
        [{}, 8000, { PGCONNECT_TIMEOUT: '8' }],
        [{ connect_timeout: '2' }, 2000, { PGCONNECT_TIMEOUT: '8' }],
      ];
      // All at once: each only waits on its bound (17 s one after the other, 8 s together).
      const ports: number[] = [];
      for (const _ of cases) ports.push(await freePort());
      const runs = await Promise.all(
        cases.map(([params, , env], i) =>
          timed(() =>
            temoin(
              [
                'collector',
                '--port',
                String(ports[i]),
                '--origin',
                ORIGIN,
                '--database-url',
                throughRelay(databaseUrlOf('temoin'), hole, params),
              ],
              { cwd: dir, env: { PGCONNECT_TIMEOUT: '', ...env } },
            ),
          ),
        ),
      );
      for (const [i, { result: ran, ms }] of runs.entries()) {
        const boundMs = cases[i]![1];
        assert.equal(ran.code, 75, ran.stderr);
        assert.match(
          ran.stderr,
          /cannot open the PostgreSQL database .*: Connection terminated due to connection timeout\. .*The database is unavailable for now \(PG_CONNECT_TIMEOUT\): exiting 75/,
        );
        // Node's own start included: the bound, and not much more.
        assert.ok(ms >= boundMs && ms < boundMs + 6000, `${ms.toFixed(0)} ms for a bound of ${boundMs} ms`);
      }
    } finally {
      await hole.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Side by side: each has a database and a relay of its own, and mostly waits on a bound.
describe("PostgreSQL's host going silent while the collector runs", { timeout: 60_000, concurrency: true }, () => {
  it('a statement on a connection gone silent fails within 15 s, unavailable for now, and the next one reconnects', async () => {
    const f = await freshStore('postgres');
    const hole = await relay(new URL(f.location.databaseUrl!));
    const store = openPostgres(throughRelay(f.location.databaseUrl!, hole));
    try {
      await store.head();
      hole.silence();
      const { result: error, ms } = await timed(() =>
        store.head().then(
          () => null,
          (e: unknown) => e,
        ),
      );
      assert.equal(unavailability('postgres', error)?.code, 'PG_QUERY_TIMEOUT', String(error));
      assert.ok(ms >= QUERY_TIMEOUT_MS - 50 && ms < QUERY_TIMEOUT_MS + 3000, `${ms.toFixed(0)} ms`);
      hole.open();
      // The silent connection was ended, not given back to the pool: the next statement gets a new one.
      const again = await timed(() => store.head());
      assert.ok(again.ms < 3000, `${again.ms.toFixed(0)} ms`);
    } finally {
      await store.close();
      await hole.close();
      await f.drop();
    }
  });

  it('answers 503 with Retry-After within the bounds the URL sets, and takes receipts again once the host is back', async () => {
    const f = await freshStore('postgres');
    const hole = await relay(new URL(f.location.databaseUrl!));
    const lines: string[] = [];
    const url = throughRelay(f.location.databaseUrl!, hole, { connect_timeout: '2', query_timeout: '1500' });
    const c = await collectorOn(url, f.key, lines);
    try {
      assert.equal((await c.post(receipt())).status, 201);
      hole.silence();
      // The pool's idle connection gone silent mid-request, then new ones never answered.
      const first = await timed(() => Promise.all([receipt(), receipt(), receipt()].map(c.post)));
      assert.deepEqual(
        first.result.map((answer) => [answer.status, answer.retryAfter]),
        [
          [503, '5'],
          [503, '5'],
          [503, '5'],
        ],
      );
      assert.ok(first.ms >= 1400 && first.ms < 5000, `${first.ms.toFixed(0)} ms`);
      const next = await timed(() => c.post(receipt()));
      assert.equal(next.result.status, 503);
      assert.ok(next.ms >= 1900 && next.ms < 5000, `${next.ms.toFixed(0)} ms`);
      const codes = new Set(parsed(lines).flatMap((line) => (line.res?.statusCode == 503 ? [line.driverCode] : [])));
      assert.ok(codes.has('PG_CONNECT_TIMEOUT'), [...codes].join());
      for (const code of codes) assert.match(code!, /^PG_(QUERY|CONNECT)_TIMEOUT$/);
      hole.open();
      const back = await timed(() => Promise.all([receipt(), receipt()].map(c.post)));
      assert.deepEqual(
        back.result.map((answer) => answer.status),
        [201, 201],
      );
      assert.ok(back.ms < 3000, `${back.ms.toFixed(0)} ms`);
      assert.equal(Number((await f.sql('SELECT COUNT(*) AS n FROM receipts'))[0]!.n), 3);
      assert.equal((await verifyChain(f.store)).ok, true);
    } finally {
      await c.close();
      await hole.close();
      await f.drop();
    }
  });
});

describe('a PostgreSQL connection lost while idle', { timeout: 30_000 }, () => {
  it('leaves no statement running on the server once its bound has passed: the server bounds it too', async () => {
    const f = await freshStore('postgres');
    const name = `${process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_'}locked`;
    const url = new URL(f.location.databaseUrl!);
    url.searchParams.set('application_name', name);
    url.searchParams.set('query_timeout', '1000');
    const holder = new pg.Client({ connectionString: f.location.databaseUrl! });
    await holder.connect();
    const store = openPostgres(url.href);
    try {
      // As a VACUUM FULL after an erasure does, for minutes.
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE chain_head IN ACCESS EXCLUSIVE MODE');
      for (let i = 0; i < 3; i++)
        await assert.rejects(store.head(), (e) => unavailability('postgres', e) != null, 'unavailable for now');
      // Before, pg's bound dropped each connection and its statement waited on: one backend per 503.
      const running = async () =>
        (
          await f.sql(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state = 'active'",
            [name],
          )
        )[0]!.n;
      await eventually(async () => (await running()) == 0, 'no statement left running', 3000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      await store.close();
      await f.drop();
    }
  });

  it("is one line of the collector's log with the driver's code, not a raw line on stderr", async (t) => {
    const f = await freshStore('postgres');
    const name = `${process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_'}idle`;
    const url = new URL(f.location.databaseUrl!);
    url.searchParams.set('application_name', name);
    const lines: string[] = [];
    const stderr = t.mock.method(console, 'error', () => {});
    const c = await collectorOn(url.href, f.key, lines);
    try {
      assert.equal((await c.post(receipt())).status, 201);
      // The server ends the collector's idle connections, as a restart or an administrator does.
      await f.sql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]);
      const lost = () => parsed(lines).filter((line) => /lost an idle connection/.test(line.msg));
      await eventually(() => Promise.resolve(lost().length > 0), 'the idle connection’s line');
      for (const line of lost()) {
        assert.equal(line.level, 40);
        assert.equal(line.store, 'postgres');
        assert.match(line.driverCode!, /^(57P01|none)$/);
        assert.match(
          line.msg,
          new RegExp(
            `^the postgres store lost an idle connection \\(${line.driverCode!}: .+\\): the next request opens another$`,
          ),
        );
      }
      assert.ok(
        lost().some((line) => line.driverCode == '57P01'),
        'the server said why',
      );
      assert.equal(stderr.mock.callCount(), 0, 'nothing on stderr');
      assert.equal((await c.post(receipt())).status, 201);
    } finally {
      await c.close();
      await f.drop();
    }
  });
});
