// The collector's own Fastify app (every plugin and hook: security headers, CORS, the rate limit,
// the schema, strict JSON, the log) over a store that keeps nothing: how fast the app alone can
// answer receipts on this machine, the floor under any store. Run by bench/collector.mjs.
//   PORT=… MODE=app|app-sign node bench/collector-app.mjs
// MODE=app answers each receipt with an acknowledgement of the real size, neither chained nor
// signed; MODE=app-sign chains and signs each one as a store would (chain.ts), storing nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrival, EMPTY_CHAIN, linkAfter } from '../dist/node/src/collector/chain.js';
import { loadOrCreateKey } from '../dist/node/src/collector/keys.js';
import { buildCollector } from '../dist/node/src/collector/server.js';
import { ORIGIN } from '../dist/node/test/collector/support.js';

const key = await loadOrCreateKey(join(mkdtempSync(join(tmpdir(), 'temoin-app-')), 'key.pem'));
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

const store = {
  kind: 'none',
  appendBatch: async (incoming, signingKey) =>
    (process.env.MODE == 'app-sign' ? signed : unsigned)(incoming, signingKey),
  config: async () => true,
  keys: async () => [],
  close: async () => {},
};
const app = await buildCollector({ store, key, origins: [ORIGIN], rateLimit: 100_000_000 });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
