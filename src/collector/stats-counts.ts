// What each receipt adds to the statistics, as named counters per UTC day, revision and language.
// The collector keeps these daily counts as receipts commit (store/stats-sql.ts) and statistics
// are read from them (stats.ts); a scan of receipts counts them the same way, so the rules of
// what counts live here only.
import type { Receipt } from '../receipts/receipt.js';
import type { StoredRow } from './store/store.js';

/** One counter's count, for the receipts decided on one UTC day under one revision and language. */
export interface DailyCount {
  /** YYYY-MM-DD, the UTC day of the receipt's timestamp. */
  day: string;
  revision: number;
  language: string;
  counter: string;
  n: number;
}

/**
 * The counters, by name: `decisions`, `event:<event>` (every receipt, expiries too), `acceptAll`,
 * `rejectAll`, `gpc`, `granted:<category>`, `grantedService:<category>/<service>`, and the
 * decisions that named a category or service at all (`seen:…`, `seenService:…`): the statistics
 * list those with a count above 0, so a purge or an erasure that takes the last one away drops them.
 */
export type CounterKind =
  'decisions' | 'event' | 'acceptAll' | 'rejectAll' | 'gpc' | 'seen' | 'granted' | 'seenService' | 'grantedService';

/** A counter's kind and what it counts (an event, a category, a `category/service`). */
export function counterParts(counter: string): { kind: CounterKind; name: string } {
  const colon = counter.indexOf(':');
  return colon < 0
    ? { kind: counter as CounterKind, name: '' }
    : { kind: counter.slice(0, colon) as CounterKind, name: counter.slice(colon + 1) };
}

/** Calls `add` with each counter one receipt adds 1 to. */
export function receiptCounters(r: Receipt, add: (counter: string) => void): void {
  add(`event:${r.event}`);
  // An expiry is not a decision: nothing else counts it.
  if (r.event == 'expired') return;
  add('decisions');
  const optional = r.purposes.filter((p) => !p.required);
  let anything = false;
  for (const p of optional) {
    add(`seen:${p.category}`);
    if (p.decision == 'granted') add(`granted:${p.category}`);
    for (const s of p.services) {
      const key = `${p.category}/${s.id}`;
      add(`seenService:${key}`);
      // A 1.0 receipt has no decision per service: each follows its category.
      if ((s.decision ?? p.decision) == 'granted') {
        add(`grantedService:${key}`);
        anything = true;
      }
    }
  }
  const granted = optional.filter((p) => p.decision == 'granted').length;
  if (optional.length && granted == optional.length) add('acceptAll');
  // Refusing everything means every service too: one service granted is not a refusal.
  if (granted == 0 && !anything) add('rejectAll');
  if (r.signals.gpc) add('gpc');
}

/** Daily counts being gathered, by day, revision, language and counter. */
export type DailyCounts = Map<string, DailyCount>;

/**
 * Adds what a stored row says to `counts`, or takes it away (`sign` -1, for a purge or an
 * erasure). An erased row says nothing: its body is gone.
 */
export function countRow(counts: DailyCounts, row: Pick<StoredRow, 'body' | 'erasedAt'>, sign: 1 | -1 = 1): void {
  if (row.erasedAt || !row.body) return;
  countReceipt(counts, JSON.parse(row.body) as Receipt, sign);
}

/** Adds what a receipt says to `counts`: an append counts the receipt it has just parsed. */
export function countReceipt(counts: DailyCounts, r: Receipt, sign: 1 | -1 = 1): void {
  const day = r.timestamp.slice(0, 10);
  const { revision, language } = r;
  receiptCounters(r, (counter) => {
    const key = `${day}|${revision}|${language}|${counter}`;
    const count = counts.get(key);
    if (count) count.n += sign;
    else counts.set(key, { day, revision, language, counter, n: sign });
  });
}
