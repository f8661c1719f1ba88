// The UI is downloaded only when a person must see something: no valid decision yet, the
// preference center opened, or a blocked embed needing a placeholder. A returning visitor with a
// valid decision downloads no UI code.
import type { TemoinConfig } from './config.js';
import { packFile, resolveLanguage } from './language.js';
import type { Temoin, TemoinUI, TemoinUIModule } from './types.js';

let module: Promise<TemoinUIModule> | undefined;
let ui: Promise<TemoinUI | null> | undefined;

/**
 * Where the UI module is, from a config (validated or not), or false when there is none: the
 * config's own URL against the page, else `temoin-ui.js` beside the core script (`base`).
 */
export const uiUrl = (config: Pick<TemoinConfig, 'ui'> | null, base: string): string | false =>
  !!config &&
  config.ui !== false &&
  new URL(typeof config.ui == 'string' ? config.ui : 'temoin-ui.js', config.ui ? document.baseURI : base).href;

/**
 * The UI module and, beside it, the strings of the page's language (and the banner's chunk, when
 * it will show), requested together: the UI imports those same URLs, so the browser fetches each
 * once, and never after the UI.
 */
function importUI(
  url: string,
  config: Pick<TemoinConfig, 'lang' | 'strings'>,
  banner?: boolean,
): Promise<TemoinUIModule> {
  try {
    for (const file of [packFile(resolveLanguage(config)), ...(banner ? ['temoin-ui-banner.js'] : [])])
      import(new URL(file, url).href).catch(() => {});
  } catch {
    // A config not yet validated may hold anything: the UI imports its strings itself.
  }
  return import(url) as Promise<TemoinUIModule>;
}

/**
 * Starts downloading the UI without showing anything, while the config is still being checked:
 * a visitor with no decision will need it, and the banner (a chunk of the UI's own, which
 * placeholders alone do not fetch) shows sooner.
 */
export function prefetchUI(url: string, config: Pick<TemoinConfig, 'lang' | 'strings'>): void {
  (module ??= importUI(url, config, true)).catch(() => (module = undefined));
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
