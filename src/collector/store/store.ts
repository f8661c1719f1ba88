// One storage interface, two adapters (SQLite through better-sqlite3, PostgreSQL through pg),
// the same migrations and the same behaviour; the same test suite runs against both.
import type { Acknowledgement, Receipt } from '../../receipts/receipt.js';
import type { AccessEntry, Token } from '../api-types.js';
import type { PublicKey, SigningKey } from '../keys.js';
import type { DailyCount } from '../stats-counts.js';

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
  /** Canonical JSON of the receipt: the exact text that was digested; empty once erased. */
  body: string;
  prevHash: string;
  hash: string;
  signature: string;
  /** SHA-256 of `body`, kept when the body is erased; null on a link-1 row never erased. */
  digest: string | null;
  /** How `hash` was made (chain.ts): 1 over `body`, 2 over `digest`. */
  link: number;
  /** When the body and the visitor's id were erased, or null. */
  erasedAt: string | null;
}

/** A page of an export, encoded: JSON lines (the database writes them) or CSV records. */
export interface EncodedPage {
  /** How many receipts it holds: fewer than asked for on the last page. */
  count: number;
  /** The sequence number of its last receipt (the next page starts after it), or where it started when empty. */
  lastSeq: number;
  /** Its lines (or records) in UTF-8, each ending with a line feed. */
  bytes: Buffer;
}

/** What a CSV record takes from a stored receipt. */
export type CsvSource = Pick<StoredRow, 'seq' | 'receivedAt' | 'origin' | 'hash' | 'body'>;

