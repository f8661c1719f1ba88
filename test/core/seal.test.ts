// A sealed config (`temoin check config.json --seal sealed.json`) in the production script: it
// starts without downloading the validator, and a seal that does not match its text is no seal at
// all (the config is validated, and an invalid one fails closed). The seals are the CLI's own,
// made by the test server from dist/node, so the browser and the CLI must agree.
import { expect } from 'chai';
import type { TemoinConfig } from '../../src/core/config.js';
import {
  cleanOrigin,
  fetchedFiles,
  open,
  pathsFrom,
  timeToShow,
  until,
  type Fixture,
  type FixtureOptions,
} from '../support/fixture.js';
import { banner, bannerShown, expectAccessible, part } from '../support/ui.js';

/** The UI fixture's config, as `openUI` gives it. */
const uiConfig = async (): Promise<TemoinConfig> => ({
  ...((await (await fetch('/test/fixtures/config.json')).json()) as TemoinConfig),
  ui: '/dist/temoin-ui.js',
  lang: 'auto',
});

/** `config` as `temoin check --seal` writes it (the CLI itself, run by the test server). */
async function seal(config: TemoinConfig): Promise<string> {
  const response = await fetch('/__seal', { method: 'POST', body: JSON.stringify(config) });
  const text = await response.text();
  if (!response.ok) throw new Error(`temoin check --seal refused the config: ${text}`);
  return text;
}

/** The UI fixture with this config text, once Témoin has settled. */
async function openWith(rawconfig: string, dev = false, databases?: FixtureOptions['databases']): Promise<Fixture> {
  const f = await open('ui', { rawconfig, dev, databases });
  await f.win.temoin.ready;
  return f;
}

