// What the process log keeps of a request. Logs are stored and read by more people than the
// database: no IP address, no token, no visitor id. Query values are kept only for parameters
// that cannot name anyone; every other value is replaced.
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OutageLog } from './outage-log.js';
import type { Unavailability } from './store/unavailable.js';

const HARMLESS = new Set([
  'from',
  'to',
  'category',
  'decision',
  'event',
  'revision',
  'format',
  'newest',
  'interval',
  'by',
  'min',
  'limit',
  'at',
  'view',
]);
// A receipt's id in the path is as good as the visitor's: one read finds the other.
const RECEIPT_PATH = /^(\/v1\/receipts\/)[^/?]+/;

/** The request's path and query with anything that could identify a person or unlock data redacted. */
export function redactedUrl(url: string): string {
  const [path = '', query] = url.split(/\?(.*)/s, 2);
  const safePath = path.replace(RECEIPT_PATH, '$1…');
  if (query === undefined) return safePath;
  const params = new URLSearchParams(query);
  const kept = [...params].map(
    ([name, value]) => `${encodeURIComponent(name)}=${HARMLESS.has(name) ? encodeURIComponent(value) : '…'}`,
  );
  return `${safePath}?${kept.join('&')}`;
}

// A receipt's or visitor's id, in any case: a receipt id in a refusal is as good as the visitor's.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A refusal's message as the log may keep it: without any id. */
export const redactedReason = (message: string) => message.replace(UUID, '…');

/** What the request's log line says of an error answered: its code, and why when that is safe to keep. */
export interface LoggedError {
  /** Written as the line's message, instead of "request completed". */
  message?: string;
  /** Fields added to the line: the error's code, the store and its driver's code. */
  fields: Record<string, string>;
  /** The database could not answer: the line is written only if it is its cause's first (outage-log.ts). */
  outage?: Unavailability;
}

const loggedErrors = new WeakMap<FastifyRequest, LoggedError>();

/** Adds what `logged` says to the line written once the request is answered. */
export const logWithRequest = (request: FastifyRequest, logged: LoggedError) => loggedErrors.set(request, logged);

export const requestSerializer = (req: FastifyRequest) => ({
  method: req.method,
  url: redactedUrl(req.url),
  origin: req.headers.origin,
});

/** How long the rate limit's refusals after the first are counted instead of logged one by one. */
const REFUSALS_WINDOW_MS = 10_000;

/**
 * One log line a request, written once it is answered: what was asked (redacted by
 * `requestSerializer`), the status and how long it took, and for an error its code (with its
 * reason where `logWithRequest` gives it). Fastify's own two lines, one on arrival, doubled
 * logging's share of a receipt's time. An answer the network cut is logged as Fastify logs it.
 *
 * A flood is not written out line by line: the rate limit's first refusal in a window of 10 s is
 * logged, the others counted, and the count written as one line when the window ends (or the
 * collector stops). One client flooding wrote 2 to 2.5 MB of log a second, a line a refusal
 * (bench/flood.mjs). Nor is an outage: `outages` keeps the first 503 of each cause and counts the
 * others.
 */
export class OneLineRequestLog extends LogController {
  private refusals = { unlogged: 0, timer: undefined as NodeJS.Timeout | undefined };

  constructor(private readonly outages: OutageLog) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode == 429 && this.counted(request.server.log)) return;
    if (error) return super.requestCompleted(error, request, reply);
    const logged = loggedErrors.get(request);
    if (logged?.outage && !this.outages.logs(logged.outage)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime, ...logged?.fields };
    // A server error (the database unavailable) is for whoever runs the collector to see.
    if (reply.statusCode >= 500) reply.log.error(line, logged?.message ?? 'request failed');
    else reply.log.info(line, logged?.message ?? 'request completed');
  }

  /** True when a refusal falls in a window already open (its timer pending): counted, not logged. */
  private counted(log: FastifyBaseLogger): boolean {
    if (this.refusals.timer) {
      this.refusals.unlogged++;
      return true;
    }
    this.refusals.timer = setTimeout(() => this.flush(log), REFUSALS_WINDOW_MS).unref();
    return false;
  }

  /** Writes how many refusals were counted and not logged since the window opened. */
  flush(log: FastifyBaseLogger): void {
    clearTimeout(this.refusals.timer);
    const { unlogged } = this.refusals;
    this.refusals = { unlogged: 0, timer: undefined };
    if (unlogged)
      log.warn(
        `${unlogged} request${unlogged == 1 ? '' : 's'} refused by the rate limit (429) within ${REFUSALS_WINDOW_MS / 1000} s after the first, not logged one by one`,
      );
  }
}
