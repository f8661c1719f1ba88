// Opt-in statistics over receipts, per day or week, optionally split by revision or language.
// A cell (a count, or a whole bucket) with fewer decisions than the minimum is suppressed, with
// the cells that would give it back by subtraction (stats-suppression.ts). They are read from the
// daily counts the store keeps as receipts commit (stats-counts.ts): a year answers without
// reading a year of receipts.
import { matching } from './export.js';
import type { Stats } from './api-types.js';
import { counterParts, countRow, type DailyCount, type DailyCounts } from './stats-counts.js';
import { publishedBuckets, type Tally } from './stats-suppression.js';
import type { ReceiptFilter, ReceiptStore, StoredRow } from './store/store.js';

export type { Cell, Stats, StatsBucket } from './api-types.js';

export interface StatsOptions {
  interval: 'day' | 'week';
  by?: 'revision' | 'language';
  /** Smallest number of decisions shown; smaller cells are suppressed. */
  minCell: number;
}

/** Statistics with the number of receipts they counted, for the access log. */
export type CountedStats = Stats & { rows: number };

/** The first day of the day or week (a Monday, UTC) a decision falls in. */
export const bucketStart = (timestamp: string, interval: 'day' | 'week') => {
  const day = new Date(timestamp.slice(0, 10) + 'T00:00:00Z');
  if (interval == 'week') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
};

const emptyTally = (start: string, group: string | undefined): Tally => ({
  start,
  ...(group === undefined ? {} : { group }),
  decisions: 0,
  events: {},
  granted: {},
  services: {},
  acceptAll: 0,
  rejectAll: 0,
  gpc: 0,
});

const add = (record: Record<string, number>, name: string, n: number) => (record[name] = (record[name] ?? 0) + n);

/** Adds one daily count to its bucket's tally. */
function tallyCount(t: Tally, kind: string, name: string, n: number): void {
  if (kind == 'decisions') t.decisions += n;
  else if (kind == 'event') add(t.events, name, n);
  else if (kind == 'granted') add(t.granted, name, n);
  else if (kind == 'grantedService') add(t.services, name, n);
  else if (kind == 'acceptAll') t.acceptAll += n;
  else if (kind == 'rejectAll') t.rejectAll += n;
  else if (kind == 'gpc') t.gpc += n;
}

/** Per bucket tallies from daily counts; the categories and services named; how many receipts. */
function tallyCounts(counts: Iterable<DailyCount>, options: StatsOptions) {
  const tallies = new Map<string, Tally>();
  const seen = new Map<string, number>();
  const starts = new Map<string, string>();
  let rows = 0;
  for (const { day, revision, language, counter, n } of counts) {
    if (!n) continue;
    const { kind, name } = counterParts(counter);
    if (kind == 'seen' || kind == 'seenService') {
      seen.set(counter, (seen.get(counter) ?? 0) + n);
      continue;
    }
    let start = starts.get(day);
    if (start === undefined) starts.set(day, (start = bucketStart(day, options.interval)));
    const group = options.by == 'revision' ? String(revision) : options.by == 'language' ? language : undefined;
    const key = `${start}|${group ?? ''}`;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = emptyTally(start, group)));
    if (kind == 'event') rows += n;
    tallyCount(t, kind, name, n);
  }
  const named = (kind: string) =>
    [...seen]
      .filter(([counter, n]) => n > 0 && counterParts(counter).kind == kind)
      .map(([counter]) => counterParts(counter).name)
      .sort();
  return { tallies, categories: named('seen'), services: named('seenService'), rows };
}

/**
 * Whether any receipt is left in a tally: each one counts its event. A day counted whole with a
 * part taken away (planRange) may leave a bucket, or a group, with none, which a scan never makes.
 */
const counted = (t: Tally) => Object.values(t.events).some((n) => n != 0);

/** The statistics that daily counts add up to, small cells suppressed (stats-suppression.ts). */
export function statsFromCounts(counts: Iterable<DailyCount>, options: StatsOptions): CountedStats {
  const { tallies, categories, services, rows } = tallyCounts(counts, options);
  const ordered = [...tallies.values()]
    .filter(counted)
    .sort(
      (a, b) =>
        a.start.localeCompare(b.start) || (a.group ?? '').localeCompare(b.group ?? '', undefined, { numeric: true }),
    );
  const buckets = publishedBuckets(ordered, { categories, services, minCell: options.minCell, split: !!options.by });
  return {
    interval: options.interval,
    by: options.by ?? null,
    minCell: options.minCell,
    categories,
    services,
    buckets,
    rows,
  };
}

