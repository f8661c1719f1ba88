// The consent receipt: what the browser builds on each decision and the collector keeps. Shaped
// on ISO/IEC TS 27560:2023 and the Kantara Consent Receipt v1.1. Shared by client and collector;
// `receipt.schema.json` beside it is the contract the collector validates against.
import type { CollectionMethod } from '../core/consent.js';
import type { DataKind, Language } from '../core/config.js';

export const RECEIPT_VERSION = '1.0';

/** given: a first answer that grants something; refused: one that grants nothing optional;
 *  updated: a change to a decision in force; withdrawn: every optional grant taken back;
 *  expired: the decision ran out and nothing is granted any more. */
export type ReceiptEvent = 'given' | 'refused' | 'updated' | 'withdrawn' | 'expired';

/** What one service does with the data, in the words the visitor was shown. */
export interface ServiceTerms {
  id: string;
  name: string;
  provider: string;
  purpose: string;
  data: DataKind[];
  /** Days, or words; null when the config says nothing. */
  retention: number | string | null;
  hostedOutsideQuebec: boolean;
  /** Whether data goes to third parties, or their names. */
  thirdParty: boolean | string[];
}

export interface Purpose {
  /** The config's category id. */
  category: string;
  title: string;
  required: boolean;
  decision: 'granted' | 'refused';
  services: ServiceTerms[];
}

export interface Receipt {
  version: typeof RECEIPT_VERSION;
  /** UUIDv4, made by the browser: posting it twice stores it once. */
  receiptId: string;
  /** The receipt this one follows for the same principal on the same device. */
  previousReceiptId: string | null;
  /** ISO 3166-2 code of the law that applies, e.g. CA-QC. */
  jurisdiction: string;
  /** When the visitor decided (ISO 8601, UTC). */
  timestamp: string;
  event: ReceiptEvent;
  /** When the visitor will be asked again; null once nothing is granted by it. */
  validUntil: string | null;
  collectionMethod: CollectionMethod;
  language: Language;
  /** The random pseudonymous id kept in the visitor's preference record: never an IP or account. */
  principal: string;
  controller: { name: string; contact?: string };
  policyUrl: string | null;
  revision: number;
  /** SHA-256 (hex) of the canonical JSON of the validated config the visitor saw. */
  configHash: string;
  purposes: Purpose[];
  signals: { gpc: boolean };
  /** Browser family and whether it is a phone: never the full user agent string. */
  userAgentFamily: UserAgentFamily;
}

export const BROWSER_FAMILIES = ['Chrome', 'Edge', 'Firefox', 'Safari', 'Samsung Internet', 'Opera', 'Other'] as const;
export type UserAgentFamily = `${(typeof BROWSER_FAMILIES)[number]}${'' | ' mobile'}`;

/** The collector's answer, kept with the receipt on the visitor's device. */
export interface Acknowledgement {
  receiptId: string;
  /** Position in the collector's append-only chain. */
  seq: number;
  /**
   * SHA-256 (hex) over the previous row's hash and `digest`; in acknowledgements without `digest`
   * (collectors before 2026-12), over the previous row's hash and the receipt's canonical JSON.
   */
  hash: string;
  /** `ed25519:<keyId>:<base64url signature>` over the canonical JSON of the other fields. */
  signature: string;
  receivedAt: string;
  /**
   * SHA-256 (hex) of the receipt's canonical JSON: with the signature, it proves this copy is
   * the receipt the collector acknowledged, with no access to the collector's database.
   */
  digest?: string;
  /**
   * The previous link's hash (not signed): with it, anyone can recompute `hash` from the receipt
   * and so check the receipt against the signature. Collectors before 2026-12 did not send it.
   */
  prevHash?: string;
}

/**
 * What the device keeps of one receipt: the receipt, and the acknowledgement once it came, or the
 * collector's refusal for good.
 */
export interface StoredReceipt {
  receipt: Receipt;
  ack?: Acknowledgement;
  /** The HTTP status (400, 409, 413), the collector's reason, and when (ms since epoch). */
  rejected?: { status: number; reason: string; at: number };
  /** Failed deliveries so far, and when the backoff tries again (ms since epoch). */
  attempts?: number;
  retryAt?: number;
  /** Not before this time, as the collector's Retry-After asked. */
  notBefore?: number;
}

/** The signed part of an acknowledgement, in this field order before canonicalisation. */
export const signedFields = (ack: Omit<Acknowledgement, 'signature'>) => ({
  receiptId: ack.receiptId,
  seq: ack.seq,
  hash: ack.hash,
  receivedAt: ack.receivedAt,
  ...(ack.digest === undefined ? {} : { digest: ack.digest }),
});
