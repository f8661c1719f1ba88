// Strings that a lazily loaded part of the UI keeps for itself (the cookie declaration, the consent
// id, the receipt document), in each language that has a pack: the packs, which a first visit
// downloads, do not grow with text only that part shows. Another language reads them in English.
import type { Language } from '../../core/config.js';
import { packOf } from '../../core/language.js';

/** The languages with a pack, as src/core/language.ts's `manageLabel` names them (a test checks). */
export type PackLanguage = 'fr' | 'en' | 'es' | 'de' | 'it' | 'pt' | 'nl';

/** A table's strings in every pack's language, each key for key with the French. */
export type Table<K extends string> = Record<PackLanguage, Record<K, string>>;

/** Looks a key up in `lang`'s pack's language (`pt` for `pt-BR`, else English), filling its `{name}` values. */
export const table =
  <K extends string>(strings: Table<K>) =>
  ({ lang }: { lang: Language }, key: K, values: Record<string, string | number> = {}): string =>
    strings[packOf(lang) as PackLanguage][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
