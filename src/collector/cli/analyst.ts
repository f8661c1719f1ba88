// The analysts' reads: receipt exports, statistics and the access log, on a local database
// (--db, --database-url) or a remote collector (--url with --token); either way they are logged
// (cli/reader.ts). Data goes to stdout, progress and summaries to stderr, so pipes stay clean.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Readable, type Writable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { canonicalJson } from '../../receipts/canonical.js';
import { erasedReceiptMessage } from '../erasure.js';
import { jsonLine } from '../export-encoding.js';
import { countSent, exportPages, exportStream, type ExportFormat } from '../export.js';
import { parseFilter, parseTimeRange, UUID } from '../filters.js';
import { storedStats, type Stats } from '../stats.js';
import type { AccessEntry, ReceiptStore, StoredRow } from '../store/store.js';
import { rangeText, readDate, showDate, tzOption, zoned, UTC } from './dates.js';
import { whereOptions, type Where } from './options.js';
import { LineCounter, progress } from './progress.js';
import { read } from './reader.js';
import { plural, table } from './table.js';

const filterOptions = (command: Command) =>
  command
    .option('--from <date>', 'decisions from this day or time (inclusive), in --tz')
    .option('--to <date>', 'decisions before this day or time, in --tz')
    .option('--category <id>', 'receipts in which this category was granted (or --decision)')
    .option('--decision <granted|refused>', 'with --category')
    .option('--event <event>', 'given, refused, updated, withdrawn or expired')
    .option('--revision <n>', 'config revision')
    .option('--principal <id>', 'one visitor, for an access request: the full id, or its first 8 characters or more')
    .addOption(tzOption());

async function exportReceipts(
  o: Where & Record<string, string | undefined> & { format: ExportFormat; tz: string },
): Promise<void> {
  const query = {
    from: readDate(o.from, o.tz, '--from'),
    to: readDate(o.to, o.tz, '--to'),
    category: o.category,
    decision: o.decision,
    event: o.event,
    revision: o.revision,
    principal: o.principal,
  };
  const filter = parseFilter(query);
  const count = progress();
  const out = process.stdout as Writable;
  // A hint when --category may be a typo; a local read only, since the API lists no categories.
  const hint = await read<string | null>(o, {
    remote: {
      path: 'v1/receipts',
      query: { ...query, format: o.format },
      async answer(response) {
        await pipeline(Readable.fromWeb(response.body! as ReadableStream), new LineCounter(o.format, count.row), out);
        return null;
      },
    },
    action: 'temoin receipts export',
    local: () => async (store, log) => {
      const sent = countSent(out);
      try {
        await pipeline(exportStream(exportPages(store, filter, o.format), o.format, count.row), out);
      } finally {
        // The rows stdout took, even when the export stopped short (a closed pipe).
        await log({ ...filter, format: o.format }, sent());
      }
      return filter.category && !count.rows() ? unknownCategory(store, filter.category) : null;
    },
  });
  // Only an export that went through says so: a closed pipe or a failure throws before this.
  count.done(rangeText(filter, o.tz) && ` decided${rangeText(filter, o.tz)}`);
  if (hint) process.stderr.write(`temoin: ${hint}\n`);
}

/** Why a --category that matched nothing may be a typo: no receipt or stored config names it; or null. */
async function unknownCategory(store: ReceiptStore, category: string): Promise<string | null> {
  const [chosen, configured] = await Promise.all([store.categoriesChosen(), store.configCategories()]);
  const known = [...new Set([...chosen, ...configured])].sort();
  if (known.includes(category)) return null;
  return `no stored receipt counts a choice on category "${category}" and no stored config names it: check the id${known.length ? ` (known: ${known.join(', ')})` : ''}`;
}

/** One receipt, or why there is none to show: never stored, or erased (a tombstone). */
type Found = { row: StoredRow } | { missing: string };

