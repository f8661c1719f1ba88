// What hostile input found, kept fixed: text the stores cannot keep alike, ids and times in more
// than one spelling, a revision past the INTEGER column, proxies that lift the rate limit, bodies
// trickled for ever, refused attempts that left no trace, query strings in the process log.
// Each case runs against real SQLite and PostgreSQL, in process unless it needs the network.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { parseTrustedProxies } from '../../src/collector/proxy.js';
import { redactedUrl } from '../../src/collector/request-log.js';
import { chainHash } from '../../src/collector/chain.js';
import type { AccessEntry } from '../../src/collector/store/store.js';
import { collectorInProcess, KINDS, receipt, startCollector } from './support.js';

type Collector = Awaited<ReturnType<typeof startCollector>>;

/** POSTs a receipt through a pretend reverse proxy that appends what it saw to X-Forwarded-For. */
const viaProxy = (c: Collector, forwardedFor: string) =>
  fetch(`${c.url}/v1/receipts`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'https://www.ville-demo.test',
      'x-forwarded-for': forwardedFor,
    },
    body: JSON.stringify(receipt()),
  });

/** Sends headers announcing a body, then a byte every `every` ms; resolves with the first answer line. */
function trickle(url: string, every: number, giveUpAfter: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    const timer = setInterval(() => socket.write('{'), every);
    const done = (line: string) => {
      clearInterval(timer);
      clearTimeout(limit);
      socket.destroy();
      resolve(line);
    };
    const limit = setTimeout(() => done('(no answer)'), giveUpAfter);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.split('\r\n')[0]!);
    });
    socket.on('error', () => done(answer.split('\r\n')[0] || '(connection error)'));
    socket.write(
      `POST /v1/receipts HTTP/1.1\r\nHost: ${hostname}\r\nOrigin: https://www.ville-demo.test\r\n` +
        'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n',
    );
  });
}

