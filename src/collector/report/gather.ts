// What a privacy committee reads for a period, gathered from the store: decisions and acceptance
// per week (small cells suppressed), the period's totals and GPC share, the chain's status, the
// keys, retention and purges, who read how much, and erasures.
import type { Receipt } from '../../receipts/receipt.js';
import type { AccessEntry, Stats } from '../api-types.js';
import { matching } from '../export.js';
import { bucketStart, computeStats } from '../stats.js';
import type { Checkpoint, Erasure, ReceiptStore, StoredRow } from '../store/store.js';
import { verifyChain, type VerifyResult } from '../verify.js';

export interface ReaderSummary {
  actor: string;
  reads: number;
  rows: number;
  refused: number;
}

/** The reads of the access log a report summarises at most: the period's newest. */
export const MAX_READS = 100_000;

export interface CommitteeReport {
  /** The period, as UTC times: `from` inclusive, `to` excluded. */
  from: string;
  to: string;
  /** The zone the period was given in and the report's times are shown in. */
  timeZone: string;
  generatedAt: string;
  minCell: number;
  /** The retention period given to the report (--retention-days), or null. */
  retentionDays: number | null;
  /** The last purge ever made, and the retention in days it applied (its time minus its cutoff). */
  lastPurge: { purgedAt: string; retentionDays: number } | null;
  /** Per UTC week (Monday), as `temoin stats --interval week` counts them. */
  weekly: Stats;
  /** Each optional category's title, per language, as the receipts' notice gave it. */
  categoryTitles: Record<string, Record<string, string>>;
  /**
   * The whole period: decisions, and shares (0 to 1). Each is null when its count is under the
   * minimum, or when the weekly cells hidden from it add up to under the minimum.
   */
  totals: { decisions: number | null; gpc: number | null; acceptance: Record<string, number | null> };
  chain: VerifyResult;
  keys: { keyId: string; createdAt: string }[];
  purges: Checkpoint[];
  readers: ReaderSummary[];
  /** False when the period holds more than MAX_READS reads: `readers` sums the newest only. */
  readersComplete: boolean;
  /** Who erased how many receipts, when and why; never whose they were. */
  erasures: Omit<Erasure, 'principalDigest'>[];
}

export interface ReportRange {
  /** UTC ISO times, `from` before `to`. */
  from: string;
  to: string;
  minCell: number;
  timeZone?: string;
  retentionDays?: number;
}

/** Reads everything the report shows; and the receipts it counted, for the access log. */
export async function gatherReport(
  store: ReceiptStore,
  range: ReportRange,
): Promise<CommitteeReport & { rows: number }> {
  const { from, to, minCell } = range;
  const inRange = (at: string) => at >= from && at < to;
  const tally: Tally = { period: counts(), weeks: new Map(), titles: {} };
  const { rows, ...weekly } = await computeStats(tallying(matching(store, { from, to }), tally), {
    interval: 'week',
    minCell,
  });
  const [chain, keys, checkpoints, log, erasures] = await Promise.all([
    verifyChain(store),
    store.keys(),
    store.checkpoints(),
    store.accessLog({ from, to, limit: MAX_READS }),
    store.erasures(),
  ]);
  return {
    from,
    to,
    timeZone: range.timeZone ?? 'UTC',
    generatedAt: new Date().toISOString(),
    minCell,
    retentionDays: range.retentionDays ?? null,
    lastPurge: lastPurge(checkpoints),
    // Counts per event are left out: with decisions (their sum) shown, one hidden would be recovered.
    weekly: { ...weekly, buckets: weekly.buckets.map(({ events: _, ...bucket }) => bucket) },
    categoryTitles: tally.titles,
    totals: totals(tally, weekly.categories, minCell),
    chain,
    keys: keys.map(({ keyId, createdAt }) => ({ keyId, createdAt })),
    purges: checkpoints.filter((c) => inRange(c.purgedAt)),
    readers: readers(log),
    readersComplete: log.length < MAX_READS,
    erasures: erasures.filter((e) => inRange(e.at)).map(({ principalDigest: _, ...e }) => e),
    rows,
  };
}

/** What the period's totals are made of, for the period and for each week. */
interface Counts {
  decisions: number;
  gpc: number;
  granted: Record<string, number>;
}

interface Tally {
  period: Counts;
  weeks: Map<string, Counts>;
  titles: Record<string, Record<string, string>>;
}

const counts = (): Counts => ({ decisions: 0, gpc: 0, granted: {} });

/** Passes the rows on to the weekly statistics, counting totals and titles on the way: memory stays flat. */
async function* tallying(source: AsyncIterable<StoredRow>, tally: Tally): AsyncGenerator<StoredRow> {
  for await (const row of source) {
    const r = JSON.parse(row.body) as Receipt;
    for (const p of r.purposes) if (!p.required) (tally.titles[p.category] ??= {})[r.language] ??= p.title;
    if (r.event != 'expired') {
      const start = bucketStart(r.timestamp, 'week');
      const week = tally.weeks.get(start) ?? counts();
      tally.weeks.set(start, week);
      for (const c of [tally.period, week]) {
        c.decisions++;
        if (r.signals.gpc) c.gpc++;
        for (const p of r.purposes)
          if (!p.required && p.decision == 'granted') c.granted[p.category] = (c.granted[p.category] ?? 0) + 1;
      }
    }
    yield row;
  }
}

/**
 * The period's figures. Suppressing small weekly cells is not enough: the total minus the weeks
 * shown would give the hidden cells back. So a total is shown only when its own count, and what
 * its hidden weekly cells add up to, are each none or at least the minimum.
 */
function totals(tally: Tally, categories: string[], minCell: number): CommitteeReport['totals'] {
  const weeks = [...tally.weeks.values()];
  const shown = (of: (c: Counts) => number): number | null => {
    const n = of(tally.period);
    const hidden = weeks.map((w) => (w.decisions < minCell || of(w) < minCell ? of(w) : 0)).reduce((a, b) => a + b, 0);
    return (n > 0 && n < minCell) || (hidden > 0 && hidden < minCell) ? null : n;
  };
  const decisions = shown((c) => c.decisions);
  const share = (of: (c: Counts) => number) => {
    const n = shown(of);
    return n === null || !decisions ? null : Math.round((n / decisions) * 1000) / 1000;
  };
  return {
    decisions,
    gpc: share((c) => c.gpc),
    acceptance: Object.fromEntries(categories.map((category) => [category, share((c) => c.granted[category] ?? 0)])),
  };
}

function lastPurge(checkpoints: Checkpoint[]): CommitteeReport['lastPurge'] {
  const last = checkpoints.reduce<Checkpoint | null>((a, c) => (!a || c.purgedAt > a.purgedAt ? c : a), null);
  if (!last) return null;
  return {
    purgedAt: last.purgedAt,
    retentionDays: Math.round((Date.parse(last.purgedAt) - Date.parse(last.cutoff)) / 864e5),
  };
}

/** Who read how many rows in the period, and how many of their attempts were refused. */
function readers(log: AccessEntry[]): ReaderSummary[] {
  const by = new Map<string, ReaderSummary>();
  for (const e of log) {
    const r = by.get(e.actor) ?? { actor: e.actor, reads: 0, rows: 0, refused: 0 };
    if (e.refused) r.refused++;
    else {
      r.reads++;
      r.rows += e.rows;
    }
    by.set(e.actor, r);
  }
  return [...by.values()].sort((a, b) => b.rows - a.rows || a.actor.localeCompare(b.actor));
}
