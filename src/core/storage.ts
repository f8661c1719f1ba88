// Where the decision lives: IndexedDB (through idb-keyval, our own store) is the durable copy and
// keeps the history; the cookie (cookie.ts) mirrors the current record.
import { promisifyRequest, type UseStore } from 'idb-keyval';
import type { StoredReceipt } from '../receipts/receipt.js';
import { parseRecord, type ConsentRecord } from './consent.js';

const HISTORY_LIMIT = 100;
/** Acknowledged (or rejected) receipts kept on the device; those still waiting are all kept. */
const RECEIPTS_LIMIT = 100;

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
    database.then((db) => {
      db.onversionchange = () => {
        db.close();
        database = undefined;
      };
      db.onclose = () => (database = undefined);
    }, () => (database = undefined));
  }
  return database.then((db) => callback(db.transaction('consent', mode).objectStore('consent')));
};

/**
 * One value of our store. Not idb-keyval's `get`: its default parameter, the default store,
 * would ship in the write path unused.
 */
const read = <T>(key: string) => consentStore('readonly', (store) => promisifyRequest<T | undefined>(store.get(key)));

/** The durable record, or null when there is none or IndexedDB is unavailable. */
export async function readStored(): Promise<ConsentRecord | null> {
  try {
    return parseRecord(await read('record'));
  } catch {
    return null;
  }
}

/**
 * Saves the record, appends it to this device's history and keeps its receipt, all in one
 * transaction: a record is never stored without its receipt. A blocked IndexedDB is not an error.
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
      if (receipt) store.put(trimReceipts([...receipts, receipt]), 'receipts');
      return promisifyRequest(store.transaction);
    });
  } catch {
    // Private modes and blocked storage: the cookie carries the decision alone.
  }
}

/** Every receipt still waiting for the collector, and the last ones it answered for good. */
export const trimReceipts = (list: StoredReceipt[]) => {
  let answered = list.filter((e) => e.ack || e.rejected).length;
  return list.filter((e) => !(e.ack || e.rejected) || answered-- <= RECEIPTS_LIMIT);
};

/** This device's receipts, oldest first. */
export async function readReceipts(): Promise<StoredReceipt[]> {
  try {
    return (await read<StoredReceipt[]>('receipts')) ?? [];
  } catch {
    return [];
  }
}

/** Changes the stored receipts in one transaction. */
export async function updateReceipts(change: (list: StoredReceipt[]) => StoredReceipt[]): Promise<void> {
  try {
    await consentStore('readwrite', async (store) => {
      store.put(trimReceipts(change(await promisifyRequest<StoredReceipt[] | undefined>(store.get('receipts')) ?? [])), 'receipts');
      return promisifyRequest(store.transaction);
    });
  } catch {
    // Blocked storage: nothing was kept to update.
  }
}

/** Every decision made on this device, oldest first. */
export async function readHistory(): Promise<ConsentRecord[]> {
  try {
    return ((await read<unknown[]>('history')) ?? []).map(parseRecord).filter((r) => r != null);
  } catch {
    return [];
  }
}

/**
 * Tells other tabs of this site about a decision, and listens for theirs. Every browser Témoin
 * supports (constructable stylesheets: Safari 16.4, Firefox 101, Chrome 73) has BroadcastChannel.
 */
export function openChannel(receive: (record: ConsentRecord | null) => void): (record: ConsentRecord | null) => void {
  const channel = new BroadcastChannel('temoin');
  channel.onmessage = (e: MessageEvent) => receive(parseRecord(e.data));
  return (record) => channel.postMessage(record);
}
