// What a visitor's browser downloads from Témoin, measured in Chromium: `npm run size` loads one
// fixture page (three categories, a marked script, a pixel, a blocked video) from dist/ and counts
// every Témoin file the browser fetches, each at gzip -9 of the body it was sent. Four visits:
// a first visit on an English page and on a French one (no decision yet: the banner is up), then,
// after the visitor refused everything, a returning visit to the French page with the video (its
// placeholder) and to one without it. The French ones again on a site configured as the demo is
// (a config fetched from a URL, its services from templates, a collector). Every fetch is counted:
// the HTTP cache is off, as on a visitor's first page. Then the French visits of both configs sealed
// (`temoin check --seal`): no validator downloaded.
/* global document, window -- in functions that run in the page */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { text } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';

const dist = new URL('../dist/', import.meta.url);

const config = {
  revision: 1,
  lang: 'auto',
  policyUrl: { fr: '/confidentialite', en: '/privacy' },
  categories: [
    { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
    {
      id: 'analytics',
      title: { fr: 'Mesure d’audience', en: 'Analytics' },
      services: [
        {
          id: 'stats',
          name: 'Stats',
          provider: 'Stats inc.',
          purpose: { fr: 'Mesurer l’audience', en: 'Measuring the audience' },
          data: ['ip-address', 'pages-viewed'],
          hosts: ['localhost'],
          hostedOutsideQuebec: true,
        },
      ],
    },
    {
      id: 'media',
      title: { fr: 'Contenus intégrés', en: 'Embedded content' },
      services: [
        {
          id: 'youtube',
          name: 'YouTube',
          provider: 'Google',
          purpose: { fr: 'Lire des vidéos', en: 'Playing videos' },
          data: ['ip-address', 'device', 'identifier'],
          hosts: ['*.youtube-nocookie.com'],
          hostedOutsideQuebec: true,
        },
      ],
    },
  ],
};

/**
 * A site's config as the demo's is: fetched from a URL, its services from templates, with a
 * collector (this server, which acknowledges every receipt).
 */
const siteConfig = {
  revision: 1,
  lang: 'auto',
  policyUrl: { fr: '/confidentialite', en: '/privacy' },
  controller: { name: 'Ville de Démo', contact: 'vie.privee@ville.example' },
  collector: '/',
  categories: [
    { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
    {
      id: 'analytics',
      title: { fr: 'Mesure d’audience', en: 'Analytics' },
      services: [{ template: 'matomo', id: 'stats', hosts: ['localhost'], hostedOutsideQuebec: false }],
    },
    {
      id: 'media',
      title: { fr: 'Contenus intégrés', en: 'Embedded content' },
      services: [{ template: 'youtube', id: 'youtube', hosts: ['localhost'] }],
    },
  ],
};

/**
 * Both configs as `npx temoin check config.json --seal sealed.json` writes them: valid, templates
 * expanded, with a seal for these browser files, so the production script starts without
 * validating. The CLI's own functions (dist/node), so that a seal the browser does not take fails
 * the run (a sealed visit must not fetch the check path).
 */
async function sealConfigs(origin) {
  const { validateWithDevMessages } = await import('../dist/node/src/check/validate.js');
  const { checkVersion, sealed } = await import('../dist/node/src/check/seal.js');
  const version = await checkVersion();
  const seal = async (input) => {
    const { problems, expanded } = await validateWithDevMessages(input, origin);
    if (problems.length) throw new Error(`size: a config to seal is invalid: ${problems.join('; ')}`);
    return sealed(expanded, version);
  };
  return { config: await seal(config), site: await seal(siteConfig) };
}

/**
 * The page, in `lang`, with or without the video, its config inline or the site's (fetched), each
 * as written or sealed. Its trackers are on `localhost`, a host of their own that this server
 * answers: a request that reaches it is a tracker that ran before consent.
 */
const page = (lang, trackers, video, site, sealed) => `<!doctype html>
<html lang="${lang}"><head>
<script src="/dist/temoin.js" data-config='${site ? `/site-config${sealed ? '.sealed' : ''}.json` : (sealed ?? JSON.stringify(config)).replaceAll("'", '&#39;')}'></script>
<title>Témoin: size</title>
<script type="text/plain" data-category="analytics" data-service="stats" src="${trackers}/tracker/stats.js"></script>
</head><body>
<h1>${lang == 'fr' ? 'Un article' : 'An article'}</h1>
${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n'.repeat(20)}
<img data-category="analytics" data-service="stats" data-src="${trackers}/tracker/pixel.gif" alt="" width="1" height="1">
${video ? `<iframe title="Video" width="560" height="315" data-category="media" data-service="youtube" data-src="${trackers}/tracker/embed"></iframe>` : ''}
</body></html>`;

/**
 * Serves the pages and dist/, and notes each Témoin file sent (its gzip -9 size) and each tracker
 * hit. `/[site-][sealed-]fr[-video].html`: the site's config or the inline one, sealed or not.
 */
function serve() {
  const sent = [];
  const trackerHits = [];
  const seals = {};
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const pageMatch = /^\/(site-)?(sealed-)?(fr|en)(-video)?\.html$/.exec(url.pathname);
    if (url.pathname.startsWith('/tracker/')) {
      trackerHits.push(url.pathname);
      res.writeHead(204).end();
    } else if (pageMatch) {
      const [, site, sealed, lang, video] = pageMatch;
      const trackers = `http://localhost:${server.address().port}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page(lang, trackers, !!video, !!site, sealed && seals.config));
    } else if (url.pathname == '/site-config.json' || url.pathname == '/site-config.sealed.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(url.pathname.includes('sealed') ? seals.site : JSON.stringify(siteConfig));
    } else if (url.pathname == '/v1/receipts' && req.method == 'POST') {
      // Acknowledged as the collector would, so that no receipt waits in the outbox.
      const { receiptId } = JSON.parse(await text(req));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ receiptId, seq: 1, hash: '0'.repeat(64), signature: 'x' }));
    } else if (url.pathname.startsWith('/v1/configs/') && req.method == 'PUT') {
      await text(req);
      res.writeHead(204).end();
    } else if (/^\/dist\/temoin[\w.-]*\.js$/.test(url.pathname)) {
      try {
        const body = await readFile(new URL(url.pathname.slice('/dist/'.length), dist));
        sent.push({ file: url.pathname.slice('/dist/'.length), gzip: gzipSync(body, { level: 9 }).length });
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, sent, trackerHits, seals })));
}

/** Opens `path` in `context` with the cache off, and waits until Témoin has fetched all it will. */
async function visit(context, origin, path, banner) {
  const tab = await context.newPage();
  await tab.setCacheEnabled(false);
  await tab.goto(origin + path, { waitUntil: 'load' });
  if (banner) {
    await tab.waitForFunction(
      () => document.querySelector('temoin-banner[open]')?.shadowRoot?.querySelector('section'),
      {
        timeout: 15000,
      },
    );
  }
  await tab.evaluate(() => window.temoin.ready);
  await tab.waitForNetworkIdle({ idleTime: 500, timeout: 15000 });
  return tab;
}

/**
 * The visits, each with the files it fetched: `{ key, files: [{ file, gzip }], total }`, `key` one
 * of `first visit, en`, `first visit, fr`, `returning, embed`, `returning, no embed`, and the
 * French three again on a site whose config is fetched and names templates, `site config, …`.
 * Throws when a tracker was fetched: no visit here has consented to one.
 */
export async function measureVisits() {
  const { server, sent, trackerHits, seals } = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  Object.assign(seals, await sealConfigs(origin));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const visits = [];
  const record = (key) => visits.push({ key, files: sent.splice(0), total: 0 });
  /**
   * The first visit to `path`-video.html, recorded as `first`; then, when `returning` names them,
   * once the visitor refused everything (the decision is in the cookie), a return to it and to the
   * page without the video.
   */
  const visitAndReturn = async (path, first, returning) => {
    const context = await browser.createBrowserContext();
    const tab = await visit(context, origin, `${path}-video.html`, true);
    record(first);
    if (returning) {
      await tab.evaluate(() => window.temoin.rejectAll());
      await tab.waitForNetworkIdle({ idleTime: 500, timeout: 15000 });
      await tab.close();
      sent.splice(0);
      await visit(context, origin, `${path}-video.html`, false);
      record(`${returning}, embed`);
      await visit(context, origin, `${path}.html`, false);
      record(`${returning}, no embed`);
    }
    await context.close();
  };
  try {
    await visitAndReturn('/en', 'first visit, en');
    await visitAndReturn('/fr', 'first visit, fr', 'returning');
    // A site whose config is fetched and names templates, with a collector: the same three visits.
    await visitAndReturn('/site-fr', 'site config, first visit', 'site config, returning');
    // Both configs sealed.
    await visitAndReturn('/sealed-fr', 'sealed, first visit', 'sealed, returning');
    await visitAndReturn('/site-sealed-fr', 'site sealed, first visit', 'site sealed, returning');
  } finally {
    await browser.close();
    server.close();
  }
  if (trackerHits.length) throw new Error(`size: a tracker was fetched without consent: ${trackerHits.join(', ')}`);
  // A sealed config is never validated in the browser: its seal, made by the CLI, must match there.
  for (const v of visits.filter((v) => v.key.includes('sealed'))) {
    const validators = v.files.filter((f) => /^temoin-(check|templates|receipt-size)\.js$/.test(f.file));
    if (validators.length) {
      throw new Error(
        `size: ${v.key} fetched ${validators.map((f) => f.file).join(', ')}: the browser did not take the seal temoin check --seal made`,
      );
    }
  }
  for (const v of visits) v.total = v.files.reduce((sum, f) => sum + f.gzip, 0);
  return visits;
}
