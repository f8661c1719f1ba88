// The UI is downloaded only when a person must see something: no valid decision yet, the
// preference center opened, or a blocked embed needing a placeholder. A returning visitor with a
// valid decision downloads no UI code.
import type { Temoin, TemoinUI, TemoinUIModule } from './types.js';

let module: Promise<TemoinUIModule> | undefined;
let ui: Promise<TemoinUI | null> | undefined;

/**
 * Starts downloading the UI without showing anything, while the config is still being checked:
 * a visitor with no decision will need it, and the banner shows sooner.
 */
export function prefetchUI(url: string): void {
  (module ??= import(url) as Promise<TemoinUIModule>).catch(() => (module = undefined));
}

export function loadUI(url: string | false, temoin: Temoin): Promise<TemoinUI | null> {
  if (!url) return Promise.resolve(null);
  return (ui ??= (module ??= import(url) as Promise<TemoinUIModule>).then(
      (m) => m.mount(temoin),
      (e: unknown) => {
        console.error(`temoin: could not load ${DEV_MODE ? 'the consent interface from ' : ''}${url}`, e);
        ui = module = undefined;
        return null;
      },
    ));
}
