// Decisions, storage, expiry, revisions, tabs, withdrawal, signals and config sources.
import { expect } from 'chai';
import type { ConsentRecord, Temoin } from '../../src/core/index.js';
import {
  cleanOrigin,
  cookieNames,
  nextLoad,
  open,
  pathsFrom,
  requests,
  timeToShow,
  until,
  writeRecordCookie,
  type FixtureWindow,
} from '../support/fixture.js';

const readCookieRecord = (): ConsentRecord | null => {
  const raw = document.cookie.split('; ').find((c) => c.startsWith('temoin='));
  return raw ? (JSON.parse(decodeURIComponent(raw.slice(7))) as ConsentRecord) : null;
};

describe('consent state and storage', () => {
  beforeEach(cleanOrigin);

  it('grants nothing optional by default and records a decision in the cookie and IndexedDB', async () => {
    const f = await open('empty');
    expect(await f.win.temoin.ready).to.equal(null);
    expect(f.win.temoin.get()).to.equal(null);
    expect(f.win.temoin.granted('necessary')).to.equal(true);
    expect(f.win.temoin.granted('analytics')).to.equal(false);
    const changes: (ConsentRecord | null)[] = [];
    f.win.temoin.on('change', (r) => changes.push(r));
    const events: (ConsentRecord | null)[] = [];
    f.doc.addEventListener('temoin:change', (e) => events.push(e.detail));

    const record = (await f.win.temoin.set({ analytics: true }, { method: 'preferences' }))!;
    expect(record.choices).to.deep.equal({ necessary: true, analytics: true, marketing: false, media: false });
    expect(record).to.include({ revision: 1, language: 'fr', method: 'preferences' });
    expect(record.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(record.expiresAt - record.updatedAt).to.equal(365 * 864e5);
    expect(changes).to.deep.equal([record]);
    expect(events).to.deep.equal([record]);
    expect(readCookieRecord()).to.deep.equal(record);
    const history = await f.win.temoin.history();
    expect(history.map((r) => r.updatedAt)).to.deep.equal([record.updatedAt]);
  });

  it('decides synchronously on the next page load from the cookie', async () => {
    const first = await open('empty');
    await first.win.temoin.ready;
    await first.win.temoin.set({ analytics: true });
    first.frame.remove();
    const f = await open('empty');
    // No await: the decision is there as soon as the page has parsed.
    expect(f.win.temoin.granted('analytics')).to.equal(true);
    expect(f.win.temoin.granted('marketing')).to.equal(false);
  });

  it('restores the decision from IndexedDB when the cookie is gone', async () => {
    const first = await open('empty');
    await first.win.temoin.ready;
    const record = await first.win.temoin.acceptAll();
    first.frame.remove();
    document.cookie = 'temoin=; Max-Age=0; Path=/';
    const f = await open('empty');
    expect(await f.win.temoin.ready).to.deep.equal(record);
    expect(f.win.temoin.granted('media')).to.equal(true);
    expect(readCookieRecord()).to.deep.equal(record);
  });

  it('works with the cookie alone when IndexedDB is unavailable', async () => {
    const f = await open('empty');
    Object.defineProperty(f.win, 'indexedDB', {
      get: () => {
        throw new Error('blocked');
      },
    });
    await f.win.temoin.ready;
    const record = await f.win.temoin.set({ media: true });
    expect(readCookieRecord()).to.deep.equal(record);
    expect(f.win.temoin.granted('media')).to.equal(true);
  });

  it('asks again after a revision bump, keeping the visitor id', async () => {
    const first = await open('empty');
    await first.win.temoin.ready;
    const old = (await first.win.temoin.acceptAll())!;
    first.frame.remove();
    const f = await open('markup', { config: { revision: 2 } });
    expect(await f.win.temoin.ready).to.equal(null);
    expect(f.win.temoin.granted('analytics')).to.equal(false);
    await timeToShow(300);
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
    const next = (await f.win.temoin.rejectAll())!;
    expect(next.revision).to.equal(2);
    expect(next.id).to.equal(old.id);
  });

  it('asks again once a decision has expired', async () => {
    const first = await open('empty');
    await first.win.temoin.ready;
    const record = (await first.win.temoin.acceptAll())!;
    first.frame.remove();
    indexedDB.deleteDatabase('temoin');
    writeRecordCookie({ ...record, expiresAt: Date.now() - 1000 });
    const f = await open('markup');
    expect(f.win.temoin.get()).to.equal(null);
    expect(await f.win.temoin.ready).to.equal(null);
    await timeToShow(300);
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
  });

  it('forgets the decision on reset', async () => {
    const f = await open('empty', { config: { reloadOnWithdraw: false } });
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    await f.win.temoin.reset();
    expect(f.win.temoin.get()).to.equal(null);
    expect(f.win.temoin.granted('analytics')).to.equal(false);
    expect(readCookieRecord()).to.equal(null);
  });

  it('rejects bad calls with a clear error and changes nothing', async () => {
    const f = await open('empty', { dev: true });
    await f.win.temoin.ready;
    let message = '';
    await f.win.temoin.set({ analytcs: true }).catch((e: unknown) => (message = (e as Error).message));
    expect(message).to.contain('unknown category').and.contain('analytics');
    await f.win.temoin.set({ necessary: false }).catch((e: unknown) => (message = (e as Error).message));
    expect(message).to.contain('strictly necessary');
    expect(f.win.temoin.get()).to.equal(null);
  });
});

describe('two tabs', () => {
  beforeEach(cleanOrigin);

  it('applies a choice made in one tab to the other without reload, and a withdrawal too', async () => {
    const a = await open('empty');
    await a.win.temoin.ready;
    const tab = window.open('/test/fixtures/markup.html', '_blank') as FixtureWindow;
    try {
      await until(() => (tab.temoin as Temoin | undefined) && tab.document.readyState == 'complete', 'the second tab');
      await tab.temoin.ready;
      const reloaded = new Promise((resolve) => tab.addEventListener('pagehide', resolve));
      await a.win.temoin.set({ analytics: true });
      await until(() => tab.temoin.granted('analytics'), 'the grant in the other tab');
      await until(() => tab.__ran?.includes('inline-second'), "the other tab's scripts");
      await a.win.temoin.set({ analytics: false });
      await reloaded; // the other tab reloads to stop what it ran
    } finally {
      tab.close();
    }
  });
});

describe('withdrawal', () => {
  beforeEach(cleanOrigin);

  it('deletes the cookies of refused services and reloads the page', async () => {
    let f = await open('markup');
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    await until(
      () => f.win.__ran?.includes('ads.test/pixel.js') && f.win.__ran.includes('analytics.test/third.js'),
      'the scripts',
    );
    expect(cookieNames(f.doc)).to.include.members(['_st', '_st_abc', '_px']);
    const reloaded = nextLoad(f);
    await f.win.temoin.rejectAll();
    f = await reloaded;
    expect(cookieNames(f.doc).filter((n) => n.startsWith('_'))).to.deep.equal([]);
    const before = (await requests()).length;
    await f.win.temoin.ready;
    await timeToShow(300);
    expect((await requests()).length).to.equal(before);
  });

  it('can stay on the page when reloadOnWithdraw is false, blocking new requests again', async () => {
    const f = await open('empty', { config: { reloadOnWithdraw: false } });
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    f.doc.cookie = '_st_xyz=1; Path=/';
    await f.win.temoin.set({ analytics: false });
    expect(cookieNames()).to.not.include('_st_xyz');
    new f.win.Image().src = `http://analytics.test:${location.port}/after-withdrawal.gif`;
    await timeToShow(300);
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
  });
});

describe('signals', () => {
  beforeEach(cleanOrigin);

  it('refuses gpc:"deny" categories under Global Privacy Control and records the signal', async () => {
    const f = await open('empty', { gpc: true });
    await f.win.temoin.ready;
    const record = (await f.win.temoin.acceptAll())!;
    expect(record.signals.gpc).to.equal(true);
    expect(record.choices).to.include({ analytics: true, marketing: false });
    expect(f.win.temoin.granted('marketing')).to.equal(false);
    // An explicit choice made with the signal on stands.
    await f.win.temoin.set({ marketing: true });
    expect(f.win.temoin.granted('marketing')).to.equal(true);
  });

  it('lets a signal that appears after a grant refuse it again', async () => {
    const first = await open('empty');
    await first.win.temoin.ready;
    await first.win.temoin.acceptAll();
    first.frame.remove();
    const f = await open('markup', { gpc: true });
    expect(f.win.temoin.granted('marketing')).to.equal(false);
    expect(f.win.temoin.granted('analytics')).to.equal(true);
    await until(() => f.win.__ran?.includes('analytics.test/third.js'), 'analytics');
    await timeToShow(200);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
  });

  it('pushes Consent Mode defaults before anything runs, and an update on each decision', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const entries = () => (f.win.dataLayer as IArguments[]).map((a) => Array.from<unknown>(a));
    expect(Object.prototype.toString.call(f.win.dataLayer![0])).to.equal('[object Arguments]');
    expect(entries()[0]).to.deep.equal([
      'consent',
      'default',
      {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'denied',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'denied',
        wait_for_update: 500,
      },
    ]);
    expect(entries()[1]).to.deep.equal([
      'consent',
      'update',
      {
        security_storage: 'granted',
        analytics_storage: 'denied',
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
      },
    ]);
    await f.win.temoin.set({ analytics: true });
    expect(entries().at(-1)).to.deep.equal([
      'consent',
      'update',
      {
        security_storage: 'granted',
        analytics_storage: 'granted',
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
      },
    ]);
  });
});
