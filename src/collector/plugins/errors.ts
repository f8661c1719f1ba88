// Every refusal answers `{ error, code }` in JSON: the collector's own TemoinErrors as they are,
// Fastify's and its plugins' (body too large, bad JSON, rate limit) with a code of ours, and a
// database that cannot answer for now as 503 with Retry-After. Server errors are answered without
// their details; the request's log line says the code, and why where that names nobody.
import type { FastifyError, FastifyPluginCallback, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { TemoinError } from '../errors.js';
import { logWithRequest, redactedReason, redactedUrl } from '../request-log.js';
import type { ReceiptStore } from '../store/store.js';
import { unavailability, type Unavailability } from '../store/unavailable.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A refusal's reason goes in the request's log line (redacted: no id, nothing of the body).
     * Only on routes whose reasons never quote a visitor's id or part of it, as other routes'
     * (an erasure's, a proof's) do.
     */
    logReasons?: boolean;
  }
}

export interface ErrorsOptions {
  /** Which database the collector's store is: its driver's errors are read by its own codes. */
  store: ReceiptStore['kind'];
}

/** Seconds a browser waits before sending again to a database that could not answer: a restart, a lock. */
export const STORE_RETRY_AFTER = 5;

/** Fastify's errors (and its plugins'), in the collector's terms. */
function fromFastify(error: Error & { statusCode?: number; code?: string }): TemoinError {
  const status = error.statusCode ?? 500;
  if (status >= 500) return new TemoinError('TEMOIN_ERR_INTERNAL', 'internal error', status);
  if (status == 413) return new TemoinError('TEMOIN_ERR_BODY_TOO_LARGE', error.message);
  if (status == 415)
    return new TemoinError(
      'TEMOIN_ERR_UNSUPPORTED_MEDIA_TYPE',
      `${error.message}; send the body as JSON (Content-Type: application/json)`,
    );
  if (status == 429) return new TemoinError('TEMOIN_ERR_RATE_LIMITED', error.message);
  // The body parser's: invalid JSON (a SyntaxError), an empty body, a wrong Content-Length.
  const body = error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP_');
  return new TemoinError(body ? 'TEMOIN_ERR_INVALID_BODY' : 'TEMOIN_ERR_BAD_REQUEST', error.message, status);
}

/** The answer to a database that cannot answer now: the browser's outbox sends the receipt again. */
const storeUnavailable = () =>
  new TemoinError(
    'TEMOIN_ERR_STORE_UNAVAILABLE',
    `the collector's database is unavailable for now, and nothing is acknowledged: send again in ${STORE_RETRY_AFTER} s`,
  );

/** The log line's words for an outage: the store and its driver's code, not the driver's whole error. */
const outage = (down: Unavailability) => ({
  message: `the ${down.store} store is unavailable (${down.code}: ${down.message}): answered 503, Retry-After ${STORE_RETRY_AFTER} s`,
  fields: { code: 'TEMOIN_ERR_STORE_UNAVAILABLE', store: down.store, driverCode: down.code },
  outage: down,
});

/** What the request's log line says of an answer that is no outage. */
function refusal(req: FastifyRequest, answer: TemoinError) {
  const fields = { code: answer.code };
  if (answer.statusCode >= 500 || !req.routeOptions.config.logReasons) return { fields };
  return { message: `refused (${answer.code}): ${redactedReason(answer.message)}`, fields };
}

const errors: FastifyPluginCallback<ErrorsOptions> = (app, { store }, done) => {
  app.setErrorHandler((error: FastifyError | TemoinError, req, reply) => {
    const down = error instanceof TemoinError ? null : unavailability(store, error);
    const answer = error instanceof TemoinError ? error : down ? storeUnavailable() : fromFastify(error);
    logWithRequest(req, down ? outage(down) : refusal(req, answer));
    // A bug: its whole error, stack and all, for whoever fixes it.
    if (answer.statusCode >= 500 && !down) app.log.error(error);
    if (down) reply.header('retry-after', String(STORE_RETRY_AFTER));
    // An export may fail after its CSV or JSON-lines headers were set: the error is JSON.
    reply.removeHeader('content-disposition');
    return reply
      .code(answer.statusCode)
      .type('application/json; charset=utf-8')
      .send({ error: answer.message, code: answer.code });
  });

  // Fastify's own 404 logs the raw URL; this one logs and answers it redacted, like every request.
  app.setNotFoundHandler((req) => {
    const url = redactedUrl(req.url);
    req.log.info(`no route ${req.method} ${url}`);
    throw new TemoinError('TEMOIN_ERR_NO_ROUTE', `no route ${req.method} ${url}`);
  });
  done();
};

// fastify-plugin: the handlers are the whole app's.
export default fp(errors, { name: 'temoin-errors', fastify: '5.x' });
