// Dev-server middleware for the browser tests.
// - Stand-in third parties: every request to a `*.test` host (Chromium maps them to this server)
//   is logged and answered: scripts record that they ran (and may set a cookie or be slow),
//   images are a 1×1 GIF, pages a tiny document, anything else 204.
// - `/__ui-alone/temoin-ui.js` is the UI module, its strings and banner with the preference-center chunk missing.
// - `GET /__slow.js?delay=ms` answers late: a script of the page's own that holds the parser.
// - `GET /__own.js?name=x` is a script of the page's own that records `own:x` as having run;
//   `GET /__config.json?delay=ms` the fixtures' config, late.
// - `POST /__seal` answers the config posted, sealed by `temoin check --seal` (422: refused).
// - Answers that say `Cache-Control: no-store` keep it (keepNoStore).
// - `GET /__log` lists the logged requests, `POST /__log/clear` empties the list: tests assert on
//   requests the server really saw, not on flags in the page.
// - WebSocket handshakes to a `*.test` host are logged too (`upgrades`, a plugin: they never reach
//   the middleware), with `method: 'UPGRADE'`.
// - The vendors' own names (www.googletagmanager.com…) are answered by their stand-ins
//   (vendors.mjs), on a port of their own; their requests are logged here too.
// - `POST /__stash` keeps a config too long for a URL, `GET /__stash` answers it, and a fixture
//   page given `?stash` has it as `%CONFIG%`.
// - Fixture pages (`/test/fixtures/*.html`) get `%CONFIG%` (the base config with `?config=` JSON
//   merged over it, or `?rawconfig=` as is), `%CORE%` (the core build) and `%PORT%` filled in;
//   where a page says `<!--%PAUSE%-->`, its answer stops 300 ms (the parser yields there).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
/** What the stand-in third parties were asked, these and the vendors' (vendors.mjs). */
export const log = [];
let loads = 0;
let stash = '';

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

/** The README's fenced blocks of one language, in order. */
async function readmeBlocks(lang) {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/**
 * `/__readme/…`: the README's own snippet, markup and example config as a page, so the docs are
 * run as written. `/temoin/` in the snippet is served from dist/.
 */
async function readmePage(ctx) {
  const rest = ctx.path.slice('/__readme/'.length);
  ctx.set('Cache-Control', 'no-store');
  if (rest == 'temoin/config.json') {
    const config = (await readmeBlocks('json')).find((b) => b.includes('"revision"') && b.includes('"categories"'));
    ctx.type = 'application/json';
    ctx.body = config;
  } else if (rest.startsWith('temoin/')) {
    ctx.type = 'text/javascript';
    ctx.body = await readFile(
      new URL('../../dist/' + rest.slice('temoin/'.length).replace(/[^\w.-]/g, ''), import.meta.url),
    );
  } else if (rest == 'page.html') {
    const html = await readmeBlocks('html');
    const snippet = html.find((b) => b.includes('data-config=')).replaceAll('/temoin/', '/__readme/temoin/');
    const markup = html.find((b) => b.includes('data-category='));
    ctx.type = 'text/html';
    ctx.body = `<!doctype html><html lang="fr"><head>\n<script src="/test/fixtures/harness.js"></script>\n${snippet}<title>README</title></head><body>\n${markup}</body></html>`;
  } else {
    ctx.status = 404;
  }
}

/**
 * Keeps an answer's `Cache-Control: no-store`: the test runner's own middleware, outside ours, gives
 * every path with a file extension a year's `max-age` once the answer is made. A stand-in third
 * party's page or script then came from Chromium's cache the second time it was asked for in a
 * run: the server never saw the load, and a test of a blocked request could not have failed.
 */
export async function keepNoStore(ctx, next) {
  await next();
  if (ctx.response.get('Cache-Control') !== 'no-store') return;
  const set = ctx.response.set;
  ctx.response.set = function (field, ...rest) {
    if (typeof field === 'string' && field.toLowerCase() === 'cache-control') return;
    return set.call(this, field, ...rest);
  };
}

/** Logs the WebSocket handshakes to a stand-in host, as requests, and answers none of them. */
export const upgrades = {
  name: 'temoin-upgrades',
  serverStart({ server }) {
    server.on('upgrade', (req, socket) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!host.endsWith('.test')) return;
      const url = new URL(req.url, 'http://x');
      log.push({ host, path: url.pathname, search: url.search, method: 'UPGRADE' });
      socket.destroy();
    });
  },
};

/** Where a fixture page's answer stops a while: the parser has parsed what came before it. */
const PAUSE = '<!--%PAUSE%-->';

/** A page sent in parts, 300 ms apart, as a slow network does. */
function inChunks(parts) {
  return Readable.from(
    (async function* () {
      for (const [i, part] of parts.entries()) {
        if (i) await new Promise((r) => setTimeout(r, 300));
        yield part;
      }
    })(),
  );
}

