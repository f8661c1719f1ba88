// Who may call the analysts' API: a token with a role, from `Authorization: Bearer`. Every read
// writes an access-log entry with its row count (app.logAccess), and so does every refusal, with
// the token's id when it names one, so a revoked or leaked token's reuse can be attributed.
import type {
  FastifyBaseLogger,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  RouteShorthandOptions,
} from 'fastify';
import fp from 'fastify-plugin';
import { allows, bearerToken, identify, logAccess } from '../access.js';
import { TemoinError } from '../errors.js';
import type { AccessEntry, ReceiptStore, Role, Token } from '../store/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's token, once a guarded route let it through. */
    token: Token | null;
  }
  interface FastifyInstance {
    /** Route options that answer only to a token allowed `role`, and slow down a client trying token after token. */
    guarded(role: Role): RouteShorthandOptions;
    /** Writes the access-log entry of an answered read; the entry as kept. */
    logAccess(req: FastifyRequest, filters: Record<string, unknown>, rows: number): Promise<AccessEntry>;
  }
}

/** Refused requests naming no known token written to the access log per minute, at most. */
const UNATTRIBUTED_PER_MINUTE = 100;

const action = (req: FastifyRequest) => `${req.method} ${req.routeOptions.url ?? req.url}`;

/**
 * Whether a refusal goes to the access log: refusals that name no token are written up to a cap a
 * minute, so a flood from many addresses cannot fill the disk; the rest are counted in the process log.
 */
function refusalLogPolicy(log: FastifyBaseLogger) {
  const unattributed = { minute: 0, written: 0, skipped: 0 };
  return (token: Token | null) => {
    const minute = Math.floor(Date.now() / 60_000);
    if (minute != unattributed.minute) {
      if (unattributed.skipped)
        log.warn(
          `${unattributed.skipped} refused requests without a valid token were not written to the access log (over ${UNATTRIBUTED_PER_MINUTE} a minute)`,
        );
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
}

const auth: FastifyPluginCallback<{ store: ReceiptStore }> = (app, { store }, done) => {
  app.decorateRequest('token', null);
  const shouldLog = refusalLogPolicy(app.log);

  const refuse = async (
    req: FastifyRequest,
    reply: FastifyReply,
    why: string,
    token: Token | null,
    error: TemoinError,
  ): Promise<never> => {
    if (shouldLog(token)) {
      await logAccess(store, {
        at: new Date().toISOString(),
        action: action(req),
        actor: token?.name ?? '(no valid token)',
        tokenId: token?.id ?? null,
        filters: {},
        rows: 0,
        refused: why,
      });
    }
    if (error.statusCode == 401) void reply.header('www-authenticate', 'Bearer');
    throw error;
  };

  const requireRole = (role: Role) => async (req: FastifyRequest, reply: FastifyReply) => {
    const bearer = bearerToken(req.headers.authorization);
    const token = await identify(store, bearer);
    if (!token) {
      return bearer
        ? refuse(
            req,
            reply,
            'unknown token',
            null,
            new TemoinError('TEMOIN_ERR_TOKEN_REFUSED', 'this token is unknown or revoked'),
          )
        : refuse(
            req,
            reply,
            'no token',
            null,
            new TemoinError('TEMOIN_ERR_TOKEN_MISSING', 'a token is required: Authorization: Bearer <token>'),
          );
    }
    if (token.revokedAt)
      return refuse(
        req,
        reply,
        'revoked token',
        token,
        new TemoinError('TEMOIN_ERR_TOKEN_REFUSED', 'this token is unknown or revoked'),
      );
    if (!allows(token.role, role)) {
      return refuse(
        req,
        reply,
        `needs the ${role} role`,
        token,
        new TemoinError('TEMOIN_ERR_ROLE', `this needs the ${role} role; the token "${token.name}" is ${token.role}`),
      );
    }
    req.token = token;
  };

  // preValidation: the token is checked before the query string, so a caller without one learns
  // nothing about the parameters, and the refusal is logged. The rate limit runs before both.
  app.decorate('guarded', (role: Role): RouteShorthandOptions => ({
    preValidation: requireRole(role),
    config: { rateLimit: { max: 600, timeWindow: 60_000 } },
  }));
  app.decorate('logAccess', (req: FastifyRequest, filters: Record<string, unknown>, rows: number) =>
    logAccess(store, {
      at: new Date().toISOString(),
      action: action(req),
      actor: req.token!.name,
      tokenId: req.token!.id,
      filters,
      rows,
    }),
  );
  done();
};

// fastify-plugin: the decorators belong to the plugin that registers this one (the analysts' API).
export default fp(auth, { name: 'temoin-auth', fastify: '5.x' });
