// The outbox: this device's receipts, kept in IndexedDB under `receipts`, beside the record, until
// the collector acknowledges them (delivery.ts sends them), and the last ones it answered. The
// write path puts a decision's receipt in it in the decision's own transaction (core/storage.ts)
// and reads it for the history. The store is a parameter with a default, as in idb-keyval.
import { promisifyRequest } from 'idb-keyval';
import { consentStore, readValue } from '../core/storage.js';
import type { StoredReceipt } from './receipt.js';

/** Acknowledged (or rejected) receipts kept on the device; those still waiting are all kept. */
const RECEIPTS_LIMIT = 100;

/** Every receipt still waiting for the collector, and the last ones it answered for good. */
export const trimReceipts = (list: StoredReceipt[]) => {
  let answered = list.filter((e) => e.ack || e.rejected).length;
  return list.filter((e) => !(e.ack || e.rejected) || answered-- <= RECEIPTS_LIMIT);
};

/** This device's receipts, oldest first. */
export async function readReceipts(store = consentStore): Promise<StoredReceipt[]> {
  try {
    return (await readValue<StoredReceipt[]>('receipts', store)) ?? [];
  } catch {
    return [];
  }
}

/** Changes the stored receipts in one transaction. */
export async function updateReceipts(
  change: (list: StoredReceipt[]) => StoredReceipt[],
  store = consentStore,
): Promise<void> {
  try {
    await store('readwrite', async (s) => {
      s.put(
        trimReceipts(change((await promisifyRequest<StoredReceipt[] | undefined>(s.get('receipts'))) ?? [])),
        'receipts',
      );
      return promisifyRequest(s.transaction);
    });
  } catch {
    // Blocked storage: nothing was kept to update.
  }
}