describe('--trust-proxy values', () => {
  it('takes a hop count or addresses, and refuses "trust everything"', () => {
    assert.equal(parseTrustedProxies('1'), 1);
    assert.deepEqual(parseTrustedProxies('10.0.0.5, 10.1.0.0/16,::1,loopback'), [
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
    for (const bad of ['true', '', '0', 'nginx', '10.0.0.300', '10.0.0.0/33']) {
      assert.throws(() => parseTrustedProxies(bad), /number of proxies in front of the collector/, bad);
    }
  });
});

describe('the process log', () => {
  it('keeps no token, visitor id or receipt id from a URL', () => {
    const principal = randomUUID();
    const logged = redactedUrl(`/v1/receipts?token=tmn_secret&principal=${principal}&category=analytics&format=csv`);
    assert.equal(logged, '/v1/receipts?token=…&principal=…&category=analytics&format=csv');
    assert.equal(redactedUrl(`/v1/receipts/${principal}?x=1`), '/v1/receipts/…?x=…');
  });
});

for (const kind of KINDS) {
  describe(`hardened collector on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let analyst: string;
    const lines: string[] = [];
    before(async () => {
      c = await collectorInProcess(kind, {
        logLevel: 'info',
        logStream: { write: (line: string) => void lines.push(line) },
      });
      analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
    });
    after(() => c.close());

    const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

    it('refuses text the stores cannot keep alike, naming the field', async () => {
      const cases: [string, (r: ReturnType<typeof receipt>, text: string) => void][] = [
        ['body/controller/name', (r, t) => (r.controller.name = t)],
        ['body/purposes/1/title', (r, t) => (r.purposes[1]!.title = t)],
        ['body/purposes/1/services/0/purpose', (r, t) => (r.purposes[1]!.services[0]!.purpose = t)],
      ];
      const before = await c.count();
      for (const [path, set] of cases) {
        for (const text of ['a\u0000b', 'a\ud800b', '\udc00', 'x\u001by']) {
          const r = receipt();
          set(r, text);
          const response = await c.post(r);
          assert.equal(response.status, 400, `${path} = ${JSON.stringify(text)}`);
          assert.match(await errorOf(response), new RegExp(`${path} holds a control character or a lone surrogate`));
        }
      }
      const ok = receipt();
      ok.controller.name = 'Ville de Démo 🏙️\tQuébec\n';
      assert.equal((await c.post(ok)).status, 201, 'emoji (a surrogate pair), tab and line feed are fine');
      assert.equal(await c.count(), before + 1);
    });

    it('answers every read even over text stored before such receipts were refused', async () => {
      // A row as an older collector stored it: U+0000 and a lone surrogate, chained like any other.
      const poisoned = receipt();
      poisoned.controller.name = 'a\u0000b\ud800';
      assert.equal((await c.post(receipt())).status, 201);
      const [head] = await c.sql('SELECT seq, hash FROM chain_head');
      const body = JSON.stringify(poisoned);
      await c.sql(
        `INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          Number(head!.seq) + 1,
          poisoned.receiptId,
          new Date().toISOString(),
          'https://www.ville-demo.test',
          poisoned.principal,
          'given',
          poisoned.timestamp,
          1,
          body,
          head!.hash,
          chainHash(String(head!.hash), body),
          'x',
        ],
      );
      await c.sql('UPDATE chain_head SET seq = $1, hash = $2', [
        Number(head!.seq) + 1,
        chainHash(String(head!.hash), body),
      ]);
      for (const path of [
        '/v1/receipts?category=analytics',
        '/v1/receipts?category=analytics&format=csv',
        '/v1/receipts?newest=5',
        '/v1/receipts?newest=5&category=analytics&decision=granted',
        `/v1/receipts?principal=${poisoned.principal}`,
        `/v1/receipts/${poisoned.receiptId}`,
        '/v1/stats',
      ]) {
        const response = await c.get(path, analyst);
        assert.equal(response.status, 200, path);
        await response.text();
      }
      const exported = await (await c.get('/v1/receipts?category=analytics', analyst)).text();
      assert.ok(exported.includes(poisoned.receiptId), 'the old row is still found by its category');
    });

    it('answers 400, never 500, to a receipt id that is not a UUID', async () => {
      for (const id of ['a%00b', 'x', '%F0%9F%8F%99']) {
        assert.equal((await c.get(`/v1/receipts/${id}`, analyst)).status, 400, id);
      }
      const r = receipt();
      await c.post(r);
      assert.equal(
        (await c.get(`/v1/receipts/${r.receiptId.toUpperCase()}`, analyst)).status,
        200,
        'an id is found whatever its case',
      );
    });

    it('holds any revision up to 2^31 - 1, one bound on both stores', async () => {
      const highest = receipt({ revision: 2 ** 31 - 1 });
      assert.equal((await c.post(highest)).status, 201);
      const found = await c.get(`/v1/receipts?revision=${2 ** 31 - 1}`, analyst);
      assert.equal(found.status, 200);
      assert.ok((await found.text()).includes(highest.receiptId));
      const over = await c.post(receipt({ revision: 2 ** 31 }));
      assert.equal(over.status, 400);
      assert.match(await errorOf(over), /revision must be <= 2147483647/);
    });

    it('accepts ids and times only in the one spelling the SDK writes', async () => {
      const id = randomUUID();
      const spellings: [string, Partial<ReturnType<typeof receipt>>][] = [
        ['receiptId', { receiptId: id.toUpperCase() }],
        ['receiptId', { receiptId: `urn:uuid:${id}` }],
        ['principal', { principal: randomUUID().toUpperCase() }],
        ['previousReceiptId', { previousReceiptId: `{${id}}` }],
        ['timestamp', { timestamp: '2026-11-23T10:00:00.000+02:00' }],
        ['timestamp', { timestamp: '2026-11-23 10:00:00.000Z' }],
        ['timestamp', { timestamp: '2026-11-23T10:00:00Z' }],
        ['validUntil', { validUntil: '2027-11-23T10:00:00.000z' }],
      ];
      const before = await c.count();
      for (const [field, overrides] of spellings) {
        const response = await c.post(receipt(overrides));
        assert.equal(response.status, 400, JSON.stringify(overrides));
        assert.match(await errorOf(response), new RegExp(`body/${field}`));
      }
      assert.equal(await c.count(), before);
    });

    it('refuses a body that is not valid UTF-8 instead of storing U+FFFD', async () => {
      const text = JSON.stringify(receipt({ controller: { name: 'Ville de D__mo' } }));
      const bytes = Buffer.from(text);
      const at = bytes.indexOf('__');
      bytes[at] = 0xc3; // an é cut in half: 0xC3 then an ASCII byte
      const response = await c.post(null, { raw: bytes });
      assert.equal(response.status, 400);
      assert.match(await errorOf(response), /not valid UTF-8/);
    });

    it('answers the API with nosniff and no-store, and reads the bearer scheme in any case', async () => {
      const posted = await c.post(receipt());
      for (const response of [posted, await c.get('/v1/keys'), await c.get('/v1/me', analyst)]) {
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(response.headers.get('cache-control'), 'no-store');
      }
      for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
        const response = await c.request('/v1/me', { headers: { authorization: `${scheme} ${analyst}` } });
        assert.equal(response.status, 200, scheme);
      }
    });

    it('logs every refused attempt with the token id when it names one, and the reason', async () => {
      const admin = await createToken(c.store, 'Ad Min', 'admin');
      const revoked = await createToken(c.store, 'Ex Employé', 'analyst');
      await c.store.revokeToken(revoked.id, new Date().toISOString());
      const attempts: [string | undefined, string, number][] = [
        [undefined, '/v1/receipts', 401],
        ['tmn_nothing-like-a-token', '/v1/stats', 401],
        [revoked.token, '/v1/receipts?category=analytics', 401],
        [analyst, '/v1/access-log', 403],
      ];
      for (const [token, path, status] of attempts) assert.equal((await c.get(path, token)).status, status, path);
      const { entries } = (await (await c.get('/v1/access-log?limit=5', admin.token)).json()) as {
        entries: AccessEntry[];
      };
      const refused = entries
        .filter((e) => e.refused)
        .reverse()
        .map((e) => [e.tokenId, e.action, e.refused]);
      const analystId = (await c.store.tokens()).find((t) => t.name == 'Ana Lyste')!.id;
      assert.deepEqual(refused, [
        [null, 'GET /v1/receipts', 'no token'],
        [null, 'GET /v1/stats', 'unknown token'],
        [revoked.id, 'GET /v1/receipts', 'revoked token'],
        [analystId, 'GET /v1/access-log', 'needs the admin role'],
      ]);
    });

    it('writes refusals that name no token up to a cap a minute, so a flood cannot fill the disk', async () => {
      const admin = await createToken(c.store, 'Ad Min 2', 'admin');
      await Promise.all(Array.from({ length: 250 }, () => c.get('/v1/stats', 'tmn_flood')));
      const { entries } = (await (await c.get('/v1/access-log?limit=1000', admin.token)).json()) as {
        entries: AccessEntry[];
      };
      const flood = entries.filter((e) => e.refused == 'unknown token' && e.action == 'GET /v1/stats').length;
      // 100 a minute; 250 requests may straddle two minutes.
      assert.ok(flood >= 99 && flood <= 200, `${flood} rows for 250 refusals`);
    });

    it('writes no token or visitor id from a query string to the process log', async () => {
      const principal = randomUUID();
      const read = await c.get(`/v1/receipts?principal=${principal}&token=tmn_leaked`, analyst);
      // A mistyped route too: Fastify's own 404 would log the URL as it came.
      const missing = await c.get(`/v1/receipt?principal=${principal}&token=tmn_leaked`, analyst);
      assert.equal(missing.status, 404);
      assert.ok(!(await missing.text()).includes(principal));
      const log = lines.join('');
      assert.ok(log.includes('/v1/receipts?principal=…&token=…'), 'the request is logged, redacted');
      const logged = log.split('\n').filter((line) => line.includes('"url":"/v1/receipts?principal=…&token=…"'));
      assert.equal(logged.length, 1, 'one line a request');
      assert.match(logged[0]!, new RegExp(`"statusCode":${read.status}\\b.*"responseTime":`), 'written once answered');
      assert.ok(
        !log.includes(principal) && !log.includes('tmn_'),
        'neither the visitor id nor the token is in the log',
      );
    });

    it("logs a refused receipt's code and reason in its one line, never its body or an id", async () => {
      const stored = receipt();
      assert.equal((await c.post(stored)).status, 201);
      const other = receipt({ receiptId: stored.receiptId, principal: randomUUID() });
      const cases: [string, Response, string, RegExp][] = [
        [
          'invalid',
          await c.post(receipt({ event: 'lost' as 'given' })),
          'TEMOIN_ERR_INVALID_RECEIPT',
          /^refused \(TEMOIN_ERR_INVALID_RECEIPT\): invalid receipt: body\/event must be equal to one of the allowed values$/,
        ],
        [
          'conflict',
          await c.post(other),
          'TEMOIN_ERR_RECEIPT_CONFLICT',
          /^refused \(TEMOIN_ERR_RECEIPT_CONFLICT\): receipt … is already stored with different content$/,
        ],
        [
          'not JSON',
          // V8 quotes the text it could not parse (here, the start of a visitor's id); Fastify does not.
          await c.post(null, { raw: `? ${other.principal.slice(0, 8)}` }),
          'TEMOIN_ERR_INVALID_BODY',
          /^refused \(TEMOIN_ERR_INVALID_BODY\): Body is not valid JSON/,
        ],
        [
          'origin',
          await c.post(other, { origin: 'https://evil.example' }),
          'TEMOIN_ERR_ORIGIN_REFUSED',
          /^refused \(TEMOIN_ERR_ORIGIN_REFUSED\): origin https:\/\/evil\.example may not send receipts here$/,
        ],
        [
          'not JSON at all',
          await c.post(other, { type: 'text/plain' }),
          'TEMOIN_ERR_UNSUPPORTED_MEDIA_TYPE',
          /^refused \(TEMOIN_ERR_UNSUPPORTED_MEDIA_TYPE\): .*send the body as JSON/,
        ],
      ];
      // Each answer's line is written once it is sent: the last lines, in order.
      const logged = lines
        .slice(-cases.length)
        .map((line) => JSON.parse(line) as { level: number; msg: string; code?: string; res: { statusCode: number } });
      cases.forEach(([what, response, code, message], i) => {
        assert.equal(logged[i]!.res.statusCode, response.status, what);
        assert.ok(response.status >= 400 && response.status < 500, what);
        assert.equal(logged[i]!.code, code, what);
        assert.equal(logged[i]!.level, 30, `${what}: info`);
        assert.match(logged[i]!.msg, message, what);
      });
      const log = lines.slice(-cases.length).join('');
      for (const secret of [stored.receiptId, other.principal, other.principal.slice(0, 8), 'Ville de Démo'])
        assert.ok(!log.includes(secret), `${secret} is not in the log`);
    });
  });

  describe(`collector on ${kind}, flooded`, () => {
    it("logs the rate limit's first refusal, and the others as one count", async () => {
      const lines: string[] = [];
      const c = await collectorInProcess(kind, {
        rateLimit: 2,
        logLevel: 'info',
        logStream: { write: (line: string) => void lines.push(line) },
      });
      const statuses = [];
      try {
        for (let i = 0; i < 12; i++) statuses.push((await c.post(receipt())).status);
        const refusals = lines.filter((line) => line.includes('"statusCode":429'));
        assert.equal(refusals.length, 1, 'the first refusal, as any request is logged');
        assert.match(refusals[0]!, /"url":"\/v1\/receipts"/);
      } finally {
        await c.close();
      }
      assert.deepEqual(statuses, [201, 201, ...Array<number>(10).fill(429)]);
      const counted = lines.filter((line) => line.includes('refused by the rate limit'));
      assert.equal(counted.length, 1, 'one line for the rest, written on stopping at the latest');
      assert.match(
        counted[0]!,
        /"level":40,.*"msg":"9 requests refused by the rate limit \(429\) within 10 s after the first/,
      );
    });
  });

  describe(`collector on ${kind}, timeouts`, () => {
    let c: Collector;
    before(async () => (c = await startCollector(kind, { requestTimeout: 1000 })));
    after(() => c.close());

    it('answers 408 to a body trickled in slower than the request timeout', async () => {
      const started = Date.now();
      const answer = await trickle(c.url, 200, 8000);
      assert.match(answer, /^HTTP\/1\.1 408/);
      assert.ok(Date.now() - started < 5000, `cut off after ${Date.now() - started} ms`);
    });
  });

  describe(`collector on ${kind} behind a proxy`, () => {
    it('counts the address the proxy saw, whatever the visitor writes in X-Forwarded-For (hop count)', async () => {
      const c = await startCollector(kind, { trustProxy: 1, rateLimit: 5 });
      try {
        const statuses = [];
        // As nginx's $proxy_add_x_forwarded_for: the visitor's own header, then the address nginx saw.
        for (let i = 0; i < 8; i++) statuses.push((await viaProxy(c, `198.51.100.${i}, 203.0.113.7`)).status);
        assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
        assert.equal(
          (await viaProxy(c, '198.51.100.1, 203.0.113.8')).status,
          201,
          'another visitor has a limit of their own',
        );
      } finally {
        await c.close();
      }
    });

    it('counts the address past the named proxies', async () => {
      const c = await startCollector(kind, { trustProxy: ['127.0.0.1', '10.0.0.0/8'], rateLimit: 3 });
      try {
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await viaProxy(c, `198.51.100.${i}, 203.0.113.7, 10.0.0.5`)).status);
        assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
      } finally {
        await c.close();
      }
    });
  });
}
