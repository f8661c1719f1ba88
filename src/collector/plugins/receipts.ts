// Receipts in, from the configured site origins only, and the public keys that verify their
// acknowledgements. Every answer to POST /v1/receipts comes after the receipt is committed,
// with the others that arrived with it (group-commit.ts).
import type { FastifyPluginCallback, FastifySchemaValidationError, onRequestHookHandler } from 'fastify';
import receiptSchema from '../../receipts/receipt.schema.json' with { type: 'json' };
import type { Receipt } from '../../receipts/receipt.js';
import { TemoinError } from '../errors.js';
import { groupCommit, type GroupCommitOptions } from '../group-commit.js';
import type { SigningKey } from '../keys.js';
import { checkStorableText } from '../receipt-input.js';
import type { ReceiptStore } from '../store/store.js';

export interface ReceiptsOptions {
  store: ReceiptStore;
  key: SigningKey;
  /** Site origins allowed to send receipts. */
  origins: string[];
  /** Receipts per client address per minute. */
  rateLimit: number;
  /** How receipts that arrive together share one transaction. */
  batch: GroupCommitOptions;
}

/** `invalid receipt: body/purposes/1/decision must be equal to one of the allowed values`: the field, then what is wrong. */
const invalidReceipt = (errors: FastifySchemaValidationError[], dataVar: string) =>
  new TemoinError(
    'TEMOIN_ERR_INVALID_RECEIPT',
    `invalid receipt: ${errors.map((e) => `${dataVar}${e.instancePath} ${e.message ?? ''}`).join(', ')}`,
  );

/** An onRequest hook: only the configured site origins may send, checked before the body is parsed. */
export const originAllowed =
  (origins: string[]): onRequestHookHandler =>
  (req, _reply, next) => {
    if (origins.includes(req.headers.origin ?? '')) return next();
    next(
      new TemoinError(
        'TEMOIN_ERR_ORIGIN_REFUSED',
        `origin ${req.headers.origin ?? '(none)'} may not send receipts here`,
      ),
    );
  };

const receipts: FastifyPluginCallback<ReceiptsOptions> = (app, { store, key, origins, rateLimit, batch }, done) => {
  app.setSchemaErrorFormatter(invalidReceipt);
  const knownConfigs = new Set<string>();
  const commits = groupCommit(store, key, batch);
  app.addHook('onClose', () => commits.flush());

  app.post<{ Body: Receipt }>(
    '/v1/receipts',
    {
      schema: { body: receiptSchema },
      // Its refusals' reasons name a field, an origin or a limit; ids are taken out (request-log.ts).
      config: { rateLimit: { max: rateLimit, timeWindow: 60_000 }, logReasons: true },
      onRequest: originAllowed(origins),
    },
    async (req, reply) => {
      checkStorableText(req.body);
      const result = await commits.append({
        receipt: req.body,
        meta: { origin: req.headers.origin!, receivedAt: new Date().toISOString() },
      });
      if (result.status == 'conflict')
        throw new TemoinError(
          'TEMOIN_ERR_RECEIPT_CONFLICT',
          `receipt ${req.body.receiptId} is already stored with different content`,
        );
      // The SDK sends the config behind a hash the collector does not keep yet (plugins/configs.ts).
      // A config once kept is never removed: known hashes are remembered in the process.
      const hash = req.body.configHash;
      if (!knownConfigs.has(hash)) {
        if (await store.config(hash)) knownConfigs.add(hash);
        else reply.header('temoin-config', 'missing');
      }
      return reply.code(result.status == 'created' ? 201 : 200).send(result.ack);
    },
  );

  app.get('/v1/keys', async () => ({ keys: (await store.keys()).map((k) => ({ ...k, algorithm: 'Ed25519' })) }));
  done();
};

export default receipts;
