// The analysts' API: receipts (streamed exports, one receipt, one visitor's), statistics, chain
// status, and for admins the access log and purges. Everything here needs a token, and every
// read writes an access-log entry with its row count.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows, bearerToken, identify } from './access.js';
import { exportStream, matching } from './export.js';
import { FilterError, isoTime, parseFilter, parseReceiptId } from './filters.js';
import { purgeOld } from './retention.js';
import { computeStats } from './stats.js';
import type { ReceiptStore, Role, Token } from './store/store.js';
import { verifyChain } from './verify.js';

declare module 'fastify' {
  interface FastifyRequest {
    token: Token | null;
  }
}

export interface AnalystOptions {
  store: ReceiptStore;
  /** The smallest statistics cell shown (default 5). */
  minCell: number;
  retentionDays: number;
}

type Query = Record<string, string | undefined>;

/** Refused requests naming no known token written to the access log per minute, at most. */
const UNATTRIBUTED_PER_MINUTE = 100;

const FILTERS = ['from', 'to', 'category', 'decision', 'event', 'revision', 'principal'];

/** Unknown parameters are mistakes (a typo would silently widen an export): refuse them. */
function known(query: Query, allowed: string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new FilterError(`unknown parameter ${unknown.join(', ')}; known: ${allowed.join(', ')}`);
}

