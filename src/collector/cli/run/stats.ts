// What `temoin stats` does: opt-in statistics per day or week from the local database or a remote
// collector, small cells suppressed, as a table or JSON. Imported only when stats runs (cli/analyst.ts).
import { InvalidArgumentError } from 'commander';
import { parseFilter } from '../../filters.js';
import { storedStats, type Stats } from '../../stats.js';
import { readDate, zoned, UTC } from '../dates.js';
import type { Where } from '../options.js';
import { read } from '../reader.js';
import { plural, table } from '../table.js';

export type StatsFlags = Where & {
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

export async function printStats(o: StatsFlags): Promise<void> {
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
