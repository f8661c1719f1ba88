// Receipts older than the retention period are removed, a prefix of the chain at a time, and
// each purge leaves a checkpoint so what remains still verifies.
import type { Checkpoint, ReceiptStore } from './store/store.js';

const DAY = 864e5;

export function purgeOld(
  store: ReceiptStore,
  retentionDays: number,
  now = new Date(),
  signal?: AbortSignal,
): Promise<Checkpoint | null> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY).toISOString();
  return store.purge(cutoff, now.toISOString(), signal);
}
