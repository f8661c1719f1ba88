// Real Chromium → a real collector on loopback → real SQLite and PostgreSQL: each decision
// becomes one receipt, delivered once, even when the collector is down for a while.
import { expect } from 'chai';
import { normalizeConfig } from '../../src/core/config.js';
import { makeRecord, rejectAllChoices, uuid } from '../../src/core/consent.js';
import type { ConsentRecord } from '../../src/core/index.js';
import { buildReceipt } from '../../src/receipts/build.js';
import { MAX_RECEIPT_BYTES } from '../../src/receipts/limits.js';
import type { Receipt, StoredReceipt } from '../../src/receipts/receipt.js';
import { cleanOrigin, open, timeToShow, until } from '../support/fixture.js';
import { configAtLimits } from '../support/limits.js';

interface Row {
  seq: number;
  receiptId: string;
  origin: string;
  principal: string;
  event: string;
  body: string;
}

/** SHA-256 (hex) of a text's UTF-8, as the collector computes digests and config hashes. */
const sha256 = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

const control = async <T = unknown>(action: string, method = 'POST'): Promise<T> => {
  const response = await fetch(`/__collector/${action}`, { method });
  if (!response.ok) throw new Error(`collector ${action}: ${await response.text()}`);
  return response.json() as Promise<T>;
};
const rows = () => control<Row[]>('rows', 'GET');
const receipts = async () => (await rows()).map((r) => JSON.parse(r.body) as Receipt);
/** Polls a list until it has `n` items. */
const untilLength = async <T>(list: () => Promise<T[]>, n: number, what: string): Promise<T[]> => {
  let last: T[] = [];
  await until(async () => (last = await list()).length >= n, what);
  return last;
};
const cookieRecord = (): ConsentRecord | null => {
  const raw = document.cookie.split('; ').find((c) => c.startsWith('temoin='));
  return raw ? (JSON.parse(decodeURIComponent(raw.slice(7))) as ConsentRecord) : null;
};

/** Changes the outbox in IndexedDB, as a receipt made by an older version would have left it. */
const changeOutbox = (change: (list: StoredReceipt[]) => StoredReceipt[]) =>
  new Promise<void>((resolve, reject) => {
    const request = indexedDB.open('temoin');
    request.onerror = () => reject(new Error('no database'));
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('consent', 'readwrite');
      const get = tx.objectStore('consent').get('receipts');
      get.onsuccess = () => tx.objectStore('consent').put(change(get.result as StoredReceipt[]), 'receipts');
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
    };
  });
const bytes = (text: string) => new Blob([text]).size;

