// Words for the UI: bundled French and English, any string replaced from `config.strings`, and
// helpers that turn config values (durations, data kinds, lists) into plain language.
import { localize, type Duration, type Language, type LocalizedText, type ValidConfig } from '../../core/config.js';
import { en } from './en.js';
import { fr, type StringKey, type Strings } from './fr.js';

export type { StringKey, Strings };
export type { Language };

const bundled: Record<Language, Strings> = { fr, en };

/** Text lookup for one language: `t('placeholder', { service: 'YouTube' })`. */
export interface Translator {
  readonly lang: Language;
  (key: StringKey, values?: Record<string, string | number>): string;
  /** A config text in this language (falling back to the other one). */
  text(value: LocalizedText | undefined): string;
  /** "a, b and c" in this language. */
  list(items: string[]): string;
  duration(value: Duration | undefined): string;
  date(ms: number): string;
}

export function translator(config: ValidConfig, lang: Language): Translator {
  const strings: Record<string, string> = { ...bundled[lang], ...config.strings?.[lang] };
  const t = ((key, values = {}) =>
    strings[key]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))) as Translator;
  // Intl formatters are slow to build the first time (locale data): each is made on first use.
  const units = (unit: string, n: number) =>
    new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
  let dates: Intl.DateTimeFormat | undefined;
  Object.assign(t, {
    lang,
    text: (value: LocalizedText | undefined) => localize(value, lang),
    // "a, b et c" / "a, b and c": a plain join, since the banner cannot wait for Intl.ListFormat.
    list: (items: string[]) =>
      items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${t('and')} ${items.at(-1)!}`,
    duration: (value: Duration | undefined) => {
      if (typeof value != 'number') return localize(value, lang);
      if (value == 0) return t('session');
      if (value % 365 == 0) return units('year', value / 365);
      if (value % 30 == 0) return units('month', value / 30);
      return units('day', value);
    },
    date: (ms: number) =>
      (dates ??= new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' })).format(ms),
  });
  return t;
}

/** Warns about overrides of strings that do not exist, which would otherwise be ignored silently. */
export function unknownStringKeys(config: ValidConfig): string[] {
  return (['fr', 'en'] as const).flatMap((lang) =>
    Object.keys(config.strings?.[lang] ?? {})
      .filter((key) => !(key in fr))
      .map((key) => `strings.${lang}.${key}`),
  );
}
