// The scanner's pieces that need no browser: parties, attribution against the config and the
// catalog, the markup to write instead of an unmarked element, the crawl's choice of links.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { ValidConfig } from '../../src/core/config.js';
import { attributor, templateOf, type Attributor } from '../../src/scanner/attribution.js';
import { Crawl, sameOriginPages } from '../../src/scanner/crawl.js';
import { findings } from '../../src/scanner/findings.js';
import { findTag, markedTag } from '../../src/scanner/markup.js';
import { textReport } from '../../src/scanner/output/table.js';
import { isThirdParty, registrableDomain } from '../../src/scanner/party.js';
import type { Finding, ScanReport, StateRecord } from '../../src/scanner/types.js';
import { TEMPLATES } from '../../src/templates/catalog.js';

const root = new URL('../../../../', import.meta.url);

/** Who a request to the root of a host is attributed to, from a page on www.ville.example. */
const hostOf = (a: Attributor, host: string) => a.request(new URL(`https://${host}/`), 'www.ville.example');
/** A catalog template as a config's service, with the config's id. */
const service = (id: string, template: string) => ({ id, ...TEMPLATES[template]!, kind: undefined });

/** A site's config: `necessary` in the required category, a Google map in the optional one. */
const siteConfig = (lang: string, necessary: object[]) =>
  ({
    revision: 1,
    lang,
    expiresDays: 365,
    reloadOnWithdraw: true,
    categories: [
      { id: 'necessaires', required: true, title: 'N', services: necessary },
      { id: 'medias', title: 'M', services: [service('carte', 'google-maps')] },
    ],
  }) as unknown as ValidConfig;

