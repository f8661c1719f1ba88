// `npm start`: the demo city site, the built SDK, and a collector on SQLite (.demo/) that keeps
// the demo's consent receipts and serves the analysts' dashboard. Third parties are stand-ins on
// *.localhost hosts (Chromium and Firefox resolve them to this machine), so blocking is real,
// per host, and everything works offline. Ctrl-C stops it all.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { page, privacyPage } from './page.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const collectorPort = Number(process.env.COLLECTOR_PORT ?? 8787);
const dataDir = process.env.TEMOIN_DEMO_DIR ?? fileURLToPath(new URL('../.demo/', import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
};
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

// What each stand-in third party answers. Scripts report to the page that they ran.
const ran = (id) =>
  `(window.demoRanQueue = window.demoRanQueue || []).push(${JSON.stringify(id)}); window.demoRan && window.demoRan(${JSON.stringify(id)});`;
// An embed speaks the page's language, as a real one does when the page asks: `?lang=` in its address.
// The map's glyph is drawn, not a character: 🗺 (U+1F5FA) needs an emoji font, which many systems
// lack (a box, or nothing); ▶ is in every common font.
const embed =
  (id, labels, glyph = '') =>
  (lang) => `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${labels[lang]}</title>
<body style="margin:0;display:grid;place-items:center;height:100vh;background:#1b1b1b;color:#fff;font:18px system-ui">
<p style="margin:0">${glyph}${labels[lang]}</p>
<script>parent.postMessage({ demoRan: ${JSON.stringify(id)} }, '*');</script>`;
// A map pin, in the text's colour.
const pin =
  '<svg aria-hidden="true" width="20" height="20" style="vertical-align:-3px;margin-right:.3em" viewBox="0 0 24 24" fill="currentColor"><path d="M12 2a7 7 0 0 0-7 7c0 5.3 7 13 7 13s7-7.7 7-13a7 7 0 0 0-7-7zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5z"/></svg>';
const standIns = {
  stats: {
    '/stand-in/matomo.js': [
      'text/javascript',
      `document.cookie = '_pk_id.demo=1; Path=/; Max-Age=34128000'; ${ran('stats')}`,
    ],
  },
  pixel: {
    '/stand-in/fbevents.js': [
      'text/javascript',
      `document.cookie = '_fbp=fb.1.demo; Path=/; Max-Age=7776000'; ${ran('pixel')}`,
    ],
    '/stand-in/tr.gif': ['image/gif', GIF],
  },
  video: {
    '/stand-in/embed.html': [
      'text/html; charset=utf-8',
      embed('video', { fr: '▶ Vidéo chargée', en: '▶ Video loaded' }),
    ],
  },
  maps: {
    '/stand-in/embed.html': ['text/html; charset=utf-8', embed('map', { fr: 'Carte chargée', en: 'Map loaded' }, pin)],
  },
};

const pages = {
  '/': () => page('fr', port),
  '/demo/en.html': () => page('en', port),
  '/demo/confidentialite.html': () => privacyPage('fr'),
  '/demo/privacy.html': () => privacyPage('en'),
};

// The demo's config as a site publishes it: sealed by `temoin check --seal`, so the production
// script starts at once instead of validating it on every visit. Sealed again when its text or
// the build changes (one seal at a time, each over the text it was asked for); a config that does
// not pass is served as written (the browser then validates it and refuses it) and the check's
// problems are printed here. TEMOIN_DEMO_CONFIG serves another file in its place (the tests).
const configFile = process.env.TEMOIN_DEMO_CONFIG ?? join(root, 'demo', 'temoin.config.json');
let sealing = { key: '', text: Promise.resolve('') };
async function servedConfig() {
  const written = (await readFile(configFile, 'utf8')).replaceAll('%COLLECTOR_PORT%', String(collectorPort));
  const key = written + (await readFile(join(root, 'dist', 'check-version.json'), 'utf8'));
  if (key != sealing.key) sealing = { key, text: sealing.text.catch(() => {}).then(() => sealed(written)) };
  return sealing.text;
}
async function sealed(written) {
  const [source, target] = [join(dataDir, 'temoin.config.json'), join(dataDir, 'temoin.config.sealed.json')];
  await writeFile(source, written);
  try {
    await promisify(execFile)(process.execPath, [join(root, 'bin/temoin.js'), 'check', source, '--seal', target]);
    return await readFile(target, 'utf8');
  } catch (e) {
    const said = e.stdout || e.stderr || e.message;
    console.log(
      `${relative(root, configFile)} is served unsealed. Its copy with the collector's port filled in:\n${said}`,
    );
    return written;
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const host = (req.headers.host ?? '').split(':')[0];
  const standIn = standIns[host.replace(/\.localhost$/, '')]?.[url.pathname];
  if (host.endsWith('.localhost')) {
    if (!standIn) return void res.writeHead(404).end();
    // Logged, so a newcomer sees in the terminal what the browser let through.
    console.log(`  stand-in ${host}${url.pathname} requested`);
    const body =
      typeof standIn[1] == 'function' ? standIn[1](url.searchParams.get('lang') == 'en' ? 'en' : 'fr') : standIn[1];
    return void res.writeHead(200, { 'Content-Type': standIn[0], 'Cache-Control': 'no-store' }).end(body);
  }
  if (pages[url.pathname])
    return void res
      .writeHead(200, { 'Content-Type': types['.html'], 'Cache-Control': 'no-store' })
      .end(pages[url.pathname]());
  const path = url.pathname;
  // No icon: an empty answer, not a 404 the console would show in red beside Témoin's messages.
  if (path == '/favicon.ico') return void res.writeHead(204).end();
  const file = normalize(join(root, path));
  if (!file.startsWith(root) || !/^\/(demo|dist)\//.test(path)) return void res.writeHead(404).end('Not found');
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const type = types[extname(file)] ?? 'application/octet-stream';
    if (path == '/demo/temoin.config.json') {
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(await servedConfig());
    } else {
      res.writeHead(200, { 'Content-Type': type });
      createReadStream(file).pipe(res);
    }
  } catch {
    res.writeHead(404).end('Not found');
  }
});

// The collector, as `temoin collector --db .demo/temoin.db --origin http://localhost:8080` runs it,
// without the record of what it acknowledged that guards a production database against a restore:
// the demo's database is thrown away with .demo/.
const { openStore } = await import('../dist/node/src/collector/store/open.js');
const { loadOrCreateKey } = await import('../dist/node/src/collector/keys.js');
const { buildCollector } = await import('../dist/node/src/collector/server.js');
const { createToken } = await import('../dist/node/src/collector/access.js');
await mkdir(dataDir, { recursive: true });
const store = await openStore({ db: join(dataDir, 'temoin.db') }, { create: true });
const key = await loadOrCreateKey(join(dataDir, 'collector.key'));
await store.saveKey(key);
const collector = await buildCollector({
  store,
  key,
  origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
  logLevel: 'warn',
});
/** Ends the demo with what to do when a port is taken, instead of a stack trace. */
const portTaken = (what, variable, taken) => (error) => {
  if (error?.code != 'EADDRINUSE') throw error;
  console.error(
    `npm start: port ${taken}, for the ${what}, is taken (another npm start?). Stop that, or choose another: ${variable}=${taken + 100} npm start`,
  );
  process.exit(1);
};
await collector
  .listen({ port: collectorPort, host: 'localhost' })
  .catch(portTaken('collector and dashboard', 'COLLECTOR_PORT', collectorPort));
// An analyst token for this run, so the dashboard opens at once (list and revoke them with `temoin token`).
const { token } = await createToken(store, `Analyste de démo (${new Date().toISOString().slice(0, 16)})`, 'analyst');
await servedConfig();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
}).catch(portTaken('demo site', 'PORT', port));

console.log(`Témoin demo site:  http://localhost:${port}/  (English: http://localhost:${port}/demo/en.html)`);
console.log(`Dashboard:         http://localhost:${collectorPort}/dashboard`);
console.log(`Analyst token:     ${token}`);
console.log(
  `Receipts:          ${join(dataDir, 'temoin.db')} (check the chain: node bin/temoin.js verify --db ${join(dataDir, 'temoin.db')})`,
);
console.log('Ctrl-C stops everything.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await collector.close();
  await store.close();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
