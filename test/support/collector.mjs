// Dev-server middleware that runs a real collector for the browser tests, over a fresh SQLite
// file or a fresh PostgreSQL database, on a loopback port of its own:
// - `POST /__collector/start?store=sqlite|postgres` starts one (dropping the previous) and
//   answers `{ url }`; the test page's origin is the allowed origin.
// - `POST /__collector/down` stops listening (the store stays), `POST /__collector/up` listens
//   again on the same port: a collector that is down, then back.
// - `GET /__collector/rows` lists what is stored; `GET /__collector/verify` walks the chain.
// - `POST /__collector/seed` appends the receipts in the JSON body; `POST /__collector/token?role=`
//   makes a token and answers it.
// - `/collector/…` is proxied to the collector, so its dashboard is same-origin with the tests.
// It runs the compiled collector (dist/node), which `npm run build` makes before the tests.
import { createToken } from '../../dist/node/src/collector/access.js';
import { buildCollector } from '../../dist/node/src/collector/server.js';
import { verifyChain } from '../../dist/node/src/collector/verify.js';
import { freshStore } from '../../dist/node/test/collector/support.js';

let current;

/**
 * A fresh store made ahead for the next `start` of each kind already asked for, and the stores
 * being dropped: a PostgreSQL database takes about a second to make and drop, which a test
 * starting a collector per test (test/receipts) waited for each time. Each test still gets a new,
 * empty, migrated store, made as before; only the waiting moves out of the test.
 */
const spares = new Map();
const dropping = new Set();

function spare(kind) {
  const made = freshStore(kind);
  made.catch(() => {}); // The error is the next start's, when it takes this one.
  spares.set(kind, made);
}

function dropLater(fresh) {
  const done = fresh
    .drop()
    .catch((e) => {
      process.exitCode = 1;
      console.error('a test collector’s store could not be dropped:', e);
    })
    .finally(() => dropping.delete(done));
  dropping.add(done);
}

/** Drops the spares and waits for every drop under way: nothing is left behind. */
async function settle() {
  const made = [...spares.values()];
  spares.clear();
  for (const fresh of await Promise.all(made.map((m) => m.catch(() => null)))) if (fresh) dropLater(fresh);
  await Promise.all([...dropping]);
}

async function listen(state) {
  state.app = await buildCollector({
    store: state.fresh.store,
    key: state.fresh.key,
    origins: [state.origin],
    logLevel: 'silent',
  });
  await state.app.listen({ port: state.port ?? 0, host: '127.0.0.1' });
  state.port = state.app.server.address().port;
}

async function stop() {
  if (!current) return;
  const state = current;
  current = undefined;
  await closeApp(state.app);
  dropLater(state.fresh);
}

/**
 * Closes a collector at once. A page removed in the middle of a request leaves its connection
 * waiting for a body that never comes, and close() would wait for it (up to the collector's body
 * timeout): the next test would time out starting.
 */
async function closeApp(app) {
  if (!app) return;
  const closing = app.close();
  app.server.closeAllConnections();
  await closing;
}

async function readBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function proxy(ctx) {
  const target = `http://127.0.0.1:${current.port}${ctx.url.slice('/collector'.length)}`;
  const headers = Object.fromEntries(
    ['authorization', 'content-type', 'origin'].filter((h) => ctx.get(h)).map((h) => [h, ctx.get(h)]),
  );
  const response = await fetch(target, {
    method: ctx.method,
    headers,
    body: ['GET', 'HEAD'].includes(ctx.method) ? undefined : await readBody(ctx),
    redirect: 'manual',
  });
  ctx.status = response.status;
  for (const [name, value] of response.headers) {
    if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) ctx.set(name, value);
  }
  ctx.body = Buffer.from(await response.arrayBuffer());
}

/** For the server's stop: the collector closed, its store and the spares dropped. */
export async function closeCollector() {
  await stop();
  await settle();
}

export async function collectorControl(ctx, next) {
  if (ctx.path.startsWith('/collector/') && current?.app) return proxy(ctx);
  if (!ctx.path.startsWith('/__collector/')) return next();
  const action = ctx.path.slice('/__collector/'.length);
  ctx.type = 'application/json';
  ctx.set('Cache-Control', 'no-store');
  if (action == 'start') {
    await stop();
    const kind = ctx.query.store == 'postgres' ? 'postgres' : 'sqlite';
    const fresh = spares.get(kind) ?? freshStore(kind);
    spare(kind);
    current = { fresh: await fresh, origin: ctx.origin, kind };
    await listen(current);
    ctx.body = JSON.stringify({ url: `http://127.0.0.1:${current.port}/`, store: kind });
  } else if (!current) {
    ctx.status = 409;
    ctx.body = JSON.stringify({ error: 'no collector: POST /__collector/start first' });
  } else if (action == 'down') {
    await closeApp(current.app);
    current.app = undefined;
    ctx.body = '{}';
  } else if (action == 'up') {
    if (!current.app) await listen(current);
    ctx.body = '{}';
  } else if (action == 'rows') {
    const rows = [];
    for await (const row of current.fresh.store.rows()) rows.push(row);
    ctx.body = JSON.stringify(rows);
  } else if (action == 'config') {
    ctx.body = JSON.stringify(await current.fresh.store.config(String(ctx.query.hash)));
  } else if (action == 'verify') {
    ctx.body = JSON.stringify(await verifyChain(current.fresh.store));
  } else if (action == 'seed') {
    const receipts = JSON.parse((await readBody(ctx)).toString('utf8'));
    for (const receipt of receipts) {
      await current.fresh.store.append(
        receipt,
        { origin: current.origin, receivedAt: new Date().toISOString() },
        current.fresh.key,
      );
    }
    ctx.body = JSON.stringify({ seeded: receipts.length });
  } else if (action == 'token') {
    ctx.body = JSON.stringify(
      await createToken(current.fresh.store, ctx.query.name ?? 'Test', ctx.query.role ?? 'analyst'),
    );
  } else if (action == 'stop') {
    await stop();
    await settle();
    ctx.body = '{}';
  } else {
    ctx.status = 404;
    ctx.body = JSON.stringify({ error: `unknown action ${action}` });
  }
}