for (const store of ['sqlite', 'postgres']) {
  describe(`receipts, collector on ${store}`, () => {
    let collector = '';
    const page = (name = 'empty') => open(name, { config: { collector } });
    beforeEach(async () => {
      await cleanOrigin();
      ({ url: collector } = await control<{ url: string }>(`start?store=${store}`));
    });
    after(() => control('stop'));

    it('delivers a decision as one signed receipt and keeps the acknowledgement on the device', async () => {
      const f = await page();
      await f.win.temoin.ready;
      const record = (await f.win.temoin.acceptAll({ method: 'banner' }))!;
      const [row] = await untilLength(rows, 1, 'the receipt at the collector');
      // A second delivery of the same decision would arrive now.
      await timeToShow(200);
      expect(await rows()).to.have.length(1);
      const receipt = JSON.parse(row!.body) as Receipt;
      expect(receipt).to.include({
        version: '1.1',
        receiptId: record.receiptId,
        previousReceiptId: null,
        jurisdiction: 'CA-QC',
        event: 'given',
        collectionMethod: 'banner',
        language: 'fr',
        principal: record.id,
        revision: 1,
        userAgentFamily: 'Chrome',
      });
      expect(row!.origin).to.equal(location.origin);
      expect(receipt.timestamp).to.equal(new Date(record.updatedAt).toISOString());
      expect(receipt.validUntil).to.equal(new Date(record.expiresAt).toISOString());
      expect(receipt.controller).to.deep.equal({ name: 'Ville de Test', contact: 'vie.privee@ville.test' });
      expect(receipt.configHash).to.match(/^[0-9a-f]{64}$/);
      expect(receipt.signals).to.deep.equal({ gpc: false });
      expect(receipt.purposes.map((p) => [p.category, p.decision])).to.deep.equal([
        ['necessary', 'granted'],
        ['analytics', 'granted'],
        ['marketing', 'granted'],
        ['media', 'granted'],
      ]);
      expect(receipt.purposes[1]!.services[0]).to.deep.equal({
        id: 'stats',
        decision: 'granted',
        name: 'Stats',
        provider: 'Stats inc.',
        purpose: 'Compter les visites',
        data: ['ip-address', 'pages-viewed', 'device'],
        retention: 400,
        hostedOutsideQuebec: true,
        thirdParty: false,
      });
      expect(receipt.purposes[2]!.services[0]!.thirdParty).to.deep.equal(['Ads inc.']);
      // The acknowledgement is kept with the receipt, and the cookie no longer asks for a retry.
      const [entry] = await until(async () => {
        const h = await f.win.temoin.history();
        return h[0]?.receipt?.ack && h;
      }, 'the acknowledgement in the history');
      expect(entry!.receipt!.ack).to.include({ receiptId: record.receiptId, seq: row!.seq });
      expect(entry!.receipt!.ack!.signature).to.match(/^ed25519:[0-9a-f]{16}:/);
      // The signed acknowledgement carries the digest of the receipt's canonical text: the copy proves itself.
      expect(entry!.receipt!.ack!.digest).to.equal(await sha256(row!.body));
      // The collector lacked the config behind the receipt's hash: the page sent it, once, canonical.
      const archived = await until(
        () => control<{ body: string } | null>(`config?hash=${receipt.configHash}`, 'GET'),
        'the config in the collector’s archive',
      );
      expect(await sha256(archived.body)).to.equal(receipt.configHash);
      expect(JSON.parse(archived.body)).to.include({ revision: 1, collector });
      await until(() => cookieRecord()?.unsent === 0, 'the cookie saying nothing waits');
      expect(await control('verify', 'GET')).to.deep.include({ ok: true, checked: 1 });
    });

    it('sends receipts even when a refused category covers the collector’s host', async () => {
      const base = (await (await fetch('/test/fixtures/config.json')).json()) as {
        categories: { id: string; services?: { hosts?: string[] }[] }[];
      };
      base.categories.find((c) => c.id == 'analytics')!.services![0]!.hosts!.push(new URL(collector).hostname);
      const f = await open('empty', { config: { collector, categories: base.categories } });
      await f.win.temoin.ready;
      await f.win.temoin.rejectAll();
      const [receipt] = await untilLength(receipts, 1, 'the refusal at the collector');
      expect(receipt!.event).to.equal('refused');
    });

    it('sends the receipt even when IndexedDB is blocked', async () => {
      const f = await open('empty', { config: { collector }, noidb: true });
      await f.win.temoin.ready;
      const record = (await f.win.temoin.acceptAll())!;
      const [receipt] = await untilLength(receipts, 1, 'the receipt');
      expect(receipt!.receiptId).to.equal(record.receiptId);
    });

    it('makes a receipt for each refusal, change and withdrawal, chained on the device', async () => {
      const f = await page();
      await f.win.temoin.ready;
      await f.win.temoin.rejectAll({ method: 'banner' });
      await f.win.temoin.set({ analytics: true }, { method: 'preferences' });
      await f.win.temoin.rejectAll({ method: 'preferences' });
      const list = await untilLength(receipts, 3, 'three receipts');
      expect(list.map((r) => [r.event, r.collectionMethod])).to.deep.equal([
        ['refused', 'banner'],
        ['updated', 'preferences'],
        ['withdrawn', 'preferences'],
      ]);
      expect(list[1]!.previousReceiptId).to.equal(list[0]!.receiptId);
      expect(list[2]!.previousReceiptId).to.equal(list[1]!.receiptId);
      expect(new Set(list.map((r) => r.principal)).size).to.equal(1);
      expect(list[2]!.validUntil).to.equal(null);
      expect(list[1]!.purposes.find((p) => p.category == 'analytics')!.decision).to.equal('granted');
    });

    it('keeps receipts while the collector is down and delivers them once when the browser is back online', async () => {
      await control('down');
      const f = await page();
      await f.win.temoin.ready;
      const record = (await f.win.temoin.acceptAll())!;
      await until(() => cookieRecord()?.unsent === 1, 'the cookie saying a receipt waits');
      // The cookie counts the receipt as soon as it is made: the collector comes back only once the
      // first delivery has failed, so that the receipt can arrive only through `online`.
      await until(async () => (await f.win.temoin.history())[0]?.receipt?.attempts === 1, 'the first delivery, failed');
      await control('up');
      expect(await rows()).to.have.length(0);
      f.win.dispatchEvent(new Event('online'));
      await untilLength(rows, 1, 'the receipt after the collector came back');
      await until(() => cookieRecord()?.unsent === 0, 'the cookie saying nothing waits');
      // Later page loads do not send it again.
      f.frame.remove();
      const again = await page();
      await again.win.temoin.ready;
      await timeToShow(300);
      expect((await rows()).map((r) => r.receiptId)).to.deep.equal([record.receiptId]);
    });

    it('retries on a later page load, after the tab that decided is gone', async () => {
      await control('down');
      const f = await page();
      await f.win.temoin.ready;
      await f.win.temoin.rejectAll();
      await f.win.temoin.set({ media: true });
      await until(() => cookieRecord()?.unsent === 2, 'two receipts waiting');
      f.frame.remove();
      await control('up');
      const next = await page();
      expect(next.win.temoin.granted('media')).to.equal(true);
      const list = await untilLength(receipts, 2, 'both receipts');
      expect(list.map((r) => r.event)).to.deep.equal(['refused', 'updated']);
      await until(() => cookieRecord()?.unsent === 0, 'the cookie saying nothing waits');
      expect(await control('verify', 'GET')).to.deep.include({ ok: true, checked: 2 });
    });

    it('takes the largest receipt of a config at every limit, and one a page sends from it', async () => {
      const config = configAtLimits(collector);
      const valid = normalizeConfig(config);
      const now = Date.now();
      const record = makeRecord(
        valid,
        null,
        rejectAllChoices(valid),
        { gpc: false, language: 'fr', method: 'preferences' },
        now,
      );
      const largest = buildReceipt(valid, record, {
        receiptId: uuid(),
        previousReceiptId: uuid(),
        event: 'withdrawn',
        configHash: 'a'.repeat(64),
        userAgentFamily: 'Samsung Internet mobile',
        now,
      });
      const body = JSON.stringify({ ...largest, validUntil: largest.timestamp });
      expect(bytes(body)).to.equal(MAX_RECEIPT_BYTES);
      const response = await fetch(new URL('v1/receipts', collector), {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status, await response.clone().text()).to.equal(201);
      // The same config in a page: its decision's receipt lands by keepalive, its cookie is kept.
      const f = await open('url-config', {
        configurl: URL.createObjectURL(new Blob([JSON.stringify(config)], { type: 'application/json' })),
      });
      await f.win.temoin.ready;
      expect(f.win.temoin.config, f.win.__errors.join('\n')).to.not.equal(null);
      const decided = (await f.win.temoin.rejectAll({ method: 'preferences' }))!;
      const list = await untilLength(rows, 2, 'the page’s receipt');
      expect(bytes(list.find((r) => r.receiptId == decided.receiptId)!.body)).to.be.within(
        MAX_RECEIPT_BYTES - 100,
        MAX_RECEIPT_BYTES,
      );
      expect(cookieRecord()).to.deep.include({ id: decided.id, receiptId: decided.receiptId });
      await until(() => cookieRecord()?.unsent === 0, 'the cookie saying nothing waits');
    });

    it("keeps retrying a receipt a proxy refuses with its own page: only the collector's words are final", async () => {
      const f = await open('empty', { config: { collector: '/__proxy413/', controller: { name: 'Ville de Démo' } } });
      await f.win.temoin.ready;
      await f.win.temoin.rejectAll();
      const [entry] = await until(async () => {
        const h = await f.win.temoin.history();
        return (h[0]?.receipt?.attempts ?? 0) >= 1 ? h : null;
      }, 'a failed delivery');
      expect(entry!.receipt!.rejected).to.equal(undefined);
      expect(entry!.receipt!.retryAt).to.be.greaterThan(Date.now());
      expect(f.win.__errors).to.deep.equal([]);
    });

    it('marks receipts refused for good as rejected, says why once, and never sends them again', async () => {
      await control('down');
      const f = await page();
      await f.win.temoin.ready;
      await f.win.temoin.rejectAll();
      await f.win.temoin.set({ analytics: true });
      await until(() => cookieRecord()?.unsent === 2, 'two receipts waiting');
      f.frame.remove();
      // Receipts an older version made: a title longer than the collector takes, and a receipt
      // larger than keepalive can carry.
      const title = (receipt: Receipt, text: string): Receipt => ({
        ...receipt,
        purposes: receipt.purposes.map((p, i) => (i ? p : { ...p, title: text })),
      });
      await changeOutbox(([first, second]) => [
        { receipt: title(first!.receipt, 'é'.repeat(301)) },
        { receipt: title(second!.receipt, 'x'.repeat(70_000)) },
      ]);
      await control('up');
      const next = await page();
      const history = await until(async () => {
        const h = await next.win.temoin.history();
        return h.length == 2 && h.every((e) => e.receipt?.rejected) ? h : null;
      }, 'both receipts rejected');
      expect(history.map((e) => e.receipt!.rejected!.status)).to.deep.equal([400, 413]);
      expect(history[0]!.receipt!.rejected!.reason).to.contain('invalid receipt').and.contain('title');
      expect(history[1]!.receipt!.rejected!.reason).to.match(/^\d+ bytes, over 64000$/);
      await until(() => cookieRecord()?.unsent === 0, 'the cookie saying nothing waits');
      const refused = () => next.win.__errors.filter((e) => e.includes('refused receipt'));
      expect(refused()).to.have.length(2);
      expect(refused()[0]).to.contain(history[0]!.receiptId!).and.contain('400: invalid receipt');
      // Coming back online, or another page load, sends neither again.
      next.win.dispatchEvent(new Event('online'));
      await timeToShow(300);
      next.frame.remove();
      const third = await page();
      await third.win.temoin.ready;
      await timeToShow(300);
      expect(refused()).to.have.length(2);
      expect(third.win.__errors).to.deep.equal([]);
      expect(await rows()).to.deep.equal([]);
      expect((await third.win.temoin.history()).map((e) => e.receipt!.attempts)).to.deep.equal([undefined, undefined]);
    });

    it('records an expired decision once, chained to the decision it ends', async () => {
      const first = await page();
      await first.win.temoin.ready;
      const record = (await first.win.temoin.acceptAll())!;
      await untilLength(rows, 1, 'the first receipt');
      first.frame.remove();
      // A year later: the cookie has expired with the decision, IndexedDB still holds it.
      document.cookie = 'temoin=; Max-Age=0; Path=/';
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('temoin');
        request.onerror = () => reject(new Error('no database'));
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction('consent', 'readwrite');
          tx.objectStore('consent').put({ ...record, expiresAt: Date.now() - 1000 }, 'record');
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
        };
      });
      const f = await page();
      expect(await f.win.temoin.ready).to.equal(null);
      const list = await untilLength(receipts, 2, 'the expiry receipt');
      expect(list[1]).to.include({
        event: 'expired',
        previousReceiptId: record.receiptId,
        principal: record.id,
        validUntil: null,
      });
      expect(list[1]!.purposes.filter((p) => !p.required).every((p) => p.decision == 'refused')).to.equal(true);
      f.frame.remove();
      const again = await page();
      await again.win.temoin.ready;
      await timeToShow(300);
      expect(await rows()).to.have.length(2);
      // The next decision follows the expiry in the chain, for the same visitor.
      const next = (await again.win.temoin.rejectAll())!;
      expect(next.id).to.equal(record.id);
      const last = (await untilLength(receipts, 3, 'the new decision'))[2];
      expect(last).to.include({ event: 'refused', previousReceiptId: list[1]!.receiptId });
    });
  });
}