export async function testServer(ctx, next) {
  if (ctx.path.startsWith('/__readme/')) return readmePage(ctx);
  // A reverse proxy's own refusal: an HTML page, not the collector's JSON.
  if (ctx.path.startsWith('/__proxy413/')) {
    ctx.status = 413;
    ctx.type = 'text/html';
    ctx.body = '<html><body><h1>413 Request Entity Too Large</h1></body></html>';
    return;
  }
  const host = ctx.hostname;
  if (host.endsWith('.test')) {
    log.push({ host, path: ctx.path, search: ctx.search, method: ctx.method });
    const delay = Number(ctx.query.delay ?? 0);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.set('Timing-Allow-Origin', '*');
    // Every load must be a request the server sees: no cache of any kind.
    ctx.set('Cache-Control', 'no-store');
    if (ctx.path.endsWith('.js')) {
      const name = host + ctx.path;
      const cookie = ctx.query.cookie
        ? `document.cookie = ${JSON.stringify(`${ctx.query.cookie}=1; path=${ctx.query.cookiePath ?? '/'}`)};`
        : '';
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
  // The UI module and each language's strings, without the preference-center chunk it imports on
  // first opening.
  if (ctx.path.startsWith('/__ui-alone/')) {
    const file = /^\/__ui-alone\/(temoin-ui(-[a-z]{2}|-banner)?\.js)$/.exec(ctx.path)?.[1];
    if (!file) return void (ctx.status = 404);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/javascript';
    ctx.body = await readFile(new URL(`../../dist/${file}`, import.meta.url));
    return;
  }
  // A slow script of the page's own origin, to hold the parser: `?delay=` ms.
  if (ctx.path === '/__slow.js') {
    await new Promise((r) => setTimeout(r, Number(ctx.query.delay ?? 0)));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/javascript';
    ctx.body = 'window.__slowRan = true;';
    return;
  }
  // A script of the page's own origin that says it ran, as the trackers' hosts' scripts do.
  if (ctx.path === '/__own.js') {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/javascript';
    ctx.body = `(window.__ran ||= []).push(${JSON.stringify('own:' + ctx.query.name)});`;
    return;
  }
  // The fixtures' config, answered after `?delay=` ms: a config URL the parser outruns.
  if (ctx.path === '/__config.json') {
    await new Promise((r) => setTimeout(r, Number(ctx.query.delay ?? 0)));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/json';
    ctx.body = await readFile(new URL('../fixtures/config.json', import.meta.url));
    return;
  }
  // The config posted, through the CLI itself (`temoin check config.json --seal sealed.json`): a
  // page's production script must take that seal. A config the CLI refuses is a 422 with its output.
  if (ctx.path === '/__seal' && ctx.method === 'POST') {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-seal-'));
    try {
      await writeFile(join(dir, 'config.json'), await text(ctx.req));
      const bin = fileURLToPath(new URL('../../bin/temoin.js', import.meta.url));
      await run('node', [bin, 'check', join(dir, 'config.json'), '--seal', join(dir, 'sealed.json')]);
      ctx.type = 'application/json';
      ctx.body = await readFile(join(dir, 'sealed.json'), 'utf8');
    } catch (e) {
      ctx.status = 422;
      ctx.body = `${e.stdout ?? ''}${e.stderr ?? e.message}`;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  // A config too long for a URL (a sealed one with its templates expanded): `POST /__stash`
  // keeps it, `GET /__stash` answers it (a config by URL), and a fixture page given `?stash` has it
  // inline.
  if (ctx.path === '/__stash') {
    if (ctx.method === 'POST') stash = await text(ctx.req);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/json';
    ctx.body = stash;
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
    const config =
      ctx.query.rawconfig ??
      (ctx.query.stash === undefined ? undefined : stash) ??
      JSON.stringify({ ...JSON.parse(base), ...JSON.parse(ctx.query.config ?? '{}') });
    ctx.type = 'text/html';
    ctx.set('Cache-Control', 'no-store');
    // The vendors' pages (fixtures/vendors/): `%TEMOIN%` is the core with its config inline, or by
    // URL with `?configurl=`; with `?bare`, no Témoin at all and the markup unmarked, as the
    // vendor publishes it; with `?unmarked`, the markup unmarked under Témoin.
    const core = ctx.query.configurl
      ? `<script src="%CORE%" data-config="%CONFIGURL%"></script>`
      : `<script src="%CORE%" data-config='%CONFIG%'></script>`;
    const marked =
      ctx.query.bare === undefined && ctx.query.unmarked === undefined
        ? html
        : html
            .replaceAll('%TEMOIN%', ctx.query.bare === undefined ? '%TEMOIN%' : '')
            .replace(/\s(type="text\/plain"|data-(category|service)="[^"]*")/g, '')
            .replaceAll(' data-src=', ' src=');
    const page = marked
      .replaceAll('%TEMOIN%', core)
      .replaceAll('%CONFIG%', escapeAttr(config))
      .replaceAll('%CONFIGURL%', ctx.query.configurl ?? '/test/fixtures/config.json')
      .replaceAll('%LANG%', ctx.query.lang ?? 'fr')
      // Meta's SDK in the page language's locale (fixtures/vendors/meta-sdk.html).
      .replaceAll('%FB_LOCALE%', ctx.query.lang == 'en' ? 'en_US' : 'fr_CA')
      .replaceAll('%CORE%', ctx.query.dev ? '/dist/temoin.dev.js' : '/dist/temoin.js')
      .replaceAll('%PORT%', new URL(ctx.href).port)
      .replaceAll('%NONCE%', String(++loads));
    ctx.body = page.includes(PAUSE) ? inChunks(page.split(PAUSE)) : page;
    return;
  }
  return next();
}
