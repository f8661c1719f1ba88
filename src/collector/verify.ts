// Walks the chain from the last purge checkpoint (or the start) and checks every link: sequence
// numbers without gaps, each prevHash the previous hash, each hash recomputed from the stored
// receipt (or an erased receipt's digest), each signature against the published keys, and the
// query columns against the receipt, and every tombstone against the erasure records. Names the first sequence number where something is wrong.
import { ackOf, brokenLink, chainStart } from './chain.js';
import { verifySignature, type PublicKey } from './keys.js';
import type { Receipt } from '../receipts/receipt.js';
import type { VerifyResult } from './api-types.js';
import type { Checkpoint, ReceiptStore, StoredRow } from './store/store.js';

export type { VerifyResult } from './api-types.js';

export async function verifyChain(store: ReceiptStore): Promise<VerifyResult> {
  const [checkpoint, keys, erasures] = await Promise.all([store.checkpoint(), store.keys(), store.erasures()]);
  // A tombstone must come from a recorded erasure: a row blanked by hand is tampering, not erasure.
  const erasedSeqs = new Set(erasures.flatMap((e) => e.seqs));
  for (let start = checkpoint; ;) {
    const result = await walk(store, start, { keys, erasedSeqs });
    if (result.ok) return result;
    // A purge runs a step at a time beside reads: receipts missing because a step removed them
    // after this walk began are covered by a newer checkpoint, from which the walk starts again.
    const latest = await store.checkpoint();
    if (!latest || latest.toSeq < result.brokenSeq || latest.toSeq <= (start?.toSeq ?? 0)) return result;
    start = latest;
  }
}

/** Checks every link after `start`; the first broken one. */
async function walk(
  store: ReceiptStore,
  start: Checkpoint | null,
  { keys, erasedSeqs }: { keys: PublicKey[]; erasedSeqs: Set<number> },
): Promise<VerifyResult> {
  let previous = chainStart(start);
  let checked = 0;
  let erased = 0;
  let firstSeq: number | null = null;
  const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, brokenSeq: seq, reason });

  /** Checks the rows after `previous`, up to `lastSeq`; the first broken link. */
  const walkRows = async (lastSeq = Infinity): Promise<VerifyResult | undefined> => {
    for await (const row of store.rows(previous.seq)) {
      if (row.seq > lastSeq) return;
      const link = brokenLink(previous, row);
      if (link) return broken(link.seq, link.reason);
      const problem = columnsDiffer(row);
      if (problem) return broken(row.seq, problem);
      if (row.erasedAt && !erasedSeqs.has(row.seq))
        return broken(row.seq, 'it is marked erased, but no recorded erasure names it');
      if (!verifySignature(ackOf(row), keys))
        return broken(row.seq, 'its signature does not verify with the published keys');
      firstSeq ??= row.seq;
      previous = { seq: row.seq, hash: row.hash };
      checked++;
      if (row.erasedAt) erased++;
    }
  };
  const walked = await walkRows();
  if (walked) return walked;
  // The head is read once the rows are walked: a receipt and the head commit together, so it
  // counts every receipt the walk saw (a live collector appends meanwhile). Those appended since
  // the walk's last page are walked up to it.
  const head = await store.head();
  const late = head && head.seq > previous.seq ? await walkRows(head.seq) : undefined;
  if (late) return late;
  // Rows removed from the end leave no gap; the head still remembers the last link handed out.
  const expectedSeq = previous.seq + 1;
  if (head && head.seq >= expectedSeq) return broken(expectedSeq, `receipts ${expectedSeq} to ${head.seq} are missing`);
  if (head && checked && head.hash != previous.hash)
    return broken(head.seq, 'the chain head does not match the last receipt');
  return { ok: true, checked, erased, firstSeq, lastSeq: checked ? previous.seq : null };
}

/** The columns kept for queries must say what the hashed receipt says. */
export function columnsDiffer(row: StoredRow): string | undefined {
  if (row.erasedAt) return undefined;
  let receipt: Receipt;
  try {
    receipt = JSON.parse(row.body) as Receipt;
  } catch {
    return 'its stored receipt is not JSON';
  }
  const expected = {
    receiptId: receipt.receiptId,
    principal: receipt.principal,
    event: receipt.event,
    decidedAt: receipt.timestamp,
    revision: receipt.revision,
  };
  const changed = Object.entries(expected).find(([k, v]) => row[k as keyof StoredRow] !== v);
  return changed && `its ${changed[0]} column differs from the receipt`;
}
