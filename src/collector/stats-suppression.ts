// Which statistics cells are shown. A cell under the minimum is suppressed (primary), and so are
// enough others that no suppressed cell can be worked back out by subtraction (complementary):
// in every group of cells that adds up to a published total, the suppressed cells sum to 0 or to
// at least the minimum. The groups: a bucket's events (given, refused, updated, withdrawn) and its
// decisions; each count behind a share and its complement (granted and not granted, of the
// decisions); accept-all and reject-all and the rest; and with a split (by revision or language)
// the split buckets of a day or week against that bucket unsplit, which any reader can ask for.
import { EVENTS } from './filters.js';
import type { StatsBucket } from './api-types.js';

/** What one bucket (one day or week, one group of a split) counted. */
export interface Tally {
  start: string;
  group?: string;
  decisions: number;
  events: Record<string, number>;
  granted: Record<string, number>;
  /** By `category/service`. */
  services: Record<string, number>;
  acceptAll: number;
  rejectAll: number;
  gpc: number;
}

const DECISIONS = 'decisions';
/** The events that are decisions: they add up to `decisions` (an expiry is not one). */
const DECIDING = EVENTS.filter((e) => e != 'expired').map((e) => `event:${e}`);

interface Bucket {
  tally: Tally;
  cells: Map<string, number>;
  hidden: Set<string>;
  suppressed: boolean;
}

/** One cell of one bucket, and its count. */
interface Ref {
  bucket: Bucket;
  key: string;
  n: number;
}

/** Cells that add up to a published total; `unshown` is the part of the total no cell shows (a complement). */
interface Group {
  refs: Ref[];
  unshown: number;
}

function cellsOf(t: Tally, categories: string[], services: string[]): Map<string, number> {
  return new Map([
    [DECISIONS, t.decisions],
    ...EVENTS.map((e) => [`event:${e}`, t.events[e] ?? 0] as const),
    ...categories.map((c) => [`granted:${c}`, t.granted[c] ?? 0] as const),
    ...services.map((s) => [`service:${s}`, t.services[s] ?? 0] as const),
    ['acceptAll', t.acceptAll],
    ['rejectAll', t.rejectAll],
    ['gpc', t.gpc],
  ]);
}

const refOf = (bucket: Bucket, key: string): Ref => ({ bucket, key, n: bucket.cells.get(key) ?? 0 });
const isHidden = (r: Ref) => r.bucket.suppressed || r.bucket.hidden.has(r.key);

function hide(r: Ref): void {
  // A bucket without its decisions shows nothing: every share is of them.
  if (r.key == DECISIONS) r.bucket.suppressed = true;
  else r.bucket.hidden.add(r.key);
}

/** A bucket's groups: its decisions split by event, and each shared count with its complement. */
function groupsOf(bucket: Bucket): Group[] {
  const total = bucket.cells.get(DECISIONS)!;
  const ref = (key: string) => refOf(bucket, key);
  const withComplement = (keys: string[]): Group => ({
    refs: keys.map(ref),
    unshown: total - keys.reduce((sum, key) => sum + (bucket.cells.get(key) ?? 0), 0),
  });
  const shares = [...bucket.cells.keys()].filter((k) => k != DECISIONS && !k.startsWith('event:'));
  return [
    { refs: DECIDING.map(ref), unshown: 0 },
    ...shares.map((key) => withComplement([key])),
    withComplement(['acceptAll', 'rejectAll']),
  ];
}

/** Hides the smallest shown cell of a group whose suppressed cells add up to under the minimum; that cell, or null. */
function protect(group: Group, minCell: number): Ref | null {
  let hiddenSum = group.unshown;
  for (const r of group.refs) if (isHidden(r)) hiddenSum += r.n;
  if (hiddenSum == 0 || hiddenSum >= minCell) return null;
  // Zeros stay shown: hiding one adds nothing to the sum.
  let next: Ref | null = null;
  for (const r of group.refs) if (!isHidden(r) && r.n > 0 && (!next || r.n < next.n)) next = r;
  if (next) hide(next);
  return next;
}

function primary(tally: Tally, categories: string[], services: string[], minCell: number): Bucket {
  const cells = cellsOf(tally, categories, services);
  const hidden = new Set([...cells].filter(([, n]) => n > 0 && n < minCell).map(([key]) => key));
  return { tally, cells, hidden, suppressed: tally.decisions < minCell };
}

/**
 * Applies every group until none needs another cell hidden. A cell hidden can only matter to the
 * groups it is in (all of its bucket's, when that is its decisions), which are checked again.
 */