describe('receipts without a collector', () => {
  beforeEach(cleanOrigin);

  it('are still made and kept in the history, with nothing waiting to be sent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const record = (await f.win.temoin.acceptAll())!;
    const [entry] = await untilLength(
      async () => (await f.win.temoin.history()).filter((e) => e.receipt),
      1,
      'the receipt',
    );
    expect(entry!.receipt!.receipt).to.include({ receiptId: record.receiptId, event: 'given' });
    expect(entry!.receipt!.ack).to.equal(undefined);
    expect(cookieRecord()?.unsent).to.equal(undefined);
  });

  it('name the controller in the language the visitor read, as every text', async () => {
    const controller = {
      name: { fr: 'Ville de Test', en: 'Test City' },
      contact: { fr: 'vie.privee@ville.test', en: 'privacy@ville.test' },
    };
    const f = await open('ui', { config: { controller } }, 'en');
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    const [entry] = await untilLength(
      async () => (await f.win.temoin.history()).filter((e) => e.receipt),
      1,
      'the receipt',
    );
    const receipt = entry!.receipt!.receipt;
    expect(receipt.language).to.equal('en');
    // What the visitor was shown: the config, by its hash, keeps the other languages.
    expect(receipt.controller).to.deep.equal({ name: 'Test City', contact: 'privacy@ville.test' });
    expect(receipt.purposes[1]!.title, 'the purposes in the words read').to.equal('Analytics');
  });

  it('a config with a collector must name the controller', async () => {
    const f = await open('empty', {
      rawconfig: JSON.stringify({
        revision: 1,
        collector: 'https://collector.test/',
        categories: [{ id: 'a', title: 'A' }],
      }),
    });
    expect(await f.win.temoin.ready).to.equal(null);
    // The production build names the field; temoin.dev.js says why.
    expect(f.win.__errors.join('\n')).to.include(
      'temoin: invalid config (temoin.dev.js or npx temoin check says why):\n- controller\n',
    );
  });
});
