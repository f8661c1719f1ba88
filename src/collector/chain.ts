// The chain that makes the collector's store tamper-evident: every receipt gets the next
// sequence number and hash = SHA-256(previous hash + canonical JSON of the receipt), so a row
// changed, deleted or moved breaks every link after it.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../receipts/canonical.js';
import type { Receipt } from '../receipts/receipt.js';

/** The `prevHash` of the very first receipt. */
export const GENESIS = '0'.repeat(64);

export function chainHash(prevHash: string, body: string): string {
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** The exact text stored and hashed for a receipt. */
export const receiptBody = (receipt: Receipt): string => canonicalJson(receipt);
