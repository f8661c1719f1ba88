// How long the collector waits on PostgreSQL before it gives up and answers 503. A server that is
// down but not refusing (its host off, packets dropped, a failover under way, a partition)
// answers nothing at all, and TCP alone waits for minutes: 2 minutes for a connection, about 15
// for a query whose bytes go unanswered. Each bound can be set in --database-url, by the names
// libpq and pg give them.
import type pg from 'pg';

/**
 * Seconds a new connection may take, TCP, TLS and password included, before the request answers
 * 503 (and the collector, at start, exits 75). A PostgreSQL that is up answers in milliseconds,
 * even across a region; 5 s is also the Retry-After browsers are told, so a browser is never
 * told to come back sooner than the collector takes to find the server still down. libpq's
 * `connect_timeout` in the URL changes it (0: wait as long as TCP does), else its environment
 * variable PGCONNECT_TIMEOUT, as libpq reads them. The same bound is the longest a request waits
 * for one of the pool's 10 connections to be free.
 */
export const CONNECT_TIMEOUT_S = 5;

/**
 * Milliseconds a statement may wait for its answer, unless `query_timeout` (pg's name) in the URL
 * says otherwise (0: no bound). A connection that went silent mid-request (its server's host gone)
 * otherwise holds the request until TCP gives up. No statement of the collector needs anything
 * near: an export reads pages of 1,000 receipts (3.6 ms each on PostgreSQL, 895 ms on a table
 * never analyzed), a year's statistics take 1.2 s, a batch's append 0.4 s at the 99th percentile
 * under load (bench/README.md). Migrations and the rewrite of the tables after an erasure, which
 * may take minutes on a big database, have no bound, nor what waits for that rewrite's copy (a
 * purge step, another erasure): keep-alive finds a silent server under them.
 */
export const QUERY_TIMEOUT_MS = 15_000;

/**
 * Seconds a connection stays quiet before the system probes the server. Node (libuv 1.46) then
 * probes every second, 10 times: a server whose host is gone is found in about 20 s, under an
 * idle connection or a long statement alike, while a long statement on a live server is never cut
 * (its host answers the probes).
 */
const KEEPALIVE_S = 10;

/** A statement bound that is none: pg reads 0 as "the connection's bound", and setTimeout takes no more than this. */
export const UNBOUNDED = 2 ** 31 - 1;

export interface PostgresBounds {
  /** The pool's options: connection wait and keep-alive. */
  pool: Pick<pg.PoolConfig, 'connectionTimeoutMillis' | 'keepAlive' | 'keepAliveInitialDelayMillis'>;
  /** Milliseconds each statement may wait for its answer (UNBOUNDED for none). */
  queryTimeoutMs: number;
}

/**
 * What the bounds take from the environment: libpq's PGCONNECT_TIMEOUT, which pg hands only to its
 * native driver (pg-native), never to the connection it makes itself.
 */
export type BoundsEnvironment = Partial<Record<'PGCONNECT_TIMEOUT', string>>;

/** A whole, non-negative number, or a message naming where it was given and the fix. */
function wholeNumber(given: string, name: string, where: string, unit: string, example: number): number {
  if (!/^\d{1,9}$/.test(given.trim()))
    throw new Error(
      `${name}=${given} ${where} is not a whole number of ${unit}: give one, e.g. ${name}=${example} (0 for no bound)`,
    );
  return Number(given);
}

/** A URL parameter's whole number, undefined when the URL does not give it. */
function fromUrl(url: URL | null, name: string, unit: string, example: number): number | undefined {
  const given = url?.searchParams.get(name);
  return given == null ? undefined : wholeNumber(given, name, 'in --database-url', unit, example);
}

/** PGCONNECT_TIMEOUT's seconds, undefined when it is not set (or set empty, as pg reads its variables). */
function fromEnvironment(env: BoundsEnvironment): number | undefined {
  const given = env.PGCONNECT_TIMEOUT;
  return given ? wholeNumber(given, 'PGCONNECT_TIMEOUT', 'in the environment', 'seconds', 10) : undefined;
}

/**
 * The bounds a connection string asks for; for the connection's, what the URL leaves out is read
 * from PGCONNECT_TIMEOUT, as libpq does; the collector's defaults for the rest.
 */
export function postgresBounds(connectionString: string, env: BoundsEnvironment = process.env): PostgresBounds {
  let url: URL | null = null;
  try {
    url = new URL(connectionString);
  } catch {
    // pg reads more than WHATWG URLs (a socket's path); such a string sets no bound of its own.
  }
  const connectS = fromUrl(url, 'connect_timeout', 'seconds', 10) ?? fromEnvironment(env) ?? CONNECT_TIMEOUT_S;
  const queryMs = fromUrl(url, 'query_timeout', 'milliseconds', 30_000) ?? QUERY_TIMEOUT_MS;
  return {
    pool: {
      // libpq reads 1 s as 2: less cannot finish a TLS handshake across a network.
      connectionTimeoutMillis: connectS == 0 ? 0 : Math.max(connectS, 2) * 1000,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_S * 1000,
    },
    queryTimeoutMs: queryMs == 0 ? UNBOUNDED : queryMs,
  };
}
