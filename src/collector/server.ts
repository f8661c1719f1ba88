// The collector: one Fastify app composed of plugins. Receipts in (plugins/receipts.ts), the
// analysts' API (plugins/analyst.ts) and their dashboard (plugins/dashboard.ts), over shared
// hooks: security headers, errors with codes, a redacted request log, CORS and rate limits.
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import { createHmac, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { GROUP_COMMIT_DEFAULTS, type GroupCommitOptions } from './group-commit.js';
import type { SigningKey } from './keys.js';
import { LogSink } from './log-sink.js';
import analystApi from './plugins/analyst.js';
import configs from './plugins/configs.js';
import dashboard from './plugins/dashboard.js';
import errors from './plugins/errors.js';
import receipts from './plugins/receipts.js';
import securityHeaders from './plugins/security-headers.js';
import { fastifyTrust, type TrustedProxies } from './proxy.js';
import { strictJsonBodies } from './receipt-input.js';
import { idleErrorLine, OutageLog, watchedStore } from './outage-log.js';
import { OneLineRequestLog, requestSerializer } from './request-log.js';
import { closeConnectionsOnStop } from './stop-connections.js';
import type { ReceiptStore } from './store/store.js';

export interface CollectorOptions {
  store: ReceiptStore;
  key: SigningKey;
  /** Site origins allowed to send receipts, e.g. https://www.ville.qc.ca. */
  origins: string[];
  /** Receipts per client address per minute. */
  rateLimit?: number;
  /** How receipts that arrive together share one transaction (default: group-commit.ts). */
  batch?: Partial<GroupCommitOptions>;
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
  /** Milliseconds a database outage's 503s are counted before one line sums them up (default 60 s). */
  outageSummaryMs?: number;
}

/** Milliseconds a request may take to arrive whole, unless told otherwise. */
const REQUEST_TIMEOUT = 30_000;

function fastifyOptions(options: CollectorOptions, requestLog: OneLineRequestLog): FastifyHttpOptions<Server> {
  const requestTimeout = options.requestTimeout ?? REQUEST_TIMEOUT;
  return {
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: fastifyTrust(options.trustProxy),
    // A body trickled in byte by byte must not hold a connection for ever: the whole request has
    // `requestTimeout`, its headers a third of it, then 408. Keep-alive outlasts the 60 s idle
    // time of nginx's and most load balancers' upstream pools, so a proxy never reuses a
    // connection the collector is closing.
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeout ?? 72_000,
    http: {
      headersTimeout: Math.ceil(requestTimeout / 3),
      connectionsCheckingInterval: Math.min(1000, requestTimeout),
    },
    logController: requestLog,
    logger: {
      level: options.logLevel ?? 'info',
      // A log that cannot be written drops its lines rather than holding the collector (log-sink.ts).
      stream: options.logStream ?? new LogSink(),
      // No IP address, token or visitor id in the logs either: they are stored too.
      serializers: { req: requestSerializer },
    },
    ajv: {
      // Reject, never repair: the receipt is hashed exactly as the browser sent it.
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        allErrors: false,
        allowUnionTypes: true,
      },
    },
  };
}

export async function buildCollector(options: CollectorOptions): Promise<FastifyInstance> {
  const { key, origins } = options;
  const outages = new OutageLog(options.store.kind, (): FastifyBaseLogger => app.log, options.outageSummaryMs);
  const requestLog = new OneLineRequestLog(outages);
  const app: FastifyInstance = Fastify(fastifyOptions(options, requestLog));
  // Every answer of the database may end an outage; its idle connections' errors are the log's too.
  const store = watchedStore(options.store, (calledAt) => outages.answered(calledAt));
  store.onIdleError?.((error) => {
    const { fields, message } = idleErrorLine(store.kind, error);
    app.log.warn(fields, message);
  });
  // A stop gives the answers under way as long as a request may take to arrive.
  closeConnectionsOnStop(app, options.requestTimeout ?? REQUEST_TIMEOUT);
  // The refusals and 503s counted and not yet written are written on stopping.
  app.addHook('onClose', (instance, done) => {
    requestLog.flush(instance.log);
    outages.summary();
    done();
  });

  // Receipts are JSON and nothing else: any other body is answered 415.
  app.removeContentTypeParser('text/plain');
  strictJsonBodies(app);

  await app.register(securityHeaders);
  await app.register(errors, { store: store.kind });
  await app.register(cors, {
    origin: origins,
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['content-type'],
    exposedHeaders: ['retry-after', 'temoin-config'],
    maxAge: 600,
  });
  // Clients are counted by a keyed hash of their address, made with a secret that lives only in
  // this process: the limiter never holds a raw IP address. Each route sets its own limit.
  const salt = randomBytes(32);
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (req) => createHmac('sha256', salt).update(req.ip).digest('base64url'),
  });

  await app.register(receipts, {
    store,
    key,
    origins,
    rateLimit: options.rateLimit ?? 60,
    batch: { ...GROUP_COMMIT_DEFAULTS, ...options.batch },
  });
  await app.register(configs, { store, origins, rateLimit: options.rateLimit ?? 60 });
  await app.register(analystApi, { store, minCell: options.minCell ?? 5, retentionDays: options.retentionDays ?? 730 });
  await app.register(dashboard);
  app.get('/health', () => Promise.resolve({ ok: true, store: store.kind }));
  return app;
}
