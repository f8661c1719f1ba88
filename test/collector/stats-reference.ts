// The statistics as the collector computed them before daily counts (2026-12): a scan of every
// receipt, tallied on its own. Kept only as the tests' oracle: what the daily counts answer must
// equal what this says.
import type { Receipt } from '../../src/receipts/receipt.js';
import type { Stats } from '../../src/collector/api-types.js';
import { publishedBuckets, type Tally } from '../../src/collector/stats-suppression.js';
import type { StoredRow } from '../../src/collector/store/store.js';

interface StatsOptions {
  interval: 'day' | 'week';
  by?: 'revision' | 'language';
  /** Smallest number of decisions shown; smaller cells are suppressed. */
  minCell: number;
}

/** The first day of the day or week (a Monday, UTC) a decision falls in. */
const bucketStart = (timestamp: string, interval: 'day' | 'week') => {
  const day = new Date(timestamp.slice(0, 10) + 'T00:00:00Z');
  if (interval == 'week') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
};

/** Counts one decision (not an expiry) in its bucket, and the categories and services it names. */
function countDecision(t: Tally, r: Receipt, categories: Set<string>, services: Set<string>): void {
  t.decisions++;
  const optional = r.purposes.filter((p) => !p.required);
  let anything = false;
  for (const p of optional) {
    categories.add(p.category);
    if (p.decision == 'granted') t.granted[p.category] = (t.granted[p.category] ?? 0) + 1;
    for (const s of p.services) {
      const key = `${p.category}/${s.id}`;
      services.add(key);
      // A 1.0 receipt has no decision per service: each follows its category.
      if ((s.decision ?? p.decision) == 'granted') {
        t.services[key] = (t.services[key] ?? 0) + 1;
        anything = true;
      }
    }
  }
  const granted = optional.filter((p) => p.decision == 'granted').length;
  if (optional.length && granted == optional.length) t.acceptAll++;
  // Refusing everything means every service too: one service granted is not a refusal.
  if (granted == 0 && !anything) t.rejectAll++;
  if (r.signals.gpc) t.gpc++;
}

export async function scanStats(
  rows: AsyncIterable<StoredRow>,
  options: StatsOptions,
): Promise<Stats & { rows: number }> {
  const tallies = new Map<string, Tally>();
  const categories = new Set<string>();
  const services = new Set<string>();
  let count = 0;
  for await (const row of rows) {
    count++;
    const r = JSON.parse(row.body) as Receipt;
    const start = bucketStart(r.timestamp, options.interval);
    const group = options.by == 'revision' ? String(r.revision) : options.by == 'language' ? r.language : undefined;
    const key = `${start}|${group ?? ''}`;
    let t = tallies.get(key);
    if (!t)
      tallies.set(
        key,
        (t = {
          start,
          ...(group === undefined ? {} : { group }),
          decisions: 0,
          events: {},
          granted: {},
          services: {},
          acceptAll: 0,
          rejectAll: 0,
          gpc: 0,
        }),
      );
    t.events[r.event] = (t.events[r.event] ?? 0) + 1;
    if (r.event != 'expired') countDecision(t, r, categories, services);
  }
  // Suppression is the collector's own (stats-suppression.ts): this oracle checks the counting.
  const ordered = [...tallies.values()].sort(
    (a, b) =>
      a.start.localeCompare(b.start) || (a.group ?? '').localeCompare(b.group ?? '', undefined, { numeric: true }),
  );
  const buckets = publishedBuckets(ordered, {
    categories: [...categories].sort(),
    services: [...services].sort(),
    minCell: options.minCell,
    split: !!options.by,
  });
  return {
    interval: options.interval,
    by: options.by ?? null,
    minCell: options.minCell,
    categories: [...categories].sort(),
    services: [...services].sort(),
    buckets,
    rows: count,
  };
}