async function getReceipt(id: string, o: Where): Promise<void> {
  const receiptId = (id.trim() || id).toLowerCase();
  if (!new RegExp(UUID).test(receiptId)) throw new InvalidArgumentError(`"${id}" is not a receipt id (a UUID)`);
  const found = await read<Found>(o, {
    remote: {
      path: `v1/receipts/${receiptId}`,
      query: {},
      answers: [404, 410],
      async answer(response) {
        if (response.status == 404) return { missing: `no receipt ${receiptId}` };
        // The collector's own words for a tombstone, as a local read says them.
        if (response.status == 410) return { missing: ((await response.json()) as { error: string }).error };
        const { receipt, ...chain } = (await response.json()) as Omit<StoredRow, 'body'> & { receipt: unknown };
        return { row: { ...chain, body: canonicalJson(receipt) } };
      },
    },
    action: 'temoin receipts get',
    local: () => async (store, log) => {
      const row = await store.receipt(receiptId);
      // A tombstone holds nothing of the visitor: no row read.
      await log({ receiptId }, row && !row.erasedAt ? 1 : 0);
      if (!row) return { missing: `no receipt ${receiptId}` };
      return row.erasedAt ? { missing: erasedReceiptMessage(row) } : { row };
    },
  });
  if ('missing' in found) {
    process.stderr.write(`temoin: ${found.missing}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(jsonLine(found.row));
}

type StatsFlags = Where & {
  from?: string;
  to?: string;
  tz: string;
  interval: 'day' | 'week';
  by?: 'revision' | 'language';
  minCell: string;
  /** The older name of --min-cell, still read. */
  min?: string;
  json?: boolean;
};

/** --min-cell and --min on one command line would be two answers: neither is picked. */
function oneSmallestCell(command: Command): void {
  if (command.getOptionValueSource('min') == 'cli' && command.getOptionValueSource('minCell') == 'cli')
    throw new InvalidArgumentError('--min-cell and --min are the same flag (--min is its old name): give one');
}

/** --min-cell, or --min as it was first called. */
const smallestCell = (o: StatsFlags) => o.min ?? o.minCell;

/** The API's refusal of a statistics query in the CLI's words: `min` is --min-cell, `from` --from. */
const asFlags = (message: string) =>
  message.replace(/^(min|from|to|interval|by)\b/, (name) => (name == 'min' ? '--min-cell' : `--${name}`));

const readStats = (o: StatsFlags) =>
  read<Stats>(o, {
    remote: {
      path: 'v1/stats',
      query: {
        from: readDate(o.from, o.tz, '--from'),
        to: readDate(o.to, o.tz, '--to'),
        interval: o.interval,
        by: o.by,
        min: smallestCell(o),
      },
      answers: [400],
      async answer(response) {
        if (response.status != 400) return (await response.json()) as Stats;
        throw new InvalidArgumentError(asFlags(((await response.json()) as { error: string }).error));
      },
    },
    action: 'temoin stats',
    local() {
      const minCell = Number(smallestCell(o));
      if (!Number.isInteger(minCell) || minCell < 1)
        throw new InvalidArgumentError(`--min-cell must be a whole number ≥ 1, not "${smallestCell(o)}"`);
      const filter = parseFilter({ from: readDate(o.from, o.tz, '--from'), to: readDate(o.to, o.tz, '--to') });
      return async (store, log) => {
        const { rows, ...result } = await storedStats(store, filter, {
          interval: o.interval,
          ...(o.by ? { by: o.by } : {}),
          minCell,
        });
        await log({ ...filter, interval: o.interval, by: o.by, min: minCell }, rows);
        return result;
      };
    },
  });

async function printStats(o: StatsFlags): Promise<void> {
  const stats = await readStats(o);
  if (o.json) {
    console.log(JSON.stringify(stats));
    return;
  }
  const pct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${(n * 100).toFixed(1)} %`);
  // Services get a column of their own where a visitor can choose among them: in categories of more than one.
  const category = (s: string) => s.slice(0, s.indexOf('/'));
  const services = stats.services.filter((s) => stats.services.filter((o) => category(o) == category(s)).length > 1);
  console.log(
    table(
      [
        // Buckets are UTC days (and weeks from a UTC Monday), whatever --tz says.
        zoned(o.interval == 'week' ? 'week of' : 'day', UTC),
        ...(stats.by ? [stats.by] : []),
        'decisions',
        ...stats.categories,
        ...services,
        'accept all',
        'reject all',
        'GPC',
      ],
      stats.buckets.map((b) =>
        b.suppressed
          ? [
              b.start,
              ...(stats.by ? [b.group] : []),
              `< ${stats.minCell}`,
              ...stats.categories.map(() => '·'),
              ...services.map(() => '·'),
              '·',
              '·',
              '·',
            ]
          : [
              b.start,
              ...(stats.by ? [b.group] : []),
              b.decisions,
              ...stats.categories.map((c) => pct(b.acceptance?.[c])),
              ...services.map((s) => pct(b.serviceAcceptance?.[s])),
              pct(b.acceptAll),
              pct(b.rejectAll),
              pct(b.gpc),
            ],
      ),
    ),
  );
  process.stderr.write(`cells under ${plural(stats.minCell, 'decision')} are suppressed\n`);
}

async function printAccessLog(
  o: Where & { from?: string; to?: string; limit: string; json?: boolean; tz: string },
): Promise<void> {
  const from = readDate(o.from, o.tz, '--from');
  const to = readDate(o.to, o.tz, '--to');
  const limit = Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidArgumentError(`--limit must be a whole number ≥ 1, not "${o.limit}"`);
  const entries = await read<AccessEntry[]>(o, {
    remote: {
      path: 'v1/access-log',
      query: { from, to, limit },
      answer: async (response) => ((await response.json()) as { entries: AccessEntry[] }).entries,
    },
    action: 'temoin access-log',
    local() {
      const range = parseTimeRange({ from, to });
      return async (store, log) => {
        const found = await store.accessLog({ ...range, limit });
        await log({ ...range, limit }, found.length);
        return found;
      };
    },
  });
  console.log(
    o.json
      ? JSON.stringify(entries)
      : table(
          [zoned('at', o.tz), 'who', 'what', 'filters', 'rows'],
          entries.map((e) => [
            showDate(e.at, o.tz),
            e.actor,
            e.refused ? `${e.action} (refused: ${e.refused})` : e.action,
            JSON.stringify(zonedFilters(e.filters, o.tz)),
            e.rows,
          ]),
        ),
  );
}

/** An access-log entry's filters with their times in the zone, as the rest of the row. */
function zonedFilters(filters: Record<string, unknown>, tz: string): Record<string, unknown> {
  const shown = { ...filters };
  for (const k of ['from', 'to']) if (typeof shown[k] == 'string') shown[k] = showDate(shown[k], tz);
  return shown;
}

export function analystCommands(cli: Command): void {
  const receipts = cli.command('receipts').description('Consent receipts.');
  filterOptions(
    whereOptions(
      receipts.command('export').description('Streams every matching receipt to stdout, as JSON lines or CSV.'),
    ),
  )
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).default('jsonl'))
    .action(exportReceipts);

  whereOptions(
    receipts
      .command('get')
      .description(
        'One receipt with its place in the chain, as an exported JSON line (temoin verify-receipt reads it). Exits 1 when there is no such receipt.',
      )
      .argument('<receiptId>', 'the receipt id (a UUID)'),
  ).action(getReceipt);

  whereOptions(cli.command('stats').description('Opt-in statistics per day or week; small cells are suppressed.'))
    .option('--from <date>', 'from this day or time (inclusive), in --tz')
    .option('--to <date>', 'before this day or time, in --tz')
    .addOption(tzOption())
    .addOption(new Option('--interval <interval>', 'day or week').choices(['day', 'week']).default('day'))
    .addOption(new Option('--by <split>', 'revision or language').choices(['revision', 'language']))
    .addOption(
      new Option('--min-cell <n>', 'smallest cell shown; smaller ones are suppressed')
        .env('TEMOIN_MIN_CELL')
        .default('5'),
    )
    // Its first name, as the API's `min`: scripts written with it keep working.
    .addOption(new Option('--min <n>').hideHelp())
    .option('--json', 'JSON for scripts')
    .hook('preAction', oneSmallestCell)
    .action(printStats);

  whereOptions(cli.command('access-log').description('Who read what, when, and how many rows (admins).'))
    .option('--from <date>', 'from this day or time, in --tz')
    .option('--to <date>', 'before this day or time, in --tz')
    .addOption(tzOption())
    .option('--limit <n>', 'newest entries shown', '100')
    .option('--json', 'JSON for scripts')
    .action(printAccessLog);
}
