// The preference center's language switch: French from any other language, so it is always one
// click away, and from French back to the page's own language, or English.
import type { Language } from '../../core/config.js';
import { packOf } from '../../core/language.js';

export const otherLanguage = (current: Language, page: Language): Language =>
  packOf(current) != 'fr' ? 'fr' : packOf(page) != 'fr' ? page : 'en';

/** A language's name in itself, "Español", "Deutsch": what its speakers look for. */
export function languageName(lang: Language): string {
  const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}