/** One erasure, as it is recorded: who asked, why, and what it destroyed (never whose id it was). */
export interface Erasure {
  at: string;
  actor: string;
  reason: string;
  /** SHA-256 (hex) of the visitor's id: a visitor who gives it again can be told it was erased. */
  principalDigest: string;
  count: number;
  /** The sequence numbers of the tombstones left. */
  seqs: number[];
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

/** A receipt as it arrives: what the browser sent, and when and from where. */
export interface Incoming {
  receipt: Receipt;
  meta: { origin: string; receivedAt: string };
}

/** Which receipts an analyst asks for. Times are ISO 8601; `from` is inclusive, `to` is not. */
export interface ReceiptFilter {
  from?: string;
  to?: string;
  /** Receipts in which this category got `decision` (default: granted). */
  category?: string;
  decision?: 'granted' | 'refused';
  event?: string;
  revision?: number;
  /** A visitor's full id, or the start of it (8 characters or more). */
  principal?: string;
}

/** A config a site's visitors saw, as the SDK sent it: canonical JSON under its SHA-256. */
export interface ArchivedConfig {
  hash: string;
  body: string;
  /** The site that sent it first, and when. */
  origin: string;
  receivedAt: string;
}

export interface ReceiptStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Brings the schema up to date; safe to call on every start. The versions it applied. */
  migrate(): Promise<number[]>;
  /** The migrations a database still needs, or null when it holds no Témoin schema; changes nothing. */
  pendingMigrations(): Promise<number[] | null>;
  /** The tables the database holds, Témoin's or not (on PostgreSQL, in the schema used); changes nothing. */
  tables(): Promise<string[]>;
  /**
   * Appends a receipt at the end of the chain and returns its acknowledgement once committed.
   * A receipt already stored returns its first acknowledgement and stores nothing.
   */
  append(receipt: Receipt, meta: { origin: string; receivedAt: string }, key: SigningKey): Promise<AppendResult>;
  /**
   * Appends receipts in one transaction (a group commit), in the order given, and returns each
   * one's result once it commits: all of them are stored, or none. A receipt id given twice is
   * stored once; the second gets the first's acknowledgement, or a conflict when it differs.
   */
  appendBatch(batch: readonly Incoming[], key: SigningKey): Promise<AppendResult[]>;
  saveKey(key: Pick<PublicKey, 'keyId' | 'publicKey'>): Promise<void>;
  keys(): Promise<PublicKey[]>;
  /** Rows in sequence order after `afterSeq`, tombstones included, a page at a time: memory stays flat. */
  rows(afterSeq?: number): AsyncIterable<StoredRow>;
  /** The last sequence number and hash handed out, or null for an empty chain. */
  head(): Promise<{ seq: number; hash: string } | null>;
  /** The latest purge, from which the remaining chain is verified. */
  checkpoint(): Promise<Checkpoint | null>;
  checkpoints(): Promise<Checkpoint[]>;
  /**
   * Removes receipts received before `cutoff` (a prefix of the chain) and records it, a step at a
   * time, so appends go on meanwhile. Once `signal` is aborted it stops after the step under way,
   * what it removed recorded.
   */
  purge(cutoff: string, now: string, signal?: AbortSignal): Promise<Checkpoint | null>;
  /** One page of the receipts matching `filter` after `afterSeq`, oldest first (or the newest first); never an erased one. */
  query(filter: ReceiptFilter, afterSeq: number, limit: number, order?: 'asc' | 'desc'): Promise<StoredRow[]>;
  /**
   * One page of `query`'s receipts (oldest first, never an erased one) as an export's JSON lines,
   * written by the database: the same bytes as export-encoding.ts's `jsonLine`.
   */
  jsonLines(filter: ReceiptFilter, afterSeq: number, limit: number): Promise<EncodedPage>;
  /** One page of `query`'s receipts (oldest first, never an erased one), with only the columns a CSV record takes. */
  csvSources(filter: ReceiptFilter, afterSeq: number, limit: number): Promise<CsvSource[]>;
  /** A receipt by id, erased or not (an erased one has an empty body). */
  receipt(receiptId: string): Promise<StoredRow | null>;
  /** The row at a place in the chain, erased or not; null when there is none (never stored, or purged). */
  row(seq: number): Promise<StoredRow | null>;
  /**
   * Destroys one visitor's receipt bodies and id, leaving tombstones the chain verifies through,
   * redacts the id from the access log, and records the erasure.
   */
  erase(request: { principal: string; reason: string; actor: string; at: string }): Promise<Erasure>;
  erasures(): Promise<Erasure[]>;
  /** Whether an erasure names the visitor whose id has this SHA-256 (an indexed lookup). */
  erasedPrincipal(principalDigest: string): Promise<boolean>;
  /**
   * When an erasure names `principal`, rewrites the access-log entries naming it as the erasure
   * did; under the erasure's own lock, so an erasure under way is waited for. Whether it did.
   */
  redactIfErased(principal: string): Promise<boolean>;
  /**
   * The statistics' daily counts kept as receipts commit, for the UTC days from `from` (included)
   * to `to` (excluded), both YYYY-MM-DD; they equal what the stored, unerased receipts say.
   * Summed over revisions and languages, but for the one named in `by`.
   */
  dailyCounts(days: { from?: string; to?: string }, by?: 'revision' | 'language'): Promise<DailyCount[]>;
  /**
   * The same counts made from the receipts decided in a time range (ISO times, `to` excluded),
   * read in the order of their decision time: the parts of days at the ends of a range.
   */
  decidedCounts(range: { from?: string; to?: string }): Promise<DailyCount[]>;
  /** The optional categories stored receipts have counted a choice on (the statistics' `seen:` counts). */
  categoriesChosen(): Promise<string[]>;
  /** The category ids the stored configs name. */
  configCategories(): Promise<string[]>;
  /** Keeps a config once under its hash: `known` when it was already kept. */
  saveConfig(config: ArchivedConfig): Promise<'created' | 'known'>;
  /** Whether one of the newest receipts names this config hash (so a page may send its config). */
  configWanted(hash: string): Promise<boolean>;
  config(hash: string): Promise<ArchivedConfig | null>;
  addToken(token: Token & { hash: string }): Promise<void>;
  tokens(): Promise<Token[]>;
  tokenByHash(hash: string): Promise<Token | null>;
  /** Marks a token revoked at `at` unless it already was; when it was revoked (`at`, or before), or null when there is no such token. */
  revokeToken(id: string, at: string): Promise<string | null>;
  /** Writes an access-log entry; the entry as kept, with its id (a proof report shows the read that made it). */
  logAccess(entry: Omit<AccessEntry, 'id' | 'refused'> & { refused?: string | null }): Promise<AccessEntry>;
  accessLog(filter: { from?: string; to?: string; limit: number }): Promise<AccessEntry[]>;
  close(): Promise<void>;
  /**
   * Where an error outside any request goes: a PostgreSQL connection lost while idle in its pool
   * (the server restarted, a firewall's idle timeout). A line on stderr until a listener is given.
   */
  onIdleError?(listener: (error: Error) => void): void;
}
