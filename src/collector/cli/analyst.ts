// The analysts' reads: receipt exports, statistics and the access log, on a local database
// (--db, --database-url) or a remote collector (--url with --token); either way they are logged
// (cli/reader.ts). Data goes to stdout, progress and summaries to stderr, so pipes stay clean.
// Their flags only: what each does is imported when it runs (cli/run/), so that a `--help` never
// loads the filters' schema validator or a database driver.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { tzOption } from './dates.js';
import { whereOptions, type Where } from './options.js';
import type { AccessLogFlags } from './run/access-log.js';
import type { ExportFlags } from './run/receipts.js';
import type { StatsFlags } from './run/stats.js';

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

/** --min-cell and --min on one command line would be two answers: neither is picked. */
function oneSmallestCell(command: Command): void {
  if (command.getOptionValueSource('min') == 'cli' && command.getOptionValueSource('minCell') == 'cli')
    throw new InvalidArgumentError('--min-cell and --min are the same flag (--min is its old name): give one');
}

export function analystCommands(cli: Command): void {
  const receipts = cli.command('receipts').description('Consent receipts.');
  filterOptions(
    whereOptions(
      receipts.command('export').description('Streams every matching receipt to stdout, as JSON lines or CSV.'),
    ),
  )
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).default('jsonl'))
    .action(async (o: ExportFlags) => (await import('./run/receipts.js')).exportReceipts(o));

  whereOptions(
    receipts
      .command('get')
      .description(
        'One receipt with its place in the chain, as an exported JSON line (temoin verify-receipt reads it). Exits 1 when there is no such receipt.',
      )
      .argument('<receiptId>', 'the receipt id (a UUID)'),
  ).action(async (id: string, o: Where) => (await import('./run/receipts.js')).getReceipt(id, o));

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
    .action(async (o: StatsFlags) => (await import('./run/stats.js')).printStats(o));

  whereOptions(cli.command('access-log').description('Who read what, when, and how many rows (admins).'))
    .option('--from <date>', 'from this day or time, in --tz')
    .option('--to <date>', 'before this day or time, in --tz')
    .addOption(tzOption())
    .option('--limit <n>', 'newest entries shown', '100')
    .option('--json', 'JSON for scripts')
    .action(async (o: AccessLogFlags) => (await import('./run/access-log.js')).printAccessLog(o));
}
