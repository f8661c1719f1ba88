// Time to a visible banner, Témoin against vanilla-cookieconsent 3.1.0, in one run: the same page
// served locally, a fresh browser context per load (no cache, no stored decision), Chromium's CPU
// throttled 4×. A banner counts as visible at the first animation frame where it has a box.
// The same page with a plain-HTML banner and no script at all is the floor: what the page's own
// load costs before any banner can show. A page that imports a minimal plain-DOM banner module is
// the floor of any lazily loaded interface. Témoin is measured twice: its config as written, and
// sealed (`temoin check --seal`: no validator on a first visit). A short page and a long one.
//   node bench/banner.mjs [runs]        (after npm run build)
//   LENGTHS='{"short":40}' node bench/banner.mjs 21   (one page length only)
//   QUIET=0 node bench/banner.mjs 41    (the method before 2026-11-23: no wait for an idle browser)
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname } from 'node:path';
import puppeteer from 'puppeteer-core';

const runs = Number(process.argv[2] ?? 21);
const root = new URL('..', import.meta.url);

const categories = [
  { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
  {
    id: 'analytics',
    title: { fr: 'Mesure d’audience', en: 'Analytics' },
    services: [
      {
        id: 'stats',
        name: 'Stats',
        provider: 'Stats inc.',
        purpose: 'Mesurer',
        data: ['ip-address', 'pages-viewed'],
        hosts: ['stats.example'],
        hostedOutsideQuebec: true,
      },
    ],
  },
  {
    id: 'marketing',
    title: { fr: 'Publicité', en: 'Advertising' },
    services: [
      {
        id: 'ads',
        name: 'Ads',
        provider: 'Ads inc.',
        purpose: 'Publicité',
        data: ['identifier'],
        hosts: ['ads.example'],
        hostedOutsideQuebec: true,
      },
    ],
  },
];
const temoinConfig = JSON.stringify({ revision: 1, lang: 'fr', policyUrl: '/confidentialite', categories });
// Sealed by the CLI's own functions, for the browser files just built.
const { checkVersion, sealed } = await import('../dist/node/src/check/seal.js');
const sealedConfig = sealed(JSON.parse(temoinConfig), await checkVersion());
const vanillaConfig = JSON.stringify({
  // It hides from automated browsers by default (navigator.webdriver); Témoin does not.
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
  language: {
    default: 'fr',
    translations: {
      fr: {
        consentModal: {
          title: 'Vos choix en matière de témoins',
          description:
            'Ce site utilise des témoins et des pixels. Avec votre accord, ils peuvent recueillir votre adresse IP et les pages que vous consultez.',
          acceptAllBtn: 'Tout accepter',
          acceptNecessaryBtn: 'Tout refuser',
          showPreferencesBtn: 'Personnaliser',
        },
        preferencesModal: {
          title: 'Paramètres des témoins',
          acceptAllBtn: 'Tout accepter',
          acceptNecessaryBtn: 'Tout refuser',
          savePreferencesBtn: 'Enregistrer',
          sections: [
            { title: 'Nécessaires', linkedCategory: 'necessary' },
            { title: 'Mesure d’audience', linkedCategory: 'analytics' },
            { title: 'Publicité', linkedCategory: 'marketing' },
          ],
        },
      },
    },
  },
});

// Two pages: a short one, and a long article (2,000 paragraphs, about 130 KB of HTML) where the
// parser takes a while, as on many real sites.
const lengths = process.env.LENGTHS ? JSON.parse(process.env.LENGTHS) : { short: 40, long: 2000 };
const content = (paragraphs) =>
  '<h1>Ville de Démo</h1>' + '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>'.repeat(paragraphs);
const bannerStyle =
  '<style>#banner{position:fixed;inset:auto 0 0;padding:20px;background:#fff;border:1px solid}</style>';
const bannerHtml = `<section id="banner"><h2>Vos choix en matière de témoins</h2><p>Ce site utilise des témoins et des pixels.</p>
<button>Tout accepter</button> <button>Tout refuser</button> <button>Personnaliser</button></section>`;
// The least a lazily loaded interface can do: one module imported from <head>, plain DOM, no checks.
const lazyBanner = `const show = () => document.body.insertAdjacentHTML('afterbegin', ${JSON.stringify(bannerHtml)});
document.body ? show() : document.addEventListener('DOMContentLoaded', show);`;
const page = {
  plain: (body) => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Sans script</title>
${bannerStyle}</head><body>${body}
${bannerHtml}</body></html>`,
  lazy: (body) => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<script>import('/lazy-banner.js')</script>${bannerStyle}<title>Module minimal</title></head><body>${body}</body></html>`,
  temoin: (body) => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<script src="/dist/temoin.js" data-config='${temoinConfig}'></script><title>Témoin</title></head><body>${body}</body></html>`,
  'temoin-sealed': (body) => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<script src="/dist/temoin.js" data-config='${sealedConfig}'></script><title>Témoin</title></head><body>${body}</body></html>`,
  vanilla: (body) => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<link rel="stylesheet" href="/node_modules/vanilla-cookieconsent/dist/cookieconsent.css"><title>vanilla-cookieconsent</title></head>
<body>${body}<script src="/node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js"></script>
<script>CookieConsent.run(${vanillaConfig});</script></body></html>`,
};
const pages = Object.fromEntries(
  Object.entries(lengths).flatMap(([length, paragraphs]) =>
    Object.entries(page).map(([kind, html]) => [`/${length}/${kind}.html`, html(content(paragraphs))]),
  ),
);
// Marks the first frame where the banner has a box.
const probe = (selector) => `(() => {
  const visible = () => { const el = (${selector})(); if (!el) return false; const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility != 'hidden'; };
  const tick = () => visible() ? (window.__visible = performance.now()) : requestAnimationFrame(tick);
  requestAnimationFrame(tick);
})()`;
const plainProbe = probe(`() => document.getElementById('banner')`);
const probes = {
  plain: plainProbe,
  lazy: plainProbe,
  temoin: probe(`() => document.querySelector('temoin-banner[open]')?.shadowRoot?.querySelector('section')`),
  'temoin-sealed': probe(`() => document.querySelector('temoin-banner[open]')?.shadowRoot?.querySelector('section')`),
  vanilla: probe(
    `() => document.documentElement.classList.contains('show--consent') && document.querySelector('#cc-main .cm')`,
  ),
};
const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8' };

// The server runs in its own process, from memory, as a real site's would: in the driver's event
// loop, its answers would wait behind the browser's protocol traffic and favour fewer requests.
if (process.argv[2] == 'serve') {
  const files = new Map();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (pages[path]) return res.writeHead(200, { 'Content-Type': types['.html'] }).end(pages[path]);
    if (path == '/lazy-banner.js') return res.writeHead(200, { 'Content-Type': types['.js'] }).end(lazyBanner);
    try {
      if (!files.has(path)) files.set(path, await readFile(new URL('.' + path, root)));
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(files.get(path));
    } catch {
      res.writeHead(404).end();
    }
  }).listen(0, '127.0.0.1', () => process.send(server.address().port));
  process.on('disconnect', () => process.exit(0));
} else {
  await bench();
}

async function bench() {
  const serverProcess = fork(new URL(import.meta.url), ['serve']);
  const origin = `http://127.0.0.1:${await new Promise((r) => serverProcess.once('message', r))}`;

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

  // Each new context starts a renderer of Chromium's own (its top-chrome WebUI), which keeps more
  // than one core busy for about a second. Each load waits until the browser is idle, so that it
  // does not share this machine's two cores with it. Throttling comes after: its helper keeps the
  // renderer's CPU time rising.
  const system = await browser.target().createCDPSession();
  const cpuTime = async () =>
    (await system.send('SystemInfo.getProcessInfo')).processInfo.reduce((t, p) => t + p.cpuTime, 0);
  async function quiet() {
    const start = Date.now();
    let before = await cpuTime();
    // Under a quarter of a core (the clock counts in 10 ms steps) twice in a row, for at most 5 s.
    for (let calm = 0; calm < 2 && Date.now() - start < 5000;) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await cpuTime();
      calm = now - before < 0.025 ? calm + 1 : 0;
      before = now;
    }
  }

  async function measure(path) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    if (process.env.QUIET != '0') await quiet();
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Performance.enable');
    await page.evaluateOnNewDocument(probes[path.split('/')[2].replace('.html', '')]);
    await page.goto(origin + path);
    await page.waitForFunction(() => window.__visible, { timeout: 30000 });
    const ms = await page.evaluate(() => window.__visible);
    // Main-thread work of the renderer so far (throttled): less noisy than the wall clock.
    const { metrics } = await cdp.send('Performance.getMetrics');
    const busy = Object.fromEntries(metrics.map((m) => [m.name, m.value * 1000]));
    await context.close();
    return {
      ms,
      task: busy.TaskDuration,
      script: busy.ScriptDuration,
      layout: busy.LayoutDuration,
      style: busy.RecalcStyleDuration,
    };
  }

  const paths = Object.keys(pages);
  const times = Object.fromEntries(paths.map((p) => [p, []]));
  for (const path of paths) await measure(path); // warm the server and the browser once
  for (let i = 0; i < runs; i++) {
    // Each page goes first, second, … in turn.
    for (let k = 0; k < paths.length; k++) {
      const path = paths[(i + k) % paths.length];
      times[path].push(await measure(path));
    }
  }
  const version = await browser.version();
  await browser.close();
  serverProcess.disconnect();

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[s.length >> 1];
  };
  const field = (path, k) => times[path].map((r) => r[k]);
  console.log(
    `Time to a visible banner, Chromium ${version}, CPU ×4, ${runs} runs each${process.env.QUIET == '0' ? ', without waiting for an idle browser' : ''}`,
  );
  const line = (name, path) => {
    const ms = field(path, 'ms');
    console.log(
      `  ${name.padEnd(30)} median ${median(ms).toFixed(0)} ms   (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)});` +
        `  main thread busy ${median(field(path, 'task')).toFixed(0)} ms, of which script ${median(field(path, 'script')).toFixed(0)} ms, layout ${median(field(path, 'layout')).toFixed(0)} ms, style ${median(field(path, 'style')).toFixed(0)} ms`,
    );
  };
  for (const [length, paragraphs] of Object.entries(lengths)) {
    const t = median(field(`/${length}/temoin.html`, 'ms'));
    const sealedT = median(field(`/${length}/temoin-sealed.html`, 'ms'));
    const v = median(field(`/${length}/vanilla.html`, 'ms'));
    const plain = median(field(`/${length}/plain.html`, 'ms'));
    const lazy = median(field(`/${length}/lazy.html`, 'ms'));
    console.log(`${length} page (${paragraphs} paragraphs)`);
    line('Témoin', `/${length}/temoin.html`);
    line('Témoin, config sealed', `/${length}/temoin-sealed.html`);
    line('vanilla-cookieconsent 3.1.0', `/${length}/vanilla.html`);
    line('plain HTML banner, no script', `/${length}/plain.html`);
    line('minimal module, import()', `/${length}/lazy.html`);
    console.log(
      `  Témoin / vanilla: ${(t / v).toFixed(2)}, sealed ${(sealedT / v).toFixed(2)} (goal: ≤ 0.80); ` +
        `Témoin / minimal module: ${(t / lazy).toFixed(2)}, sealed ${(sealedT / lazy).toFixed(2)} (goal: ≤ 1.30)`,
    );
    // On the short page the plain banner is a floor: what the page's own load costs.
    if (length == 'short')
      console.log(
        `  above that floor, Témoin / vanilla: ${((t - plain) / (v - plain)).toFixed(2)} (${(t - plain).toFixed(0)} against ${(v - plain).toFixed(0)} ms)`,
      );
  }
}
