// `temoin report --from … --to …`: the privacy committee's report for a period, as one
// self-contained HTML page (or JSON for scripts), in French or English, to stdout or --out. The
// read is logged in the access log as every analyst's read is.
// Its flags only: what it does (cli/run/report.ts) is imported when it runs.
import { Option, type Command } from 'commander';
import { tzOption } from './dates.js';
import { integer, storeOptions } from './options.js';
import type { ReportFlags } from './run/report.js';

export function reportCommand(cli: Command): void {
  storeOptions(
    cli
      .command('report')
      .description(
        "The privacy committee's report for a period: decisions and acceptance per week (small cells suppressed), GPC share, chain status, keys, retention and purges, who read how much, erasures. One self-contained HTML page, or JSON.",
      ),
  )
    .requiredOption('--from <date>', 'first day (2026-01-01) or ISO 8601 time of the period, in --tz')
    .requiredOption('--to <date>', 'the day after the period (2026-04-01), or an ISO 8601 time, in --tz')
    .addOption(new Option('--format <format>', 'html or json').choices(['html', 'json']).default('html'))
    .addOption(new Option('--lang <lang>', 'fr or en').choices(['fr', 'en']).env('TEMOIN_LANG').default('fr'))
    .option('--out <file>', 'write the report to this file instead of stdout (a file that exists is refused)')
    .option('--force', 'replace the --out file if it exists')
    .addOption(
      new Option('--min-cell <n>', 'smallest cell shown; smaller ones are suppressed')
        .env('TEMOIN_MIN_CELL')
        .default(5)
        .argParser(integer(1)),
    )
    .addOption(
      new Option('--retention-days <n>', 'the retention period the collector applies, to state it')
        .env('TEMOIN_RETENTION_DAYS')
        .argParser(integer(1)),
    )
    .addOption(tzOption())
    .action(async (o: ReportFlags) => (await import('./run/report.js')).runReport(o));
}
