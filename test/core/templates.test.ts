// Service templates: each is a valid service with both languages, its hosts are really blocked
// in Chromium, the config may override any field, and a config naming templates, once validated,
// is trusted with the services they expanded to: a returning visitor downloads neither the check
// path nor the catalog, until the text or the build's validation sources change.
import { expect } from 'chai';
import { checkConfig } from '../../src/core/config-check.js';
import { validateConfig, type TemoinConfig } from '../../src/core/config.js';
import type { PageState } from '../../src/core/types.js';
import { TEMPLATES } from '../../src/templates/catalog.js';
import { expandTemplates } from '../../src/templates/expand.js';
import { cleanOrigin, fetchedFiles, open, until, type Fixture } from '../support/fixture.js';

const NAMES = Object.keys(TEMPLATES);
const config = (services: object[]): TemoinConfig => ({
  revision: 1,
  lang: 'fr',
  controller: { name: 'Ville de Test' },
  categories: [
    { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
    {
      id: 'tracking',
      title: { fr: 'Suivi', en: 'Tracking' },
      services: services as TemoinConfig['categories'][number]['services'],
    },
  ],
});
/** A first visit to a page with `config`, where the visitor refuses everything. */
async function refusedOnce(config: TemoinConfig): Promise<void> {
  const first = await open('empty', { config });
  await first.win.temoin.ready;
  await first.win.temoin.rejectAll();
  first.frame.remove();
}
async function expectBlocked(f: Fixture, url: string, service: string) {
  const error = await f.win.fetch(url).then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error?.message).to.contain(`blocked (${service})`);
}
const bothLanguages = (text: unknown) =>
  typeof text == 'number' || (typeof text == 'object' && !!text && 'fr' in text && 'en' in text);

