// What the process log keeps of a request. Logs are stored and read by more people than the
// database: no IP address, no token, no visitor id. Query values are kept only for parameters
// that cannot name anyone; every other value is replaced.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

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

export const requestSerializer = (req: FastifyRequest) => ({
  method: req.method,
  url: redactedUrl(req.url),
  origin: req.headers.origin,
});

/**
 * One log line a request, written once it is answered: what was asked (redacted by
 * `requestSerializer`), the status and how long it took. Fastify's own two lines, one on arrival,
 * doubled logging's share of a receipt's time. Errors are logged as Fastify logs them.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
