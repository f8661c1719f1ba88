// `npm start`: serves the demo site and the built SDK. Third parties are stand-ins served from
// 127.0.0.1 (another host than the page's `localhost`), so blocking is real and works offline.
// The collector joins here once it exists.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
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
    if (type.startsWith('text/html')) {
      res.writeHead(200, { 'Content-Type': type }).end((await readFile(file, 'utf8')).replaceAll('%PORT%', String(port)));
    } else {
      res.writeHead(200, { 'Content-Type': type });
      createReadStream(file).pipe(res);
    }
  } catch {
    res.writeHead(404).end('Not found');
  }
});

server.listen(port, () => {
  console.log(`Témoin demo: http://localhost:${port}/  (Ctrl-C to stop)`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
