// The analysts' side on real SQLite and PostgreSQL: roles, the access log, filters, exports,
// statistics with suppression, and the CLI on a local database and against a remote collector.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createToken, tokenSecret } from '../../src/collector/access.js';
import { toTimeRange } from '../../src/collector/filters.js';
import type { Stats } from '../../src/collector/stats.js';
import type { AccessEntry } from '../../src/collector/store/store.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { temoin } from './cli-run.js';
import { collectorInProcess, eventually, KINDS, receipt } from './support.js';

const run = promisify(execFile);
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;

/** Receipts of one day: `accept` visitors accepting everything, `reject` refusing, in a language. */
const day = (date: string, accept: number, reject: number, language: 'fr' | 'en' = 'fr', revision = 1): Receipt[] => [
  ...Array.from({ length: accept }, (_, i) =>
    receipt({ timestamp: `${date}T10:00:0${i % 10}.000Z`, language, revision }),
  ),
  ...Array.from({ length: reject }, (_, i) => {
    const r = receipt({ timestamp: `${date}T11:00:0${i % 10}.000Z`, event: 'refused', language, revision });
    r.purposes[1]!.decision = 'refused';
    return r;
  }),
];

for (const kind of KINDS) {
  describe(`analysts on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let analyst: string;
    let admin: string;
    let seeded: Receipt[];
    const where = () => (c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!]);
    const lastLog = async () => (await c.store.accessLog({ limit: 1 }))[0]!;
    const lastId = async () => (await c.store.accessLog({ limit: 1 }))[0]?.id;
    /** An export's access-log entry is written when its response closes, just after the body is read. */
    const loggedAfter = async (before: number | undefined) => {
      await eventually(async () => (await lastId()) !== before, 'the access-log entry of the export');
      return lastLog();
    };

    before(async () => {
      c = await collectorInProcess(kind);
      analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
      admin = (await createToken(c.store, 'Ad Min', 'admin')).token;
      // 23 November: 7 decisions (3 accept, 4 refuse); 24 November: 3 decisions; 25: 6 in English, revision 2.
      seeded = [...day('2026-11-23', 3, 4), ...day('2026-11-24', 1, 2), ...day('2026-11-25', 6, 0, 'en', 2)];
      for (const r of seeded) assert.equal((await c.post(r)).status, 201);
    });
    after(() => c.close());

    it('needs a token for everything but ingest, and the right role', async () => {
      const missing = await c.get('/v1/receipts');
      assert.equal(missing.status, 401);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
      assert.equal(((await missing.json()) as { code: string }).code, 'TEMOIN_ERR_TOKEN_MISSING');
      const wrong = await c.get('/v1/receipts', 'tmn_not-a-token');
      assert.equal(wrong.status, 401);
      assert.deepEqual(await wrong.json(), {
        error: 'this token is unknown or revoked',
        code: 'TEMOIN_ERR_TOKEN_REFUSED',
      });
      const forbidden = await c.get('/v1/access-log', analyst);
      assert.equal(forbidden.status, 403);
      const refusal = (await forbidden.json()) as { error: string; code: string };
      assert.match(refusal.error, /needs the admin role; the token "Ana Lyste" is analyst/);
      assert.equal(refusal.code, 'TEMOIN_ERR_ROLE');
      assert.equal((await c.get('/v1/access-log', admin)).status, 200);
      assert.equal((await c.get('/v1/stats', admin)).status, 200, 'an admin may do what an analyst may');
    });

    it('refuses a revoked token at once', async () => {
      const made = await createToken(c.store, 'Temporaire', 'analyst');
      assert.equal((await c.get('/v1/verify', made.token)).status, 200);
      assert.ok(await c.store.revokeToken(made.id, new Date().toISOString()));
      assert.equal((await c.get('/v1/verify', made.token)).status, 401);
    });

    it('exports as JSON lines, with the chain, and logs the read with its row count', async () => {
      const before = await lastId();
      const response = await c.get('/v1/receipts?from=2026-11-23&to=2026-11-24', analyst);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, /application\/x-ndjson/);
      const lines = (await response.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { seq: number; hash: string; receipt: Receipt });
      assert.equal(lines.length, 7);
      assert.deepEqual(
        lines.map((l) => l.receipt.receiptId).sort(),
        seeded
          .slice(0, 7)
          .map((r) => r.receiptId)
          .sort(),
      );
      assert.match(lines[0]!.hash, /^[0-9a-f]{64}$/);
      const entry = await loggedAfter(before);
      assert.deepEqual(
        { actor: entry.actor, action: entry.action, rows: entry.rows },
        { actor: 'Ana Lyste', action: 'GET /v1/receipts', rows: 7 },
      );
      assert.deepEqual(entry.filters, {
        from: '2026-11-23T00:00:00.000Z',
        to: '2026-11-24T00:00:00.000Z',
        format: 'jsonl',
      });
    });

    it('exports as CSV with one row per receipt', async () => {
      const before = await lastId();
      const text = await (await c.get('/v1/receipts?format=csv&event=refused', analyst)).text();
      const rows = text.trim().split('\n');
      assert.match(rows[0]!, /^seq,receipt_id,received_at,timestamp,event,principal,/);
      assert.equal(rows.length, 1 + 6);
      assert.ok(rows.slice(1).every((r) => r.includes(',refused,')));
      assert.equal((await loggedAfter(before)).rows, 6);
    });

    it('filters by category and decision, revision, and one visitor', async () => {
      const count = async (query: string) =>
        (await (await c.get(`/v1/receipts?${query}`, analyst)).text()).trim().split('\n').filter(Boolean).length;
      assert.equal(await count('category=analytics'), 10);
      assert.equal(await count('category=analytics&decision=refused'), 6);
      assert.equal(await count('revision=2'), 6);
      assert.equal(await count(`principal=${seeded[4]!.principal}`), 1);
      assert.equal(await count(`principal=${randomUUID()}`), 0);
      // The short id the dashboard shows, in either case, and any longer start of the id.
      const id = seeded[4]!.principal;
      assert.equal(await count(`principal=${id.slice(0, 8).toUpperCase()}`), 1);
      assert.equal(await count(`principal=${id.slice(0, 13)}`), 1);
      assert.equal(await count(`principal=${id.slice(0, 8) == '00000000' ? 'ffffffff' : '00000000'}`), 0);
    });

    it('answers one receipt, or one visitor’s, for an access request', async () => {
      const r = seeded[0]!;
      const one = (await (await c.get(`/v1/receipts/${r.receiptId}`, analyst)).json()) as {
        seq: number;
        receipt: Receipt;
      };
      assert.deepEqual(one.receipt, JSON.parse(JSON.stringify(r)) as Receipt);
      // Its own entry, not the newest: the last export of the test before logs when its response
      // closes, and may come after this read's (CI saw it).
      const rowsRead = async () =>
        (await c.store.accessLog({ limit: 20 })).find((entry) => entry.action == 'GET /v1/receipts/:receiptId')?.rows;
      await eventually(async () => (await rowsRead()) === 1, 'the read of one receipt, logged');
      assert.equal((await c.get(`/v1/receipts/${randomUUID()}`, analyst)).status, 404);
      await eventually(async () => (await rowsRead()) === 0, 'a miss is a read too');
    });

    it('names what is wrong in a query', async () => {
      const error = async (query: string) => {
        const response = await c.get(`/v1/receipts?${query}`, analyst);
        assert.equal(response.status, 400, query);
        const { error, code } = (await response.json()) as { error: string; code: string };
        assert.equal(code, 'TEMOIN_ERR_INVALID_QUERY', query);
        return error;
      };
      assert.match(
        await error('from=yesterday'),
        /from must be a date \(2026-11-23\) or an ISO 8601 time, not "yesterday"/,
      );
      // A day the calendar lacks is refused, never read as another one (2026-02-30 as 2 March).
      assert.match(
        await error('to=2026-02-30'),
        /to must be a date \(2026-11-23\) or an ISO 8601 time, not "2026-02-30"/,
      );
      assert.match(await error('from=2025-02-29T10:00:00Z'), /from must be a date/);
      assert.match(await error('to=2026-11-23T24:00:00Z'), /to must be a date/);
      // A time without offset is UTC, whatever the collector's host zone.
      const zone = process.env.TZ;
      process.env.TZ = 'America/Toronto';
      try {
        assert.deepEqual(toTimeRange({ from: '2026-11-23T10:00' }), { from: '2026-11-23T10:00:00.000Z' });
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
      assert.match(await error('catgory=analytics'), /unknown parameter catgory/);
      assert.match(await error('event=maybe'), /event must be one of given, refused/);
      assert.match(await error('decision=granted'), /decision needs category: the decision on which category/);
      assert.match(await error('format=xml'), /format must be jsonl or csv/);
      assert.match(await error('principal=42'), /principal must be a visitor's UUID or its first 8 characters/);
      assert.match(
        await error('principal=abcd%25'),
        /principal must be a visitor's UUID/,
        'no LIKE wildcard gets through',
      );
    });

    it('counts decisions per day and suppresses cells under the minimum', async () => {
      const stats = (await (await c.get('/v1/stats?from=2026-11-23&to=2026-11-26', analyst)).json()) as Stats;
      assert.deepEqual(stats.categories, ['analytics']);
      // 1.0 receipts have no decision per service: each follows its category.
      assert.deepEqual(stats.services, ['analytics/matomo']);
      const [d23, d24, d25] = stats.buckets;
      assert.deepEqual(d23, {
        start: '2026-11-23',
        suppressed: false,
        decisions: 7,
        events: { given: null, refused: null, updated: 0, withdrawn: 0, expired: 0 },
        acceptance: { analytics: null },
        serviceAcceptance: { 'analytics/matomo': null },
        acceptAll: null,
        rejectAll: null,
        gpc: 0,
      });
      assert.deepEqual(d24, { start: '2026-11-24', suppressed: true }, 'three decisions: nothing shown');
      assert.deepEqual(d25, {
        start: '2026-11-25',
        suppressed: false,
        decisions: 6,
        events: { given: 6, refused: 0, updated: 0, withdrawn: 0, expired: 0 },
        acceptance: { analytics: 1 },
        serviceAcceptance: { 'analytics/matomo': 1 },
        acceptAll: 1,
        rejectAll: 0,
        gpc: 0,
      });
      assert.equal((await lastLog()).rows, 16);
      const weekly = (await (await c.get('/v1/stats?interval=week&by=language', analyst)).json()) as Stats;
      assert.deepEqual(
        weekly.buckets.map((b) => [b.start, b.group, b.decisions]),
        [
          ['2026-11-23', 'en', 6],
          ['2026-11-23', 'fr', 10],
        ],
      );
      // 4 of 10 accepted analytics: a count of 4 is suppressed, and so is the share that gives it away;
      // 6 of 10 rejected all, which gives away the 4 who did not.
      assert.equal(weekly.buckets[1]!.acceptance!.analytics, null);
      assert.equal(weekly.buckets[1]!.rejectAll, null);
      assert.equal((await c.get('/v1/stats?min=2', analyst)).status, 400, 'the minimum cannot be lowered');
    });

    it('shows admins who read what', async () => {
      const { entries } = (await (await c.get('/v1/access-log?limit=500', admin)).json()) as { entries: AccessEntry[] };
      assert.ok(entries.some((e) => e.actor == 'Ana Lyste' && e.action == 'GET /v1/stats'));
      assert.ok(entries.every((e) => e.at && typeof e.rows == 'number'));
    });

    it('the CLI makes, lists and revokes tokens; the token is printed once and only its hash kept', async () => {
      const made = await run('node', [
        bin,
        'token',
        'create',
        '--name',
        'Équipe données',
        '--role',
        'admin',
        ...where(),
      ]);
      const token = made.stdout.trim();
      assert.match(token, /^tmn_[\w-]{43}$/);
      assert.match(made.stderr, /for "Équipe données" \(admin\); it is shown only now/);
      const stored = JSON.stringify(await c.sql('SELECT * FROM tokens'));
      assert.ok(!stored.includes(token), 'the token itself is not stored');
      const list = JSON.parse((await run('node', [bin, 'token', 'list', '--json', ...where()])).stdout) as {
        id: string;
        name: string;
      }[];
      const id = list.find((t) => t.name == 'Équipe données')!.id;
      assert.equal((await c.get('/v1/access-log', token)).status, 200);
      const revoked = await run('node', [bin, 'token', 'revoke', id, ...where()]);
      assert.equal(revoked.stdout, `token ${id} revoked\n`);
      assert.equal((await c.get('/v1/access-log', token)).status, 401);
      const { revokedAt } = (await c.store.tokens()).find((t) => t.id == id)!;
      const again = await run('node', [bin, 'token', 'revoke', id, ...where()]);
      assert.equal(again.stdout, `token ${id} was already revoked on ${revokedAt}; nothing changed\n`);
      assert.deepEqual(
        (await c.store.tokens()).filter((t) => t.id == id).map((t) => t.revokedAt),
        [revokedAt],
        'the first revocation time is kept',
      );
      // A token pasted instead of its id is never printed back.
      for (const [given, said] of [
        [token, /that is a token itself, not its id .*give the 12-character id from `temoin token list`/],
        [token.slice(4), /that is not a token id: give the 12-character id from `temoin token list`/],
        ['0123456789ab', /no token 0123456789ab: give the 12-character id from `temoin token list`/],
      ] as const) {
        const refused = await temoin(['token', 'revoke', given, ...where()]);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, said);
        if (given != '0123456789ab') assert.ok(!refused.stderr.includes(given.slice(4)), 'the secret is not echoed');
      }
      const bad = await run('node', [bin, 'token', 'create', '--name', 'x', '--role', 'boss', ...where()]).then(
        () => null,
        (e: unknown) => e as { stderr: string },
      );
      assert.match(bad!.stderr, /Allowed choices are analyst, admin/);
    });

    it('the CLI exports from the database with progress on stderr, and logs who ran it', async () => {
      const { stdout, stderr } = await run('node', [bin, 'receipts', 'export', '--category', 'analytics', ...where()]);
      const lines = stdout.trim().split('\n');
      assert.equal(lines.length, 10);
      assert.ok(
        lines.every((l) => (JSON.parse(l) as { receipt: { version: string } }).receipt.version === '1.0'),
        'stdout holds only JSON lines',
      );
      assert.match(stderr, /exported 10 receipts/);
      const entry = await lastLog();
      assert.deepEqual(
        [entry.actor, entry.action, entry.rows],
        [`cli:${userInfo().username}`, 'temoin receipts export', 10],
      );
    });

    it('the CLI says when a --category that matched nothing is named by no receipt or config', async () => {
      const typo = await temoin(['receipts', 'export', '--category', 'analytic', ...where()]);
      assert.equal(typo.code, 0, typo.stderr);
      assert.equal(typo.stdout, '');
      assert.match(
        typo.stderr,
        /^exported 0 receipts\ntemoin: no stored receipt counts a choice on category "analytic" and no stored config names it: check the id \(known: analytics\)\n$/,
      );
      const none = await temoin(['receipts', 'export', '--category', 'analytics', '--from', '2030-01-01', ...where()]);
      assert.match(none.stderr, /^exported 0 receipts decided from .*\n$/, 'a known category: no hint');
    });

    it('the CLI reads a remote collector with a token, as tables or JSON', async () => {
      const url = await c.listen();
      const remote = ['--url', url, '--token', analyst];
      const csv = await run('node', [bin, 'receipts', 'export', '--format', 'csv', '--revision', '2', ...remote]);
      assert.equal(csv.stdout.trim().split('\n').length, 7);
      assert.match(csv.stderr, /exported 6 receipts/);
      const table = (await run('node', [bin, 'stats', '--from', '2026-11-23', '--to', '2026-11-26', ...remote])).stdout;
      assert.match(table, /^day \(UTC\)\s+decisions\s+analytics\s+accept all\s+reject all\s+GPC/);
      assert.match(table, /2026-11-24\s+< 5/);
      assert.match(table, /2026-11-25\s+6\s+100\.0 %/);
      const json = JSON.parse(
        (await run('node', [bin, 'stats', '--json', '--by', 'revision', ...remote])).stdout,
      ) as Stats;
      assert.equal(json.by, 'revision');
      const denied = await run('node', [bin, 'access-log', ...remote]).then(
        () => null,
        (e: unknown) => e as { code: number; stderr: string },
      );
      assert.equal(denied?.code, 2);
      assert.match(denied.stderr, /403 this needs the admin role/);
      const log = (await run('node', [bin, 'access-log', '--url', url, '--token', admin])).stdout;
      assert.match(log, /^at \(UTC\)\s+who\s+what\s+filters\s+rows/);
      assert.match(log, /Ana Lyste\s+GET \/v1\/stats/);
    });
  });
}

describe('token secrets', () => {
  it('never start with "-": pasted alone, one would be read as an option and printed back', () => {
    // One in 64 did; 4,000 make a miss unlikely beyond 10^-27.
    const secrets = Array.from({ length: 4000 }, tokenSecret);
    assert.deepEqual(
      secrets.filter((s) => s.startsWith('-')),
      [],
    );
    assert.ok(
      secrets.every((s) => /^[\w-]{43}$/.test(s)),
      '256 bits, base64url',
    );
  });
});
