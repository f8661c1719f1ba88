// What `temoin access-log` does: who read what, when, and how many rows, from the local database
// or a remote collector. Imported only when access-log runs (cli/analyst.ts).
import { InvalidArgumentError } from 'commander';
import { parseTimeRange } from '../../filters.js';
import type { AccessEntry } from '../../store/store.js';
import { readDate, showDate, zoned } from '../dates.js';
import type { Where } from '../options.js';
import { read } from '../reader.js';
import { table } from '../table.js';

export type AccessLogFlags = Where & { from?: string; to?: string; limit: string; json?: boolean; tz: string };

export async function printAccessLog(o: AccessLogFlags): Promise<void> {
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
