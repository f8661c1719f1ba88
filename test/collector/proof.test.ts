// Receipts anyone can verify, on real SQLite and PostgreSQL: `temoin verify-receipt` on the
// visitor's copy (JSON, the plain-text download, the HTML receipt) and on exported lines, with the
// keys file `temoin keys export` writes or the collector's GET /v1/keys; intact, tampered, signed
// by an unknown key, malformed.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { bodyDigest, chainHash } from '../../src/collector/chain.js';
import { loadOrCreateKey } from '../../src/collector/keys.js';
import { canonicalJson } from '../../src/receipts/canonical.js';
import type { Acknowledgement, Receipt } from '../../src/receipts/receipt.js';
import { temoin } from './cli-run.js';
import { collectorInProcess, KINDS, receipt } from './support.js';

for (const kind of KINDS) {
  describe(`verify-receipt on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let dir: string;
    let keysFile: string;
    let url: string;
    let token: string;
    const copies: { receipt: Receipt; ack: Acknowledgement }[] = [];
    const where = () => (c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!]);
    /** Writes a file in the test's folder; its path. */
    const file = async (name: string, text: string) => {
      await writeFile(join(dir, name), text);
      return join(dir, name);
    };
    const verify = async (path: string, ...flags: string[]) =>
      temoin(['verify-receipt', path, ...(flags.length ? flags : ['--keys', keysFile])]);

    before(async () => {
      c = await collectorInProcess(kind);
      dir = await mkdtemp(join(tmpdir(), 'temoin-proof-'));
      for (let i = 0; i < 3; i++) {
        const r = receipt();
        const response = await c.post(r);
        assert.equal(response.status, 201);
        copies.push({ receipt: r, ack: (await response.json()) as Acknowledgement });
      }
      const exported = await temoin(['keys', 'export', ...where()]);
      assert.equal(exported.code, 0, exported.stderr);
      keysFile = await file('keys.json', exported.stdout);
      url = await c.listen();
      token = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
    });
    after(async () => {
      await c.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('keys export writes the keys file: the same keys as GET /v1/keys', async () => {
      const published = (await (await c.get('/v1/keys')).json()) as { keys: unknown[] };
      const written = JSON.parse(await (await import('node:fs/promises')).readFile(keysFile, 'utf8')) as {
        keys: { keyId: string; algorithm: string; publicKey: string }[];
      };
      assert.deepEqual(written, published);
      assert.equal(written.keys[0]!.keyId, c.key.keyId);
      assert.equal(written.keys[0]!.algorithm, 'Ed25519');
    });

    it('the acknowledgement carries prevHash, and a repeat answers the same one', async () => {
      const first = copies[0]!;
      assert.match(first.ack.prevHash!, /^[0-9a-f]{64}$/);
      assert.equal(copies[1]!.ack.prevHash, first.ack.hash, 'the next link hashes over this one');
      const again = await c.post(first.receipt);
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), first.ack);
    });

    it('a visitor’s copy as the browser keeps it is valid (exit 0), offline and with --url', async () => {
      const { receipt: r, ack } = copies[0]!;
      const path = await file('copy.json', JSON.stringify({ receipt: r, ack }, null, 2));
      const ran = await verify(path);
      assert.equal(ran.code, 0, ran.stdout + ran.stderr);
      assert.match(
        ran.stdout,
        new RegExp(
          `^valid: receipt ${r.receiptId}, #${ack.seq} received ${ack.receivedAt.replace('.', '\\.')} \\(UTC\\), signed by key ${c.key.keyId}\n$`,
        ),
      );
      const remote = await verify(path, '--url', url);
      assert.equal(remote.code, 0, remote.stderr);
      assert.equal(remote.stdout, ran.stdout);
    });

    it('the history’s download (readable lines, then the record) and the HTML receipt are valid', async () => {
      const { receipt: r, ack } = copies[1]!;
      const entry = { id: 'x', receiptId: r.receiptId, choices: { analytics: true }, receipt: { receipt: r, ack } };
      const text = await file(
        'temoin-2026.txt',
        ['Reçu de consentement — Ville', '', '- Mesure : acceptée', '', JSON.stringify(entry, null, 2)].join('\n'),
      );
      const fromText = await verify(text);
      assert.equal(fromText.code, 0, fromText.stdout);
      /** The HTML receipt as the browser writes it: `<` escaped in the JSON, so no text can close the element. */
      const document = (acknowledgement: Acknowledgement | null) =>
        `<!doctype html><html lang="fr"><title>Reçu</title><h1>Votre reçu</h1>
<script type="application/json" id="temoin-receipt">
${JSON.stringify({ receipt: r, acknowledgement }, null, 2).replaceAll('<', '\\u003c')}
</script></html>`;
      const fromHtml = await verify(await file('receipt.html', document(ack)));
      assert.equal(fromHtml.code, 0, fromHtml.stdout);
      assert.match(fromHtml.stdout, new RegExp(`^valid: receipt ${r.receiptId}`));
      // Before the collector answered, the HTML receipt holds no acknowledgement.
      const early = await file('early.html', document(null));
      const unsent = await verify(early);
      assert.equal(unsent.code, 1);
      assert.match(unsent.stdout, /malformed: no acknowledgement/);
    });

    it('exported lines are valid, and `receipts get` gives one that is', async () => {
      const exported = await temoin(['receipts', 'export', ...where()]);
      assert.equal(exported.code, 0, exported.stderr);
      const path = await file('export.jsonl', exported.stdout);
      const ran = await verify(path);
      assert.equal(ran.code, 0, ran.stdout);
      assert.equal(ran.stdout.split('\n').filter((l) => l.startsWith('valid: ')).length, 3);
      assert.equal(ran.stderr, '3 receipts valid, 0 not valid\n');
      const one = await temoin(['receipts', 'get', copies[2]!.receipt.receiptId, ...where()]);
      assert.equal(one.code, 0, one.stderr);
      assert.equal((await verify(await file('one.jsonl', one.stdout))).code, 0);
      const piped = await temoin(['verify-receipt', '-', '--keys', keysFile], { input: one.stdout });
      assert.equal(piped.code, 0, piped.stdout + piped.stderr);
      assert.match(piped.stdout, new RegExp(`^valid: receipt ${copies[2]!.receipt.receiptId}`));
    });

    it('a changed decision is an altered body (exit 1), and only that line is named', async () => {
      const { receipt: r, ack } = copies[0]!;
      const changed = structuredClone(r);
      changed.purposes[1]!.decision = changed.purposes[1]!.decision == 'granted' ? 'refused' : 'granted';
      const ran = await verify(await file('changed.json', JSON.stringify({ receipt: changed, ack })));
      assert.equal(ran.code, 1);
      assert.match(
        ran.stdout,
        new RegExp(
          `^not valid: receipt ${r.receiptId}: altered body: the receipt no longer matches the hash the collector signed`,
        ),
      );

      const exported = (await temoin(['receipts', 'export', ...where()])).stdout.trimEnd().split('\n');
      exported[1] = exported[1]!.replace('"decision":"granted"', '"decision":"refused"');
      const lines = await verify(await file('changed.jsonl', exported.join('\n') + '\n'));
      assert.equal(lines.code, 1);
      assert.match(lines.stdout, /\(line 2\): altered body/);
      assert.equal(lines.stdout.match(/^valid: /gm)?.length, 2);
      assert.equal(lines.stderr, '2 receipts valid, 1 not valid\n');
    });

    it('a changed acknowledgement is a bad signature; another collector’s key is an unknown key', async () => {
      const { receipt: r, ack } = copies[0]!;
      const moved = await verify(
        await file('moved.json', JSON.stringify({ receipt: r, ack: { ...ack, seq: ack.seq + 1 } })),
      );
      assert.equal(moved.code, 1);
      assert.match(
        moved.stdout,
        new RegExp(`bad signature: the acknowledgement's signature does not verify with key ${c.key.keyId}`),
      );

      const other = await loadOrCreateKey(join(dir, 'other.key'));
      const otherKeys = await file(
        'other-keys.json',
        JSON.stringify({
          keys: [
            {
              keyId: other.keyId,
              publicKey: other.publicKey,
              algorithm: 'Ed25519',
              createdAt: '2026-01-01T00:00:00.000Z',
            },
          ],
        }),
      );
      const path = await file('intact.json', JSON.stringify({ receipt: r, ack }));
      const unknown = await verify(path, '--keys', otherKeys);
      assert.equal(unknown.code, 1);
      assert.match(
        unknown.stdout,
        new RegExp(`unknown key: signed by key ${c.key.keyId}, which is not among the keys given \\(${other.keyId}\\)`),
      );

      // The same signature under another key's id: a key id is recomputed from the key, never trusted.
      const lying = await file(
        'lying-keys.json',
        JSON.stringify({ keys: [{ keyId: c.key.keyId, publicKey: other.publicKey }] }),
      );
      const refused = await verify(path, '--keys', lying);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, new RegExp(`says its id is "${c.key.keyId}", but its bytes give ${other.keyId}`));
    });

    it('the digest proves the copy without prevHash; a changed digest is a bad signature', async () => {
      const { receipt: r, ack } = copies[0]!;
      const { prevHash: _, ...noPrev } = ack;
      const alone = await verify(await file('no-prev.json', JSON.stringify({ receipt: r, ack: noPrev })));
      assert.equal(alone.code, 0, alone.stdout);
      const forged = bodyDigest(canonicalJson({ ...r, event: 'refused' }));
      const swapped = await verify(
        await file(
          'swapped.json',
          JSON.stringify({ receipt: { ...r, event: 'refused' }, ack: { ...ack, digest: forged } }),
        ),
      );
      assert.equal(swapped.code, 1);
      assert.match(swapped.stdout, /bad signature: .*digest/);
      const wrongPrev = await verify(
        await file('wrong-prev.json', JSON.stringify({ receipt: r, ack: { ...ack, prevHash: 'f'.repeat(64) } })),
      );
      assert.equal(wrongPrev.code, 1);
      assert.match(wrongPrev.stdout, /altered body: the acknowledgement's prevHash does not lead to the hash/);
    });

    it('an acknowledgement from before 2026-12 (no digest) is checked by prevHash, or not covered without it', async () => {
      const { receipt: r, ack } = copies[1]!;
      const hash = chainHash(ack.prevHash!, canonicalJson(r));
      const fields = { receiptId: ack.receiptId, seq: ack.seq, hash, receivedAt: ack.receivedAt };
      const legacy = { ...fields, signature: c.key.sign(fields), prevHash: ack.prevHash };
      const old = await verify(await file('legacy.json', JSON.stringify({ receipt: r, ack: legacy })));
      assert.equal(old.code, 0, old.stdout);
      const changed = await verify(
        await file('legacy-changed.json', JSON.stringify({ receipt: { ...r, event: 'refused' }, ack: legacy })),
      );
      assert.equal(changed.code, 1);
      assert.match(changed.stdout, /altered body: the receipt no longer matches the hash/);
      const { prevHash: _, ...bare } = legacy;
      const oldCopy = await verify(await file('old.json', JSON.stringify({ receipt: r, ack: bare })));
      assert.equal(oldCopy.code, 1);
      assert.match(
        oldCopy.stdout,
        /body not covered: the signature is the collector's, but the acknowledgement has neither digest nor prevHash/,
      );
    });

    it('a copy without acknowledgement, or no receipt at all, is not valid, with the reason', async () => {
      const { receipt: r } = copies[0]!;
      const unsent = await verify(await file('unsent.json', JSON.stringify({ receipt: r })));
      assert.equal(unsent.code, 1);
      assert.match(unsent.stdout, /malformed: no acknowledgement/);
      const junk = await verify(await file('junk.txt', 'hello\nworld\n'));
      assert.equal(junk.code, 1);
      assert.match(junk.stdout, /not valid: .*junk\.txt: malformed: not a receipt file/);
      const missing = await verify(join(dir, 'nowhere.json'));
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read the receipt file .*nowhere\.json/);
      const noKeys = await temoin(['verify-receipt', join(dir, 'copy.json')]);
      assert.equal(noKeys.code, 2);
      assert.match(noKeys.stderr, /--keys FILE .* or --url/);
    });

    it('receipts get: one receipt, locally and remotely the same line; exit 1 when there is none', async () => {
      const id = copies[2]!.receipt.receiptId;
      const local = await temoin(['receipts', 'get', id.toUpperCase(), ...where()]);
      assert.equal(local.code, 0, local.stderr);
      const line = JSON.parse(local.stdout) as { seq: number; receipt: Receipt; prevHash: string };
      assert.equal(line.seq, copies[2]!.ack.seq);
      assert.deepEqual(line.receipt, copies[2]!.receipt);
      const remote = await temoin(['receipts', 'get', id, '--url', url, '--token', token]);
      assert.equal(remote.code, 0, remote.stderr);
      assert.equal(remote.stdout, local.stdout);
      const absent = '00000000-0000-4000-8000-000000000000';
      for (const flags of [where(), ['--url', url, '--token', token]]) {
        const none = await temoin(['receipts', 'get', absent, ...flags]);
        assert.equal(none.code, 1);
        assert.equal(none.stdout, '');
        assert.equal(none.stderr, `temoin: no receipt ${absent}\n`);
      }
      const log = (await c.store.accessLog({ limit: 10 })).filter(
        (e) => e.action.includes('receipts get') || e.action.startsWith('GET /v1/receipts/'),
      );
      assert.ok(log.length >= 4, 'every lookup is logged, found or not');
      assert.equal((await temoin(['receipts', 'get', 'nope', ...where()])).code, 2);
    });
  });
}
