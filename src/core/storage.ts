// Where the decision lives: IndexedDB (through idb-keyval, our own store) is the durable copy and
// keeps the history; one first-party cookie mirrors the current record so the next page load can
// decide synchronously and servers can read it. The cookie alone works when IndexedDB is blocked.
import { promisifyRequest, type UseStore } from 'idb-keyval';
import type { StoredReceipt } from '../receipts/receipt.js';
import type { ValidConfig } from './config.js';
import { makeRecord, parseRecord, rejectAllChoices, uuid, type ConsentRecord } from './consent.js';

export const COOKIE_NAME = 'temoin';
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

/** The record in the `temoin` cookie: URL-encoded JSON of the ConsentRecord. */
export function readCookie(): ConsentRecord | null {
  const raw = document.cookie.split('; ').find((c) => c.startsWith(COOKIE_NAME + '='));
  try {
    return raw ? parseRecord(JSON.parse(decodeURIComponent(raw.slice(COOKIE_NAME.length + 1)))) : null;
  } catch {
    return null;
  }
}

const cookieValue = (record: ConsentRecord) => encodeURIComponent(JSON.stringify(record));

export function writeCookie(record: ConsentRecord | null, domain?: string): void {
  const age = record ? Math.round((record.expiresAt - Date.now()) / 1000) : 0;
  document.cookie = `${COOKIE_NAME}=${record ? cookieValue(record) : ''}; Path=/; Max-Age=${age}; SameSite=Lax`
    + (domain ? '; Domain=' + domain : '') + (location.protocol == 'https:' ? '; Secure' : '');
}

/**
 * The bytes of the largest `temoin` cookie a config can make (name and value, which browsers
 * limit): optional categories refused (`false` is longer than `true`), the longest method,
 * 16-digit times (real ones have 13 until 2286), the largest count of receipts waiting.
 */
export const largestCookie = (config: ValidConfig): number => COOKIE_NAME.length + 1 + cookieValue({
  ...makeRecord(config, null, rejectAllChoices(config), { gpc: false, language: 'fr', method: 'preferences' }, 9e15),
  receiptId: uuid(),
  ...config.collector ? { unsent: Number.MAX_SAFE_INTEGER } : {},
}).length;

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
