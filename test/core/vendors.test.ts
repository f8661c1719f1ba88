// The vendors' own snippets, verbatim and marked as the README says, with the service templates:
// nothing reaches the vendor before consent or after a refusal, and after consent the page sees
// what it sees without Témoin. The vendors are stand-ins on their own names (test/support/vendors.mjs).
import { expect } from 'chai';
import type { TemoinConfig } from '../../src/core/config.js';
import { cleanOrigin, clearRequests, requests, timeToShow, until, type FixtureWindow } from '../support/fixture.js';

type VendorWindow = FixtureWindow & { __vendors?: string[] };
interface Page {
  frame: HTMLIFrameElement;
  win: VendorWindow;
}

const category = (id: string, services: object[]) => ({ id, title: { fr: id, en: id }, services });

const config = {
  revision: 1,
  lang: 'fr',
  ui: false,
  controller: { name: 'Ville de Test' },
  categories: [
    { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
    category('analytics', [
      { template: 'google-tag-manager', id: 'gtm' },
      { template: 'google-analytics-4', id: 'ga4' },
      { template: 'hotjar', id: 'hotjar' },
      { template: 'matomo', id: 'matomo' },
      { template: 'plausible', id: 'plausible' },
    ]),
    category('marketing', [
      { template: 'meta-pixel', id: 'meta' },
      { template: 'linkedin-insight', id: 'linkedin' },
      { template: 'tiktok-pixel', id: 'tiktok' },
      { template: 'hubspot-forms', id: 'hubspot' },
    ]),
    category('media', [
      { template: 'youtube', id: 'youtube' },
      { template: 'vimeo', id: 'vimeo' },
      { template: 'google-maps', id: 'maps' },
      { template: 'x', id: 'x' },
      { template: 'instagram', id: 'instagram' },
    ]),
    category('support', [{ template: 'intercom', id: 'intercom' }]),
    category('security', [{ template: 'recaptcha', id: 'recaptcha' }]),
  ],
} as unknown as TemoinConfig;

const VENDOR_HOST =
  /googletagmanager|google-analytics|facebook|hotjar|matomo|plausible|youtube|google\.com|gstatic|googleapis|twitter|instagram|vimeo|hsforms|intercom|licdn|linkedin|tiktok/;

let opened = 0;
async function openVendor(name: string, params: Record<string, string> = {}): Promise<Page> {
  const query = new URLSearchParams({ ...params, n: String(++opened) });
  if (!('bare' in params) && !('stash' in params) && !('configurl' in params))
    query.set('rawconfig', JSON.stringify(config));
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/vendors/${name}.html?${query}`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return { frame, win: frame.contentWindow as VendorWindow };
}

const vendorRequests = async () =>
  (await requests())
    .filter((r) => VENDOR_HOST.test(r.host))
    .map((r) => r.host + r.path)
    .sort();

const seen = (p: Page) => [...(p.win.__vendors ?? [])].sort();
/** What the vendors' hosts were asked, each host and path once. */
const asked = async () => [...new Set(await vendorRequests())];

/** The config inline (checked on this first visit), sealed inline, or by URL. */
async function given(mode: string): Promise<Record<string, string>> {
  if (mode == 'inline') return {};
  const text =
    mode == 'url'
      ? JSON.stringify(config)
      : await (await fetch('/__seal', { method: 'POST', body: JSON.stringify(config) })).text();
  // Too long for a URL once sealed, with its templates expanded.
  await fetch('/__stash', { method: 'POST', body: text });
  return mode == 'url' ? { configurl: '/__stash' } : { stash: '' };
}

/** Waits until a page reports what it did without Témoin, and the vendors were asked the same. */
async function asWithout(p: Page, expected: string[], hosts: string[], when: string): Promise<void> {
  const now = async () => [seen(p), await asked()];
  await until(async () => JSON.stringify(await now()) == JSON.stringify([expected, hosts]), when).catch(async () => {
    expect(await now(), when).to.deep.equal([expected, hosts]);
  });
}

/** Témoin's messages and the page's errors. */
const complaints = (p: Page) => [...p.win.__errors, ...p.win.__warnings];

const VENDORS = [
  'gtm',
  'gtag',
  'meta',
  'hotjar',
  'matomo',
  'plausible',
  'youtube',
  'youtube-iframe',
  'maps',
  'recaptcha',
  'recaptcha-v3',
  'twitter',
  'instagram',
  'vimeo',
  'hubspot',
  'intercom',
  'linkedin',
  'tiktok',
];
const MODES = ['inline', 'sealed', 'url'];

describe("vendors' snippets, marked as the README says", function () {
  this.timeout(20000);
  beforeEach(cleanOrigin);

  for (const [i, name] of VENDORS.entries()) {
    const mode = MODES[i % MODES.length]!;
    it(`${name} (config ${mode}): reaches no vendor before a choice nor after a refusal, and works as without Témoin once accepted, in the visit and the next`, async () => {
      // Without Témoin, the snippet as the vendor publishes it: what the page reports and the
      // vendors were asked, once neither has changed for a while (a beacon may come late).
      const bare = await openVendor(name, { bare: '' });
      const stable = async (): Promise<string[][] | undefined> => {
        const before = JSON.stringify([seen(bare), await asked()]);
        await timeToShow(400);
        const after = [seen(bare), await asked()];
        return before == JSON.stringify(after) && after[0]!.length ? after : undefined;
      };
      const [expected, hosts] = (await until(stable, `${name} without Témoin`)) as [string[], string[]];
      expect(complaints(bare), 'without Témoin').to.deep.equal([]);
      bare.frame.remove();
      await cleanOrigin();

      const params = await given(mode);
      const f = await openVendor(name, params);
      await f.win.temoin.ready;
      await timeToShow(300);
      expect([seen(f), await asked()], 'before a choice').to.deep.equal([[], []]);
      await f.win.temoin.rejectAll();
      await timeToShow(300);
      expect([seen(f), await asked()], 'after a refusal').to.deep.equal([[], []]);
      await f.win.temoin.acceptAll();
      await asWithout(f, expected, hosts, 'once accepted');
      expect(complaints(f), 'once accepted').to.deep.equal([]);
      f.frame.remove();

      await clearRequests();
      const next = await openVendor(name, params);
      await asWithout(next, expected, hosts, 'on the next visit');
      expect(complaints(next), 'on the next visit').to.deep.equal([]);
    });
  }
});

describe("vendors' snippets, in the cases that went wrong", function () {
  this.timeout(20000);
  beforeEach(cleanOrigin);

  it("loads Google's map embed once the map is granted, reCAPTCHA refused (both on www.google.com, each under its path)", async () => {
    const f = await openVendor('maps-embed');
    await f.win.temoin.ready;
    await f.win.temoin.set({ media: true });
    await until(async () => (await asked()).includes('www.google.com/maps/embed'), 'the map');
    const map = f.win.document.querySelector('iframe')!;
    expect([map.getAttribute('data-category'), map.hasAttribute('data-src')]).to.deep.equal(['media', false]);
    await timeToShow(300);
    expect(await asked(), 'reCAPTCHA, refused').to.deep.equal(['www.google.com/maps/embed']);
    expect(complaints(f)).to.deep.equal([]);

    await f.win.temoin.set({ media: true, security: true });
    await until(() => f.win.__vendors?.includes('recaptcha:widget:normal'), 'reCAPTCHA once granted');
  });

  it("runs Google Charts, unmarked on www.gstatic.com, with reCAPTCHA refused: its template holds reCAPTCHA's paths, not Google's hosts", async () => {
    const charts = [
      'www.gstatic.com/charts/57/js/jsapi_compiled_corechart_module.js',
      'www.gstatic.com/charts/loader.js',
    ];
    const f = await openVendor('charts-recaptcha');
    await f.win.temoin.ready;
    await f.win.temoin.rejectAll();
    await until(() => f.win.__vendors?.includes('charts:drawn'), 'the chart, reCAPTCHA refused');
    await timeToShow(300);
    expect([seen(f), await asked()], 'reCAPTCHA, refused').to.deep.equal([
      ['charts:corechart', 'charts:drawn', 'charts:load:current', 'charts:loader'],
      charts,
    ]);
    expect(complaints(f)).to.deep.equal([]);

    await f.win.temoin.set({ security: true });
    await until(() => f.win.__vendors?.includes('recaptcha:widget:normal'), 'reCAPTCHA once granted');
    await until(async () => (await asked()).includes('www.google.com/recaptcha/api2/anchor'), "reCAPTCHA's frame");
    expect(await asked()).to.include.members([
      'www.google.com/recaptcha/api.js',
      'www.gstatic.com/recaptcha/releases/1/recaptcha__fr.js',
    ]);
    expect(complaints(f)).to.deep.equal([]);
  });

  it('loads gtag.js for GA4 granted alone, Google Tag Manager refused (both templates hold its host)', async () => {
    const f = await openVendor('gtag');
    await f.win.temoin.ready;
    await f.win.temoin.set({ analytics: { ga4: true } });
    await until(() => f.win.__vendors?.includes('gtag:config:G-TEMOIN'), 'GA4, granted alone');
    expect(complaints(f)).to.deep.equal([]);
  });

  it("runs reCAPTCHA's api.js left unmarked, whitespace inside its tag, once accepted (held while the config was checked)", async () => {
    // Google's snippet: `<script src="…/api.js?onload=onloadCallback&render=explicit" async defer>` and a
    // new line before `</script>`. The preload scanner may fetch it (the README says mark it
    // anyway); what matters is that it runs on consent only.
    const f = await openVendor('recaptcha', { unmarked: '' });
    await f.win.temoin.ready;
    await timeToShow(300);
    expect(seen(f), 'before a choice').to.deep.equal([]);
    await f.win.temoin.acceptAll();
    await until(() => f.win.__vendors?.includes('recaptcha:widget:normal'), 'the widget, once accepted');
    expect(f.win.__errors).to.deep.equal([]);
  });
});
