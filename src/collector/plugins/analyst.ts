// The analysts' API: receipts (streamed exports, one receipt, one visitor's, a visitor's consent
// file in plugins/proof.ts), statistics, chain status, and for admins the access log and purges.
// Every route needs a token (plugins/auth.ts), and every read writes an access-log entry with its
// row count. Each route's query string schema is beside it; the filters' own are in filters.ts,
// shared with the CLI.
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CONFIG_HASH } from './configs.js';
import {
  erase,
  erasedAgainMessage,
  erasedReceiptMessage,
  erasureLogFilters,
  erasureRequest,
  type ErasureDone,
} from '../erasure.js';
import { TemoinError } from '../errors.js';
import { countSent, exportPages, exportStream, newestPage, type ExportFormat } from '../export.js';
import {
  FILTER_PARAMETERS,
  TIME_RANGE,
  toFilter,
  toTimeRange,
  trimmedIds,
  UUID,
  withoutEmptyFilters,
  type FilterQuery,
} from '../filters.js';
import { parameter, parameters, queryValidator } from '../query-schema.js';
import { purgeOld } from '../retention.js';
import { storedStats } from '../stats.js';
import type { ReceiptStore } from '../store/store.js';
import { verifyChain } from '../verify.js';
import auth from './auth.js';
import { proofRoutes } from './proof.js';

export interface AnalystOptions {
  store: ReceiptStore;
  /** The smallest statistics cell shown. */
  minCell: number;
  retentionDays: number;
}

const EXPORT_QUERY = parameters({
  ...FILTER_PARAMETERS,
  format: parameter({ enum: ['jsonl', 'csv'], default: 'jsonl' }, 'format must be jsonl or csv, not "{value}"'),
  newest: parameter({ type: 'integer', minimum: 1, maximum: 1000 }, 'newest must be a whole number from 1 to 1000'),
});
interface ExportQuery extends FilterQuery {
  format: ExportFormat;
  /** The n most recent, newest first (the dashboard's table), instead of everything. */
  newest?: number;
}

const RECEIPT_PATH = parameters({
  receiptId: parameter({ type: 'string', pattern: UUID }, 'a receipt id is a UUID such as 4b0c2f1e-…, not "{value}"'),
});

// Callers may raise the smallest cell shown, never lower it.
const statsQuery = (minCell: number) =>
  parameters({
    ...TIME_RANGE,
    interval: parameter({ enum: ['day', 'week'], default: 'day' }, 'interval must be day or week, not "{value}"'),
    by: parameter({ enum: ['revision', 'language'] }, 'by must be revision or language, not "{value}"'),
    min: parameter(
      { type: 'integer', minimum: minCell, default: minCell },
      `min must be a whole number of at least ${minCell}, this collector's minimum`,
    ),
  });
interface StatsQuery {
  from?: string;
  to?: string;
  interval: 'day' | 'week';
  by?: 'revision' | 'language';
  min: number;
}

const ME_QUERY = parameters({ view: parameter({ type: 'string' }, 'view must be a name, not "{value}"') });

const ACCESS_LOG_QUERY = parameters({
  ...TIME_RANGE,
  limit: parameter(
    { type: 'integer', minimum: 1, maximum: 100_000, default: 1000 },
    'limit must be a whole number from 1 to 100000',
  ),
});

function receiptRoutes(app: FastifyInstance, store: ReceiptStore): void {
  app.get<{ Querystring: ExportQuery }>(
    '/v1/receipts',
    { ...app.guarded('analyst'), schema: { querystring: EXPORT_QUERY } },
    async (req, reply) => {
      const { format, newest } = req.query;
      const filter = toFilter(req.query);
      const pages = newest ? newestPage(store, filter, newest, format) : exportPages(store, filter, format);
      let made = 0;
      const stream = exportStream(pages, format, (count) => (made += count));
      // Logged when the response ends: all it made once finished, else the rows the socket took.
      const written = countSent(reply.raw);
      let finished = false;
      reply.raw.once('finish', () => (finished = true));
      const sent = () => (finished ? made : written());
      reply.raw.once(
        'close',
        () =>
          void app
            .logAccess(req, { ...filter, format, ...(newest ? { newest } : {}) }, sent())
            .catch((e: unknown) => app.log.error(e)),
      );
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', format == 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="temoin-receipts-${day}.${format}"`)
        .send(stream);
    },
  );

  app.get<{ Params: { receiptId: string } }>(
    '/v1/receipts/:receiptId',
    { ...app.guarded('analyst'), schema: { params: RECEIPT_PATH } },
    async (req) => {
      const receiptId = req.params.receiptId.toLowerCase();
      const row = await store.receipt(receiptId);
      // A tombstone holds nothing of the visitor: no row read.
      await app.logAccess(req, { receiptId }, row && !row.erasedAt ? 1 : 0);
      if (!row) throw new TemoinError('TEMOIN_ERR_NO_RECEIPT', `no receipt ${receiptId}`);
      if (row.erasedAt) throw new TemoinError('TEMOIN_ERR_ERASED', erasedReceiptMessage(row));
      const { body, ...chain } = row;
      return { ...chain, receipt: JSON.parse(body) as unknown };
    },
  );
}

