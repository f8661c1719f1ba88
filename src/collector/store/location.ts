// Where a database is, the same however a command line spells it: it names the database's
// acknowledged record (acknowledged.ts), so that one database has one record and two have two.
import { resolve } from 'node:path';
import type { StoreLocation } from './open.js';

const POSTGRES = 'PostgreSQL database ';

/** What a URL pg cannot read either is named by (it opens nothing, so it has no record to find). */
const NOT_A_URL = `${POSTGRES}(the --database-url given, which is not a URL)`;

/** The server and database a PostgreSQL URL reaches, read as pg reads it (pg-connection-string). */
function reached(url: URL): { host: string; port: string; database: string } {
  const query = (name: string) => url.searchParams.get(name) || undefined;
  const socket = url.protocol == 'socket:';
  const host = socket
    ? decodeURI(url.pathname)
    : (query('host') ?? decodeURIComponent(url.hostname).replace(/^\[(.+)\]$/, '$1'));
  const named = socket ? query('db') : decodeURI(url.pathname.slice(1)) || undefined;
  return {
    // A socket's folder is a path, whose case counts; a host name's does not.
    host: host.startsWith('/') ? host : host.toLowerCase() || 'localhost',
    port: query('port') ?? (url.port || '5432'),
    // Without a name, pg (as libpq) opens the database named as the user.
    database: named ?? query('user') ?? decodeURIComponent(url.username),
  };
}

/** A PostgreSQL URL as its location: server, port and database; no user, password or other parameter. */
function postgresLocation(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return NOT_A_URL;
  }
  const { host, port, database } = reached(url);
  const shownHost = host.startsWith('/') ? encodeURIComponent(host) : host.includes(':') ? `[${host}]` : host;
  return `${POSTGRES}postgres://${shownHost}:${port}/${encodeURIComponent(database)}`;
}

/**
 * Where a database is, the same whoever reaches it and however: a SQLite file's full path, or a
 * PostgreSQL database as `postgres://host:port/database`, the host in lower case, the port 5432
 * when none is given, the database the user's name when none is given (as pg does); without user,
 * password or query. `postgres://u:p@DB.example/temoin` and `postgres://v@db.example:5432/temoin`
 * are one database. A trailing slash after a database's name is part of it for pg, and here.
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
 * Where a database was, as releases before `location` read the URL as pg does named it: the URL
 * as spelt, less user, password and query. Its record is looked for when there is none under
 * `location`, so that a collector upgraded while its database was being restored still notices.
 */
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
