// The UI is downloaded only when a person must see something: no valid decision yet, the
// preference center opened, a cookie declaration, or a blocked embed needing a placeholder (a
// module of its own beside the UI, without Lit). A returning visitor with a valid decision
// downloads no UI code, and only the placeholders' for a blocked embed.
import type { Language, TemoinConfig } from './config.js';
import { packFile, resolveLanguage } from './language.js';
import type { Temoin, TemoinPlaceholdersModule, TemoinUI, TemoinUIModule } from './types.js';

let module: Promise<TemoinUIModule> | undefined;
let ui: Promise<TemoinUI | null> | undefined;
let placeholders: Promise<ReturnType<TemoinPlaceholdersModule['placeholders']>> | undefined;

/**
 * Where the UI module is, from a config (validated or not), or false when there is none: the
 * config's own URL against the page, else `temoin-ui.js` beside the core script (`base`).
 */
export const uiUrl = (config: Pick<TemoinConfig, 'ui'> | null, base: string): string | false =>
  !!config &&
  config.ui !== false &&
  new URL(typeof config.ui == 'string' ? config.ui : 'temoin-ui.js', config.ui ? document.baseURI : base).href;

/**
 * The module of a language's strings beside the UI module at `url` (its one export is the
 * strings): the UI imports the same URL, so the browser fetches it once.
 */
const importStrings = (url: string, lang: Language, part?: string) =>
  import(new URL(packFile(lang, part), url).href) as Promise<Record<string, Record<string, string>>>;

/**
 * The UI module and, beside it, the strings of the page's language, requested together: never
 * after the UI.
 */
function importUI(url: string, config: Pick<TemoinConfig, 'lang' | 'strings'>): Promise<TemoinUIModule> {
  try {
    importStrings(url, resolveLanguage(config)).catch(() => {});
  } catch {
    // A config not yet validated may hold anything: the UI imports its strings itself.
  }
  return import(url) as Promise<TemoinUIModule>;
}

/**
 * Starts downloading the UI without showing anything, while the config is still being checked:
 * a visitor with no decision will need it, and the banner shows sooner.
 */
export function prefetchUI(url: string, config: Pick<TemoinConfig, 'lang' | 'strings'>): void {
  (module ??= importUI(url, config)).catch(() => (module = undefined));
}

export async function loadUI(url: string | false, temoin: Temoin): Promise<TemoinUI | null> {
  if (!url) return null;
  return (ui ??= (module ??= importUI(url, temoin.config!))
    .then((m) => m.mount(temoin))
    .catch((e: unknown) => {
      console.error(`temoin: could not load ${DEV_MODE ? 'the consent interface from ' : ''}${url}`, e);
      ui = module = undefined;
      return null;
    }));
}

/**
 * On the page a withdrawal from the preference center reloaded before the UI could say the choice
 * was saved, has the UI say it: the write path left this tab a flag (write-path.ts). Any other
 * visit reads the flag and downloads nothing more.
 */
export function sayAfterReload(ui: () => Promise<TemoinUI | null>): void {
  try {
    if (sessionStorage.temoin) void ui().then((u) => u?.saySaved());
  } catch {
    // Storage blocked: nothing was left to say.
  }
}

/**
 * The placeholders, mounted once: from the UI module when it is on its way (a first visit: the
 * banner is shown), with the banner's strings, else from their own module
 * (`temoin-ui-placeholders.js` beside the UI module, no Lit), requested with their own strings in
 * the page's language (`temoin-ui-placeholders-fr.js`), not the banner's.
 */
export function loadPlaceholders(url: string | false, temoin: Temoin, embed: Element): void {
  if (!url) return;
  const file = new URL('temoin-ui-placeholders.js', url).href;
  const lang = resolveLanguage(temoin.config!);
  placeholders ??= Promise.all([
    module ?? (import(file) as Promise<TemoinPlaceholdersModule>),
    importStrings(url, lang, module ? '' : 'placeholders-'),
  ])
    .then(([m, strings]) => m.placeholders(temoin, lang, strings))
    .catch((e: unknown) => {
      // The module or the strings: the error names the file.
      console.error('temoin: could not load the placeholders', e);
      placeholders = undefined;
    });
  void placeholders.then((held) => held?.(embed));
}
