// Whether PostgreSQL is reached through a pooler that gives a client's server connection to other
// clients between its transactions (PgBouncer's `pool_mode = transaction` or `statement`), which
// open.ts refuses. Témoin's erasures and migrations hold locks across transactions, and each
// connection's statement bound (and a verification's read-only mode) is a session setting: under
// such a pooler, a lock taken on one server connection could not be released from the next
// (purges and erasures would then wait for ever), and the settings would land on connections
// other clients use (a collector's writes refused as read-only).
import pg from 'pg';
import { postgresBounds } from './postgres-bounds.js';

const backend = async (client: pg.Client) =>
  (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

/**
 * Whether the server connection under one client changes between its transactions. One client
 * notes its server process; a second opens a transaction, which a transaction pooler serves with
 * the connection just freed, the first's; the first then asks again. PostgreSQL itself, or a session
 * pooler, never changes it: the answer may miss a pooler (one that hands the second client another
 * connection), never finds one where there is none.
 */
export async function serverConnectionChanges(databaseUrl: string): Promise<boolean> {
  const clients = [0, 1].map(
    () => new pg.Client({ connectionString: databaseUrl, ...postgresBounds(databaseUrl).pool }),
  );
  const [first, second] = clients as [pg.Client, pg.Client];
  // A connection the pooler ends (statement pooling ends the one that began a transaction) fails
  // its query; the client's 'error' event must not also end the process.
  for (const client of clients) client.on('error', () => {});
  try {
    for (const client of clients) await client.connect();
    const before = await backend(first);
    try {
      await second.query('BEGIN');
    } catch (e) {
      // PgBouncer's statement pooling refuses transactions outright.
      if (/statement pool(ing)? mode/.test((e as Error).message)) return true;
      throw e;
    }
    await backend(second);
    return (await backend(first)) != before;
  } finally {
    for (const client of clients) await client.end().catch(() => {});
  }
}
