// What `temoin report` does: gathers the privacy committee's report for a period from the local
// store, logs the read, and writes it as HTML or JSON. Imported only when report runs (cli/report.ts).
import { InvalidArgumentError } from 'commander';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { logAccess } from '../../access.js';
import { parseTimeRange } from '../../filters.js';
import { gatherReport, type CommitteeReport } from '../../report/gather.js';
import { reportHtml } from '../../report/html.js';
import type { ReportLang } from '../../report/i18n.js';
import { withStore } from '../../store/open.js';
import { readDate, showDate } from '../dates.js';
import { plural } from '../table.js';
import { checkOut, writeOut, type OutFlags } from './out-file.js';

export interface ReportFlags extends OutFlags {
  db: string;
  databaseUrl?: string;
  from: string;
  to: string;
  format: 'html' | 'json';
  lang: ReportLang;
  minCell: number;
  retentionDays?: number;
  tz: string;
}

/** --from and --to as UTC times, checked before the database is opened. */
function period(o: ReportFlags): { from: string; to: string } {
  for (const [flag, value] of [
    ['--from', o.from],
    ['--to', o.to],
  ] as const) {
    if (!value.trim()) throw new InvalidArgumentError(`${flag} is empty; give a day (2026-01-01) or an ISO 8601 time`);
  }
  const range = parseTimeRange({ from: readDate(o.from, o.tz, '--from'), to: readDate(o.to, o.tz, '--to') });
  const { from, to } = range as { from: string; to: string };
  if (from >= to)
    throw new InvalidArgumentError(
      `--from (${o.from}) must be before --to (${o.to}): --to is the first day after the period`,
    );
  return { from, to };
}

export async function runReport(o: ReportFlags): Promise<void> {
  const range = period(o);
  await checkOut(o);
  const actor = `cli:${userInfo().username}`;
  const report = await withStore(o, async (store) => {
    let gathered: (CommitteeReport & { rows: number }) | undefined;
    try {
      gathered = await gatherReport(store, {
        ...range,
        minCell: o.minCell,
        timeZone: o.tz,
        ...(o.retentionDays ? { retentionDays: o.retentionDays } : {}),
      });
      return gathered;
    } finally {
      await logAccess(store, {
        at: new Date().toISOString(),
        actor,
        tokenId: null,
        action: 'temoin report',
        filters: { ...range, min: o.minCell, format: o.format, lang: o.lang },
        rows: gathered?.rows ?? 0,
      });
    }
  });
  const { rows, ...shown } = report;
  const text = o.format == 'json' ? JSON.stringify(shown, null, 2) + '\n' : reportHtml(shown, o.lang);
  const kind = o.format == 'json' ? 'JSON' : `${o.lang == 'fr' ? 'French' : 'English'} HTML`;
  const what = `${kind} report from ${showDate(range.from, o.tz)} to ${showDate(range.to, o.tz)} (${o.tz}), ${plural(rows, 'receipt')} counted`;
  if (!o.out) {
    process.stdout.write(text);
    process.stderr.write(`${what}\n`);
    return;
  }
  // Who read what and the erasures' reasons: readable by the owner only.
  await writeOut({ ...o, out: o.out }, text);
  console.log(`wrote ${resolve(o.out)} (${Buffer.byteLength(text)} bytes): ${what}`);
}