describe('service templates', () => {
  beforeEach(cleanOrigin);

  it('cover the trackers sites use', () => {
    for (const name of [
      'google-analytics-4',
      'google-tag-manager',
      'google-ads',
      'meta-pixel',
      'matomo',
      'hotjar',
      'microsoft-clarity',
      'linkedin-insight',
      'tiktok-pixel',
      'youtube',
      'vimeo',
      'google-maps',
      'recaptcha',
      'plausible',
      'x',
      'instagram',
      'hubspot',
      'hubspot-forms',
      'intercom',
    ]) {
      expect(NAMES, name).to.include(name);
    }
  });

  for (const name of NAMES) {
    it(`${name} is a valid service, in French and English`, () => {
      const valid = validateConfig(expandTemplates(config([{ template: name, id: 'svc' }])));
      const service = valid.categories[1]!.services[0]!;
      expect(service.hosts!.length, 'hosts').to.be.greaterThan(0);
      expect(service.data!.length, 'data collected').to.be.greaterThan(0);
      expect(bothLanguages(service.purpose), 'purpose').to.equal(true);
      expect(bothLanguages(service.retention), 'retention').to.equal(true);
      for (const cookie of service.cookies ?? []) {
        expect(bothLanguages(cookie.lifetime), `${cookie.name} lifetime`).to.equal(true);
        if (cookie.description) expect(bothLanguages(cookie.description), `${cookie.name} description`).to.equal(true);
      }
      expect(service.privacyUrl).to.match(/^https:\/\//);
    });
  }

  it('has every host of every template blocked in the browser until consent', async () => {
    const f = await open('empty', { config: config(NAMES.map((name) => ({ template: name, id: name }))) });
    expect(await f.win.temoin.ready).to.equal(null);
    for (const name of NAMES) {
      for (const host of TEMPLATES[name]!.hosts!) {
        const url = `https://${host.replace(/^\*\./, 'x.')}/probe`;
        const error = await f.win.fetch(url).then(
          () => null,
          (e: unknown) => e as Error,
        );
        // Named by the service that blocks it, `category/service` (another template may declare the host too).
        expect(error?.message, `${name}: ${url}`).to.match(/blocked \(tracking\/[\w-]+\)/);
        // A subdomain is covered too.
        const sub = await f.win.fetch(`https://sub.${host}/probe`).then(
          () => null,
          (e: unknown) => e as Error,
        );
        expect(sub?.message, `${name}: sub.${host}`).to.match(/blocked \(tracking\/[\w-]+\)/);
      }
    }
  });

  it("holds the Google tag's conversion hits on www.google.com/ccm for Google Ads, with GA4 granted", async () => {
    const f = await open('empty', {
      config: config([
        { template: 'google-analytics-4', id: 'ga4' },
        { template: 'google-ads', id: 'ads' },
      ]),
    });
    await f.win.temoin.ready;
    await f.win.temoin.set({ tracking: { ga4: true } });
    // A Google Ads tag's (AW-) page view, its enhanced conversions, and their copy on Google's Canadian host.
    await expectBlocked(f, 'https://www.google.com/ccm/collect?tid=AW-123456789&en=page_view', 'tracking/ads');
    await expectBlocked(f, 'https://www.google.com/ccm/form-data/123456789', 'tracking/ads');
    await expectBlocked(f, 'https://www.google.ca/ccm/collect?tid=AW-123456789&en=page_view', 'tracking/ads');
  });

  it("holds GA4's own hits on Google's and DoubleClick's hosts for GA4, with Google Ads granted; its Google signals for Google Ads too", async () => {
    const f = await open('empty', {
      config: config([
        { template: 'google-analytics-4', id: 'ga4' },
        { template: 'google-ads', id: 'ads' },
      ]),
    });
    await f.win.temoin.ready;
    await f.win.temoin.set({ tracking: { ads: true } });
    // A GA4 page view sent to Google's host, and its Google signals copy to DoubleClick's.
    await expectBlocked(f, 'https://www.google.com/g/collect?v=2&tid=G-ABC123&en=page_view', 'tracking/ga4');
    await expectBlocked(f, 'https://stats.g.doubleclick.net/g/collect?v=2&tid=G-ABC123', 'tracking/ga4');
    // Google signals feed Google's ads: with GA4 granted and Google Ads refused, they wait still.
    await f.win.temoin.set({ tracking: { ads: false, ga4: true } });
    await expectBlocked(f, 'https://stats.g.doubleclick.net/g/collect?v=2&tid=G-ABC123', 'tracking/ads');
  });

  it("loads the tag manager's container with the tag manager alone granted, and GA4's gtag.js with GA4 alone", async () => {
    const f = await open('empty', {
      config: config([
        { template: 'google-tag-manager', id: 'gtm' },
        { template: 'google-analytics-4', id: 'ga4' },
      ]),
    });
    await f.win.temoin.ready;
    const held = async (url: string) =>
      f.win.fetch(url, { mode: 'no-cors' }).then(
        () => '',
        (e: unknown) => /blocked \(([^)]+)\)/.exec((e as Error).message)?.[1] ?? '',
      );
    const container = 'https://www.googletagmanager.com/gtm.js?id=GTM-ABC123';
    const frame = 'https://www.googletagmanager.com/ns.html?id=GTM-ABC123';
    const gtag = 'https://www.googletagmanager.com/gtag/js?id=G-ABC123';
    await f.win.temoin.set({ tracking: { gtm: true } });
    expect([await held(container), await held(frame), await held(gtag)]).to.deep.equal(['', '', 'tracking/ga4']);
    await f.win.temoin.set({ tracking: { gtm: false, ga4: true } });
    expect([await held(container), await held(frame), await held(gtag)]).to.deep.equal([
      'tracking/gtm',
      'tracking/gtm',
      '',
    ]);
  });

  it('lets the config override any field', async () => {
    const f = await open('empty', {
      config: config([
        {
          template: 'matomo',
          id: 'stats',
          hosts: ['stats.ville.test'],
          provider: 'Ville de Test',
          hostedOutsideQuebec: false,
        },
      ]),
    });
    await f.win.temoin.ready;
    const service = f.win.temoin.config!.categories[1]!.services[0]!;
    expect(service).to.include({ id: 'stats', name: 'Matomo', provider: 'Ville de Test', hostedOutsideQuebec: false });
    expect(service.hosts).to.deep.equal(['stats.ville.test']);
    expect(service.cookies!.map((c) => c.name)).to.deep.equal(['_pk_id.*', '_pk_ses.*']);
    const error = await f.win.fetch('http://stats.ville.test/matomo.js').then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/blocked/);
  });

  it('names an unknown template, and fails closed', async () => {
    const f = await open('empty', { config: config([{ template: 'google-analytics-3', id: 'ga' }]) });
    expect(await f.win.temoin.ready).to.equal(null);
    await until(() => f.win.__errors.length, 'the error');
    expect(f.win.__errors.join('\n')).to.contain(
      'categories[1].services[0].template "google-analytics-3" is not a known template; known: google-analytics-4',
    );
  });

  it('is trusted once validated, with what its templates expanded to: a returning visitor downloads neither the check path nor the catalog', async () => {
    const templated = config([{ template: 'youtube', id: 'videos' }]);
    const first = await open('empty', { config: templated });
    await first.win.temoin.ready;
    expect(fetchedFiles(first)).to.include.members(['temoin-check.js', 'temoin-templates.js']);
    await first.win.temoin.rejectAll();
    first.frame.remove();
    const f = await open('empty', { config: templated });
    await f.win.temoin.ready;
    expect(fetchedFiles(f)).to.deep.equal(['temoin.js']);
    const service = f.win.temoin.config!.categories[1]!.services[0]!;
    expect(service).to.include({ id: 'videos', name: 'YouTube', provider: 'Google LLC' });
    expect(service.hosts).to.include('youtube.com');
    await expectBlocked(f, 'https://www.youtube.com/embed/x', 'tracking/videos');
  });

  it('is validated and expanded again when its text changes, or was trusted under other validation sources', async () => {
    const templated = config([{ template: 'youtube', id: 'videos' }]);
    await refusedOnce(templated);
    // Trusted by another build (its CHECK_VERSION ends the fingerprint): validated again.
    const [print, expanded] = JSON.parse(localStorage.getItem('temoin:config:2')!) as [string, unknown];
    localStorage.setItem('temoin:config:2', JSON.stringify([print.replace(/[^.]*$/, 'older'), expanded]));
    const other = await open('empty', { config: templated });
    await other.win.temoin.ready;
    expect(fetchedFiles(other)).to.deep.equal(['temoin-check.js', 'temoin-templates.js', 'temoin.js']);
    other.frame.remove();
    // Trusted again by this build: nothing more to download.
    const again = await open('empty', { config: templated });
    await again.win.temoin.ready;
    expect(fetchedFiles(again)).to.deep.equal(['temoin.js']);
    again.frame.remove();
    // Another text, same revision (the decision still holds): expanded again, its override taken.
    const changed = config([{ template: 'youtube', id: 'videos', provider: 'Alphabet' }]);
    const f = await open('empty', { config: changed });
    await f.win.temoin.ready;
    expect(fetchedFiles(f)).to.deep.equal(['temoin-check.js', 'temoin-templates.js', 'temoin.js']);
    expect(f.win.temoin.config!.categories[1]!.services[0]).to.include({ name: 'YouTube', provider: 'Alphabet' });
    await expectBlocked(f, 'https://www.youtube.com/embed/x', 'tracking/videos');
  });

  it('stays expanded after a decision made on a trusted page load', async () => {
    const templated = config([{ template: 'youtube', id: 'videos' }]);
    await refusedOnce(templated);
    // Trusted, and the visitor decides again: what is remembered is still the expansion.
    const second = await open('empty', { config: templated });
    await second.win.temoin.ready;
    expect(fetchedFiles(second)).to.deep.equal(['temoin.js']);
    await second.win.temoin.set({ tracking: false });
    second.frame.remove();
    const f = await open('empty', { config: templated });
    await f.win.temoin.ready;
    expect(fetchedFiles(f)).to.deep.equal(['temoin.js']);
    expect(f.win.temoin.config!.categories[1]!.services[0]).to.include({ id: 'videos', name: 'YouTube' });
    await expectBlocked(f, 'https://www.youtube.com/embed/x', 'tracking/videos');
  });

  it('is validated again when the remembered entry is damaged', async () => {
    const templated = config([{ template: 'youtube', id: 'videos' }]);
    await refusedOnce(templated);
    const [print] = JSON.parse(localStorage.getItem('temoin:config:2')!) as [string, unknown];
    localStorage.setItem('temoin:config:2', JSON.stringify([print, { categories: [null] }]));
    const f = await open('empty', { config: templated });
    expect(await f.win.temoin.ready, 'the decision still applies').to.not.equal(null);
    expect(fetchedFiles(f)).to.deep.equal(['temoin-check.js', 'temoin-templates.js', 'temoin.js']);
    await expectBlocked(f, 'https://www.youtube.com/embed/x', 'tracking/videos');
  });

  it('is not remembered by a check path built apart from the <head> script', async () => {
    const page = { print: 'abc.1f.another-build' } as PageState;
    await checkConfig(page, config([]), true);
    expect(page.print).to.equal('');
    expect(localStorage.getItem('temoin:config:2')).to.equal(null);
  });
});
