// The UI module the core imports when a person must see something: `mount(temoin)` puts the
// banner and the preference center in the page, and placeholders over blocked embeds. The banner
// is a chunk of its own (temoin-ui-banner.js, which the core requests with this module when it is
// needed): a returning visitor's placeholders do not download it.
import { define } from './define.js';
import { EMBEDS } from '../core/blocker/markup.js';
import { resolveLanguage, type Language } from '../core/config.js';
import type { Temoin, TemoinUI } from '../core/types.js';
import { loadStrings, translator, unknownStringKeys } from './i18n/index.js';

export type { TemoinBanner } from './banner/banner.js';
export type { TemoinHistory } from './history/history.js';
export { TemoinPlaceholder } from './placeholder/placeholder.js';
export type { TemoinPreferences } from './preferences/preferences.js';
export type { TemoinDeclaration } from './declaration/declaration.js';
export { TemoinCloseEvent, TemoinCustomizeEvent, TemoinLanguageEvent } from './events.js';

/**
 * Whether a node added to the page is or holds a cookie declaration: its chunk, which only its page
 * downloads, is then imported (once; should it fail, the browser's console names the file).
 */
const declares = (node: Element) => node.matches('temoin-declaration') || !!node.querySelector('temoin-declaration');

let center: Promise<unknown> | undefined;
/** The preference center's chunk, imported once (and again after a failure). */
const loadCenter = () =>
  (center ??= import('./preference-center.js').catch((e: unknown) => {
    center = undefined;
    throw e;
  }));

let bannerChunk: Promise<unknown> | undefined;
/** The banner's chunk, its element defined, imported once (and again after a failure). */
const loadBanner = () =>
  (bannerChunk ??= import('./banner/banner.js').then(
    (m) => define({ 'temoin-banner': m.TemoinBanner }),
    (e: unknown) => {
      bannerChunk = undefined;
      throw e;
    },
  ));

/** A visitor reaching for "Customize" will open the preference center: fetch it on the way. */
const fetchCenterOnReach = (banner: HTMLElement) => {
  for (const type of ['pointerover', 'focusin']) {
    banner.addEventListener(type, (e) => {
      if ((e.composedPath()[0] as Partial<Element>).matches?.('[part~=customize]')) void loadCenter().catch(() => {});
    });
  }
};

/** Puts the UI in the page once the strings of its language are there (the core fetched them with this module). */
export async function mount(temoin: Temoin): Promise<TemoinUI> {
  const config = temoin.config!;
  const strings = await loadStrings(resolveLanguage(config));
  for (const key of unknownStringKeys(config, strings)) console.warn(`temoin: ${key} is not a string of the interface`);
  // Made when first shown (its chunk then imported): a returning visitor never builds it.
  let banner: HTMLElementTagNameMap['temoin-banner'] | undefined;
  // Made on first opening: a first visit that only answers the banner never builds it.
  let preferences: HTMLElementTagNameMap['temoin-preferences'] | undefined;
  const placeholders = new Map<HTMLElement, HTMLElementTagNameMap['temoin-placeholder']>();
  let t = translator(config, resolveLanguage(config), strings);

  const setLanguage = async (lang: Language) => {
    t = translator(config, lang, await loadStrings(lang));
    if (banner) banner.t = t;
    if (preferences) preferences.t = t;
    for (const p of placeholders.values()) p.t = t;
  };

  const openPreferences = () =>
    loadCenter().then(
      () => {
        if (!preferences) {
          preferences = document.createElement('temoin-preferences');
          Object.assign(preferences, { temoin, t });
          preferences.addEventListener('temoin-language', (e) => void setLanguage(e.lang).catch(console.error));
          document.body.append(preferences);
        }
        void preferences.show();
      },
      (e: unknown) => console.error('temoin: could not load the preference center', e),
    );

  /** As the blocker decides: its whole category granted, or the service its `data-service` names. */
  const mayLoad = ({ dataset: { category, service } }: HTMLElement) => temoin.granted(category!, service);
  /**
   * A placeholder for each marked embed in `added` (the whole page by default) that may not load;
   * gone once it may. While a long page is parsed, only what was added is searched.
   */
  const syncPlaceholders = (added: Iterable<Node> = [document.documentElement]) => {
    for (const node of added) {
      if (!(node instanceof HTMLElement)) continue;
      if (declares(node)) void import('./cookie-declaration.js').then((m) => m.attach(temoin));
      const embeds = node.matches(EMBEDS) ? [node] : node.querySelectorAll<HTMLElement>(EMBEDS);
      for (const embed of embeds) {
        if (placeholders.has(embed) || mayLoad(embed)) continue;
        const p = document.createElement('temoin-placeholder');
        Object.assign(p, { temoin, embed, t });
        placeholders.set(embed, p);
        embed.before(p);
      }
    }
    for (const [embed, p] of placeholders) {
      if (!p.isConnected || !embed.hasAttribute('data-src') || mayLoad(embed)) {
        p.release();
        placeholders.delete(embed);
      }
    }
  };

  const ready = new Promise<void>((resolve) => {
    const start = () => {
      syncPlaceholders();
      const added = (records: MutationRecord[]) => syncPlaceholders(records.flatMap((r) => [...r.addedNodes]));
      new MutationObserver(added).observe(document.body, { childList: true, subtree: true });
      resolve();
    };
    // No need to wait for the whole page: the banner is fixed, and embeds parsed later get their
    // placeholders from the observer.
    if (document.body as HTMLElement | null) start();
    else document.addEventListener('DOMContentLoaded', start);
  });

  /** The banner, made once its chunk is there. */
  const makeBanner = () => {
    const made = (banner = document.createElement('temoin-banner'));
    Object.assign(made, { temoin, t });
    made.addEventListener('temoin-customize', () => void openPreferences());
    fetchCenterOnReach(made);
    // First in the page, whenever it comes: keyboard and screen-reader users meet it before the
    // content, and its place does not depend on how much of the page was parsed.
    document.body.prepend(made);
    return made;
  };
  // Shown unless a decision came while its chunk loaded (another tab, the copy in IndexedDB).
  const showBanner = () =>
    ready
      .then(loadBanner)
      .then(() => !temoin.get() && (banner ?? makeBanner()).show())
      .catch((e: unknown) => console.error('temoin: could not load the banner', e));

  temoin.on('change', (record) => {
    if (record) banner?.hide(true);
    syncPlaceholders();
  });

  return {
    showBanner: () => void showBanner(),
    showPreferences: () => void ready.then(openPreferences),
  };
}