const CONFIG_PATH = parameters({
  hash: parameter(
    { type: 'string', pattern: CONFIG_HASH },
    'a config hash is 64 lower-case hex digits (SHA-256), not "{value}"',
  ),
});

/** The config behind a receipt's configHash: the notice the visitor answered, in full. */
function configRoutes(app: FastifyInstance, store: ReceiptStore): void {
  app.get<{ Params: { hash: string } }>(
    '/v1/configs/:hash',
    { ...app.guarded('analyst'), schema: { params: CONFIG_PATH } },
    async (req) => {
      const found = await store.config(req.params.hash);
      await app.logAccess(req, { configHash: req.params.hash }, found ? 1 : 0);
      if (!found)
        throw new TemoinError(
          'TEMOIN_ERR_NO_CONFIG',
          `no config ${req.params.hash} is kept: the SDK sends it with the first receipt made under it, from version 2026-12`,
        );
      return {
        hash: found.hash,
        origin: found.origin,
        receivedAt: found.receivedAt,
        config: JSON.parse(found.body) as unknown,
      };
    },
  );
}

function statusRoutes(app: FastifyInstance, { store, minCell }: AnalystOptions): void {
  app.get<{ Querystring: StatsQuery }>(
    '/v1/stats',
    { ...app.guarded('analyst'), schema: { querystring: statsQuery(minCell) } },
    async (req) => {
      const { from, to, interval, by, min } = req.query;
      const filter = toFilter({ from, to });
      const { rows, ...stats } = await storedStats(store, filter, {
        interval,
        ...(by ? { by } : {}),
        minCell: min,
      });
      await app.logAccess(req, { ...filter, interval, by, min }, rows);
      return stats;
    },
  );

  // Who the token belongs to; the dashboard calls it when it opens, which logs the view.
  app.get<{ Querystring: { view?: string } }>(
    '/v1/me',
    { ...app.guarded('analyst'), schema: { querystring: ME_QUERY } },
    async (req) => {
      await app.logAccess(req, req.query.view ? { view: req.query.view } : {}, 0);
      return { name: req.token!.name, role: req.token!.role, minCell };
    },
  );

  app.get('/v1/verify', app.guarded('analyst'), async (req) => {
    const result = await verifyChain(store);
    await app.logAccess(req, {}, result.checked);
    return result;
  });
}

function adminRoutes(app: FastifyInstance, { store, retentionDays }: AnalystOptions): void {
  app.get<{ Querystring: { from?: string; to?: string; limit: number } }>(
    '/v1/access-log',
    { ...app.guarded('admin'), schema: { querystring: ACCESS_LOG_QUERY } },
    async (req) => {
      const { limit } = req.query;
      const range = toTimeRange(req.query);
      const entries = await store.accessLog({ ...range, limit });
      await app.logAccess(req, { ...range, limit }, entries.length);
      return { entries };
    },
  );

  // Destruction on request: the visitor's full id and a reason, kept in the log.
  app.post('/v1/erasures', app.guarded('admin'), async (req, reply) => {
    const request = erasureRequest(req.body);
    let done: ErasureDone | undefined;
    try {
      done = await erase(store, request, req.token!.name);
    } finally {
      await app.logAccess(req, erasureLogFilters(request), done?.count ?? 0);
    }
    if (done.count) return reply.code(201).send({ erased: done.count, seqs: done.seqs, at: done.at });
    // The same erasure again (after a 503 scrub busy, say): done, nothing was left.
    const earlier = done.earlier.map(({ at, actor, count, seqs }) => ({ at, actor, count, seqs }));
    return reply.code(200).send({
      erased: 0,
      seqs: [],
      at: done.at,
      earlier,
      message: erasedAgainMessage(request.principal, done),
    });
  });

  // A collector stopping ends an admin's purge after its step under way, as its own.
  const stopping = new AbortController();
  app.addHook('preClose', (done) => {
    stopping.abort();
    done();
  });
  app.post('/v1/purge', app.guarded('admin'), async (req) => {
    const done = await purgeOld(store, retentionDays, new Date(), stopping.signal);
    await app.logAccess(req, { retentionDays }, done?.count ?? 0);
    return { purged: done };
  });
}

const analystApi: FastifyPluginAsync<AnalystOptions> = async (app, options) => {
  await app.register(auth, { store: options.store });
  // Query strings are read by query-schema.ts (numbers read as numbers, defaults filled in) and
  // refused in the words of each parameter's schema. Receipt bodies keep the app's strict ajv.
  app.setValidatorCompiler(queryValidator);
  app.addHook('preValidation', (req: FastifyRequest<{ Querystring: Record<string, unknown> }>, _reply, done) => {
    req.query = withoutEmptyFilters(trimmedIds(req.query));
    done();
  });
  receiptRoutes(app, options.store);
  configRoutes(app, options.store);
  proofRoutes(app, options.store);
  statusRoutes(app, options);
  adminRoutes(app, options);
};

export default analystApi;