export function analystApi(app: FastifyInstance, { store, minCell, retentionDays }: AnalystOptions): void {
  app.decorateRequest('token', null);

  const entry = (req: FastifyRequest) => ({ at: new Date().toISOString(), action: `${req.method} ${req.routeOptions.url ?? req.url}` });

  // Every refusal is logged with the token's id when it names one, so a revoked or leaked
  // token's reuse can be attributed. Those that name no token are written up to a cap a minute,
  // so a flood from many addresses cannot fill the disk; the rest are counted in the process log.
  const unattributed = { minute: 0, written: 0, skipped: 0 };
  const shouldLog = (token: Token | null) => {
    const minute = Math.floor(Date.now() / 60_000);
    if (minute != unattributed.minute) {
      if (unattributed.skipped) app.log.warn(`${unattributed.skipped} refused requests without a valid token were not written to the access log (over ${UNATTRIBUTED_PER_MINUTE} a minute)`);
      Object.assign(unattributed, { minute, written: 0, skipped: 0 });
    }
    if (token) return true;
    if (unattributed.written < UNATTRIBUTED_PER_MINUTE) {
      unattributed.written++;
      return true;
    }
    unattributed.skipped++;
    return false;
  };
  const refuse = async (req: FastifyRequest, reply: FastifyReply, status: 401 | 403, why: string, token: Token | null, message: string) => {
    if (shouldLog(token)) await store.logAccess({ ...entry(req), actor: token?.name ?? '(no valid token)', tokenId: token?.id ?? null, filters: {}, rows: 0, refused: why });
    if (status == 401) void reply.header('www-authenticate', 'Bearer');
    return reply.code(status).send({ error: message });
  };

  const needs = (role: Role) => async (req: FastifyRequest, reply: FastifyReply) => {
    const bearer = bearerToken(req.headers.authorization);
    const token = await identify(store, bearer);
    if (!token) {
      return bearer
        ? refuse(req, reply, 401, 'unknown token', null, 'this token is unknown or revoked')
        : refuse(req, reply, 401, 'no token', null, 'a token is required: Authorization: Bearer <token>');
    }
    if (token.revokedAt) return refuse(req, reply, 401, 'revoked token', token, 'this token is unknown or revoked');
    if (!allows(token.role, role)) {
      return refuse(req, reply, 403, `needs the ${role} role`, token, `this needs the ${role} role; the token "${token.name}" is ${token.role}`);
    }
    req.token = token;
  };
  // Routes answer only to a token, and a client trying token after token is slowed down.
  const guarded = (role: Role) => ({ preHandler: needs(role), config: { rateLimit: { max: 600, timeWindow: 60_000 } } });

  const log = (req: FastifyRequest, filters: Record<string, unknown>, rows: number) =>
    store.logAccess({ ...entry(req), actor: req.token!.name, tokenId: req.token!.id, filters, rows });

  app.get<{ Querystring: Query }>('/v1/receipts', guarded('analyst'), async (req, reply) => {
    known(req.query, [...FILTERS, 'format', 'newest']);
    const filter = parseFilter(req.query);
    const format = req.query.format ?? 'jsonl';
    if (format != 'jsonl' && format != 'csv') throw new FilterError(`format must be jsonl or csv, not "${format}"`);
    // `newest=n`: the n most recent, newest first (the dashboard's table); otherwise everything, streamed.
    const newest = req.query.newest === undefined ? undefined : Number(req.query.newest);
    if (newest !== undefined && !(Number.isInteger(newest) && newest >= 1 && newest <= 1000)) throw new FilterError('newest must be a whole number from 1 to 1000');
    const source = newest ? (async function* () { yield* await store.query(filter, 0, newest, 'desc'); })() : matching(store, filter);
    let rows = 0;
    const stream = exportStream(source, format, () => rows++);
    // Logged when the response ends, finished or cut short, with the rows actually sent.
    reply.raw.once('close', () => void log(req, { ...filter, format, ...(newest ? { newest } : {}) }, rows).catch((e: unknown) => app.log.error(e)));
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', format == 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="temoin-receipts-${day}.${format}"`)
      .send(stream);
  });

  app.get<{ Params: { receiptId: string } }>('/v1/receipts/:receiptId', guarded('analyst'), async (req, reply) => {
    const receiptId = parseReceiptId(req.params.receiptId);
    const row = await store.receipt(receiptId);
    await log(req, { receiptId }, row ? 1 : 0);
    if (!row) return reply.code(404).send({ error: `no receipt ${receiptId}` });
    const { body, ...chain } = row;
    return { ...chain, receipt: JSON.parse(body) as unknown };
  });

  app.get<{ Querystring: Query }>('/v1/stats', guarded('analyst'), async (req) => {
    known(req.query, ['from', 'to', 'interval', 'by', 'min']);
    const { interval = 'day', by, min } = req.query;
    if (interval != 'day' && interval != 'week') throw new FilterError(`interval must be day or week, not "${interval}"`);
    if (by !== undefined && by != 'revision' && by != 'language') throw new FilterError(`by must be revision or language, not "${by}"`);
    const smallest = min === undefined ? minCell : Number(min);
    if (!Number.isInteger(smallest) || smallest < minCell) throw new FilterError(`min must be a whole number of at least ${minCell}, this collector's minimum`);
    const filter = parseFilter({ from: req.query.from, to: req.query.to });
    const { rows, ...stats } = await computeStats(matching(store, filter), { interval, ...(by ? { by } : {}), minCell: smallest });
    await log(req, { ...filter, interval, by, min: smallest }, rows);
    return stats;
  });

  // Who the token belongs to; the dashboard calls it when it opens, which logs the view.
  app.get<{ Querystring: Query }>('/v1/me', guarded('analyst'), async (req) => {
    known(req.query, ['view']);
    await log(req, req.query.view ? { view: req.query.view } : {}, 0);
    return { name: req.token!.name, role: req.token!.role, minCell };
  });

  app.get('/v1/verify', guarded('analyst'), async (req) => {
    const result = await verifyChain(store);
    await log(req, {}, result.checked);
    return result;
  });

  app.get<{ Querystring: Query }>('/v1/access-log', guarded('admin'), async (req) => {
    known(req.query, ['from', 'to', 'limit']);
    const limit = Number(req.query.limit ?? 1000);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new FilterError('limit must be a whole number from 1 to 100000');
    const range = { ...(req.query.from ? { from: isoTime(req.query.from, 'from') } : {}), ...(req.query.to ? { to: isoTime(req.query.to, 'to') } : {}) };
    const entries = await store.accessLog({ ...range, limit });
    await log(req, { ...range, limit }, entries.length);
    return { entries };
  });

  app.post('/v1/purge', guarded('admin'), async (req) => {
    const done = await purgeOld(store, retentionDays);
    await log(req, { retentionDays }, done?.count ?? 0);
    return { purged: done };
  });
}
