// Which language the visitor reads. Picked in the core: the manage button speaks it without the
// UI, and the UI's strings for it are fetched beside the UI, not after it.
import type { Language, TemoinConfig } from './config-types.js';

/**
 * The languages the SDK speaks without the config's help, French and English and the packs, each
 * with its "manage" label: the core shows that button alone. Each has its strings in a chunk of
 * the UI (src/ui/i18n/), with the same label (a test checks).
 */
export const manageLabel: Record<Language, string> = {
  fr: 'Gérer mes témoins',
  en: 'Manage cookies',
  es: 'Gestionar cookies',
  de: 'Cookies verwalten',
  it: 'Gestisci i cookie',
  pt: 'Gerenciar cookies',
  nl: 'Cookies beheren',
};

/**
 * The page's `<html lang>` (or another `lang`, a cookie declaration's) by its longest part the SDK
 * speaks (`fr-CA` → `fr`; the config's `strings` add languages, `pt-BR` say), else the config's
 * default language, else English.
 */
export function resolveLanguage(
  config: Pick<TemoinConfig, 'lang' | 'strings'>,
  lang = document.documentElement.lang,
): Language {
  const known = [...Object.keys(config.strings ?? {}), ...Object.keys(manageLabel)];
  for (let tag = lang.toLowerCase(); tag; tag = tag.replace(/-?[^-]*$/, '')) {
    const found = known.find((k) => k.toLowerCase() == tag);
    if (found) return found;
  }
  return (config.lang != 'auto' && config.lang) || 'en';
}

/** The strings a language starts from: its pack (`pt` for `pt-BR`), else English's. */
export const packOf = (lang: Language): Language => {
  const primary = lang.split('-')[0]!.toLowerCase();
  return Object.hasOwn(manageLabel, primary) ? primary : 'en';
};

/**
 * The file of a pack, beside the UI module: the name scripts/builds.mjs gives it. `part` names the
 * placeholders' own (`placeholders-`), which holds only what they say.
 */
export const packFile = (lang: Language, part = ''): string => `temoin-ui-${part}${packOf(lang)}.js`;
