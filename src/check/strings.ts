// The config's interface strings, checked as the UI will use them: a language with no pack of its
// own shows in English every key its `strings` leave out, and a key the interface does not have is
// never shown.
import type { ValidConfig } from '../core/config.js';
import { manageLabel } from '../core/language.js';
import { en as enDetails } from '../ui/i18n/details/en.js';
import { en } from '../ui/i18n/en.js';

const KEYS = [...Object.keys(en), ...Object.keys(enDetails)];

/** Whether a service the visitor is asked about is hosted outside Québec. */
const abroad = (config: ValidConfig) =>
  config.categories.some((c) => !c.required && c.services.some((s) => s.hostedOutsideQuebec));

export function stringProblems(config: ValidConfig): string[] {
  const languages = new Set(Object.keys(config.strings ?? {}));
  if (config.lang != 'auto') languages.add(config.lang);
  return [...languages].flatMap((lang) => {
    const given = config.strings?.[lang] ?? {};
    const problems = Object.keys(given)
      .filter((key) => !KEYS.includes(key))
      .map((key) => `strings.${lang}.${key} is not a string of the interface, so it is never shown`);
    // The second sentence exists so that the visitor knows before choosing: a text without its place loses it.
    const text = given['bannerText'];
    if (typeof text == 'string' && !text.includes('{outside}') && abroad(config))
      problems.push(
        `strings.${lang}.bannerText has no {outside}, so the banner never says that some information may be sent outside Québec (a service the visitor is asked about is hosted there): put {outside} after the sentence with {data}`,
      );
    const packed = Object.hasOwn(manageLabel, lang.split('-')[0]!.toLowerCase());
    const missing = packed ? [] : KEYS.filter((key) => !Object.hasOwn(given, key));
    if (missing.length) {
      problems.push(
        `strings.${lang}: "${lang}" has no language pack, and ${missing.length} of the ${KEYS.length} interface strings are missing, so they show in English: ${missing.join(', ')}`,
      );
    }
    return problems;
  });
}
