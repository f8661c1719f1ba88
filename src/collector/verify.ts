// Walks the chain from the last purge checkpoint (or the start) and checks every link: sequence
// numbers without gaps, each prevHash the previous hash, each hash recomputed from the stored
// receipt, each signature against the published keys, and the query columns against the
// receipt. Names the first sequence number where something is wrong.
import { chainHash, GENESIS } from './chain.js';
import { verifySignature } from './keys.js';
import type { Receipt } from '../receipts/receipt.js';
import type { VerifyResult } from './api-types.js';
import type { ReceiptStore, StoredRow } from './store/store.js';

export type { VerifyResult } from './api-types.js';


export async function verifyChain(store: ReceiptStore): Promise<VerifyResult> {
  const [checkpoint, keys, head] = await Promise.all([store.checkpoint(), store.keys(), store.head()]);
  let expectedSeq = (checkpoint?.toSeq ?? 0) + 1;
  let prevHash = checkpoint?.lastHash ?? GENESIS;
  let checked = 0;
  let firstSeq: number | null = null;
  const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, brokenSeq: seq, reason });

  for await (const row of store.rows(checkpoint?.toSeq ?? 0)) {
    if (row.seq != expectedSeq) {
      return broken(expectedSeq, row.seq > expectedSeq
        ? `receipt ${expectedSeq} is missing (the next one stored is ${row.seq})`
        : `receipt ${row.seq} is out of order`);
    }
    if (row.prevHash != prevHash) return broken(row.seq, 'its previous hash does not match the receipt before it');
    if (chainHash(row.prevHash, row.body) != row.hash) return broken(row.seq, 'its content no longer matches its hash');
    const problem = columnsDiffer(row);
    if (problem) return broken(row.seq, problem);
    if (!verifySignature(row, keys)) return broken(row.seq, 'its signature does not verify with the published keys');
    firstSeq ??= row.seq;
    prevHash = row.hash;
    expectedSeq++;
    checked++;
  }
  // Rows removed from the end leave no gap; the head still remembers the last link handed out.
  if (head && head.seq >= expectedSeq) return broken(expectedSeq, `receipts ${expectedSeq} to ${head.seq} are missing`);
  if (head && checked && head.hash != prevHash) return broken(head.seq, 'the chain head does not match the last receipt');
  return { ok: true, checked, firstSeq, lastSeq: checked ? expectedSeq - 1 : null };
}

/** The columns kept for queries must say what the hashed receipt says. */
function columnsDiffer(row: StoredRow): string | undefined {
  let receipt: Receipt;
  try {
    receipt = JSON.parse(row.body) as Receipt;
  } catch {
    return 'its stored receipt is not JSON';
  }
  const expected = { receiptId: receipt.receiptId, principal: receipt.principal, event: receipt.event, decidedAt: receipt.timestamp, revision: receipt.revision };
  const changed = Object.entries(expected).find(([k, v]) => row[k as keyof StoredRow] !== v);
  return changed && `its ${changed[0]} column differs from the receipt`;
}
