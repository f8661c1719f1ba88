// The collector's HTTP side: receipts in (public, from the configured site origins only), keys
// out. Every answer to POST /v1/receipts comes after the receipt is committed.
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { createHmac, randomBytes } from 'node:crypto';
import receiptSchema from '../receipts/receipt.schema.json' with { type: 'json' };
import type { Receipt } from '../receipts/receipt.js';
import { analystApi } from './analyst-api.js';
import { dashboardRoutes } from './dashboard.js';
import { FilterError } from './filters.js';
import type { SigningKey } from './keys.js';
import type { ReceiptStore } from './store/store.js';

export interface CollectorOptions {
  store: ReceiptStore;
  key: SigningKey;
  /** Site origins allowed to send receipts, e.g. https://www.ville.qc.ca. */
  origins: string[];
  /** Receipts per client address per minute. */
  rateLimit?: number;
  /** Largest body accepted, in bytes. */
  bodyLimit?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy?: boolean;
  /** Smallest statistics cell shown (default 5). */
  minCell?: number;
  /** Days receipts are kept (default 730); an admin's purge uses it. */
  retentionDays?: number;
  logLevel?: string;
}

export async function buildCollector(options: CollectorOptions): Promise<FastifyInstance> {
  const { store, key, origins } = options;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    logger: {
      level: options.logLevel ?? 'info',
      // No IP address in the logs either: they are stored too.
      serializers: { req: (req) => ({ method: req.method, url: req.url, origin: req.headers.origin }) },
    },
    ajv: {
      // Reject, never repair: the receipt is hashed exactly as the browser sent it.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, allowUnionTypes: true },
    },
  });

  // Receipts are JSON and nothing else: any other body is answered 415.
  app.removeContentTypeParser('text/plain');

  await app.register(cors, {
    origin: origins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  });
  // Clients are counted by a keyed hash of their address, made with a secret that lives only in
  // this process: the limiter never holds a raw IP address.
  const salt = randomBytes(32);
  await app.register(rateLimit, { global: false, keyGenerator: (req) => createHmac('sha256', salt).update(req.ip).digest('base64url') });

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _req, reply) => {
    const status = error instanceof FilterError ? 400 : error.statusCode ?? 500;
    if (status >= 500) app.log.error(error);
    const message = error.validation ? `invalid receipt: ${error.message}` : status >= 500 ? 'internal error' : error.message;
    return reply.code(status).send({ error: message });
  });

  app.post<{ Body: Receipt }>('/v1/receipts', {
    schema: { body: receiptSchema },
    config: { rateLimit: { max: options.rateLimit ?? 60, timeWindow: 60_000 } },
    // The Origin header is checked before the body is even parsed.
    onRequest: (req, reply, done) => {
      if (origins.includes(req.headers.origin ?? '')) return done();
      void reply.code(403).send({ error: `origin ${req.headers.origin ?? '(none)'} may not send receipts here` });
    },
  }, async (req, reply) => {
    const result = await store.append(req.body, { origin: req.headers.origin!, receivedAt: new Date().toISOString() }, key);
    if (result.status == 'conflict') return reply.code(409).send({ error: `receipt ${req.body.receiptId} is already stored with different content` });
    return reply.code(result.status == 'created' ? 201 : 200).send(result.ack);
  });

  analystApi(app, { store, minCell: options.minCell ?? 5, retentionDays: options.retentionDays ?? 730 });
  dashboardRoutes(app);

  app.get('/v1/keys', async () => ({ keys: (await store.keys()).map((k) => ({ ...k, algorithm: 'Ed25519' })) }));
  app.get('/health', () => Promise.resolve({ ok: true, store: store.kind }));

  return app;
}
