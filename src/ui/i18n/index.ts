// Words for the UI: bundled French and English, any string replaced from `config.strings`, and
// helpers that turn config values (durations, data kinds, lists) into plain language.
import { localize, type Language, type LocalizedText, type ValidConfig } from '../../core/config.js';
import { en } from './en.js';
import { fr, type StringKey, type Strings } from './fr.js';
import { frenchTypography } from './typography.js';

export type { StringKey, Strings };
export type { Language };

const bundled: Record<Language, Strings> = { fr, en };

/** Text lookup for one language: `t('placeholder', { service: 'YouTube' })`. */
export interface Translator {
  readonly lang: Language;
  (key: StringKey, values?: Record<string, string | number>): string;
  /** A config text in this language (falling back to the other one), with French typography in French. */
  text(value: LocalizedText | undefined): string;
  /** "a, b and c" in this language. */
  list(items: string[]): string;
}

export function translator(config: ValidConfig, lang: Language): Translator {
  // Texts from the config are written by hand: French ones get the typography of the bundled ones.
  const typography = lang == 'fr' ? frenchTypography : (text: string) => text;
  const strings: Record<string, string> = { ...bundled[lang] };
  for (const [key, text] of Object.entries(config.strings?.[lang] ?? {})) strings[key] = typography(text);
  const t = ((key, values = {}) =>
    strings[key]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))) as Translator;
  Object.assign(t, {
    lang,
    text: (value: LocalizedText | undefined) => typography(localize(value, lang)),
    // "a, b et c" / "a, b and c": a plain join, since the banner cannot wait for Intl.ListFormat.
    list: (items: string[]) =>
      items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${t('and')} ${items.at(-1)!}`,
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
