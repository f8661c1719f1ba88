// Numbers and dates in the dashboard's language. Periods are UTC days, as the collector counts
// them, so they are shown in UTC; times of receipts and reads are shown in the reader's time zone,
// with that zone named, so no one mistakes one for the other.
import type { Lang } from './i18n.js';

export interface Formats {
  /** A period's first day (`2026-11-23`), as the language writes a date. */
  day(isoDay: string): string;
  /** A moment, in the reader's time zone, with the zone's name. */
  time(iso: string): string;
  /** A share from 0 to 1, with one decimal. */
  percent(share: number): string;
}

export function formats(lang: Lang): Formats {
  const locale = lang == 'fr' ? 'fr-CA' : 'en-CA';
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const percent = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return {
    day: (isoDay) => day.format(new Date(isoDay.slice(0, 10) + 'T00:00:00Z')),
    time: (iso) => time.format(new Date(iso)),
    percent: (share) => percent.format(share),
  };
}