/** Counts every row a scan gives into `counts`. */
async function countRows(rows: AsyncIterable<StoredRow>, counts: DailyCounts = new Map()): Promise<DailyCounts> {
  for await (const row of rows) countRow(counts, row);
  return counts;
}

/** Statistics over the receipts a scan gives, read one by one (the committee report's weeks). */
export async function computeStats(rows: AsyncIterable<StoredRow>, options: StatsOptions): Promise<CountedStats> {
  return statsFromCounts((await countRows(rows)).values(), options);
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HALF_DAY = 43_200_000;
const midnight = (day: string) => `${day}T00:00:00.000Z`;
const dayAfter = (time: string) => new Date(Date.parse(time.slice(0, 10)) + 86_400_000).toISOString().slice(0, 10);
const length = (piece: Piece) => Date.parse(piece.to) - Date.parse(piece.from);

/** A part of one UTC day, read receipt by receipt. */
export interface Piece {
  from: string;
  to: string;
}

/** How a range is answered: whole UTC days from the counts, plus and minus parts of days from the receipts. */
export interface RangePlan {
  days: { from?: string; to?: string };
  /** Parts of the days at the edges that lie inside the range, when the days are left out. */
  add: Piece[];
  /** Parts of the edge days outside the range, when the days are counted whole. */
  subtract: Piece[];
}

/**
 * Plans a time range: every UTC day it touches comes from the daily counts, and at each end the
 * shorter side of the edge day is read from the receipts (by their decided_at index): the part
 * outside the range, taken away from the whole day, or the part inside, the day left out. So no
 * edge reads more than half a day. Null when a time is not canonical or has no plain four-digit
 * year's day after it, or when the range is within one day and reading it is shorter.
 */
export function planRange({ from, to }: { from?: string; to?: string }): RangePlan | null {
  if ((from !== undefined && !CANONICAL.test(from)) || (to !== undefined && !CANONICAL.test(to))) return null;
  const firstDay = from?.slice(0, 10);
  const endDay = to === undefined ? undefined : to == midnight(to.slice(0, 10)) ? to.slice(0, 10) : dayAfter(to);
  if ([firstDay, endDay].some((day) => day !== undefined && !/^\d{4}-/.test(day))) return null;
  if (firstDay !== undefined && endDay !== undefined && firstDay >= endDay) return null;
  const before = from !== undefined && from != midnight(firstDay!) ? { from: midnight(firstDay!), to: from } : null;
  const after = to !== undefined && to != midnight(to.slice(0, 10)) ? { from: to, to: midnight(endDay!) } : null;
  const days = {
    ...(firstDay === undefined ? {} : { from: firstDay }),
    ...(endDay === undefined ? {} : { to: endDay }),
  };
  if (before && after && dayAfter(from!) == endDay) {
    const inside = { from: from!, to: to! };
    return length(inside) < length(before) + length(after) ? null : { days, add: [], subtract: [before, after] };
  }
  const plan: RangePlan = { days, add: [], subtract: [] };
  if (before && length(before) >= HALF_DAY) {
    plan.days.from = dayAfter(from!);
    plan.add.push({ from: from!, to: midnight(plan.days.from) });
  } else if (before) plan.subtract.push(before);
  if (after && length(after) >= HALF_DAY) {
    plan.days.to = to!.slice(0, 10);
    plan.add.push({ from: midnight(plan.days.to), to: to! });
  } else if (after) plan.subtract.push(after);
  return plan;
}

/**
 * `/v1/stats` and `temoin stats`: whole UTC days from the store's daily counts, the parts of days
 * at the edges of the range from the receipts themselves (planRange), so the answer is what a
 * scan of every receipt in the range would give.
 */
export async function storedStats(
  store: ReceiptStore,
  range: Pick<ReceiptFilter, 'from' | 'to'>,
  options: StatsOptions,
): Promise<CountedStats> {
  const plan = planRange(range);
  if (!plan) return computeStats(matching(store, range), options);
  const [days, added, taken] = await Promise.all([
    store.dailyCounts(plan.days, options.by),
    Promise.all(plan.add.map((piece) => store.decidedCounts(piece))),
    Promise.all(plan.subtract.map((piece) => store.decidedCounts(piece))),
  ]);
  const negated = taken.flat().map((count) => ({ ...count, n: -count.n }));
  return statsFromCounts([...days, ...added.flat(), ...negated], options);
}
