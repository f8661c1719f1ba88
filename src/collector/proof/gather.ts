// Gathers a visitor's consent file from the store: every receipt of theirs in chain order, the
// tombstones of those erased at their request (found by their id's digest in the erasure records),
// the state in force after each, the notices behind their config hashes, each receipt checked
// against the stored public keys, and the access-log entry this read writes.
import { createHash } from 'node:crypto';
import type { Receipt } from '../../receipts/receipt.js';
import type { AccessEntry } from '../api-types.js';
import { bodyDigest } from '../chain.js';
import { TemoinError } from '../errors.js';
import { matching } from '../export.js';
import type { ReceiptStore, StoredRow } from '../store/store.js';
import { keyRing, neighbours, verifyLive, verifyTombstone, type KeyRing } from './check.js';
import type { ProofQuery } from './query.js';
import { PROOF_FORMAT, type ProofNotice, type ProofReceipt, type ProofReport } from './report.js';
import { stateAt, statesAfter } from './state.js';

/** Writes the access-log entry of this read (its filters, the receipts read); the entry as kept. */
export type LogProof = (filters: Record<string, unknown>, rows: number) => Promise<AccessEntry>;

/** The visitor's rows, or why there are none; and what the access log keeps of the request. */
interface Found {
  principal: string | null;
  rows: StoredRow[];
  filters: Record<string, unknown>;
  missing?: TemoinError;
}

const noReceipt = (message: string) => new TemoinError('TEMOIN_ERR_NO_RECEIPT', message);

/** Every row of the visitor: those stored under their id, and the tombstones their erasures left. */
async function visitorRows(store: ReceiptStore, principal: string, live: StoredRow[]): Promise<StoredRow[]> {
  const digest = bodyDigest(principal);
  const seqs = (await store.erasures()).filter((e) => e.principalDigest == digest).flatMap((e) => e.seqs);
  const tombstones = (await Promise.all(seqs.map((seq) => store.row(seq)))).filter((r): r is StoredRow => !!r);
  return [...live, ...tombstones].sort((a, b) => a.seq - b.seq);
}

async function byPrincipal(store: ReceiptStore, asked: string): Promise<Found> {
  const live: StoredRow[] = [];
  for await (const row of matching(store, { principal: asked })) live.push(row);
  const principals = [...new Set(live.map((r) => r.principal))];
  if (principals.length > 1)
    return {
      principal: null,
      rows: [],
      filters: { principal: asked },
      missing: new TemoinError(
        'TEMOIN_ERR_INVALID_QUERY',
        `the ids of ${principals.length} visitors start with ${asked}: give more of it, or the full id`,
      ),
    };
  const principal = principals[0] ?? (asked.length == 36 ? asked : null);
  const rows = principal ? await visitorRows(store, principal, live) : [];
  // An erased visitor's id is logged as its digest by the access log's writer (access.ts, loggedFilters).
  const logged = principal ?? asked;
  if (rows.length) return { principal: live.length ? principal : null, rows, filters: { principal: logged } };
  return {
    principal: null,
    rows,
    filters: { principal: logged },
    missing: noReceipt(
      asked.length == 36
        ? `no receipt of visitor ${asked} is stored, and none was erased: check the id (the visitor's preference center shows it in full)`
        : `no visitor's id starts with ${asked}; a visitor whose receipts were erased is found by their full id only`,
    ),
  };
}

async function byReceipt(store: ReceiptStore, receiptId: string): Promise<Found> {
  const row = await store.receipt(receiptId);
  if (!row) return { principal: null, rows: [], filters: { receiptId }, missing: noReceipt(`no receipt ${receiptId}`) };
  if (row.erasedAt) return { principal: null, rows: [row], filters: { receiptId } };
  const found = await byPrincipal(store, row.principal);
  return { ...found, filters: { receiptId, ...found.filters } };
}

