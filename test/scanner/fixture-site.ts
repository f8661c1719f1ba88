// A fixture site for the scanner, and stand-ins for real trackers under their real host names,
// all served over HTTPS by one loopback server. Chromium reaches it through
// --host-resolver-rules="MAP * 127.0.0.1:PORT, EXCLUDE localhost" (and accepts its self-signed
// certificate with --ignore-certificate-errors): connect.facebook.net and www.youtube.com are on
// Chromium's HSTS preload list, so plain http would be upgraded and fail.
// Three sites: with Témoin and leaks (and a sitemap), with Témoin and clean, and without any
// consent manager.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SITES = {
  leaky: 'www.ville-fuite.example',
  clean: 'www.ville-propre.example',
  none: 'www.ville-sans.example',
} as const;

const dist = new URL('../../../../dist/', import.meta.url);
const DAY = 86400;
const js = (cookie: string) => `document.cookie = ${JSON.stringify(cookie)};`;

/** The stand-ins: what each tracker host answers. */
const TRACKERS: Record<string, Record<string, [type: string, body: string, headers?: Record<string, string>]>> = {
  'www.googletagmanager.com': { '/gtag/js': ['text/javascript', js(`_ga=GA1.1.1; Path=/; Max-Age=${400 * DAY}`)] },
  'connect.facebook.net': { '/en_US/fbevents.js': ['text/javascript', js(`_fbp=fb.1.1; Path=/; Max-Age=${90 * DAY}`)] },
  'static.hotjar.com': {
    '/c/hotjar-1.js': ['text/javascript', js(`_hjSessionUser_1=x; Path=/; Max-Age=${365 * DAY}`)],
  },
  'www.youtube.com': {
    '/embed/abc': [
      'text/html; charset=utf-8',
      '<!doctype html><title>Vidéo</title><p>Vidéo',
      { 'Set-Cookie': `VISITOR_INFO1_LIVE=x; Max-Age=${180 * DAY}; Path=/; Secure; SameSite=None` },
    ],
  },
};

const config = (gaLifetime: number) =>
  JSON.stringify({
    revision: 1,
    lang: 'fr',
    policyUrl: '/confidentialite.html',
    categories: [
      { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
      {
        id: 'analytics',
        title: { fr: 'Mesure d’audience', en: 'Analytics' },
        services: [{ template: 'google-analytics-4', id: 'ga4', cookies: [{ name: '_ga', lifetime: gaLifetime }] }],
      },
      {
        id: 'marketing',
        title: { fr: 'Publicité', en: 'Advertising' },
        services: [{ template: 'meta-pixel', id: 'meta' }],
      },
      { id: 'media', title: { fr: 'Vidéos', en: 'Videos' }, services: [{ template: 'youtube', id: 'youtube' }] },
    ],
  });

const page = (title: string, head: string, body: string, links: string[]) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${title}</title>
${head}
</head><body><h1>${title}</h1>
${body}
<nav>${links.map((l) => `<a href="${l}">${l}</a>`).join(' ')}<a href="https://ailleurs.example/">ailleurs</a></nav>
</body></html>`;

/** Témoin from the site itself, or from a CDN (its own files are then no third party). */
const CDN = 'https://cdn.jsdelivr.net/npm/temoin@0.1.0/dist/';
const temoin = (gaLifetime: number, from = '/temoin/') =>
  `<script src="${from}temoin.js" data-config='${config(gaLifetime)}'></script>`;
const marked = {
  ga: '<script type="text/plain" data-category="analytics" data-service="ga4" src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>',
  meta: '<script type="text/plain" data-category="marketing" data-service="meta" src="https://connect.facebook.net/en_US/fbevents.js"></script>',
  video:
    '<iframe title="Vidéo" data-category="media" data-service="youtube" data-src="https://www.youtube.com/embed/abc"></iframe>',
};
const unmarkedMeta = '<script src="https://connect.facebook.net/en_US/fbevents.js"></script>';
/** A script before Témoin that pings Meta with an image: Chromium calls its request the parser's. */
const pingBeforeTemoin = `<script>new Image().src = 'https://www.facebook.com/tr?id=1&ev=PageView';</script>`;
const lateHotjar = `<script>setTimeout(() => { const s = document.createElement('script'); s.src = 'https://static.hotjar.com/c/hotjar-1.js'; document.head.append(s); }, 50);</script>`;

/** The pages of each site; `pages` more plain pages on the clean one, for the bench. */
function sitePages(pages: number): Record<string, Record<string, string>> {
  const more = Array.from({ length: Math.max(0, pages - 2) }, (_, i) => `/page-${i + 3}.html`);
  const clean = ['/', '/a.html', ...more];
  return {
    [SITES.leaky]: {
      '/sitemap.xml': `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://${SITES.leaky}/</loc></url><url><loc>https://${SITES.leaky}/a.html</loc></url></urlset>`,
      '/': page('Ville qui fuit', temoin(30) + marked.ga + unmarkedMeta, marked.video + lateHotjar, ['/a.html']),
      '/a.html': page('Page A', temoin(30) + marked.ga, '<p>Texte.</p>', ['/']),
      // Linked from nowhere: scanned with --url alone.
      '/ping.html': page('Ping', pingBeforeTemoin + temoin(30), '<p>Texte.</p>', ['/']),
    },
    [SITES.clean]: Object.fromEntries(
      clean.map((path, i) => [
        path,
        page(`Ville propre ${i + 1}`, temoin(400, CDN) + marked.ga + marked.meta, marked.video, [
          clean[(i + 1) % clean.length]!,
          clean[(i + 2) % clean.length]!,
        ]),
      ]),
    ),
    [SITES.none]: {
      '/': page(
        'Ville sans gestionnaire',
        '<script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>',
        '<iframe title="Vidéo" src="https://www.youtube.com/embed/abc"></iframe>',
        ['/a.html'],
      ),
      '/a.html': page('Page A', '', '<p>Texte.</p>', ['/']),
    },
  };
}

export interface FixtureSite {
  port: number;
  /** The Chromium flags that route every host name to this server. */
  browserArgs: string[];
  close(): Promise<void>;
}

/** Starts the fixture server on 127.0.0.1 with a certificate made for this run. */
export async function startFixtureSite(pages = 2): Promise<FixtureSite> {
  const dir = mkdtempSync(join(tmpdir(), 'temoin-scan-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=temoin-fixture',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  const sites = sitePages(pages);
  const server: Server = createServer(tls, (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    const tracker = TRACKERS[host]?.[path];
    if (tracker)
      return void res
        .writeHead(200, { 'Content-Type': tracker[0], 'Cache-Control': 'no-store', ...tracker[2] })
        .end(tracker[1]);
    const html = sites[host]?.[path];
    const type = path.endsWith('.xml') ? 'application/xml' : 'text/html; charset=utf-8';
    if (html) return void res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(html);
    const own =
      sites[host] && path.startsWith('/temoin/')
        ? path.slice('/temoin/'.length)
        : host == new URL(CDN).host && path.startsWith(new URL(CDN).pathname)
          ? path.slice(new URL(CDN).pathname.length)
          : null;
    if (own && /^temoin[\w.-]*\.js$/.test(own)) {
      try {
        const body = readFileSync(new URL(own, dist));
        // The CDN's answer lets any page import the chunks, as jsDelivr's does.
        return void res
          .writeHead(200, { 'Content-Type': 'text/javascript', 'Access-Control-Allow-Origin': '*' })
          .end(body);
      } catch {
        // 404 below
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    browserArgs: [`--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`, '--ignore-certificate-errors'],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
