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
import { fastifyTrust, type TrustedProxies } from './proxy.js';
import { checkStorableText, strictJsonBodies } from './receipt-input.js';
import { redactedUrl, requestSerializer } from './request-log.js';
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
  /** Behind reverse proxies: how many, or their addresses; the client address is read past them. */
  trustProxy?: TrustedProxies;
  /** Milliseconds a request may take to arrive whole, headers and body (default 30 s): then 408. */
  requestTimeout?: number;
  /** Milliseconds an idle keep-alive connection stays open (default 72 s). */
  keepAliveTimeout?: number;
  /** Smallest statistics cell shown (default 5). */
  minCell?: number;
  /** Days receipts are kept (default 730); an admin's purge uses it. */
  retentionDays?: number;
  logLevel?: string;
  /** Where log lines go (default stdout). */
  logStream?: { write(line: string): void };
}

export async function buildCollector(options: CollectorOptions): Promise<FastifyInstance> {
  const { store, key, origins } = options;
  const requestTimeout = options.requestTimeout ?? 30_000;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: fastifyTrust(options.trustProxy),
    // A body trickled in byte by byte must not hold a connection for ever: the whole request has
    // `requestTimeout`, its headers a third of it, then 408. Keep-alive outlasts the 60 s idle
    // time of nginx's and most load balancers' upstream pools, so a proxy never reuses a
    // connection the collector is closing.
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeout ?? 72_000,
    http: { headersTimeout: Math.ceil(requestTimeout / 3), connectionsCheckingInterval: Math.min(1000, requestTimeout) },
    logger: {
      level: options.logLevel ?? 'info',
      ...(options.logStream ? { stream: options.logStream } : {}),
      // No IP address, token or visitor id in the logs either: they are stored too.
      serializers: { req: requestSerializer },
    },
    ajv: {
      // Reject, never repair: the receipt is hashed exactly as the browser sent it.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false, allowUnionTypes: true },
    },
  });

  // Receipts are JSON and nothing else: any other body is answered 415.
  app.removeContentTypeParser('text/plain');
  strictJsonBodies(app);

  // API answers are data, never a page to render, and never kept by a cache along the way.
  app.addHook('onSend', async (req, reply) => {
    if (!req.url.startsWith('/v1/') && req.url != '/health') return;
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

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
    // An export may fail after its CSV or JSON-lines headers were set: the error is JSON.
    reply.removeHeader('content-disposition');
    return reply.code(status).type('application/json; charset=utf-8').send({ error: message });
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
    checkStorableText(req.body);
    const result = await store.append(req.body, { origin: req.headers.origin!, receivedAt: new Date().toISOString() }, key);
    if (result.status == 'conflict') return reply.code(409).send({ error: `receipt ${req.body.receiptId} is already stored with different content` });
    return reply.code(result.status == 'created' ? 201 : 200).send(result.ack);
  });

  // Fastify's own 404 logs the raw URL; this one logs and answers it redacted, like every request.
  app.setNotFoundHandler((req, reply) => {
    const url = redactedUrl(req.url);
    req.log.info(`no route ${req.method} ${url}`);
    return reply.code(404).send({ error: `no route ${req.method} ${url}` });
  });

  analystApi(app, { store, minCell: options.minCell ?? 5, retentionDays: options.retentionDays ?? 730 });
  dashboardRoutes(app);

  app.get('/v1/keys', async () => ({ keys: (await store.keys()).map((k) => ({ ...k, algorithm: 'Ed25519' })) }));
  app.get('/health', () => Promise.resolve({ ok: true, store: store.kind }));

  return app;
}
