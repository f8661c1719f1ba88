// Receipts in, from the configured site origins only, and the public keys that verify their
// acknowledgements. Every answer to POST /v1/receipts comes after the receipt is committed.
import type { FastifyPluginCallback, FastifySchemaValidationError } from 'fastify';
import receiptSchema from '../../receipts/receipt.schema.json' with { type: 'json' };
import type { Receipt } from '../../receipts/receipt.js';
import { TemoinError } from '../errors.js';
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
}

/** `invalid receipt: body/purposes/1/decision must be equal to one of the allowed values`: the field, then what is wrong. */
const invalidReceipt = (errors: FastifySchemaValidationError[], dataVar: string) =>
  new TemoinError(
    'TEMOIN_ERR_INVALID_RECEIPT',
    `invalid receipt: ${errors.map((e) => `${dataVar}${e.instancePath} ${e.message ?? ''}`).join(', ')}`,
  );

const receipts: FastifyPluginCallback<ReceiptsOptions> = (app, { store, key, origins, rateLimit }, done) => {
  app.setSchemaErrorFormatter(invalidReceipt);

  app.post<{ Body: Receipt }>(
    '/v1/receipts',
    {
      schema: { body: receiptSchema },
      config: { rateLimit: { max: rateLimit, timeWindow: 60_000 } },
      // The Origin header is checked before the body is even parsed.
      onRequest: (req, _reply, next) => {
        if (origins.includes(req.headers.origin ?? '')) return next();
        next(
          new TemoinError(
            'TEMOIN_ERR_ORIGIN_REFUSED',
            `origin ${req.headers.origin ?? '(none)'} may not send receipts here`,
          ),
        );
      },
    },
    async (req, reply) => {
      checkStorableText(req.body);
      const result = await store.append(
        req.body,
        { origin: req.headers.origin!, receivedAt: new Date().toISOString() },
        key,
      );
      if (result.status == 'conflict')
        throw new TemoinError(
          'TEMOIN_ERR_RECEIPT_CONFLICT',
          `receipt ${req.body.receiptId} is already stored with different content`,
        );
      return reply.code(result.status == 'created' ? 201 : 200).send(result.ack);
    },
  );

  app.get('/v1/keys', async () => ({ keys: (await store.keys()).map((k) => ({ ...k, algorithm: 'Ed25519' })) }));
  done();
};

export default receipts;
