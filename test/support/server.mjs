// Dev-server middleware for the browser tests.
// - Stand-in third parties: every request to a `*.test` host (Chromium maps them to this server)
//   is logged and answered: scripts record that they ran (and may set a cookie or be slow),
//   images are a 1×1 GIF, pages a tiny document, anything else 204.
// - `GET /__log` lists the logged requests, `POST /__log/clear` empties the list: tests assert on
//   requests the server really saw, not on flags in the page.
// - Fixture pages (`/test/fixtures/*.html`) get `%CONFIG%` (the base config with `?config=` JSON
//   merged over it, or `?rawconfig=` as is), `%CORE%` (the core build) and `%PORT%` filled in.
import { readFile } from 'node:fs/promises';

const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const log = [];
let loads = 0;

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

export async function testServer(ctx, next) {
  const host = ctx.hostname;
  if (host.endsWith('.test')) {
    log.push({ host, path: ctx.path, search: ctx.search, method: ctx.method });
    const delay = Number(ctx.query.delay ?? 0);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    ctx.set('Access-Control-Allow-Origin', '*');
    // Every load must be a request the server sees: no cache of any kind.
    ctx.set('Cache-Control', 'no-store');
    if (ctx.path.endsWith('.js')) {
      const name = host + ctx.path;
      const cookie = ctx.query.cookie ? `document.cookie = ${JSON.stringify(`${ctx.query.cookie}=1; path=${ctx.query.cookiePath ?? '/'}`)};` : '';
      ctx.type = 'application/javascript';
      ctx.body = `(window.__ran ||= []).push(${JSON.stringify(name)});${cookie}`;
    } else if (ctx.path.endsWith('.gif')) {
      ctx.type = 'image/gif';
      ctx.body = GIF;
    } else if (ctx.path.endsWith('.html')) {
      ctx.type = 'text/html';
      ctx.body = '<!doctype html><title>embed</title><p>embed';
    } else {
      ctx.status = 204;
    }
    return;
  }
  if (ctx.path === '/__log') {
    if (ctx.method === 'POST') log.length = 0;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(log);
    return;
  }
  if (ctx.path.startsWith('/test/fixtures/') && ctx.path.endsWith('.html')) {
    const [html, base] = await Promise.all([
      readFile(new URL('..' + ctx.path.slice('/test'.length), import.meta.url), 'utf8'),
      readFile(new URL('../fixtures/config.json', import.meta.url), 'utf8'),
    ]);
    const config = ctx.query.rawconfig ?? JSON.stringify({ ...JSON.parse(base), ...JSON.parse(ctx.query.config ?? '{}') });
    ctx.type = 'text/html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = html
      .replaceAll('%CONFIG%', escapeAttr(config))
      .replaceAll('%CONFIGURL%', ctx.query.configurl ?? '/test/fixtures/config.json')
      .replaceAll('%LANG%', ctx.query.lang ?? 'fr')
      .replaceAll('%CORE%', ctx.query.dev ? '/dist/temoin.dev.js' : '/dist/temoin.js')
      .replaceAll('%PORT%', new URL(ctx.href).port)
      .replaceAll('%NONCE%', String(++loads));
    return;
  }
  return next();
}
