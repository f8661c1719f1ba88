// The consent in force, from a visitor's receipts. Every receipt states the whole decision (each
// category granted or refused), so the state in force is that of the latest decision: latest by the
// time the visitor decided, not by arrival, since a browser offline sends its receipts late.
import type { Receipt } from '../../receipts/receipt.js';
import type { ConsentState, StateAt } from './report.js';

export const stateOf = (receipt: Receipt): ConsentState => ({
  receiptId: receipt.receiptId,
  decidedAt: receipt.timestamp,
  event: receipt.event,
  validUntil: receipt.validUntil,
  categories: receipt.purposes.map((p) => ({
    category: p.category,
    title: p.title,
    required: p.required,
    decision: p.decision,
    services: p.services.map((s) => ({ id: s.id, name: s.name, decision: s.decision ?? p.decision })),
  })),
});

/**
 * What a state grants: each category granted whole, and `category/service` for each service
 * granted on its own in a category that is not (per-service consent, receipts 1.1).
 */
export const grantedIn = (state: ConsentState): string[] =>
  state.categories.flatMap((c) =>
    c.decision == 'granted'
      ? [c.category]
      : c.services.filter((s) => s.decision == 'granted').map((s) => `${c.category}/${s.id}`),
  );

interface Decided {
  seq: number;
  receipt: Receipt | null;
}

/** The later decision of two: by decision time, then by place in the chain. */
const later = (a: Decided & { receipt: Receipt }, b: Decided & { receipt: Receipt }) =>
  b.receipt.timestamp > a.receipt.timestamp || (b.receipt.timestamp == a.receipt.timestamp && b.seq > a.seq) ? b : a;

/** The latest decision among `rows` (tombstones and unreadable bodies set aside), or null. */
export function latest(rows: readonly Decided[]): (Decided & { receipt: Receipt }) | null {
  let found: (Decided & { receipt: Receipt }) | null = null;
  for (const row of rows) {
    if (!row.receipt) continue;
    const decided = row as Decided & { receipt: Receipt };
    found = found ? later(found, decided) : decided;
  }
  return found;
}

/** The state in force once each row was received, in chain order; null for a tombstone. */
export function statesAfter(rows: readonly Decided[]): (ConsentState | null)[] {
  return rows.map((row, i) => {
    if (!row.receipt) return null;
    return stateOf(latest(rows.slice(0, i + 1))!.receipt);
  });
}

/** What the visitor had consented to at `time`: the decision in force then, unless it had run out. */
export function stateAt(
  rows: readonly (Decided & { receivedAt: string; erasedAt: string | null })[],
  time: string,
): StateAt {
  const found = latest(rows.filter((r) => r.receipt && r.receipt.timestamp <= time));
  const inForce = found ? stateOf(found.receipt) : null;
  const expired = !!inForce?.validUntil && inForce.validUntil <= time;
  const granted = !inForce
    ? []
    : expired
      ? inForce.categories.filter((c) => c.required).map((c) => c.category)
      : grantedIn(inForce);
  const erasedBefore = rows.filter((r) => r.erasedAt && r.receivedAt <= time).length;
  const receivedAfter = rows.filter((r) => r.receipt && r.receipt.timestamp <= time && r.receivedAt > time).length;
  return { time, inForce, expired, granted, erasedBefore, receivedAfter };
}
