// The UI module the core imports when a person must see something: `mount(temoin)` puts the
// banner and the preference center in the page, and the cookie declaration on pages that have one.
// Placeholders over blocked embeds are a module of their own, without Lit
// (placeholder/placeholders.ts): a returning visitor's placeholders do not download this one.
import { TemoinBanner } from './banner/banner.js';
import { define } from './define.js';
import { resolveLanguage, type Language, type ValidConfig } from '../core/config.js';
import type { Temoin, TemoinUI } from '../core/types.js';
import {
  loadFirstStrings,
  loadStrings,
  translator,
  unknownStringKeys,
  type Strings,
  type Translator,
} from './i18n/index.js';

export type { TemoinBanner };
export type { TemoinHistory } from './history/history.js';
export type { TemoinPlaceholder } from './placeholder/placeholder.js';
// The placeholders, for a page whose UI module is on its way anyway (a first visit).
export { placeholders } from './placeholder/placeholders.js';
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

/** A visitor reaching for "Customize" will open the preference center: `fetch` it on the way. */
const fetchOnReach = (banner: HTMLElement, fetch: () => Promise<unknown>) => {
  for (const type of ['pointerover', 'focusin']) {
    banner.addEventListener(type, (e) => {
      if ((e.composedPath()[0] as Partial<Element>).matches?.('[part~=customize]')) void fetch().catch(() => {});
    });
  }
};

/**
 * The banner, made when first shown, first in the page whenever it comes: keyboard and
 * screen-reader users meet it before the content, and its place does not depend on how much of the
 * page was parsed.
 */
function makeBanner(temoin: Temoin, t: Translator, openPreferences: () => unknown) {
  define({ 'temoin-banner': TemoinBanner });
  const banner = document.createElement('temoin-banner');
  Object.assign(banner, { temoin, t });
  banner.addEventListener('temoin-customize', () => void openPreferences());
  fetchOnReach(banner, () => Promise.all([loadCenter(), loadStrings(banner.t.lang)]));
  document.body.prepend(banner);
  return banner;
}

/** Warns about the config's overrides of strings the interface does not have, once it has them all. */
const warnUnknown = (config: ValidConfig) => (strings: Strings) => {
  for (const key of unknownStringKeys(config, strings)) console.warn(`temoin: ${key} is not a string of the interface`);
};

/** Puts the UI in the page once the strings of its language are there (the core fetched them with this module). */
export async function mount(temoin: Temoin): Promise<TemoinUI> {
  const config = temoin.config!;
  const lang = resolveLanguage(config);
  // The first layer's strings; the preference center's come when it is reached for (or now, for a
  // config that overrides strings: they are checked against them all).
  const strings = await loadFirstStrings(lang);
  if (config.strings) void loadStrings(lang).then(warnUnknown(config), console.error);
  // Made when first shown, and on first opening: a returning visitor never builds the banner, nor
  // a first visit that only answers it the preference center.
  let banner: HTMLElementTagNameMap['temoin-banner'] | undefined;
  let preferences: HTMLElementTagNameMap['temoin-preferences'] | undefined;
  let t = translator(config, lang, strings);

  const setLanguage = async (lang: Language) => {
    t = translator(config, lang, await loadStrings(lang));
    if (banner) banner.t = t;
    if (preferences) preferences.t = t;
    // Placeholders, from a module of their own, stand beside their embeds in the page.
    for (const p of document.querySelectorAll('temoin-placeholder')) p.t = t;
  };

  // Every string, for the preference center and what it opens, in the language shown.
  let details: Promise<void> | undefined;
  const openPreferences = (switchOn?: string) =>
    Promise.all([loadCenter(), (details ??= setLanguage(t.lang))]).then(
      () => {
        if (!preferences) {
          preferences = document.createElement('temoin-preferences');
          Object.assign(preferences, { temoin, t });
          preferences.addEventListener('temoin-language', (e) => void setLanguage(e.lang).catch(console.error));
          document.body.append(preferences);
        }
        return preferences.show(switchOn);
      },
      (e: unknown) => {
        details = undefined;
        console.error('temoin: could not load the preference center', e);
      },
    );

  /** A cookie declaration's chunk, for one in `added` (the whole page by default). */
  const findDeclarations = (added: Iterable<Node> = [document.documentElement]) => {
    for (const node of added) {
      if (node instanceof HTMLElement && declares(node))
        void import('./cookie-declaration.js').then((m) => m.attach(temoin));
    }
  };

  const ready = new Promise<void>((resolve) => {
    const start = () => {
      findDeclarations();
      // A choice saved from the banner or the preference center, said once they have closed.
      document.body.addEventListener('temoin-close', (e) => {
        // Focus still in the closing banner, or given back to the banner's button that opened the
        // dialog, would fall to <body>: the manage button, which changes the choice back, takes it
        // (the WAI-ARIA dialog pattern, the opener gone: "another element that provides logical
        // work flow"). Hidden, without a decision, it takes none.
        const active = document.activeElement;
        if (active == document.body || active == e.target)
          document.querySelector('temoin-manage')?.shadowRoot!.querySelector('button')!.focus();
        if (e.decided) void import('./saved-status.js').then((m) => m.saySaved(t('saved'), t.lang), console.error);
      });
      const added = (records: MutationRecord[]) => findDeclarations(records.flatMap((r) => [...r.addedNodes]));
      new MutationObserver(added).observe(document.body, { childList: true, subtree: true });
      resolve();
    };
    // No need to wait for the whole page: the banner is fixed, and declarations parsed later are
    // found by the observer.
    if (document.body as HTMLElement | null) start();
    else document.addEventListener('DOMContentLoaded', start);
  });

  // Shown unless a decision came meanwhile (another tab, the copy in IndexedDB).
  const showBanner = () =>
    ready.then(() => !temoin.get() && (banner ??= makeBanner(temoin, t, openPreferences)).show());

  temoin.on('change', (record) => {
    if (record) banner?.hide(true);
  });

  return {
    showBanner: () => void showBanner(),
    showPreferences: (switchOn) => ready.then(() => openPreferences(switchOn)),
    saySaved: () =>
      void ready
        .then(() => import('./saved-status.js'))
        .then((m) => m.afterReload(temoin))
        .catch(console.error),
  };
}
