// The collector against a real SQLite file and a real PostgreSQL database, the same suite for
// both: in process (inject), and over real HTTP on loopback where the network matters (CORS, the
// client's address, rate limits).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CollectorErrorCode } from '../../src/collector/errors.js';
import { verifySignature, type PublicKey } from '../../src/collector/keys.js';
import type { Acknowledgement } from '../../src/receipts/receipt.js';
import { collectorInProcess, KINDS, ORIGIN, receipt, startCollector } from './support.js';

for (const kind of KINDS) {
  describe(`collector on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    before(async () => (c = await collectorInProcess(kind)));
    after(() => c.close());

    it('stores a receipt and answers a signed acknowledgement', async () => {
      const r = receipt();
      const before = await c.count();
      const response = await c.post(r);
      assert.equal(response.status, 201);
      const ack = (await response.json()) as Acknowledgement;
      assert.equal(ack.receiptId, r.receiptId);
      assert.match(ack.hash, /^[0-9a-f]{64}$/);
      assert.equal(await c.count(), before + 1);
      const { keys } = (await (await c.get('/v1/keys')).json()) as { keys: PublicKey[] };
      assert.ok(verifySignature(ack, keys), 'the signature verifies with the published key');
      assert.ok(ack.signature.startsWith(`ed25519:${c.key.keyId}:`), 'the signature names its key');
      const [row] = await c.sql('SELECT origin, principal, event FROM receipts WHERE receipt_id = $1', [r.receiptId]);
      assert.deepEqual(row, { origin: ORIGIN, principal: r.principal, event: 'given' });
    });

    it('answers the same acknowledgement to the same receipt, and stores it once', async () => {
      const r = receipt();
      const first = (await (await c.post(r)).json()) as Acknowledgement;
      const count = await c.count();
      const again = await c.post(r);
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), first);
      assert.equal(await c.count(), count);
    });

    it('refuses the same receipt id with other content, storing nothing', async () => {
      const r = receipt();
      await c.post(r);
      const count = await c.count();
      const response = await c.post({ ...r, event: 'refused' });
      assert.equal(response.status, 409);
      assert.equal(((await response.json()) as { code: string }).code, 'TEMOIN_ERR_RECEIPT_CONFLICT');
      assert.equal(await c.count(), count);
    });

    const invalid: [string, () => Parameters<typeof c.post>, number, RegExp, CollectorErrorCode][] = [
      [
        'a wrong type',
        () => [{ ...receipt(), revision: '1' }],
        400,
        /revision must be integer/,
        'TEMOIN_ERR_INVALID_RECEIPT',
      ],
      [
        'a missing field',
        () => {
          const { principal: _, ...r } = receipt();
          return [r];
        },
        400,
        /must have required property 'principal'/,
        'TEMOIN_ERR_INVALID_RECEIPT',
      ],
      [
        'an unknown field',
        () => [{ ...receipt(), ip: '203.0.113.9' }],
        400,
        /must NOT have additional properties/,
        'TEMOIN_ERR_INVALID_RECEIPT',
      ],
      [
        'an unknown event',
        () => [{ ...receipt(), event: 'maybe' }],
        400,
        /event must be equal to one of the allowed values/,
        'TEMOIN_ERR_INVALID_RECEIPT',
      ],
      [
        'a bad receipt id',
        () => [{ ...receipt(), receiptId: 'not-a-uuid' }],
        400,
        /body\/receiptId must match/,
        'TEMOIN_ERR_INVALID_RECEIPT',
      ],
      [
        'a nested mistake',
        () => {
          const r = receipt();
          r.purposes[1]!.decision = 'yes' as 'granted';
          return [r];
        },
        400,
        /purposes\/1\/decision/,
        'TEMOIN_ERR_INVALID_RECEIPT',
      ],
      [
        'a huge body',
        () => [{ ...receipt(), controller: { name: 'x'.repeat(100_000) } }],
        413,
        /too large/i,
        'TEMOIN_ERR_BODY_TOO_LARGE',
      ],
      ['a body that is not JSON', () => [null, { raw: '{"version": "1.0", ' }], 400, /JSON/, 'TEMOIN_ERR_INVALID_BODY'],
      [
        'a body that is not JSON at all',
        () => [null, { raw: 'hello', type: 'text/plain' }],
        415,
        /Unsupported Media Type.*; send the body as JSON \(Content-Type: application\/json\)/i,
        'TEMOIN_ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      ['an empty body', () => [null, { raw: '' }], 400, /empty/i, 'TEMOIN_ERR_INVALID_BODY'],
    ];
    for (const [what, args, status, message, code] of invalid) {
      it(`answers ${status} to ${what}, storing nothing`, async () => {
        const count = await c.count();
        const response = await c.post(...args());
        assert.equal(response.status, status);
        const body = (await response.json()) as { error: string; code: string };
        assert.match(body.error, message);
        assert.equal(body.code, code);
        assert.equal(await c.count(), count);
      });
    }

    it('refuses another origin, or none, storing nothing', async () => {
      const count = await c.count();
      const other = await c.post(receipt(), { origin: 'https://evil.example' });
      assert.equal(other.status, 403);
      assert.deepEqual(await other.json(), {
        error: 'origin https://evil.example may not send receipts here',
        code: 'TEMOIN_ERR_ORIGIN_REFUSED',
      });
      assert.equal((await c.post(receipt(), { origin: null })).status, 403);
      assert.equal(await c.count(), count);
    });
  });

  describe(`collector on ${kind} over the network`, () => {
    let c: Awaited<ReturnType<typeof startCollector>>;
    before(async () => (c = await startCollector(kind)));
    after(() => c.close());

    it('allows cross-origin requests from the configured origin only', async () => {
      const preflight = (origin: string) =>
        fetch(`${c.url}/v1/receipts`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      assert.equal((await preflight(ORIGIN)).headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
    });

    it('never stores an IP address', async () => {
      await c.post(receipt(), {});
      const tables =
        kind == 'sqlite'
          ? (await c.sql("SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => String(t.name))
          : (await c.sql("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")).map(
              (t) => String(t.name),
            );
      assert.ok(tables.includes('receipts'));
      for (const table of tables) {
        for (const row of await c.sql(`SELECT * FROM ${table}`)) {
          const text = JSON.stringify(row);
          assert.doesNotMatch(text, /127\.0\.0\.1|::1\b|::ffff:/, `${table} holds an address: ${text}`);
        }
      }
    });
  });

  describe(`rate limit on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof startCollector>>;
    before(async () => (c = await startCollector(kind, { rateLimit: 3 })));
    after(() => c.close());

    it('answers 429 with Retry-After past the limit, storing nothing', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await c.post(receipt())).status, 201);
      const count = await c.count();
      const limited = await c.post(receipt());
      assert.equal(limited.status, 429);
      assert.equal(((await limited.json()) as { code: string }).code, 'TEMOIN_ERR_RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0, 'Retry-After says when to come back');
      assert.equal(limited.headers.get('access-control-allow-origin'), ORIGIN, 'the browser may read the answer');
      assert.equal(await c.count(), count);
    });
  });
}
