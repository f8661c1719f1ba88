// Strings that a lazily loaded part of the UI keeps for itself, in both languages, so that the
// banner's chunk (which holds fr.ts and en.ts) does not grow with text only that part shows.
import type { Language } from '../../core/config.js';
import type { Translator } from './index.js';

/** Looks a key up in the interface's language and fills its `{name}` values. */
export const table =
  <K extends string>(strings: Record<Language, Record<K, string>>) =>
  (t: Translator, key: K, values: Record<string, string | number> = {}): string =>
    strings[t.lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
