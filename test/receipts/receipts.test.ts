// Real Chromium → a real collector on loopback → real SQLite and PostgreSQL: each decision
// becomes one receipt, delivered once, even when the collector is down for a while.
import { expect } from 'chai';
import type { ConsentRecord } from '../../src/core/index.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { cleanOrigin, open, sleep, until } from '../support/fixture.js';

interface Row { seq: number; receiptId: string; origin: string; principal: string; event: string; body: string }

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
  return raw ? JSON.parse(decodeURIComponent(raw.slice(7))) as ConsentRecord : null;
};

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
      await sleep(200);
      expect(await rows()).to.have.length(1);
      const receipt = JSON.parse(row!.body) as Receipt;
      expect(receipt).to.include({
        version: '1.0', receiptId: record.receiptId, previousReceiptId: null, jurisdiction: 'CA-QC', event: 'given',
        collectionMethod: 'banner', language: 'fr', principal: record.id, revision: 1, userAgentFamily: 'Chrome',
      });
      expect(row!.origin).to.equal(location.origin);
      expect(receipt.timestamp).to.equal(new Date(record.updatedAt).toISOString());
      expect(receipt.validUntil).to.equal(new Date(record.expiresAt).toISOString());
      expect(receipt.controller).to.deep.equal({ name: 'Ville de Test', contact: 'vie.privee@ville.test' });
      expect(receipt.configHash).to.match(/^[0-9a-f]{64}$/);
      expect(receipt.signals).to.deep.equal({ gpc: false });
      expect(receipt.purposes.map((p) => [p.category, p.decision])).to.deep.equal([
        ['necessary', 'granted'], ['analytics', 'granted'], ['marketing', 'granted'], ['media', 'granted'],
      ]);
      expect(receipt.purposes[1]!.services[0]).to.deep.equal({
        id: 'stats', name: 'Stats', provider: 'Stats inc.', purpose: 'Compter les visites',
        data: ['ip-address', 'pages-viewed', 'device'], retention: 400, hostedOutsideQuebec: true, thirdParty: false,
      });
      expect(receipt.purposes[2]!.services[0]!.thirdParty).to.deep.equal(['Ads inc.']);
      // The acknowledgement is kept with the receipt, and the cookie no longer asks for a retry.
      const [entry] = await until(async () => {
        const h = await f.win.temoin.history();
        return h[0]?.receipt?.ack && h;
      }, 'the acknowledgement in the history');
      expect(entry!.receipt!.ack).to.include({ receiptId: record.receiptId, seq: row!.seq });
      expect(entry!.receipt!.ack!.signature).to.match(/^ed25519:[0-9a-f]{16}:/);
      await until(() => cookieRecord()?.unsent === 0, 'the cookie saying nothing waits');
      expect(await control('verify', 'GET')).to.deep.include({ ok: true, checked: 1 });
    });

    it('sends receipts even when a refused category covers the collector’s host', async () => {
      const base = await (await fetch('/test/fixtures/config.json')).json() as { categories: { id: string; services?: { hosts?: string[] }[] }[] };
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
        ['refused', 'banner'], ['updated', 'preferences'], ['withdrawn', 'preferences'],
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
      await sleep(300);
      await control('up');
      expect(await rows()).to.have.length(0);
      f.win.dispatchEvent(new Event('online'));
      await untilLength(rows, 1, 'the receipt after the collector came back');
      await until(() => cookieRecord()?.unsent === 0, 'the cookie saying nothing waits');
      // Later page loads do not send it again.
      f.frame.remove();
      const again = await page();
      await again.win.temoin.ready;
      await sleep(300);
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
      expect(list[1]).to.include({ event: 'expired', previousReceiptId: record.receiptId, principal: record.id, validUntil: null });
      expect(list[1]!.purposes.filter((p) => !p.required).every((p) => p.decision == 'refused')).to.equal(true);
      f.frame.remove();
      const again = await page();
      await again.win.temoin.ready;
      await sleep(300);
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
    const [entry] = await untilLength(async () => (await f.win.temoin.history()).filter((e) => e.receipt), 1, 'the receipt');
    expect(entry!.receipt!.receipt).to.include({ receiptId: record.receiptId, event: 'given' });
    expect(entry!.receipt!.ack).to.equal(undefined);
    expect(cookieRecord()?.unsent).to.equal(undefined);
  });

  it('a config with a collector must name the controller', async () => {
    const f = await open('empty', { rawconfig: JSON.stringify({ revision: 1, collector: 'https://collector.test/', categories: [{ id: 'a', title: 'A' }] }) });
    expect(await f.win.temoin.ready).to.equal(null);
    expect(f.win.__errors.join('\n')).to.include('controller is missing');
  });
});
