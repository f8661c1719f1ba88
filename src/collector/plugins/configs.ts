// The notice behind every hash: the SDK sends the config its visitors saw, once per configHash,
// from the same site origins as receipts. The collector checks the hash itself and keeps the
// canonical JSON once; analysts read it back (plugins/analyst.ts), and proof reports quote it.
import type { FastifyPluginCallback } from 'fastify';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../receipts/canonical.js';
import { TemoinError } from '../errors.js';
import { unstorableText } from '../receipt-input.js';
import type { ReceiptStore } from '../store/store.js';
import { originAllowed } from './receipts.js';

export interface ConfigsOptions {
  store: ReceiptStore;
  origins: string[];
  rateLimit: number;
}

/** A config's canonical JSON is larger than a receipt's: every text in every language. */
export const MAX_CONFIG_BYTES = 512 * 1024;

export const CONFIG_HASH = '^[0-9a-f]{64}$';

const invalid = (message: string) => new TemoinError('TEMOIN_ERR_INVALID_CONFIG', message);

/** The canonical JSON of a config the SDK sent, once it is one and has the hash it was sent under. */
export function checkedConfig(hash: string, config: unknown): string {
  const c = config as { revision?: unknown; categories?: unknown } | null;
  if (
    typeof c != 'object' ||
    c === null ||
    Array.isArray(c) ||
    !Number.isInteger(c.revision) ||
    !Array.isArray(c.categories)
  )
    throw invalid('invalid config: a Témoin config is an object with a whole-number revision and a categories list');
  const path = unstorableText(config);
  if (path)
    throw invalid(`invalid config: ${path} holds a control character or a lone surrogate; the stores cannot keep it`);
  const body = canonicalJson(config);
  const actual = createHash('sha256').update(body).digest('hex');
  if (actual != hash)
    throw invalid(
      `this config's SHA-256 (of its canonical JSON) is ${actual}, not ${hash}: send it under its own hash`,
    );
  return body;
}

const configs: FastifyPluginCallback<ConfigsOptions> = (app, { store, origins, rateLimit }, done) => {
  app.put<{ Params: { hash: string }; Body: unknown }>(
    '/v1/configs/:hash',
    {
      bodyLimit: MAX_CONFIG_BYTES,
      config: { rateLimit: { max: rateLimit, timeWindow: 60_000 } },
      onRequest: originAllowed(origins),
    },
    async (req, reply) => {
      const { hash } = req.params;
      if (!new RegExp(CONFIG_HASH).test(hash))
        throw invalid(`a config hash is 64 lower-case hex digits (SHA-256), not "${hash}"`);
      const body = checkedConfig(hash, req.body);
      if (!(await store.configWanted(hash)))
        throw new TemoinError(
          'TEMOIN_ERR_CONFIG_UNWANTED',
          `no recent receipt names config ${hash}: the collector keeps the config behind a receipt it stored (it asks with Temoin-Config: missing), so send the receipt first`,
        );
      const result = await store.saveConfig({
        hash,
        body,
        origin: req.headers.origin!,
        receivedAt: new Date().toISOString(),
      });
      return reply.code(result == 'created' ? 201 : 200).send({ hash, stored: result });
    },
  );
  done();
};

export default configs;
