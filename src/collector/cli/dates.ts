// Dates the CLI reads and prints, in one time zone (--tz, UTC unless told), always said: a day
// given as --from 2026-01-01 is that day's midnight in the zone, and every time printed carries
// its offset. The collector itself keeps and answers UTC.
import { InvalidArgumentError, Option } from 'commander';
import { calendarDay } from '../calendar-day.js';

export const UTC = 'UTC';

/** The IANA zone name, checked by the platform's own time zone data. */
function zone(value: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a time zone; give an IANA name such as America/Toronto, or UTC`);
  }
}

/** --tz, for every command that reads or prints dates. */
export const tzOption = () =>
  new Option('--tz <zone>', 'time zone of the dates given and shown, e.g. America/Toronto')
    .env('TEMOIN_TZ')
    .default(UTC)
    .argParser(zone);

const DAY_MS = 86_400_000;

/** A wall time's fields as milliseconds, as if it were UTC (years 0 to 99 are not 1900 to 1999). */
function wallTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const at = new Date(0);
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(h, mi, s, ms);
  return at.getTime();
}

/** Minutes the zone is ahead of UTC at this instant. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type == type)!.value);
  const wall = wallTime(part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second'), 0);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * The instant the zone's clocks show `wall` at one of `offsets`: the first one where they go back
 * and show it twice, null where they go forward and skip it.
 */
function instantOf(wall: number, offsets: number[], timeZone: string): number | null {
  const found = offsets.filter((o) => offsetAt(wall - o * 60_000, timeZone) == o).map((o) => wall - o * 60_000);
  return found.length ? Math.min(...found) : null;
}

/**
 * A day or a time without offset, read in the zone, as a UTC ISO time; a time with its offset
 * (or Z) as given. Anything else is returned as is, for the filter's own check to name. A day or
 * time that does not exist (2026-02-30, 24:00, an hour the clocks skip) is refused, naming
 * `flag`: it must never become another one, which would move the range. A day whose midnight
 * the clocks skip starts when they resume.
 */
export function readDate(value: string | undefined, timeZone: string, flag: string): string | undefined {
  const m = value === undefined ? null : LOCAL.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi = '0', s = '0', ms = '0'] = m;
  if (!calendarDay(value!) || +(h ?? 0) > 23 || +mi > 59 || +s > 59)
    throw new InvalidArgumentError(
      `${flag} "${value!}" is not a day and time of the calendar; give a real one, e.g. 2026-01-01 or 2026-01-01T09:30`,
    );
  const wall = wallTime(+y!, +mo!, +d!, +(h ?? 0), +mi, +s, +ms.padEnd(3, '0'));
  // The offsets a day before and a day after: the ones the zone's clocks may show `wall` at.
  const offsets = [offsetAt(wall - DAY_MS, timeZone), offsetAt(wall + DAY_MS, timeZone)];
  const instant = instantOf(wall, offsets, timeZone);
  if (instant !== null) return new Date(instant).toISOString();
  // Skipped: the clocks went forward, from the smaller offset, at the instant that day begins.
  if (h === undefined) return new Date(wall - Math.min(...offsets) * 60_000).toISOString();
  throw new InvalidArgumentError(
    `${flag} "${value!}" does not exist in ${timeZone}: the clocks skip it; give a later time`,
  );
}

/** A UTC ISO time as the zone's wall time with its offset: 2026-01-01T00:00:00.000-05:00 (UTC keeps its Z). */
export function showDate(iso: string | null | undefined, timeZone: string): string | null | undefined {
  if (!iso) return iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || timeZone == UTC) return iso;
  const offset = offsetAt(ms, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new Date(ms + offset * 60_000).toISOString().slice(0, 23) + sign + hhmm;
}

/** A column header naming the zone its times are in: `at (UTC)`. */
export const zoned = (header: string, timeZone: string) => `${header} (${timeZone})`;

/** "from … to …" of a range in the zone, for a summary line; empty when there is no range. */
export function rangeText(range: { from?: string | undefined; to?: string | undefined }, timeZone: string): string {
  const words = [
    range.from ? `from ${showDate(range.from, timeZone)}` : '',
    range.to ? `before ${showDate(range.to, timeZone)}` : '',
  ].filter(Boolean);
  return words.length ? ` ${words.join(' ')} (${timeZone})` : '';
}
