// The UI is downloaded only when a person must see something: no valid decision yet, the
// preference center opened, or a blocked embed needing a placeholder. A returning visitor with a
// valid decision downloads no UI code.
import type { TemoinConfig } from './config.js';
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
 * Starts downloading the UI without showing anything, while the config is still being checked:
 * a visitor with no decision will need it, and the banner shows sooner.
 */
export function prefetchUI(url: string): void {
  (module ??= import(url) as Promise<TemoinUIModule>).catch(() => (module = undefined));
}

export async function loadUI(url: string | false, temoin: Temoin): Promise<TemoinUI | null> {
  if (!url) return null;
  return (ui ??= (module ??= import(url) as Promise<TemoinUIModule>).then(
    (m) => m.mount(temoin),
    (e: unknown) => {
      console.error(`temoin: could not load ${DEV_MODE ? 'the consent interface from ' : ''}${url}`, e);
      ui = module = undefined;
      return null;
    },
  ));
}
