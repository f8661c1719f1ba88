// Destruction on request (A-2.1 s. 73, and the promise in a public body's privacy policy): one
// visitor's receipts lose their content and the visitor's id, and leave tombstones the chain
// verifies through (chain.ts). The CLI and the API check a request and report it the same way.
import { bodyDigest } from './chain.js';
import { TemoinError } from './errors.js';
import { trimmedIds, UUID } from './filters.js';
import type { Erasure, ReceiptStore } from './store/store.js';

export type { Erasure } from './store/store.js';

/** The longest reason kept: a sentence or two, with a file number. */
export const REASON_MAX = 500;

export interface ErasureRequest {
  principal: string;
  reason: string;
}

const invalid = (message: string) => new TemoinError('TEMOIN_ERR_INVALID_ERASURE', message);

/** A request with the visitor's full id (a short one could match someone else) and a reason. */
export function erasureRequest(input: unknown): ErasureRequest {
  const { principal, reason } = trimmedIds((input ?? {}) as Record<string, unknown>);
  if (typeof principal != 'string' || !new RegExp(UUID).test(principal))
    throw invalid(
      `principal must be the visitor's full id (a UUID such as 4b0c2f1e-8d3a-4c57-9e61-2f0a7b5d9c13), not ${JSON.stringify(principal ?? null)}: an erasure never matches a short id`,
    );
  if (typeof reason != 'string' || !reason.trim())
    throw invalid('reason is required: say why, e.g. "access request 2026-041: the visitor asked for destruction"');
  if (reason.length > REASON_MAX) throw invalid(`reason must be at most ${REASON_MAX} characters`);
  const id = principal.toLowerCase();
  // The reason is kept for good: it must not carry the id the erasure removes.
  if (reason.toLowerCase().includes(id.slice(0, 8)))
    throw invalid("reason must not contain the visitor's id (or its first 8 characters): it is kept after the erasure");
  return { principal: id, reason: reason.trim() };
}

/** Why an erased receipt is not shown, in the words the CLI and the API answer with (410). */
export const erasedReceiptMessage = (row: { receiptId: string; seq: number; erasedAt: string | null }) =>
  `receipt ${row.receiptId} was erased on ${row.erasedAt} (tombstone #${row.seq}): its content and visitor id are gone, by request`;

/** What the access log keeps of an erasure: never the id, only its digest, and the reason. */
export const erasureLogFilters = (request: ErasureRequest) => ({
  principal: `sha256:${bodyDigest(request.principal)}`,
  reason: request.reason,
});

/** An erasure done, and when nothing was left to erase, the earlier erasures of this visitor. */
export interface ErasureDone extends Erasure {
  earlier: Erasure[];
}

/**
 * Erases one visitor's receipts. Asked again for a visitor already erased, it succeeds with nothing
 * erased: the store scrubbed its files again, which finishes a scrub a reader held up (503
 * `TEMOIN_ERR_SCRUB_BUSY` says to run the same erasure again). A visitor never stored is an error.
 */
export async function erase(store: ReceiptStore, request: ErasureRequest, actor: string): Promise<ErasureDone> {
  const done = await store.erase({ ...request, actor, at: new Date().toISOString() });
  if (done.count) return { ...done, earlier: [] };
  const earlier = (await store.erasures()).filter((e) => e.principalDigest == done.principalDigest);
  if (earlier.length) return { ...done, earlier };
  throw new TemoinError(
    'TEMOIN_ERR_NO_RECEIPT',
    `no receipt of visitor ${request.principal} is stored: check the id (the visitor's preference center shows it in full)`,
  );
}

/** What an erasure asked again says: nothing left, when it went, and that the files were scrubbed again. */
export const erasedAgainMessage = (principal: string, done: ErasureDone) =>
  `no receipt of visitor ${principal} was left to erase: ${done.earlier.map((e) => `${e.count} erased on ${e.at} by ${e.actor}`).join('; ')}; the database's files were scrubbed again, so whatever a reader had kept of them (SQLite's WAL) is wiped`;
