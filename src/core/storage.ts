// The durable copy of the decision: IndexedDB, through idb-keyval with our own store. It keeps the
// record, this device's history and, under `receipts`, the outbox (src/receipts/outbox.ts). The
// cookie (cookie.ts) mirrors the record; this copy restores it when the cookie is gone.
import { promisifyRequest, type UseStore } from 'idb-keyval';
import type { StoredReceipt } from '../receipts/receipt.js';
import { parseRecord, type ConsentRecord } from './consent.js';

const HISTORY_LIMIT = 100;

let database: Promise<IDBDatabase> | undefined;

/**
 * idb-keyval's store, opened on first use and again after a close, that also steps aside when
 * another context wants to upgrade or delete the database (clearing site data, another tab):
 * an open connection would otherwise block it.
 */
export const consentStore: UseStore = (mode, callback) => {
  if (!database) {
    const request = indexedDB.open('temoin');
    request.onupgradeneeded = () => request.result.createObjectStore('consent');
    database = promisifyRequest(request);
    database.then(
      (db) => {
        db.onversionchange = () => {
          db.close();
          database = undefined;
        };
        db.onclose = () => (database = undefined);
      },
      () => (database = undefined),
    );
  }
  return database.then((db) => callback(db.transaction('consent', mode).objectStore('consent')));
};

/**
 * One value of a store. Not idb-keyval's `get`: its default parameter, the default store,
 * would ship in the check path unused.
 */
export const readValue = <T>(key: string, store = consentStore) =>
  store('readonly', (s) => promisifyRequest<T | undefined>(s.get(key)));

/** The durable record, or null when there is none or IndexedDB is unavailable. */
export async function readStored(): Promise<ConsentRecord | null> {
  try {
    return parseRecord(await readValue('record'));
  } catch {
    return null;
  }
}

/**
 * Saves the record, appends it to this device's history and puts its receipt in the outbox, all
 * in one transaction: a record is never stored without its receipt. A blocked IndexedDB is not
 * an error. A receipt that waits leaves the answered ones as they were, so the outbox's trim
 * (when it records an answer) is not needed here.
 */
export async function writeStored(record: ConsentRecord | null, receipt?: StoredReceipt): Promise<void> {
  try {
    await consentStore('readwrite', async (store) => {
      const [history = [], receipts = []] = await Promise.all([
        promisifyRequest<ConsentRecord[] | undefined>(store.get('history')),
        promisifyRequest<StoredReceipt[] | undefined>(store.get('receipts')),
      ]);
      if (record) {
        store.put(record, 'record');
        store.put([...history, record].slice(-HISTORY_LIMIT), 'history');
      } else {
        store.delete('record');
      }
      if (receipt) store.put([...receipts, receipt], 'receipts');
      return promisifyRequest(store.transaction);
    });
  } catch {
    // Private modes and blocked storage: the cookie carries the decision alone.
  }
}

/** Every decision made on this device, oldest first. */
export async function readHistory(): Promise<ConsentRecord[]> {
  try {
    return ((await readValue<unknown[]>('history')) ?? []).map(parseRecord).filter((r) => r != null);
  } catch {
    return [];
  }
}
