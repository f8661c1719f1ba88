// "Load this once" on a placeholder loads the embed's service for this page view, with the
// vendors' own snippets (their stand-ins on their own names, test/support/vendors.mjs): the
// player's API script runs and the page's player works; other services, and other categories'
// entries on the same host, stay held; nothing is stored, and the next page view asks again.
import { expect } from 'chai';
import type { TemoinConfig } from '../../src/core/config.js';
import { cleanOrigin, clearRequests, requests, timeToShow, until, type FixtureWindow } from '../support/fixture.js';

type VendorWindow = FixtureWindow & { __vendors?: string[]; __loaded?: string };

const config = {
  revision: 1,
  lang: 'fr',
  ui: '/dist/temoin-ui.js',
  manageButton: false,
  controller: { name: 'Ville de Test' },
  categories: [
    { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
    {
      id: 'media',
      title: { fr: 'Médias', en: 'Media' },
      services: [
        { template: 'youtube', id: 'youtube' },
        { template: 'vimeo', id: 'vimeo' },
        { template: 'google-maps', id: 'maps' },
      ],
    },
    {
      id: 'security',
      title: { fr: 'Sécurité', en: 'Security' },
      services: [{ template: 'recaptcha', id: 'recaptcha' }],
    },
  ],
} as unknown as TemoinConfig;

const VENDOR_HOST = /youtube|vimeo|google\.com|gstatic|googleapis/;

let opened = 0;
/** A vendor's page, for a visitor who refused everything: its embed behind a placeholder. */
async function openRefused(name: string): Promise<VendorWindow> {
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/vendors/${name}.html?${new URLSearchParams({ rawconfig: JSON.stringify(config), n: String(++opened) })}`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as VendorWindow;
  await win.temoin.ready;
  if (!win.temoin.get()) await win.temoin.rejectAll();
  return win;
}

/** What the vendors' hosts were asked, each host and path once. */
const asked = async () => [
  ...new Set(
    (await requests())
      .filter((r) => VENDOR_HOST.test(r.host))
      .map((r) => r.host + r.path)
      .sort(),
  ),
];
const seen = (win: VendorWindow) => [...(win.__vendors ?? [])].sort();
const once = (win: VendorWindow) =>
  until(
    () => win.document.querySelector('temoin-placeholder')?.shadowRoot?.querySelector<HTMLElement>('[part~="once"]'),
    'the placeholder',
  );

describe('"load this once" on a vendor\'s placeholder', function () {
  this.timeout(20000);
  beforeEach(cleanOrigin);

  it("runs YouTube's IFrame Player API held at run time: the page's player is ready; other services stay held; nothing is stored", async () => {
    const win = await openRefused('youtube-iframe');
    const decided = JSON.stringify(win.temoin.get());
    await timeToShow(300);
    expect([seen(win), await asked()], 'refused').to.deep.equal([[], []]);
    (await once(win)).click();
    await until(() => win.__vendors?.includes('yt:play'), "the player's onReady");
    expect(seen(win)).to.deep.equal(['yt:api', 'yt:play', 'yt:player', 'yt:ready', 'yt:widgetapi']);
    // What the page asks of the service later goes too; another service's stays held.
    const doc = win.document;
    doc.body.append(Object.assign(doc.createElement('img'), { src: 'https://www.youtube.com/later.gif' }));
    doc.body.append(Object.assign(doc.createElement('img'), { src: 'https://player.vimeo.com/later.gif' }));
    await until(async () => (await asked()).includes('www.youtube.com/later.gif'), 'a later request of the service');
    await timeToShow(300);
    expect(await asked()).to.deep.equal([
      'www.youtube.com/embed/M7lc1UVf-VE',
      'www.youtube.com/iframe_api',
      'www.youtube.com/later.gif',
      'www.youtube.com/s/player/1/www-widgetapi.js',
    ]);
    expect(JSON.stringify(win.temoin.get()), 'the decision, unchanged').to.equal(decided);
    expect([win.temoin.granted('media', 'youtube'), win.temoin.granted('media')]).to.deep.equal([false, false]);
    expect([...win.__errors, ...win.__warnings]).to.deep.equal([]);

    // The next page view asks again.
    await clearRequests();
    const next = await openRefused('youtube-iframe');
    await once(next);
    await timeToShow(300);
    expect([seen(next), await asked()], 'on the next page view').to.deep.equal([[], []]);
  });

  it("runs Vimeo's player.js and the page's script, marked with the embed's service", async () => {
    const win = await openRefused('vimeo');
    (await once(win)).click();
    await until(() => win.__loaded == 'vimeo', "the page's player, loaded");
    expect(seen(win)).to.include.members(['vimeo:api', 'vimeo:player', 'vimeo:loaded']);
    expect(win.temoin.granted('media', 'vimeo')).to.equal(false);
  });

  it("loads Google's map, not reCAPTCHA's script on the same host (another category's service, under its own path)", async () => {
    const win = await openRefused('maps-embed');
    (await once(win)).click();
    await until(async () => (await asked()).includes('www.google.com/maps/embed'), 'the map');
    await timeToShow(300);
    expect(await asked()).to.deep.equal(['www.google.com/maps/embed']);
    expect(seen(win)).to.deep.equal([]);
  });
});
