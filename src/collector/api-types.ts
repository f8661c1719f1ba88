// What the collector's API answers, shared with the dashboard (no Node imports here).
import type { ReceiptEvent } from '../receipts/receipt.js';

export type Role = 'analyst' | 'admin';

export interface Token {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

/** One read of the receipts: who, when, what (route or command, and filters), how many rows. */
export interface AccessEntry {
  id: number;
  at: string;
  actor: string;
  tokenId: string | null;
  action: string;
  filters: Record<string, unknown>;
  rows: number;
  /** Why the request was refused (401 or 403), or null when it was answered. */
  refused: string | null;
}

/** A count, or null when it is below the minimum (and above zero). */
export type Cell = number | null;

export interface StatsBucket {
  /** First day of the bucket (a Monday for weeks). */
  start: string;
  group?: string;
  suppressed: boolean;
  /** given, refused, updated and withdrawn receipts: the visitor's own decisions. */
  decisions?: Cell;
  events?: Record<ReceiptEvent, Cell>;
  /** Share of decisions granting each optional category, 0 to 1; null when the count behind it is suppressed. */
  acceptance?: Record<string, number | null>;
  /**
   * The same for each service of an optional category, by `category/service` (`media/youtube`):
   * a visitor may grant one service of a category and not another.
   */
  serviceAcceptance?: Record<string, number | null>;
  acceptAll?: number | null;
  rejectAll?: number | null;
  gpc?: number | null;
}

export interface Stats {
  interval: 'day' | 'week';
  by: 'revision' | 'language' | null;
  minCell: number;
  categories: string[];
  /** The optional categories' services, as `category/service`. */
  services: string[];
  buckets: StatsBucket[];
}

export type VerifyResult =
  /** `erased`: how many of the links checked are tombstones of erased receipts. */
  | { ok: true; checked: number; erased: number; firstSeq: number | null; lastSeq: number | null }
  | { ok: false; checked: number; brokenSeq: number; reason: string };
