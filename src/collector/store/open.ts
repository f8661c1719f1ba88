import type { ReceiptStore } from './store.js';

/** The store a command line asks for: PostgreSQL when a URL is given, else the SQLite file. */
export async function openStore(options: { db?: string; databaseUrl?: string }): Promise<ReceiptStore> {
  const store = options.databaseUrl
    ? (await import('./postgres.js')).openPostgres(options.databaseUrl)
    : (await import('./sqlite.js')).openSqlite(options.db ?? 'temoin.db');
  await store.migrate();
  return store;
}

/** Opens the store for one piece of work, and closes it after, whatever happens. */
export async function withStore<T>(
  options: { db?: string; databaseUrl?: string },
  work: (store: ReceiptStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