function settle(groups: Group[], minCell: number): void {
  const touching = new Map<Bucket, Map<string, Group[]>>();
  for (const group of groups)
    for (const { bucket, key } of group.refs) {
      let byKey = touching.get(bucket);
      if (!byKey) touching.set(bucket, (byKey = new Map<string, Group[]>()));
      const list = byKey.get(key);
      if (list) list.push(group);
      else byKey.set(key, [group]);
    }
  const queue = [...groups];
  const queued = new Set(groups);
  while (queue.length) {
    const group = queue.pop()!;
    queued.delete(group);
    const hidden = protect(group, minCell);
    if (!hidden) continue;
    const byKey = touching.get(hidden.bucket);
    const again = hidden.key == DECISIONS ? [...(byKey?.values() ?? [])].flat() : (byKey?.get(hidden.key) ?? []);
    for (const g of [group, ...again])
      if (!queued.has(g)) {
        queued.add(g);
        queue.push(g);
      }
  }
}

/** The split buckets of one day or week against that bucket unsplit, cell by cell where it shows the cell. */
function splitGroups(split: Bucket[], categories: string[], services: string[], minCell: number): Group[] {
  const whole = primary(sumOf(split.map((b) => b.tally)), categories, services, minCell);
  if (!whole.suppressed) settle(groupsOf(whole), minCell);
  if (whole.suppressed) return [];
  return [...whole.cells.keys()]
    .filter((key) => !whole.hidden.has(key))
    .map((key) => ({ refs: split.map((bucket) => refOf(bucket, key)), unshown: 0 }));
}

function sumOf(tallies: Tally[]): Tally {
  const add = (records: Record<string, number>[]) => {
    const sum: Record<string, number> = {};
    for (const r of records) for (const [k, n] of Object.entries(r)) sum[k] = (sum[k] ?? 0) + n;
    return sum;
  };
  const total = (pick: (t: Tally) => number) => tallies.reduce((sum, t) => sum + pick(t), 0);
  return {
    start: tallies[0]!.start,
    decisions: total((t) => t.decisions),
    events: add(tallies.map((t) => t.events)),
    granted: add(tallies.map((t) => t.granted)),
    services: add(tallies.map((t) => t.services)),
    acceptAll: total((t) => t.acceptAll),
    rejectAll: total((t) => t.rejectAll),
    gpc: total((t) => t.gpc),
  };
}

function shown(bucket: Bucket, categories: string[], services: string[]): StatsBucket {
  const t = bucket.tally;
  const head = { start: t.start, ...(t.group === undefined ? {} : { group: t.group }) };
  if (bucket.suppressed) return { ...head, suppressed: true };
  const cell = (key: string) => (bucket.hidden.has(key) ? null : bucket.cells.get(key)!);
  const share = (key: string) => {
    const n = cell(key);
    return n === null ? null : Math.round((n / t.decisions) * 1000) / 1000;
  };
  return {
    ...head,
    suppressed: false,
    decisions: t.decisions,
    events: Object.fromEntries(EVENTS.map((e) => [e, cell(`event:${e}`)])) as StatsBucket['events'],
    acceptance: Object.fromEntries(categories.map((c) => [c, share(`granted:${c}`)])),
    serviceAcceptance: Object.fromEntries(services.map((s) => [s, share(`service:${s}`)])),
    acceptAll: share('acceptAll'),
    rejectAll: share('rejectAll'),
    gpc: share('gpc'),
  };
}

/**
 * The buckets as published, in the order given: suppressed where a cell, or a complement or a
 * difference with the unsplit bucket, would show fewer decisions than the minimum. `split` says
 * the tallies are groups of a split, to be checked against their day's or week's total.
 */
export function publishedBuckets(
  tallies: Tally[],
  {
    categories,
    services,
    minCell,
    split,
  }: { categories: string[]; services: string[]; minCell: number; split: boolean },
): StatsBucket[] {
  const buckets = tallies.map((t) => primary(t, categories, services, minCell));
  const byStart = new Map<string, Bucket[]>();
  for (const b of buckets) {
    const same = byStart.get(b.tally.start);
    if (same) same.push(b);
    else byStart.set(b.tally.start, [b]);
  }
  const across = split
    ? [...byStart.values()].flatMap((group) => splitGroups(group, categories, services, minCell))
    : [];
  settle([...buckets.filter((b) => !b.suppressed).flatMap(groupsOf), ...across], minCell);
  return buckets.map((b) => shown(b, categories, services));
}
