// The chain that makes the collector's store tamper-evident: every receipt gets the next
// sequence number, digest = SHA-256(canonical JSON of the receipt) and hash = SHA-256(previous
// hash + digest), so a row changed, deleted or moved breaks every link after it. Chaining over
// the digest, not the text, lets a visitor's receipt be erased: its tombstone keeps the digest,
// and the chain still verifies through it. Rows stored before 2026-12 (link 1) were hashed over
// the text itself; erased, they verify by their signature. The rules live here, whatever the
// database: the stores append by them, `verify` checks by them.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../receipts/canonical.js';
import type { Acknowledgement, Receipt } from '../receipts/receipt.js';
import type { SigningKey } from './keys.js';
import type { AppendResult, Checkpoint, StoredRow } from './store/store.js';

/** The `prevHash` of the very first receipt. */
export const GENESIS = '0'.repeat(64);

export function chainHash(prevHash: string, body: string): string {
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** SHA-256 (hex) of a receipt's canonical JSON. */
export const bodyDigest = (body: string): string => createHash('sha256').update(body).digest('hex');

/** How a row's hash was made: 1 over the receipt's text (before 2026-12), 2 over its digest. */
export const LINK_TEXT = 1;
export const LINK_DIGEST = 2;

/**
 * The acknowledgement a stored row was signed as, with its (unsigned) `prevHash`: with it
 * anyone can recompute the signed hash from the receipt.
 */
export const ackOf = (row: StoredRow): Acknowledgement => ({
  receiptId: row.receiptId,
  seq: row.seq,
  hash: row.hash,
  receivedAt: row.receivedAt,
  signature: row.signature,
  ...(row.link == LINK_DIGEST ? { digest: row.digest! } : {}),
  prevHash: row.prevHash,
});

/** The exact text stored and hashed for a receipt. */
export const receiptBody = (receipt: Receipt): string => canonicalJson(receipt);

/** The last link of a chain: the next receipt gets `seq + 1` and hashes over `hash`. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Where a chain that has never had a receipt starts. */
export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS };

/** Where the chain kept after purges starts: the last purged link, or the very start. */
export const chainStart = (checkpoint: Checkpoint | null): ChainHead =>
  checkpoint ? { seq: checkpoint.toSeq, hash: checkpoint.lastHash } : EMPTY_CHAIN;

/** A receipt on its way into the chain: its canonical text, and when and from where it came. */
export interface Arrival {
  receipt: Receipt;
  body: string;
  origin: string;
  receivedAt: string;
}

export const arrival = (receipt: Receipt, meta: { origin: string; receivedAt: string }): Arrival => ({
  receipt,
  body: receiptBody(receipt),
  origin: meta.origin,
  receivedAt: meta.receivedAt,
});

/** A receipt linked into the chain: the row to store and the acknowledgement to answer with. */
export interface Link {
  row: StoredRow;
  ack: Acknowledgement;
}

/**
 * Links arrivals one after another after `head`, each hashed over the one before and signed
 * (on the thread pool, all at once). Pure: the caller stores the rows, in order, and moves the
 * head to the last one.
 */
export async function linkAfter(head: ChainHead, arrivals: readonly Arrival[], key: SigningKey): Promise<Link[]> {
  let previous = head;
  const unsigned = arrivals.map(({ receipt, body, receivedAt }) => {
    const seq = previous.seq + 1;
    const digest = bodyDigest(body);
    const hash = chainHash(previous.hash, digest);
    const fields = { receiptId: receipt.receiptId, seq, hash, receivedAt, digest };
    previous = { seq, hash };
    return fields;
  });
  const signatures = await key.signAll(unsigned);
  return arrivals.map(({ receipt, body, origin }, i) => {
    const fields = unsigned[i]!;
    const signature = signatures[i]!;
    const prevHash = i ? unsigned[i - 1]!.hash : head.hash;
    const row: StoredRow = {
      seq: fields.seq,
      receiptId: receipt.receiptId,
      receivedAt: fields.receivedAt,
      origin,
      principal: receipt.principal,
      event: receipt.event,
      decidedAt: receipt.timestamp,
      revision: receipt.revision,
      body,
      prevHash,
      hash: fields.hash,
      signature,
      digest: fields.digest,
      link: LINK_DIGEST,
      erasedAt: null,
    };
    // prevHash is not signed: with it anyone can recompute the signed hash from the receipt.
    return { row, ack: { ...fields, signature, prevHash } };
  });
}

/**
 * A receipt id already in the chain: the same receipt again (a retry) gets its first
 * acknowledgement; a different receipt under that id is a conflict. Neither stores anything.
 * An erased receipt is recognised by its digest, and its body is not stored again.
 */
export function appendAgain(stored: StoredRow, body: string): AppendResult {
  const same = stored.erasedAt ? stored.digest == bodyDigest(body) : stored.body == body;
  return same ? { status: 'duplicate', ack: ackOf(stored) } : { status: 'conflict' };
}

/**
 * The checkpoint a purge leaves: which prefix of the chain went, and the hash of its last link,
 * from which the rest still verifies.
 */
export function purgeCheckpoint(
  removed: Omit<Checkpoint, 'purgedAt' | 'cutoff'>,
  cutoff: string,
  purgedAt: string,
): Checkpoint {
  return {
    purgedAt,
    cutoff,
    fromSeq: removed.fromSeq,
    toSeq: removed.toSeq,
    count: removed.count,
    lastHash: removed.lastHash,
  };
}

/** Where and why `row` is not the link that follows `previous`; undefined when it is. */
export function brokenLink(previous: ChainHead, row: StoredRow): { seq: number; reason: string } | undefined {
  const expectedSeq = previous.seq + 1;
  if (row.seq != expectedSeq) {
    return {
      seq: expectedSeq,
      reason:
        row.seq > expectedSeq
          ? `receipt ${expectedSeq} is missing (the next one stored is ${row.seq})`
          : `receipt ${row.seq} is out of order`,
    };
  }
  if (row.prevHash != previous.hash)
    return { seq: row.seq, reason: 'its previous hash does not match the receipt before it' };
  const reason = rowProblem(row);
  return reason ? { seq: row.seq, reason } : undefined;
}

/** Whether a row's content (or, erased, its tombstone) still matches its hash. */
export function rowProblem(row: StoredRow): string | undefined {
  if (row.erasedAt) {
    if (row.body || row.principal || row.event || row.decidedAt) return 'it is marked erased but still holds content';
    // A link-1 tombstone has nothing left to hash: its signature vouches for its hash.
    if (row.link == LINK_TEXT) return undefined;
  } else if (row.link == LINK_DIGEST && bodyDigest(row.body) != row.digest) {
    return 'its content no longer matches its digest';
  }
  const hashed = row.link == LINK_DIGEST ? row.digest : row.body;
  if (hashed == null || chainHash(row.prevHash, hashed) != row.hash) return 'its content no longer matches its hash';
  return undefined;
}
