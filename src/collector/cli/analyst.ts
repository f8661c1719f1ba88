// The analysts' reads: receipt exports, statistics and the access log, on a local database
// (--db, --database-url) or a remote collector (--url with --token); either way they are logged
// (cli/reader.ts). Data goes to stdout, progress and summaries to stderr, so pipes stay clean.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { Readable, type Writable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { exportStream, matching, type ExportFormat } from '../export.js';
import { parseFilter, parseTimeRange } from '../filters.js';
import { computeStats, type Stats } from '../stats.js';
import type { AccessEntry } from '../store/store.js';
import { whereOptions, type Where } from './options.js';
import { LineCounter, progress } from './progress.js';
import { read } from './reader.js';
import { table } from './table.js';

const filterOptions = (command: Command) =>
  command
    .option('--from <date>', 'decisions from this day or time (inclusive)')
    .option('--to <date>', 'decisions before this day or time')
    .option('--category <id>', 'receipts in which this category was granted (or --decision)')
    .option('--decision <granted|refused>', 'with --category')
    .option('--event <event>', 'given, refused, updated, withdrawn or expired')
    .option('--revision <n>', 'config revision')
    .option('--principal <id>', 'one visitor, for an access request: the full id, or its first 8 characters or more');

async function exportReceipts(o: Where & Record<string, string | undefined> & { format: ExportFormat }): Promise<void> {
  const query = {
    from: o.from,
    to: o.to,
    category: o.category,
    decision: o.decision,
    event: o.event,
    revision: o.revision,
    principal: o.principal,
  };
  const filter = parseFilter(query);
  const count = progress();
  const out = process.stdout as Writable;
  await read(o, {
    remote: {
      path: 'v1/receipts',
      query: { ...query, format: o.format },
      async answer(response) {
        await pipeline(Readable.fromWeb(response.body! as ReadableStream), new LineCounter(o.format, count.row), out);
        count.done();
      },
    },
    action: 'temoin receipts export',
    local: () => async (store, log) => {
      try {
        await pipeline(exportStream(matching(store, filter), o.format, count.row), out);
      } finally {
        await log({ ...filter, format: o.format }, count.done());
      }
    },
  });
}

type StatsFlags = Where & {
  from?: string;
  to?: string;
  interval: 'day' | 'week';
  by?: 'revision' | 'language';
  min: string;
  json?: boolean;
};

const readStats = (o: StatsFlags) =>
  read<Stats>(o, {
    remote: {
      path: 'v1/stats',
      query: { from: o.from, to: o.to, interval: o.interval, by: o.by, min: o.min },
      answer: async (response) => (await response.json()) as Stats,
    },
    action: 'temoin stats',
    local() {
      const minCell = Number(o.min);
      if (!Number.isInteger(minCell) || minCell < 1)
        throw new InvalidArgumentError(`--min must be a whole number ≥ 1, not "${o.min}"`);
      const filter = parseFilter({ from: o.from, to: o.to });
      return async (store, log) => {
        const { rows, ...result } = await computeStats(matching(store, filter), {
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
        o.interval == 'week' ? 'week of' : 'day',
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
  process.stderr.write(`cells under ${stats.minCell} decisions are suppressed\n`);
}

async function printAccessLog(o: Where & { from?: string; to?: string; limit: string; json?: boolean }): Promise<void> {
  const limit = Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidArgumentError(`--limit must be a whole number ≥ 1, not "${o.limit}"`);
  const entries = await read<AccessEntry[]>(o, {
    remote: {
      path: 'v1/access-log',
      query: { from: o.from, to: o.to, limit },
      answer: async (response) => ((await response.json()) as { entries: AccessEntry[] }).entries,
    },
    action: 'temoin access-log',
    local() {
      const range = parseTimeRange({ from: o.from, to: o.to });
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
          ['at', 'who', 'what', 'filters', 'rows'],
          entries.map((e) => [
            e.at,
            e.actor,
            e.refused ? `${e.action} (refused: ${e.refused})` : e.action,
            JSON.stringify(e.filters),
            e.rows,
          ]),
        ),
  );
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

  whereOptions(cli.command('stats').description('Opt-in statistics per day or week; small cells are suppressed.'))
    .option('--from <date>', 'from this day or time (inclusive)')
    .option('--to <date>', 'before this day or time')
    .addOption(new Option('--interval <interval>', 'day or week').choices(['day', 'week']).default('day'))
    .addOption(new Option('--by <split>', 'revision or language').choices(['revision', 'language']))
    .addOption(new Option('--min <n>', 'smallest cell shown').env('TEMOIN_MIN_CELL').default('5'))
    .option('--json', 'JSON for scripts')
    .action(printStats);

  whereOptions(cli.command('access-log').description('Who read what, when, and how many rows (admins).'))
    .option('--from <date>', 'from this day or time')
    .option('--to <date>', 'before this day or time')
    .option('--limit <n>', 'newest entries shown', '100')
    .option('--json', 'JSON for scripts')
    .action(printAccessLog);
}
