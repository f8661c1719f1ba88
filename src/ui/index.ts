// The UI module the core imports when a person must see something: `mount(temoin)` puts the
// banner and the preference center in the page, and placeholders over blocked embeds.
import './define.js';
import { EMBEDS } from '../core/blocker.js';
import { resolveLanguage, type Language } from '../core/config.js';
import type { TemoinUI } from '../core/load-ui.js';
import type { Temoin } from '../core/temoin.js';
import { translator, unknownStringKeys } from './i18n/index.js';

export { TemoinBanner } from './banner/banner.js';
export { TemoinHistory } from './history/history.js';
export { TemoinPlaceholder } from './placeholder/placeholder.js';
export { TemoinPreferences } from './preferences/preferences.js';
export { TemoinCloseEvent, TemoinCustomizeEvent, TemoinLanguageEvent } from './events.js';

export function mount(temoin: Temoin): TemoinUI {
  const config = temoin.config!;
  for (const key of unknownStringKeys(config)) console.warn(`temoin: ${key} is not a string of the interface`);
  const banner = document.createElement('temoin-banner');
  // Made on first opening: a first visit that only answers the banner never builds it.
  let preferences: HTMLElementTagNameMap['temoin-preferences'] | undefined;
  const placeholders = new Map<HTMLElement, HTMLElementTagNameMap['temoin-placeholder']>();
  let t = translator(config, resolveLanguage(config));
  banner.temoin = temoin;
  banner.t = t;

  const setLanguage = (lang: Language) => {
    t = translator(config, lang);
    banner.t = t;
    if (preferences) preferences.t = t;
    for (const p of placeholders.values()) p.t = t;
  };

  const openPreferences = () => {
    if (!preferences) {
      preferences = document.createElement('temoin-preferences');
      Object.assign(preferences, { temoin, t });
      preferences.addEventListener('temoin-language', (e) => setLanguage(e.lang));
      document.body.append(preferences);
    }
    void preferences.show();
  };

  /** A placeholder for each marked embed whose category is refused; gone once it may load. */
  const syncPlaceholders = () => {
    for (const embed of document.querySelectorAll<HTMLElement>(EMBEDS)) {
      if (placeholders.has(embed) || temoin.granted(embed.dataset.category!)) continue;
      const p = document.createElement('temoin-placeholder');
      Object.assign(p, { temoin, embed, t });
      placeholders.set(embed, p);
      embed.before(p);
    }
    for (const [embed, p] of placeholders) {
      if (!p.isConnected || !embed.hasAttribute('data-src') || temoin.granted(embed.dataset.category!)) {
        p.release();
        placeholders.delete(embed);
      }
    }
  };

  const ready = new Promise<void>((resolve) => {
    const start = () => {
      document.body.append(banner);
      syncPlaceholders();
      new MutationObserver(syncPlaceholders).observe(document.body, { childList: true, subtree: true });
      resolve();
    };
    if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  });

  banner.addEventListener('temoin-customize', openPreferences);
  temoin.on('change', (record) => {
    if (record) banner.hide(true);
    syncPlaceholders();
  });

  return {
    showBanner: () => void ready.then(() => banner.show()),
    showPreferences: () => void ready.then(openPreferences),
  };
}