const parsed = (row: StoredRow): Receipt | null => {
  if (row.erasedAt) return null;
  try {
    return JSON.parse(row.body) as Receipt;
  } catch {
    return null;
  }
};

async function proofReceipts(store: ReceiptStore, found: Found, keys: KeyRing, asked?: string) {
  const checkpoint = await store.checkpoint();
  const receipts = found.rows.map((row) => ({ row, receipt: parsed(row) }));
  const states = statesAfter(receipts.map(({ row, receipt }) => ({ seq: row.seq, receipt })));
  return Promise.all(
    receipts.map(async ({ row, receipt }, i): Promise<ProofReceipt> => ({
      seq: row.seq,
      receiptId: row.receiptId,
      receivedAt: row.receivedAt,
      origin: row.origin,
      receipt,
      erasedAt: row.erasedAt,
      chain: {
        prevHash: row.prevHash,
        hash: row.hash,
        digest: row.digest,
        signature: row.signature,
        ...(await neighbours(store, row, checkpoint)),
      },
      verification: row.erasedAt
        ? verifyTombstone(row, keys)
        : verifyLive(row, receipt ?? { receiptId: row.receiptId }, keys),
      stateAfter: states[i] ?? null,
      asked: row.receiptId == asked,
    })),
  );
}

/** The archived config behind each hash the receipts carry, its hash checked again; and those never sent. */
async function notices(store: ReceiptStore, receipts: ProofReceipt[]) {
  const hashes = [...new Set(receipts.flatMap((r) => (r.receipt ? [r.receipt.configHash] : [])))];
  const kept: ProofNotice[] = [];
  const missing: string[] = [];
  for (const hash of hashes) {
    const config = await store.config(hash);
    if (!config) missing.push(hash);
    else
      kept.push({
        hash,
        origin: config.origin,
        receivedAt: config.receivedAt,
        hashMatches: createHash('sha256').update(config.body).digest('hex') == hash,
        config: JSON.parse(config.body) as unknown,
      });
  }
  return { notices: kept, noticesMissing: missing };
}

async function report(store: ReceiptStore, query: ProofQuery, found: Found): Promise<Omit<ProofReport, 'access'>> {
  const keys = keyRing(await store.keys());
  const receipts = await proofReceipts(store, found, keys, query.receipt);
  const digest = found.principal ? bodyDigest(found.principal) : null;
  const erasures = (await store.erasures())
    .filter((e) => e.principalDigest == digest || receipts.some((r) => r.erasedAt && e.seqs.includes(r.seq)))
    .map(({ at, actor, reason, count, seqs }) => ({ at, actor, reason, count, seqs }));
  const at = query.at
    ? stateAt(
        receipts.map((r) => ({ seq: r.seq, receipt: r.receipt, receivedAt: r.receivedAt, erasedAt: r.erasedAt })),
        query.at,
      )
    : null;
  return {
    format: PROOF_FORMAT,
    generatedAt: new Date().toISOString(),
    principal: found.principal,
    asked: {
      ...(query.principal ? { principal: query.principal } : { receipt: query.receipt }),
      ...(query.at ? { at: query.at } : {}),
    },
    receipts,
    at,
    keys: keys.listed.map((k) => ({ ...k, signed: receipts.filter((r) => r.verification.keyId == k.keyId).length })),
    ...(await notices(store, receipts)),
    erasures,
  };
}

/**
 * A visitor's consent file. The read is logged whether or not the visitor is found, then a
 * visitor not found (or a short id naming several) is the TemoinError it is.
 */
export async function readProof(store: ReceiptStore, query: ProofQuery, log: LogProof): Promise<ProofReport> {
  const found = query.receipt ? await byReceipt(store, query.receipt) : await byPrincipal(store, query.principal!);
  const body = found.missing ? null : await report(store, query, found);
  const access = await log({ ...found.filters, ...(query.at ? { at: query.at } : {}) }, found.rows.length);
  if (!body) throw found.missing!;
  return { ...body, access };
}
