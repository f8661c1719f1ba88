// Words for the UI: each language's strings in a chunk of its own (a page downloads its
// language's only), any string replaced from `config.strings`, and helpers that turn config
// values (durations, data kinds, lists) into plain language.
import { localize, type Language, type LocalizedText, type ValidConfig } from '../../core/config.js';
import { packOf } from '../../core/language.js';
import type { DetailStrings } from './details/fr.js';
import type { Strings as FirstStrings } from './fr.js';
import { frenchTypography } from './typography.js';

/** Every string of the interface: the first layer's pack and the details'. */
export type Strings = FirstStrings & DetailStrings;
export type StringKey = keyof Strings;
export type { DetailStrings, FirstStrings, Language };

/**
 * The packs, by primary language; the core's `manageLabel` names the same ones, and starts
 * fetching the page's with the UI (src/core/load-ui.ts).
 */
export const PACKS: Record<Language, () => Promise<FirstStrings>> = {
  fr: () => import('./fr.js').then((m) => m.fr),
  en: () => import('./en.js').then((m) => m.en),
  es: () => import('./es.js').then((m) => m.es),
  de: () => import('./de.js').then((m) => m.de),
  it: () => import('./it.js').then((m) => m.it),
  pt: () => import('./pt.js').then((m) => m.pt),
  nl: () => import('./nl.js').then((m) => m.nl),
};

/**
 * The preference center's strings (and its history's, its receipts'), by primary language: a chunk
 * each, loaded when the preference center is reached for, or by a part that says a service's facts.
 */
export const DETAILS: Record<Language, () => Promise<DetailStrings>> = {
  fr: () => import('./details/fr.js').then((m) => m.fr),
  en: () => import('./details/en.js').then((m) => m.en),
  es: () => import('./details/es.js').then((m) => m.es),
  de: () => import('./details/de.js').then((m) => m.de),
  it: () => import('./details/it.js').then((m) => m.it),
  pt: () => import('./details/pt.js').then((m) => m.pt),
  nl: () => import('./details/nl.js').then((m) => m.nl),
};

/**
 * What the banner and placeholders say in a language: its pack, else English's, which
 * `config.strings` complete.
 */
export const loadFirstStrings = (lang: Language): Promise<FirstStrings> => PACKS[packOf(lang)]!();

/** Every string of the interface in a language: both its packs, else English's. */
export const loadStrings = (lang: Language): Promise<Strings> =>
  Promise.all([loadFirstStrings(lang), DETAILS[packOf(lang)]!()]).then(([first, details]) => ({
    ...first,
    ...details,
  }));

/** Text lookup for one language: `t('placeholder', { service: 'YouTube' })`. */
export interface Translator {
  readonly lang: Language;
  (key: StringKey, values?: Record<string, string | number>): string;
  /** A config text in this language (else its fallback), with French typography in French. */
  text(value: LocalizedText | undefined): string;
  /** "a, b and c" in this language. */
  list(items: string[]): string;
}

/**
 * A translator for `lang`, from its pack's strings (`base`) and the config's. Made from the first
 * layer's pack alone, it serves the banner and placeholders only: the preference center and the
 * parts it opens get one made from every string (`loadStrings`).
 */
export function translator(config: ValidConfig, lang: Language, base: FirstStrings | Strings): Translator {
  // Texts from the config are written by hand: French ones get the typography of the bundled ones.
  // (French by its primary tag, as `packOf` would say, without the list of packs the placeholders'
  // module does without.)
  const typography = lang.split('-')[0]!.toLowerCase() == 'fr' ? frenchTypography : (text: string) => text;
  const strings: Record<string, string> = { ...base };
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

/**
 * Warns about overrides of strings that do not exist, which would otherwise be ignored silently;
 * `keys` are a language's every string (every language has them all).
 */
export function unknownStringKeys(config: ValidConfig, keys: Strings): string[] {
  return Object.entries(config.strings ?? {}).flatMap(([lang, texts]) =>
    Object.keys(texts)
      .filter((key) => !Object.hasOwn(keys, key))
      .map((key) => `strings.${lang}.${key}`),
  );
}
