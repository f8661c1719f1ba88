// A visitor's consent file, as JSON: what `GET /v1/proof` answers and `temoin proof --format json`
// prints, and what the HTML report is rendered from, locally or from a remote collector. Times are
// UTC ISO 8601; the HTML shows them in the reader's zone.
import type { Receipt } from '../../receipts/receipt.js';
import type { AccessEntry } from '../api-types.js';

export const PROOF_FORMAT = 'temoin-proof/1';

/** The consent in force: the receipt that set it, and its decision for each category. */
export interface ConsentState {
  receiptId: string;
  decidedAt: string;
  event: Receipt['event'];
  /** When the visitor was to be asked again; null once nothing is granted by it. */
  validUntil: string | null;
  categories: {
    category: string;
    title: string;
    required: boolean;
    decision: 'granted' | 'refused';
    /** Each service's own decision (receipts 1.1); in 1.0 receipts, the category's. */
    services: { id: string; name: string; decision: 'granted' | 'refused' }[];
  }[];
}

/** How one receipt fared against the collector's public keys and its neighbours in the chain. */
export type Verification =
  { ok: true; keyId: string } | { ok: false; keyId: string | null; problem: string; reason: string };

export interface ProofReceipt {
  seq: number;
  receiptId: string;
  receivedAt: string;
  origin: string;
  /** The receipt as the visitor's browser sent it; null for a tombstone (or a body that is no longer JSON). */
  receipt: Receipt | null;
  /** When it was erased at the visitor's request: only its place, digest and signature are left. */
  erasedAt: string | null;
  chain: {
    prevHash: string;
    hash: string;
    digest: string | null;
    signature: string;
    /** Whether the link before it has the hash this one chains on; null when it was purged. */
    previousLinked: boolean | null;
    /** Whether the link after it chains on this one's hash; null when this is the last. */
    nextLinked: boolean | null;
  };
  verification: Verification;
  /** The consent in force once this receipt was received, by decision time; null when nothing can be said (tombstones only). */
  stateAfter: ConsentState | null;
  /** The receipt asked for with `receipt=`. */
  asked: boolean;
}

export interface ProofKey {
  keyId: string;
  /** Hex SHA-256 of the key's DER (SPKI): the key id is its first 16 digits. */
  sha256: string;
  publicKey: string;
  createdAt: string;
  /** How many of these receipts it signed. */
  signed: number;
}

/** The config behind a configHash, as the page sent it; `hashMatches` is checked again now. */
export interface ProofNotice {
  hash: string;
  origin: string;
  receivedAt: string;
  hashMatches: boolean;
  config: unknown;
}

/** What the visitor had consented to at a moment (`at=`). */
export interface StateAt {
  time: string;
  /** The decision in force then, or null when none had been made. */
  inForce: ConsentState | null;
  /** The decision had run out by then (validUntil passed): only required categories held. */
  expired: boolean;
  granted: string[];
  /** Erased receipts received by then: their decisions are gone and may have changed this answer. */
  erasedBefore: number;
  /**
   * Receipts counted as decided by then that the collector received only after: the decision
   * time is the browser's word (an offline browser sends late; a backdated receipt would too).
   */
  receivedAfter: number;
}

export interface ProofReport {
  format: typeof PROOF_FORMAT;
  generatedAt: string;
  /** The visitor's full id; null when only tombstones are left (it was erased). */
  principal: string | null;
  /** What was asked: `principal` as given, or `receipt`. */
  asked: { principal?: string; receipt?: string; at?: string };
  receipts: ProofReceipt[];
  at: StateAt | null;
  keys: ProofKey[];
  notices: ProofNotice[];
  /** Config hashes the receipts carry whose config no page has sent. */
  noticesMissing: string[];
  erasures: { at: string; actor: string; reason: string; count: number; seqs: number[] }[];
  /** The access-log entry this very read wrote. */
  access: AccessEntry;
}
