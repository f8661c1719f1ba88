// The consent engine: `createTemoin` starts it on a page, records decisions and gives the one API
// shared by `window.temoin` and the ES module. Its parts share one small PageState (types.ts):
// config-load.ts (the config, trusted or validated), consent-state.ts (the record in force and
// what follows from it), manage-button.ts (the ways back to the preference center); the write
// path (write-path.ts) and the UI load on first need.
import { installBlocker } from './blocker/blocker.js';
import type { ValidConfig } from './config.js';
import { loadConfig } from './config-load.js';
import { applier } from './consent-state.js';
import { isGranted, parseRecord, type ConsentRecord } from './consent.js';
import { readCookie } from './cookie.js';
import { TemoinChangeEvent } from './events.js';
import { resolveLanguage } from './language.js';
import { loadPlaceholders, loadUI, sayAfterReload, uiUrl } from './load-ui.js';
import { manageButton } from './manage-button.js';
import { gpcEnabled, pushConsentDefault } from './signals.js';
import type { CheckPath, ConfigSource, DecisionOptions, PageState, Temoin, TemoinOptions, Wanted } from './types.js';

/**
 * Whether this origin may hold Témoin's IndexedDB database: false only when the browser lists its
 * databases and `temoin` is not among them (a true first visit), so its reader is not downloaded.
 */
const hasDatabase = () =>
  Promise.resolve()
    .then(() => indexedDB.databases())
    .then((list) => list.some((d) => d.name == 'temoin'))
    .catch(() => true);

/**
 * Starts Témoin. Call it before any other script runs: the blocker is installed synchronously,
 * and everything non-essential stays blocked until the config is known and allows it.
 */
export function createTemoin(source: ConfigSource | null | Promise<ConfigSource | null>, setup: TemoinOptions): Temoin {
  // Before the blocker guards fetch.
  const page: PageState = {
    config: null,
    stored: readCookie(),
    current: null,
    granted: {},
    gpc: gpcEnabled(),
    fetch: window.fetch.bind(window),
  };
  // A blocked embed needs a placeholder (a module of its own, without Lit), a cookie declaration
  // its table (the UI's).
  const blocker = installBlocker((embed) =>
    embed ? loadPlaceholders(uiUrl(page.config, setup._base), temoin, embed) : void ui(),
  );
  let settle!: (record: ConsentRecord | null) => void;
  const ready = new Promise<ConsentRecord | null>((resolve) => (settle = resolve));
  const ui = () => loadUI(uiUrl(page.config, setup._base), temoin);
  const temoin: Temoin = {
    ready,
    get config() {
      return page.config;
    },
    get: () => page.current,
    granted: (category, service) => isGranted(page.granted, category, service),
    acceptAll: (o) => decide(true, o),
    rejectAll: (o) => decide(false, o),
    set: (changes, o) => decide({ changes }, o),
    showPreferences: (switchOn) => ui().then((u) => u?.showPreferences(switchOn)),
    allowOnce: (el) => blocker.allowOnce(el),
    async reset() {
      await decide(null);
      void ui().then((u) => u?.showBanner());
    },
    on(type, listener) {
      const handler = (e: TemoinChangeEvent) => listener(e.detail);
      document.addEventListener(`temoin:${type}`, handler);
      return () => document.removeEventListener(`temoin:${type}`, handler);
    },
    history: () => setup._decisions().then((w) => w.history()),
  };
  const showManage = manageButton(page, temoin);
  const apply = applier(page, blocker, showManage);
  // Every browser Témoin supports (constructable stylesheets: Safari 16.4, Firefox 101,
  // Chrome 73) has BroadcastChannel: a decision made in another tab of the site applies here.
  const channel = new BroadcastChannel('temoin');
  channel.onmessage = (e: MessageEvent) => apply(parseRecord(e.data), true);

  /** Records a new decision (or none, for reset) in this tab, in storage and in the other tabs. */
  const decide = async (wanted: Wanted, options: DecisionOptions = {}) => {
    if (!page.config) {
      console.error('temoin: no valid config' + (DEV_MODE ? ', no decision recorded' : ''));
      return null;
    }
    // The language is picked here, where the manage button picks it: the write path need not know how.
    const language = options.language ?? resolveLanguage(page.config);
    const [record, saved] = (await setup._decisions()).commit(page, wanted, { ...options, language });
    channel.postMessage(record);
    apply(record, true, saved);
    await saved;
    return record;
  };

  const start = (valid: ValidConfig, checkPath?: CheckPath): void => {
    page.config = valid;
    pushConsentDefault(valid);
    apply(page.stored, false);
    // Receipts of this device still wait for the collector: try again on this page load.
    if (page.stored?.unsent) void setup._decisions().then((w) => w.deliver(page));
    sayAfterReload(ui);
    if (page.current) return settle(page.current);
    // No answer in the cookie: ask at once. The cookie may have been cleared (or capped by the
    // browser) while IndexedDB still has the decision; then it applies and the banner closes. The
    // check path reads it when it was loaded to validate the config; else a module that only reads,
    // fetched only when this origin has Témoin's database (or the browser cannot tell).
    void ui().then((u) => u?.showBanner());
    Promise.resolve(checkPath ?? hasDatabase().then((has) => (has ? setup._durable() : null)))
      .then((c) => c && c.durable(page))
      .then((durable) => durable && setup._decisions().then((w) => w.restore(page, durable)))
      .then((restored) => {
        if (restored) apply(restored, true);
      })
      .catch((e: unknown) => console.error('temoin: could not load the decision module', e))
      .finally(() => settle(page.current));
  };

  loadConfig(source, page, setup, start, (message) => {
    console.error(message + '; optional categories stay refused');
    blocker.fail();
    settle(null);
  });
  return temoin;
}