/** Waits for an IndexedDB open or delete request of the test page itself, closing what it opened. */
const changeDatabase = (request: IDBOpenDBRequest) =>
  new Promise<void>((resolve, reject) => {
    request.onsuccess = () => {
      (request.result as IDBDatabase | undefined)?.close();
      resolve();
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

const analyticsRan = async () => (await pathsFrom('analytics.test')).includes('/ui-stats.js');

describe('a sealed config', () => {
  beforeEach(cleanOrigin);

  it('starts on a first visit without the validator: the banner, and nothing optional before a choice', async () => {
    // Another database on the origin is not Témoin's: still no decision to read.
    await changeDatabase(indexedDB.open('another-script'));
    const f = await openWith(await seal(await uiConfig()));
    const region = await bannerShown(f);
    // No Témoin database on this origin: no decision to read from it, so not its reader either.
    expect(fetchedFiles(f)).to.deep.equal(['temoin-ui-fr.js', 'temoin-ui.js', 'temoin.js']);
    await changeDatabase(indexedDB.deleteDatabase('another-script'));
    expect(f.win.temoin.config!.seal, 'a config is the same sealed or not').to.equal(undefined);
    await timeToShow(300);
    expect(await analyticsRan()).to.equal(false);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
    await expectAccessible(f, 'the banner of a sealed config');
    part<HTMLButtonElement>(banner(f), '.action').click();
    await until(analyticsRan, 'the analytics script, once accepted');
    expect(region.isConnected && banner(f).hasAttribute('open')).to.equal(false);
  });

  it('is the very config validation gives: templates, French text and strings, the same in receipts', async () => {
    const config = await uiConfig();
    config.categories[3]!.services!.push({ template: 'youtube', id: 'youtube' } as never);
    config.strings = { fr: { acceptAll: 'J’accepte «\u202ftout\u202f»' } };
    const validated = await openWith(JSON.stringify(config));
    await bannerShown(validated);
    expect(fetchedFiles(validated)).to.include('temoin-templates.js');
    const expected = JSON.stringify(validated.win.temoin.config);
    await cleanOrigin();
    const sealed = await openWith(await seal(config));
    await bannerShown(sealed);
    expect(fetchedFiles(sealed)).to.not.include('temoin-templates.js').and.not.include('temoin-check.js');
    // The same object, so the same canonical JSON and configHash in every receipt.
    expect(JSON.stringify(sealed.win.temoin.config)).to.equal(expected);
    await until(
      () => part(banner(sealed), '[part~="accept"]').textContent == 'J’accepte «\u202ftout\u202f»',
      'the button in the config’s words',
    );
  });

  it('restores the decision IndexedDB keeps when the cookie is gone, with the reader alone', async () => {
    const sealed = await seal(await uiConfig());
    const first = await openWith(sealed);
    await first.win.temoin.rejectAll();
    document.cookie = 'temoin=; Max-Age=0; Path=/';
    const f = await openWith(sealed);
    expect(f.win.temoin.get()?.choices.analytics).to.equal(false);
    expect(fetchedFiles(f)).to.include('temoin-durable.js').and.not.include('temoin-check.js');
    expect(f.doc.querySelector('temoin-banner[open]')).to.equal(null);
  });

  for (const databases of ['missing', 'rejected'] as const) {
    it(`reads IndexedDB on a first visit when the browser cannot list its databases (databases() ${databases})`, async () => {
      const sealed = await seal(await uiConfig());
      const fresh = await openWith(sealed, false, databases);
      await bannerShown(fresh);
      expect(fetchedFiles(fresh)).to.include('temoin-durable.js');
      await fresh.win.temoin.rejectAll();
      document.cookie = 'temoin=; Max-Age=0; Path=/';
      const f = await openWith(sealed, false, databases);
      expect(f.win.temoin.get()?.choices.analytics).to.equal(false);
      expect(f.doc.querySelector('temoin-banner[open]')).to.equal(null);
    });
  }

  it('is validated when its text changed after sealing, and fails closed when the change is invalid', async () => {
    // (A config the CLI finds invalid is never sealed: test/check/check.test.ts.)
    const sealed = JSON.parse(await seal(await uiConfig())) as TemoinConfig & { categories: { title: unknown }[] };
    const edited = await openWith(JSON.stringify({ ...sealed, revision: 2 }));
    await bannerShown(edited);
    expect(fetchedFiles(edited)).to.include('temoin-check.js').and.not.include('temoin-durable.js');
    await cleanOrigin();
    sealed.categories[1]!.title = '';
    const invalid = await openWith(JSON.stringify(sealed));
    expect(invalid.win.temoin.config).to.equal(null);
    expect(invalid.win.__errors.join('\n')).to.match(/invalid config [\s\S]*categories\[1\]\.title/);
    await timeToShow(300);
    expect(invalid.doc.querySelector('temoin-banner')).to.equal(null);
    expect(await analyticsRan()).to.equal(false);
  });

  it('is validated by the development script, which says when production would not take the seal', async () => {
    const sealed = await seal(await uiConfig());
    const dev = await openWith(sealed, true);
    await bannerShown(dev);
    expect(fetchedFiles(dev)).to.include('temoin-check.dev.js');
    expect(dev.win.__warnings.join('\n')).to.not.match(/seal/);
    await cleanOrigin();
    const stale = await openWith(JSON.stringify({ ...(JSON.parse(sealed) as TemoinConfig), revision: 3 }), true);
    await bannerShown(stale);
    expect(stale.win.__warnings.join('\n')).to.match(
      /the config’s seal was made for another text or another Témoin release, so the production script validates the config on each first visit \(temoin-check\.js\); run npx temoin check <your config> --seal <this file> again/,
    );
  });

  it('loads nothing for a returning visitor whose cookie holds a decision', async () => {
    const sealed = await seal(await uiConfig());
    const first = await openWith(sealed);
    await first.win.temoin.acceptAll();
    const f = await openWith(sealed);
    await until(analyticsRan, 'the analytics script, granted');
    expect(fetchedFiles(f)).to.deep.equal(['temoin.js']);
  });
});
