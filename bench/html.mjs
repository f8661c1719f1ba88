// What the HTML-string guard (src/core/blocker/html.ts) costs a page: N innerHTML and N
// insertAdjacentHTML calls with realistic strings, timed in the page, without Témoin, with it
// (config inline), and with it in strict mode ("undeclared": "block"); medians over runs, each run
// a fresh page. BEFORE names other builds of temoin.js, measured in the same run beside this one.
//   node bench/html.mjs [runs] [calls]                 (after npm run build; 5 runs, 5,000 calls)
//   BEFORE=/tmp/before/dist/temoin.js node bench/html.mjs 5
//   BEFORE=before=/tmp/a/temoin.js,other=/tmp/b/temoin.js node bench/html.mjs 5
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import puppeteer from 'puppeteer-core';

const runs = Number(process.argv[2] ?? 5);
const calls = Number(process.argv[3] ?? 5000);
const root = new URL('..', import.meta.url);
// By name, served as /<name>/temoin.js; one unnamed path is `before`.
const scripts = { '': await readFile(new URL('dist/temoin.js', root)) };
for (const build of process.env.BEFORE?.split(',') ?? []) {
  const [name, path] = build.includes('=') ? build.split('=') : ['before', build];
  scripts[name] = await readFile(path);
}

const service = (id, host) => ({
  id,
  name: id,
  provider: 'Fournisseur',
  purpose: 'Mesurer',
  data: ['identifier'],
  hosts: [host],
  hostedOutsideQuebec: true,
});
const categories = [
  { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
  {
    id: 'analytics',
    title: { fr: 'Mesure d’audience', en: 'Analytics' },
    services: [service('stats', 'stats.example')],
  },
  { id: 'marketing', title: { fr: 'Publicité', en: 'Advertising' }, services: [service('ads', 'ads.example')] },
];
const config = (strict) =>
  JSON.stringify({
    revision: 1,
    lang: 'fr',
    policyUrl: '/confidentialite',
    categories,
    ...(strict && { undeclared: 'block' }),
  });

// What pages and frameworks write: a card of same-origin links and images, with entities (and a
// link to another site), with percent-escaped queries, and one naming the refused host (nothing is
// granted: no decision yet).
const card = (body) =>
  `<article class="card"><h2>Avis public</h2><img src="/img/avis.png" alt="" width="80" height="60">${body}</article>`;
const strings = {
  plain: card('<p>La séance du conseil a lieu mardi.</p><a href="/avis/seance.html">Lire</a> <a href="#haut">Haut</a>'),
  entities: card(
    '<p>Parcs&nbsp;&amp;&nbsp;loisirs : l’inscription &quot;été&quot; ouvre lundi.</p><a href="/activites?saison=ete&amp;age=6">Activités</a>',
  ),
  'entities, link out': card(
    '<p>Parcs&nbsp;&amp;&nbsp;loisirs : voir le portail.</p><a href="https://www.quebec.ca/loisirs?region=07&amp;age=6">Québec.ca</a>',
  ),
  percent: card(
    '<p>Résultats de recherche.</p><a href="/recherche?q=a%20b%2Fc">Suite</a> <a href="/recherche?q=caf%C3%A9">Café</a>',
  ),
  refused: card('<p>Publicité.</p><img src="https://ads.example/pixel.gif?id=1" alt="" width="1" height="1">'),
};

const page = (script) => `<!doctype html><html lang="fr"><head><meta charset="utf-8">${script}<title>HTML</title></head>
<body><main id="box"></main></body></html>`;
const pages = { without: page('') };
for (const name of Object.keys(scripts)) {
  const src = name ? `/${name}/temoin.js` : '/temoin.js';
  pages[`temoin${name && ' ' + name}`] = page(`<script src="${src}" data-config='${config(false)}'></script>`);
  pages[`strict${name && ' ' + name}`] = page(`<script src="${src}" data-config='${config(true)}'></script>`);
}
// A pixel for every image, the refused host's too when no Témoin holds it (mapped here below).
const gif = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAACAUwAOw==', 'base64');

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const kind = decodeURIComponent(path.slice(1, -'.html'.length));
  if (req.headers.host?.startsWith('127.0.0.1') && pages[kind])
    return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[kind]);
  const [, name = '', file] = path.match(/^(?:\/([^/]+))?\/([^/]+)$/) ?? [];
  if (file == 'temoin.js' && scripts[name])
    return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(scripts[name]);
  // The lazy UI chunks, from this build: the banner shows, as on a first visit.
  if (path.endsWith('.js'))
    return readFile(new URL('dist/' + file, root)).then(
      (js) => res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js),
      () => res.writeHead(404).end(),
    );
  res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'max-age=3600' }).end(gif);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // The refused host, fetched when nothing holds it, answers from here rather than the network.
    '--host-resolver-rules=MAP *.example 127.0.0.1',
  ],
});

/** Milliseconds for `calls` writes of each string with each sink, in a fresh page of that kind. */
async function measure(kind) {
  const context = await browser.createBrowserContext();
  const tab = await context.newPage();
  await tab.goto(`${origin}/${encodeURIComponent(kind)}.html`);
  if (kind != 'without') await tab.evaluate(() => window.temoin.ready);
  // The banner's chunks load and render first, away from the timed loops.
  await new Promise((r) => setTimeout(r, 500));
  const times = await tab.evaluate(
    (strings, calls) => {
      const box = document.getElementById('box');
      const out = {};
      for (const [name, html] of Object.entries(strings)) {
        // Untimed first: the engine's compiled code and caches as a page has them after a while.
        for (let i = 0; i < calls / 10; i++) box.innerHTML = html;
        box.insertAdjacentHTML('beforeend', html);
        let t = performance.now();
        for (let i = 0; i < calls; i++) box.innerHTML = html;
        out[`${name}, innerHTML`] = performance.now() - t;
        box.textContent = '';
        t = performance.now();
        for (let i = 0; i < calls; i++) {
          box.insertAdjacentHTML('beforeend', html);
          // A list that grows by pages, not without end.
          if (i % 100 == 99) box.textContent = '';
        }
        out[`${name}, insertAdjacentHTML`] = performance.now() - t;
        box.textContent = '';
      }
      return out;
    },
    strings,
    calls,
  );
  await context.close();
  return times;
}

const kinds = Object.keys(pages);
const results = Object.fromEntries(kinds.map((k) => [k, []]));
for (const kind of kinds) await measure(kind); // warm the server and the browser once
for (let i = 0; i < runs; i++) {
  // Each kind goes first, second, … in turn.
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[(i + k) % kinds.length];
    results[kind].push(await measure(kind));
  }
}
const version = await browser.version();
await browser.close();
server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = Object.keys(results.without[0]);
const cell = (kind, row) => `${median(results[kind].map((r) => r[row])).toFixed(0)} ms`;
console.log(`${calls} calls each, median of ${runs} runs, Chromium ${version}, unthrottled`);
console.log(`| string, sink | ${kinds.map((k) => (k == 'without' ? 'without Témoin' : k)).join(' | ')} |`);
console.log(`| --- |${' --- |'.repeat(kinds.length)}`);
for (const row of rows) console.log(`| ${row} | ${kinds.map((k) => cell(k, row)).join(' | ')} |`);
