// Durations and dates in words, for the preference center and history only: in their chunk, not
// on the banner's path.
import type { Duration } from '../../core/config.js';
import type { Translator } from './index.js';

/** "13 mois", "1 day", "fin de la session": a cookie's lifetime or a retention. */
export function duration(t: Translator, value: Duration | undefined): string {
  if (typeof value != 'number') return t.text(value);
  if (value == 0) return t('session');
  // Intl formatters are slow to build the first time (locale data): each is made on use.
  const units = (unit: string, n: number) =>
    new Intl.NumberFormat(t.lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
  if (value % 365 == 0) return units('year', value / 365);
  if (value % 30 == 0) return units('month', value / 30);
  return units('day', value);
}

const dates: Partial<Record<string, Intl.DateTimeFormat>> = {};

// French hours as Québec (and French typography) write them: 5 h 01 and 17 h 32, not 05 h 01 (the
// `timeStyle` of fr-CA) nor 17:32. With the seconds (`medium`) where two decisions of the same
// minute must be told apart (the history's buttons). Other languages keep their own clock.
export const date = (t: Translator, ms: number, timeStyle: 'short' | 'medium' = 'short'): string =>
  (dates[t.lang + timeStyle] ??= t.lang.startsWith('fr')
    ? new Intl.DateTimeFormat('fr-CA', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        second: timeStyle == 'medium' ? '2-digit' : undefined,
      })
    : new Intl.DateTimeFormat(t.lang, { dateStyle: 'long', timeStyle })).format(ms);
