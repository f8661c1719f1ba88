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

// French hours as Québec (and French typography) write them: 5 h 01 and 17 h 32, not 17:32, nor
// 05 h 01 as fr-CA's `timeStyle` does (a leading zero before « h » goes: no other language writes
// one). With the seconds (`medium`) where two decisions of the same minute must be told apart (the
// history's buttons). Other languages keep their own clock.
export const date = (t: Translator, ms: number, timeStyle: 'short' | 'medium' = 'short'): string =>
  (dates[t.lang + timeStyle] ??= new Intl.DateTimeFormat(t.lang.startsWith('fr') ? 'fr-CA' : t.lang, {
    dateStyle: 'long',
    timeStyle,
  }))
    .format(ms)
    .replace(/\b0(\d h)/, '$1')
    // No-break spaces inside it (OQLF): « 5 » and « h 01 » never on two lines.
    .replace(/(\d) (h|min|s)\b/g, '$1\u00a0$2')
    .replace(/(h|min) (\d)/g, '$1\u00a0$2');
