// The collector's own Fastify app (every plugin and hook: security headers, CORS, the rate limit,
// the schema, strict JSON, the log) over a store that keeps nothing: how fast the app alone can
// answer receipts on this machine, the floor under any store. Run by bench/collector.mjs.
//   PORT=… MODE=app|app-chain|app-sign|stored|unsigned [BENCH_DB=… | BENCH_DATABASE_URL=…] node bench/collector-app.mjs
// MODE=app answers each receipt with an acknowledgement of the real size, neither chained nor
// signed; MODE=app-chain chains each one as a store would (chain.ts) and signs none; MODE=app-sign
// chains and signs each one, storing nothing. MODE=stored is the real store at BENCH_DB (SQLite)
// or BENCH_DATABASE_URL, as `temoin collector` runs it; MODE=unsigned is the same with every
// signature left out (64 zero bytes): what a collector could reach if signing cost nothing, as
// with one signature per batch. Its chain links hold; `verify` fails on every signature, so never
// point it at a real database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrival, EMPTY_CHAIN, linkAfter } from '../dist/node/src/collector/chain.js';
import { loadOrCreateKey } from '../dist/node/src/collector/keys.js';
import { buildCollector } from '../dist/node/src/collector/server.js';
import { openStore } from '../dist/node/src/collector/store/open.js';
import { ORIGIN } from '../dist/node/test/collector/support.js';

const mode = process.env.MODE;
const MODES = ['app', 'app-chain', 'app-sign', 'stored', 'unsigned'];
if (!MODES.includes(mode)) throw new Error(`MODE=${mode}: one of ${MODES.join(', ')}`);
const realKey = await loadOrCreateKey(join(mkdtempSync(join(tmpdir(), 'temoin-app-')), 'key.pem'));
const zeros = `ed25519:${realKey.keyId}:${Buffer.alloc(64).toString('base64url')}`;
const unsignedKey = { ...realKey, sign: () => zeros, signAll: async (acks) => acks.map(() => zeros) };
const key = mode == 'app-sign' || mode == 'stored' ? realKey : unsignedKey;
const hex = '0'.repeat(64);
let head = EMPTY_CHAIN;

const unsigned = (incoming) =>
  incoming.map(({ receipt, meta }) => ({
    status: 'created',
    ack: {
      receiptId: receipt.receiptId,
      seq: 1,
      hash: hex,
      receivedAt: meta.receivedAt,
      digest: hex,
      signature: `ed25519:${key.keyId}:${'0'.repeat(86)}`,
      prevHash: hex,
    },
  }));

async function signed(incoming, signingKey) {
  const links = await linkAfter(
    head,
    incoming.map(({ receipt, meta }) => arrival(receipt, meta)),
    signingKey,
  );
  head = links.at(-1).row;
  return links.map(({ ack }) => ({ status: 'created', ack }));
}

const nothingKept = {
  kind: 'none',
  appendBatch: async (incoming, signingKey) => (mode == 'app' ? unsigned : signed)(incoming, signingKey),
  config: async () => true,
  keys: async () => [],
  close: async () => {},
};
const location = process.env.BENCH_DB ? { db: process.env.BENCH_DB } : { databaseUrl: process.env.BENCH_DATABASE_URL };
const stored = mode == 'stored' || mode == 'unsigned';
const store = stored ? await openStore(location, { create: true }) : nothingKept;
if (stored) await store.saveKey(realKey);
const app = await buildCollector({ store, key, origins: [ORIGIN], rateLimit: 100_000_000 });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0)),
);