describe('temoin scan: pieces', () => {
  it('tells first from third parties by registrable domain', () => {
    assert.equal(registrableDomain('www.ville.example'), 'ville.example');
    assert.equal(registrableDomain('www.ville.quebec.qc.ca'), 'quebec.qc.ca');
    assert.equal(registrableDomain('www.bbc.co.uk'), 'bbc.co.uk');
    assert.equal(isThirdParty('cdn.ville.example', 'www.ville.example'), false);
    assert.equal(isThirdParty('static.hotjar.com', 'www.ville.example'), true);
  });

  it('attributes hosts and cookies to the config, then to the catalog', () => {
    const config = {
      revision: 1,
      lang: 'auto',
      expiresDays: 365,
      reloadOnWithdraw: true,
      collector: 'https://consent.ville.example/',
      categories: [
        { id: 'necessary', required: true, title: 'N', services: [] },
        {
          id: 'analytics',
          title: 'A',
          services: [
            {
              id: 'ga4',
              name: 'Google Analytics 4',
              provider: 'Google',
              purpose: 'p',
              hostedOutsideQuebec: true,
              hosts: ['googletagmanager.com'],
              cookies: [{ name: '_ga_*', lifetime: 30 }],
            },
          ],
        },
      ],
    } as ValidConfig;
    const a = attributor(config);
    assert.deepEqual(hostOf(a, 'www.googletagmanager.com'), {
      status: 'declared',
      service: 'ga4',
      category: 'analytics',
      template: 'google-analytics-4',
    });
    assert.deepEqual(hostOf(a, 'static.hotjar.com'), {
      status: 'known',
      service: null,
      category: null,
      template: 'hotjar',
    });
    assert.equal(hostOf(a, 'cdn.unknown.example').status, 'unknown');
    assert.equal(hostOf(a, 'img.ville.example').status, 'first-party');
    assert.equal(hostOf(a, 'consent.other.example').status, 'unknown');
    assert.equal(
      hostOf(attributor({ ...config, collector: 'https://consent.other.example/' }), 'consent.other.example').status,
      'temoin',
    );
    // A collector given relative to the page, as the config allows.
    assert.equal(
      hostOf(attributor({ ...config, collector: '/consent/' }, 'https://www.ville.example/'), 'cdn.unknown.example')
        .status,
      'unknown',
    );
    assert.equal(a.cookie('_ga_ABC', 'www.ville.example', 'www.ville.example').service, 'ga4');
    assert.equal(a.cookie('_fbp', 'www.ville.example', 'www.ville.example').template, 'meta-pixel');
    assert.equal(a.cookie('temoin', 'www.ville.example', 'www.ville.example').status, 'temoin');
    assert.equal(a.cookie('session', 'www.ville.example', 'www.ville.example').status, 'first-party');
  });

  it('knows a service of the catalog by its name in any language, written localized or not', () => {
    // Hosts of the site's own: only the name can tell.
    const named = (name: unknown) => templateOf({ name, hosts: ['px.ville.example'] } as never);
    assert.deepEqual(TEMPLATES['meta-pixel']!.name, { fr: 'Pixel Meta', en: 'Meta Pixel' });
    assert.equal(named('Meta Pixel'), 'meta-pixel');
    assert.equal(named('Pixel Meta'), 'meta-pixel');
    // As a sealed or remembered config holds it: a copy, not the catalog's object.
    assert.equal(named(structuredClone(TEMPLATES['meta-pixel']!.name)), 'meta-pixel');
    assert.equal(named({ en: 'TikTok Pixel' }), 'tiktok-pixel');
    assert.equal(named({ fr: 'YouTube', en: 'YouTube' }), 'youtube');
    assert.equal(named('Pixel'), null);
  });

  it("attributes a Google map embed to the map's service by its path, though another service holds its host", () => {
    // A service of the site's own that holds the whole of www.google.com.
    const google = {
      id: 'google',
      name: 'Recherche',
      provider: 'Google',
      purpose: 'Chercher',
      hosts: ['www.google.com'],
    };
    const config = siteConfig('auto', [service('recaptcha', 'recaptcha'), google]);
    const a = attributor(config);
    const page = 'www.ville.example';
    assert.deepEqual(a.request(new URL('https://www.google.com/maps/embed?pb=!1m18'), page), {
      status: 'declared',
      service: 'carte',
      category: 'medias',
      template: 'google-maps',
    });
    assert.equal(a.request(new URL('https://www.google.com/recaptcha/api.js'), page).service, 'recaptcha');
    assert.equal(a.request(new URL('https://www.google.com/mapsx'), page).service, 'google');
    assert.equal(a.request(new URL('https://www.google.com/recaptchax'), page).service, 'google');
    // As the browser's blocker matches: whatever the case, slashes or percent-encoding of the path.
    for (const path of ['/Maps//embed', '/%6Daps/embed', '/maps'])
      assert.equal(a.request(new URL('https://www.google.com' + path), page).service, 'carte', path);
    // Without a service of its own, the catalog's.
    assert.deepEqual(attributor(null).request(new URL('https://www.google.com/maps/embed?pb=1'), page), {
      status: 'known',
      service: null,
      category: null,
      template: 'google-maps',
    });
  });

  it("attributes to reCAPTCHA its paths on Google's hosts, not the rest of them (Google Charts, Firebase)", () => {
    const a = attributor(siteConfig('auto', [service('recaptcha', 'recaptcha')]));
    const page = 'www.ville.example';
    for (const url of [
      'https://www.google.com/recaptcha/api.js?render=explicit',
      'https://www.google.com/recaptcha/api2/anchor?k=1',
      'https://www.google.com/recaptcha/enterprise.js',
      'https://www.gstatic.com/recaptcha/releases/abc/recaptcha__fr.js',
      'https://www.recaptcha.net/recaptcha/api.js',
    ])
      assert.equal(a.request(new URL(url), page).service, 'recaptcha', url);
    for (const url of [
      'https://www.gstatic.com/charts/loader.js',
      'https://www.gstatic.com/firebasejs/10.0.0/firebase-app.js',
      'https://www.google.com/cse/cse.js',
    ])
      assert.deepEqual(
        a.request(new URL(url), page),
        { status: 'unknown', service: null, category: null, template: null },
        url,
      );
    // Its cookie, on www.google.com or www.recaptcha.net.
    assert.equal(a.cookie('_GRECAPTCHA', 'www.google.com', page).service, 'recaptcha');
    assert.equal(a.cookie('_GRECAPTCHA', 'www.recaptcha.net', page).service, 'recaptcha');
  });

  it("attributes Google Ads' pings on Google's search hosts to Google Ads, and Google signals' to GA4", () => {
    // With reCAPTCHA's template holding all of www.google.com, they were held only where reCAPTCHA
    // was declared and refused; with GA4 granted and Ads refused, gtag.js sends both.
    const a = attributor(
      siteConfig('auto', [
        service('ads', 'google-ads'),
        service('ga4', 'google-analytics-4'),
        service('recaptcha', 'recaptcha'),
      ]),
    );
    const page = 'www.ville.example';
    for (const url of [
      'https://www.google.com/pagead/1p-conversion/123456789/?random=1',
      'https://www.google.com/pagead/1p-user-list/123456789/?random=1',
      'https://www.google.ca/pagead/1p-user-list/123456789/?random=1',
    ])
      assert.equal(a.request(new URL(url), page).service, 'ads', url);
    // The Google tag's hits for a Google Ads (AW-) id, GA4's on the same host: Google Ads'.
    for (const url of [
      'https://www.google.com/ccm/collect?tid=AW-123456789&en=page_view',
      'https://www.google.com/ccm/form-data/123456789',
      'https://www.google.ca/ccm/collect?tid=AW-123456789&en=page_view',
    ])
      assert.equal(a.request(new URL(url), page).service, 'ads', url);
    assert.equal(a.request(new URL('https://www.google.com/ads/ga-audiences?v=1&t=sr'), page).service, 'ga4');
    assert.equal(a.request(new URL('https://www.google.com/pageadx'), page).service, null, 'whole segments only');
  });

  it("attributes X's, Instagram's, HubSpot's and Intercom's hosts and cookies to their templates", () => {
    const a = attributor(null);
    const page = 'www.ville.example';
    const known = (url: string) => a.request(new URL(url), page).template;
    assert.deepEqual(
      [
        'https://platform.twitter.com/widgets.js',
        'https://cdn.syndication.twimg.com/tweet-result?id=1',
        'https://platform.x.com/embed/Tweet.html',
        'https://www.instagram.com/embed.js',
        'https://scontent-yul1-1.cdninstagram.com/v/p.jpg',
        'https://js.hs-scripts.com/1234567.js',
        'https://js.hs-analytics.net/analytics/1/1234567.js',
        'https://track.hubspot.com/__pt.gif',
        'https://js.hsforms.net/forms/embed/v2.js',
        'https://forms.hsforms.com/submissions/v3/public/submit/formsnext/multipart/1/2',
        'https://widget.intercom.io/widget/abc123',
        'https://js.intercomcdn.com/frame-modern.1.js',
      ].map(known),
      ['x', 'x', 'x', 'instagram', 'instagram', 'hubspot', 'hubspot', 'hubspot'].concat([
        'hubspot-forms',
        'hubspot-forms',
        'intercom',
        'intercom',
      ]),
    );
    // Set on the site's own domain: known by their names.
    for (const [cookie, template] of [
      ['__hstc', 'hubspot'],
      ['hubspotutk', 'hubspot'],
      ['intercom-id-abc123', 'intercom'],
      ['intercom-session-abc123', 'intercom'],
    ])
      assert.equal(a.cookie(cookie!, page, page).template, template, cookie);
    assert.equal(a.cookie('guest_id', 'twitter.com', page).template, 'x');
    assert.equal(a.cookie('ig_did', 'instagram.com', page).template, 'instagram');
  });

  it("gives a cookie's fix the markup of the element at fault, and never names a category the config lacks", () => {
    const config = siteConfig('fr', []);
    const a = attributor(config);
    const site = 'https://www.ville.example/';
    const map = 'https://www.google.com/maps/embed?pb=1';
    const state = (initiator: 'markup' | 'other'): StateRecord => ({
      state: 'no-decision',
      requests: [
        {
          url: map,
          host: 'www.google.com',
          type: 'document',
          initiator,
          thirdParty: true,
          attribution: a.request(new URL(map), 'www.ville.example'),
        },
        {
          url: 'https://www.google.com/recaptcha/api.js',
          host: 'www.google.com',
          type: 'script',
          initiator: 'markup',
          thirdParty: true,
          attribution: a.request(new URL('https://www.google.com/recaptcha/api.js'), 'www.ville.example'),
        },
      ],
      cookies: [
        {
          name: 'NID',
          domain: 'google.com',
          path: '/',
          expires: null,
          days: 180,
          thirdParty: true,
          attribution: a.cookie('NID', 'google.com', 'www.ville.example'),
        },
      ],
      localStorage: [],
      sessionStorage: [],
      indexedDB: [],
      beacons: [],
      iframes: [],
      banner: true,
      error: null,
    });
    const run = (html: string, initiator: 'markup' | 'other') =>
      findings({
        start: site,
        config,
        attributor: a,
        lang: 'fr',
        html: new Map([[site, html]]),
        pages: [{ url: site, temoin: true, states: [state(initiator)] }],
      });
    const inHtml = run(`<iframe src="${map}" title="Carte"></iframe>`, 'markup');
    const cookie = inHtml.find((f) => f.kind == 'leak' && f.cookie == 'NID')!;
    assert.equal(
      cookie.fix,
      `Le service carte (medias) dépose ce témoin sans consentement\u00a0: écrivez à la place <iframe data-category="medias" data-service="carte" data-src="${map}" title="Carte">.`,
    );
    assert.ok(inHtml.some((f) => f.kind == 'unmarked' && f.service == 'carte'));
    const added = run('<p>Carte ajoutée par un script</p>', 'other').find((f) => f.cookie == 'NID')!;
    assert.match(added.fix, /\(<iframe data-category="medias" data-src="…">, data-src au lieu de src\)\.$/);
    assert.doesNotMatch(added.fix, /text\/plain/);
    // reCAPTCHA, undeclared: its usual category, «\u00a0security\u00a0», is not the config's.
    const recaptcha = inHtml.find((f) => f.kind == 'undeclared' && f.template == 'recaptcha')!;
    assert.doesNotMatch(recaptcha.fix, /security/);
    assert.match(
      recaptcha.fix,
      /dans celle de vos catégories qui correspond à sa finalité \(necessaires, medias\), ou dans une nouvelle\./,
    );
  });

  it('finds the element of the markup and writes it marked', () => {
    const html = `<head><script async src="https://connect.facebook.net/en_US/fbevents.js?a=1&amp;b=2"></script>
<iframe title="v" width=480 src='https://www.youtube.com/embed/x'></iframe><img srcset="https://px.example/a.gif 1x, https://px.example/b.gif 2x">`;
    const script = findTag(
      html,
      'https://connect.facebook.net/en_US/fbevents.js?a=1&b=2',
      'https://www.ville.example/',
    )!;
    assert.equal(
      markedTag(script, 'marketing', 'meta'),
      '<script type="text/plain" data-category="marketing" data-service="meta" async src="https://connect.facebook.net/en_US/fbevents.js?a=1&amp;b=2">',
    );
    const iframe = findTag(html, 'https://www.youtube.com/embed/x', 'https://www.ville.example/')!;
    assert.equal(
      markedTag(iframe, 'media', 'youtube'),
      '<iframe data-category="media" data-service="youtube" title="v" width=480 data-src=\'https://www.youtube.com/embed/x\'>',
    );
    const img = findTag(html, 'https://px.example/b.gif', 'https://www.ville.example/')!;
    assert.equal(
      markedTag(img, 'marketing', null),
      '<img data-category="marketing" data-srcset="https://px.example/a.gif 1x, https://px.example/b.gif 2x">',
    );
    assert.equal(
      markedTag('<script type="module" src="/a.js">', 'analytics', null),
      '<script type="text/plain" data-category="analytics" data-type="module" src="/a.js">',
    );
    assert.equal(markedTag('<link rel="stylesheet" href="https://fonts.example/a.css">', 'media', null), null);
  });

  it('quotes a tag written over several lines on one line, and marks it so', () => {
    const html =
      '<p>Budget</p>\n<iframe\n        title="Le budget 2027"\n        src="https://www.youtube.com/embed/x"\n  ></iframe>';
    const iframe = findTag(html, 'https://www.youtube.com/embed/x', 'https://www.ville.example/')!;
    assert.equal(iframe, '<iframe title="Le budget 2027" src="https://www.youtube.com/embed/x">');
    assert.equal(
      markedTag(iframe, 'media', 'youtube'),
      '<iframe data-category="media" data-service="youtube" title="Le budget 2027" data-src="https://www.youtube.com/embed/x">',
    );
  });

  it("says a finding's kind and state in the table in French as the HTML report does, and keeps the ids in English", () => {
    const finding: Finding = {
      kind: 'unmarked',
      page: 'https://www.ville.example/',
      state: 'no-decision',
      host: 'connect.facebook.net',
      url: 'https://connect.facebook.net/en_US/fbevents.js',
      cookie: null,
      category: 'marketing',
      service: 'meta',
      template: 'meta-pixel',
      evidence: 'e',
      fix: 'f',
    };
    const report = (lang: 'fr' | 'en') =>
      ({
        site: 'https://www.ville.example',
        lang,
        durationMs: 1000,
        consentManager: { configError: null },
        states: ['no-decision', 'reject-all'],
        pages: [{}],
        findings: [finding, { ...finding, kind: 'leak', state: 'reject-all' }],
      }) as unknown as ScanReport;
    const rows = (lang: 'fr' | 'en') =>
      textReport(report(lang))
        .split('\n')
        .filter((line) => /^\d {2}/.test(line))
        .map((line) => line.split(/ {2,}/));
    assert.deepEqual(rows('fr'), [
      ['1', 'Balisage non marqué', '/', 'avant tout choix', 'connect.facebook.net', 'meta'],
      ['2', 'Fuite', '/', 'après «\u00a0Tout refuser\u00a0»', 'connect.facebook.net', 'meta'],
    ]);
    assert.deepEqual(rows('en'), [
      ['1', 'unmarked', '/', 'no-decision', 'connect.facebook.net', 'meta'],
      ['2', 'leak', '/', 'reject-all', 'connect.facebook.net', 'meta'],
    ]);
  });

  it('follows same-origin pages only, each once, up to the limit', () => {
    const links = sameOriginPages(
      [
        'https://www.ville.example/a#top',
        'https://www.ville.example/a',
        'https://autre.example/',
        'https://www.ville.example/plan.pdf',
        'mailto:x@y.example',
        'https://www.ville.example/b',
      ],
      'https://www.ville.example',
    );
    assert.deepEqual(links, [
      'https://www.ville.example/a',
      'https://www.ville.example/a',
      'https://www.ville.example/b',
    ]);
    const crawl = new Crawl(2);
    assert.deepEqual(crawl.add(['https://www.ville.example/', ...links]), [
      'https://www.ville.example/',
      'https://www.ville.example/a',
    ]);
  });

  it('reports a missing banner and a declared service never seen', () => {
    const config = {
      revision: 1,
      lang: 'auto',
      expiresDays: 365,
      reloadOnWithdraw: true,
      categories: [
        { id: 'necessary', required: true, title: 'N', services: [] },
        {
          id: 'media',
          title: 'M',
          services: [
            {
              id: 'vimeo',
              name: 'Vimeo',
              provider: 'Vimeo',
              purpose: 'p',
              hostedOutsideQuebec: true,
              hosts: ['vimeo.com'],
            },
            { id: 'words', name: 'W', provider: 'W', purpose: 'p', hostedOutsideQuebec: false },
          ],
        },
      ],
    } as ValidConfig;
    const empty: StateRecord = {
      state: 'no-decision',
      requests: [],
      cookies: [],
      localStorage: [],
      sessionStorage: [],
      indexedDB: [],
      beacons: [],
      iframes: [],
      banner: false,
      error: null,
    };
    const found = findings({
      start: 'https://www.ville.example/',
      config,
      attributor: attributor(config),
      lang: 'fr',
      html: new Map(),
      pages: [
        {
          url: 'https://www.ville.example/',
          temoin: true,
          states: [empty, { ...empty, state: 'accept-all', banner: null }],
        },
      ],
    });
    assert.deepEqual(
      found.map((f) => [f.kind, f.service]),
      [
        ['no-banner', null],
        ['unused', 'vimeo'],
      ],
      'a service with neither hosts nor cookies cannot be seen, so it is not called unused',
    );
    assert.match(found[1]!.evidence, /n’a été vu sur aucune page analysée \(hôtes\u00a0: vimeo\.com\)/);
  });

  it('keeps puppeteer-core out of `temoin collector`: the CLI imports the scanner only when scan runs', async () => {
    for (const file of ['src/collector/cli/main.ts', 'src/collector/cli/collector.ts', 'src/collector/cli/scan.ts']) {
      const source = await readFile(new URL(file, root), 'utf8');
      assert.doesNotMatch(source, /^import .*(scanner|puppeteer)/m, file);
    }
    assert.match(
      await readFile(new URL('src/collector/cli/scan.ts', root), 'utf8'),
      /await import\('\.\.\/\.\.\/scanner\/run\.js'\)/,
    );
  });
});
