// The notice behind every hash: the collector keeps each config the SDK sends once, as canonical
// JSON under its SHA-256, refuses one sent under another hash, tells the SDK when it lacks the
// config behind a receipt, and lets analysts read it back (logged). Real SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { canonicalJson } from '../../src/receipts/canonical.js';
import { collectorInProcess, KINDS, ORIGIN, receipt } from './support.js';

const config = {
  revision: 3,
  lang: 'auto',
  collector: 'https://consent.ville-demo.test',
  categories: [{ id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' }, services: [] }],
};
const body = canonicalJson(config);
const hash = createHash('sha256').update(body).digest('hex');

for (const kind of KINDS) {
  describe(`config archive on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let analyst = '';
    before(async () => {
      c = await collectorInProcess(kind);
      analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
    });
    after(() => c.close());

    const put = (path: string, value: unknown, origin: string = ORIGIN) =>
      c.request(`/v1/configs/${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify(value),
      });
    const error = async (response: Response) => {
      const { error, code } = (await response.json()) as { error: string; code: string };
      return `${response.status} ${code}: ${error}`;
    };
    const stored = async () => Number((await c.sql('SELECT COUNT(*) AS n FROM configs'))[0]!.n);

    it('tells the SDK it lacks the config behind a receipt', async () => {
      const response = await c.post(receipt({ configHash: hash }));
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('temoin-config'), 'missing');
    });

    it('refuses a config under another hash, or no config at all, and stores nothing', async () => {
      assert.match(
        await error(await put('f'.repeat(64), config)),
        new RegExp(
          `^400 TEMOIN_ERR_INVALID_CONFIG: this config's SHA-256 \\(of its canonical JSON\\) is ${hash}, not f{64}`,
        ),
      );
      assert.match(
        await error(await put(hash, [1, 2])),
        /^400 TEMOIN_ERR_INVALID_CONFIG: invalid config: a Témoin config is an object/,
      );
      assert.match(
        await error(await put('ABC', config)),
        /^400 TEMOIN_ERR_INVALID_CONFIG: a config hash is 64 lower-case hex digits/,
      );
      assert.match(await error(await put(hash, config, 'https://other.test')), /^403 TEMOIN_ERR_ORIGIN_REFUSED/);
      // A config no receipt names: nobody fills the archive with notices no visitor saw.
      const unseen = { ...config, revision: 4 };
      const unseenHash = createHash('sha256').update(canonicalJson(unseen)).digest('hex');
      assert.match(
        await error(await put(unseenHash, unseen)),
        new RegExp(`^409 TEMOIN_ERR_CONFIG_UNWANTED: no recent receipt names config ${unseenHash}`),
      );
      assert.equal(await stored(), 0);
    });

    it('keeps a config once, canonical, whatever the order of its keys', async () => {
      const reordered = { categories: config.categories, revision: 3, collector: config.collector, lang: 'auto' };
      const first = await put(hash, reordered);
      assert.equal(first.status, 201);
      assert.deepEqual(await first.json(), { hash, stored: 'created' });
      const again = await put(hash, config);
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), { hash, stored: 'known' });
      assert.equal(await stored(), 1);
      const [row] = await c.sql('SELECT body, origin FROM configs');
      assert.deepEqual(row, { body, origin: ORIGIN });
      // Known now: receipts under it no longer ask for it.
      const response = await c.post(receipt({ configHash: hash }));
      assert.equal(response.headers.get('temoin-config'), null);
    });

    it('gives analysts the config behind a hash, logged', async () => {
      const response = await c.get(`/v1/configs/${hash}`, analyst);
      assert.equal(response.status, 200);
      const answer = (await response.json()) as { hash: string; origin: string; config: unknown };
      assert.deepEqual(
        { hash: answer.hash, origin: answer.origin, config: answer.config },
        { hash, origin: ORIGIN, config },
      );
      const [entry] = await c.store.accessLog({ limit: 1 });
      assert.deepEqual(
        { action: entry!.action, filters: entry!.filters, rows: entry!.rows },
        { action: 'GET /v1/configs/:hash', filters: { configHash: hash }, rows: 1 },
      );
      const unknown = await c.get(`/v1/configs/${'0'.repeat(64)}`, analyst);
      assert.match(await error(unknown), /^404 TEMOIN_ERR_NO_CONFIG: no config 0{64} is kept/);
      assert.equal((await c.get(`/v1/configs/${hash}`)).status, 401, 'analysts only');
    });
  });
}
