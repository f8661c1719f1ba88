// One storage interface, two adapters (SQLite through better-sqlite3, PostgreSQL through pg),
// the same migrations and the same behaviour; the same test suite runs against both.
import type { Acknowledgement, Receipt } from '../../receipts/receipt.js';
import type { AccessEntry, Token } from '../api-types.js';
import type { PublicKey, SigningKey } from '../keys.js';

export type { AccessEntry, Role, Token } from '../api-types.js';

/** A receipt as the collector keeps it: what the receipt says, plus when and from where it came. */
export interface StoredRow {
  seq: number;
  receiptId: string;
  receivedAt: string;
  origin: string;
  /** Columns copied from the receipt for queries; `verify` checks they still match it. */
  principal: string;
  event: string;
  decidedAt: string;
  revision: number;
  /** Canonical JSON of the receipt: the exact text that was hashed. */
  body: string;
  prevHash: string;
  hash: string;
  signature: string;
}

/** What a purge removed: the chain after it starts from `lastHash`. */
export interface Checkpoint {
  purgedAt: string;
  cutoff: string;
  fromSeq: number;
  toSeq: number;
  count: number;
  lastHash: string;
}

export type AppendResult =
  | { status: 'created' | 'duplicate'; ack: Acknowledgement }
  /** The same receiptId with a different receipt: nothing stored. */
  | { status: 'conflict' };

/** Which receipts an analyst asks for. Times are ISO 8601; `from` is inclusive, `to` is not. */
export interface ReceiptFilter {
  from?: string;
  to?: string;
  /** Receipts in which this category got `decision` (default: granted). */
  category?: string;
  decision?: 'granted' | 'refused';
  event?: string;
  revision?: number;
  principal?: string;
}

export interface ReceiptStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Brings the schema up to date; safe to call on every start. The versions it applied. */
  migrate(): Promise<number[]>;
  /** The migrations a database still needs, or null when it holds no Témoin schema; changes nothing. */
  pendingMigrations(): Promise<number[] | null>;
  /**
   * Appends a receipt at the end of the chain and returns its acknowledgement once committed.
   * A receipt already stored returns its first acknowledgement and stores nothing.
   */
  append(receipt: Receipt, meta: { origin: string; receivedAt: string }, key: SigningKey): Promise<AppendResult>;
  saveKey(key: Pick<PublicKey, 'keyId' | 'publicKey'>): Promise<void>;
  keys(): Promise<PublicKey[]>;
  /** Rows in sequence order after `afterSeq`, a page at a time: memory stays flat. */
  rows(afterSeq?: number): AsyncIterable<StoredRow>;
  /** The last sequence number and hash handed out, or null for an empty chain. */
  head(): Promise<{ seq: number; hash: string } | null>;
  /** The latest purge, from which the remaining chain is verified. */
  checkpoint(): Promise<Checkpoint | null>;
  checkpoints(): Promise<Checkpoint[]>;
  /** Removes receipts received before `cutoff` (a prefix of the chain) and records it. */
  purge(cutoff: string, now: string): Promise<Checkpoint | null>;
  /** One page of the receipts matching `filter` after `afterSeq`, oldest first (or the newest first). */
  query(filter: ReceiptFilter, afterSeq: number, limit: number, order?: 'asc' | 'desc'): Promise<StoredRow[]>;
  receipt(receiptId: string): Promise<StoredRow | null>;
  addToken(token: Token & { hash: string }): Promise<void>;
  tokens(): Promise<Token[]>;
  tokenByHash(hash: string): Promise<Token | null>;
  /** Marks a token revoked; false when there is no such token. */
  revokeToken(id: string, at: string): Promise<boolean>;
  logAccess(entry: Omit<AccessEntry, 'id' | 'refused'> & { refused?: string | null }): Promise<void>;
  accessLog(filter: { from?: string; to?: string; limit: number }): Promise<AccessEntry[]>;
  close(): Promise<void>;
}
