// The chain that makes the collector's store tamper-evident: every receipt gets the next
// sequence number and hash = SHA-256(previous hash + canonical JSON of the receipt), so a row
// changed, deleted or moved breaks every link after it. The rules live here, whatever the
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
 * Links arrivals one after another after `head`, each hashed over the one before and signed.
 * Pure: the caller stores the rows, in order, and moves the head to the last one.
 */
export function linkAfter(head: ChainHead, arrivals: readonly Arrival[], key: SigningKey): Link[] {
  let previous = head;
  return arrivals.map(({ receipt, body, origin, receivedAt }) => {
    const seq = previous.seq + 1;
    const prevHash = previous.hash;
    const hash = chainHash(prevHash, body);
    const unsigned = { receiptId: receipt.receiptId, seq, hash, receivedAt };
    const signature = key.sign(unsigned);
    previous = { seq, hash };
    const row: StoredRow = {
      seq,
      receiptId: receipt.receiptId,
      receivedAt,
      origin,
      principal: receipt.principal,
      event: receipt.event,
      decidedAt: receipt.timestamp,
      revision: receipt.revision,
      body,
      prevHash,
      hash,
      signature,
    };
    // prevHash is not signed: with it anyone can recompute the signed hash from the receipt.
    return { row, ack: { ...unsigned, signature, prevHash } };
  });
}

/**
 * A receipt id already in the chain: the same receipt again (a retry) gets its first
 * acknowledgement; a different receipt under that id is a conflict. Neither stores anything.
 */
export function appendAgain(stored: StoredRow, body: string): AppendResult {
  if (stored.body != body) return { status: 'conflict' };
  const { receiptId, seq, hash, signature, receivedAt, prevHash } = stored;
  return { status: 'duplicate', ack: { receiptId, seq, hash, signature, receivedAt, prevHash } };
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
  if (chainHash(row.prevHash, row.body) != row.hash)
    return { seq: row.seq, reason: 'its content no longer matches its hash' };
  return undefined;
}
