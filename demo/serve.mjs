// `npm start`: serves the demo site and the built SDK, and runs a collector on SQLite
// (.demo/temoin.db) that receives the demo's consent receipts. Third parties are stand-ins served
// from 127.0.0.1 (another host than the page's `localhost`), so blocking is real and works offline.
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const collectorPort = Number(process.env.COLLECTOR_PORT ?? 8787);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

const standIns = {
  '/stand-in/analytics.js': ['text/javascript', "document.cookie = '_demo_stats=1; Path=/; Max-Age=3600'; window.demoRan?.('analytics', 'Statistiques (script externe)');"],
  '/stand-in/video.html': ['text/html; charset=utf-8', '<!doctype html><title>Vidéo</title><body style="margin:0;display:grid;place-items:center;height:100vh;background:#222;color:#fff;font:16px system-ui">▶ Vidéo chargée</body>'],
};

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const standIn = standIns[url.pathname];
  if (standIn) {
    res.writeHead(200, { 'Content-Type': standIn[0] }).end(standIn[1]);
    return;
  }
  const path = url.pathname === '/' ? '/demo/index.html' : url.pathname;
  const file = normalize(join(root, path));
  if (!file.startsWith(root) || !/^\/(demo|dist)\//.test(path)) {
    res.writeHead(404).end('Not found');
    return;
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    const type = types[extname(file)] ?? 'application/octet-stream';
    if (type.startsWith('text/html') || file.endsWith('temoin.config.json')) {
      const text = (await readFile(file, 'utf8')).replaceAll('%PORT%', String(port)).replaceAll('%COLLECTOR_PORT%', String(collectorPort));
      res.writeHead(200, { 'Content-Type': type }).end(text);
    } else {
      res.writeHead(200, { 'Content-Type': type });
      createReadStream(file).pipe(res);
    }
  } catch {
    res.writeHead(404).end('Not found');
  }
});

// The collector, as `temoin collector --db .demo/temoin.db --origin http://localhost:8080` runs it.
const { openStore } = await import('../dist/node/src/collector/store/open.js');
const { loadOrCreateKey } = await import('../dist/node/src/collector/keys.js');
const { buildCollector } = await import('../dist/node/src/collector/server.js');
const { createToken } = await import('../dist/node/src/collector/access.js');
await mkdir(new URL('../.demo/', import.meta.url), { recursive: true });
const store = await openStore({ db: fileURLToPath(new URL('../.demo/temoin.db', import.meta.url)) });
const key = await loadOrCreateKey(fileURLToPath(new URL('../.demo/collector.key', import.meta.url)));
await store.saveKey(key);
const collector = await buildCollector({
  store, key, origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`], logLevel: 'warn',
});
await collector.listen({ port: collectorPort, host: 'localhost' });
// A token for this run, so the dashboard can be opened at once (revoke old ones with `temoin token`).
const { token } = await createToken(store, `Démo (npm start, ${new Date().toISOString().slice(0, 16)})`, 'admin');

server.listen(port, () => {
  console.log(`Témoin demo: http://localhost:${port}/  (Ctrl-C to stop)`);
  console.log(`Collector:   http://localhost:${collectorPort}/v1/keys  (SQLite: .demo/temoin.db; check it with: node bin/temoin.js verify --db .demo/temoin.db)`);
  console.log(`Dashboard:   http://localhost:${collectorPort}/dashboard  (token for this run: ${token})`);
});
const stop = () => server.close(() => void collector.close().then(() => store.close()).then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
