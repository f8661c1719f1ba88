// Where a database is, the same however a command line spells it: it names the database's
// acknowledged record (acknowledged.ts), so that one database has one record and two have two.
import { resolve } from 'node:path';
import type { StoreLocation } from './open.js';

const POSTGRES = 'PostgreSQL database ';

/** What a URL pg cannot read either is named by (it opens nothing, so it has no record to find). */
const NOT_A_URL = `${POSTGRES}(the --database-url given, which is not a URL)`;

/**
 * What pg takes from the environment for what a URL leaves out (connection-parameters.js): the
 * same URL reaches another server under another PGHOST.
 */
export type PgEnvironment = Partial<Record<'PGHOST' | 'PGPORT' | 'PGDATABASE' | 'PGUSER', string>>;

/** The host a URL names, without an IPv6 address's brackets; none for pg's stand-in. */
const hostOf = (url: URL) =>
  url.hostname == NO_HOST ? '' : decodeURIComponent(url.hostname).replace(/^\[(.+)\]$/, '$1');

/** The server and database a PostgreSQL URL reaches, read as pg reads it (pg-connection-string, then the environment). */
function reached(url: URL, env: PgEnvironment): { host: string; port: string; database: string } {
  const query = (name: string) => url.searchParams.get(name) || undefined;
  const socket = url.protocol == 'socket:';
  const host = (socket ? decodeURI(url.pathname) : (query('host') ?? hostOf(url))) || env.PGHOST || 'localhost';
  const named = socket ? query('db') : decodeURI(url.pathname.slice(1)) || undefined;
  const user = query('user') ?? (decodeURIComponent(url.username) || env.PGUSER || '');
  return {
    // A socket's folder is a path, whose case counts; a host name's does not.
    host: host.startsWith('/') ? host : host.toLowerCase(),
    port: query('port') ?? (url.port || env.PGPORT || '5432'),
    // Without a name, pg (as libpq) opens PGDATABASE, else the database named as the user.
    database: named ?? (env.PGDATABASE || user),
  };
}

/** pg-connection-string's stand-in for the host a URL with a user leaves out (`postgres://u@/db`), which WHATWG refuses. */
const NO_HOST = '___DUMMY___';

/** A PostgreSQL URL as pg-connection-string reads it, or null when it cannot either. */
function parsed(databaseUrl: string): URL | null {
  for (const text of [databaseUrl, databaseUrl.replace('@/', `@${NO_HOST}/`)]) {
    try {
      return new URL(text);
    } catch {
      // pg tries the stand-in host next, then gives up.
    }
  }
  return null;
}

/** A PostgreSQL URL as its location: server, port and database; no user, password or other parameter. */
function postgresLocation(databaseUrl: string, env: PgEnvironment = process.env): string {
  const url = parsed(databaseUrl);
  if (!url) return NOT_A_URL;
  const { host, port, database } = reached(url, env);
  const shownHost = host.startsWith('/') ? encodeURIComponent(host) : host.includes(':') ? `[${host}]` : host;
  return `${POSTGRES}postgres://${shownHost}:${port}/${encodeURIComponent(database)}`;
}

/**
 * Where a database is, the same whoever reaches it and however: a SQLite file's full path, or a
 * PostgreSQL database as `postgres://host:port/database`, the host in lower case, the port 5432
 * when none is given, the database the user's name when none is given (as pg does); without user,
 * password or query. `postgres://u:p@DB.example/temoin` and `postgres://v@db.example:5432/temoin`
 * are one database. What the URL leaves out is read from PGHOST, PGPORT, PGDATABASE and PGUSER, as
 * pg reads it: `postgres:///temoin` under PGHOST=db.example is that database too. A trailing
 * slash after a database's name is part of it for pg, and here.
 */
export const location = (o: StoreLocation): string =>
  o.databaseUrl ? postgresLocation(o.databaseUrl) : resolve(o.db ?? 'temoin.db');

/**
 * A location as an acknowledged record names it, written by this release or an earlier one (the
 * URL as it was spelt), as `location` names it now.
 */
export function recordedLocation(recorded: string): string {
  return recorded.startsWith(POSTGRES) && recorded != NOT_A_URL
    ? postgresLocation(recorded.slice(POSTGRES.length))
    : recorded;
}

/**
 * The names an earlier release may have kept this database's record under, looked for when there
 * is none under `location`, so that a collector upgraded while its database was being restored
 * still notices: the URL as spelt, less user, password and query (releases before `location` read
 * it as pg does), and `location` without the environment (releases before it read PGHOST and the
 * others).
 */
export function formerLocations(o: StoreLocation): string[] {
  if (!o.databaseUrl) return [];
  return [formerLocation(o), postgresLocation(o.databaseUrl, {})];
}

/** Where a database was, as releases before `location` named it: the URL as spelt, less user, password and query. */
export function formerLocation(o: StoreLocation): string {
  if (!o.databaseUrl) return location(o);
  try {
    const url = new URL(o.databaseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return `${POSTGRES}${url.href}`;
  } catch {
    return NOT_A_URL;
  }
}
