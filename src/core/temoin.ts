// The consent engine: loads the config, decides from the stored record and signals, drives the
// blocker, storage and signals, and exposes the one API shared by `window.temoin` and the ES module.
import { installBlocker } from './blocker.js';
import { normalizeConfig, resolveLanguage, type TemoinConfig, type ValidConfig } from './config.js';
import { fingerprint, isTrusted } from './config-trust.js';
import { grantedCategories, isCurrent, type ConsentRecord } from './consent.js';
import { readCookie } from './cookie.js';
import { TemoinChangeEvent } from './events.js';
import { loadUI, prefetchUI, uiUrl } from './load-ui.js';
import { createManageButton } from './manage-button.js';
import { gpcEnabled, pushConsentDefault, pushConsentUpdate } from './signals.js';
import { openChannel } from './storage.js';
import type { ConfigSource, DecisionOptions, PageState, Temoin, TemoinOptions, Wanted } from './types.js';

/**
 * Starts Témoin. Call it before any other script runs: the blocker is installed synchronously,
 * and everything non-essential stays blocked until the config is known and allows it.
 */
export function createTemoin(source: ConfigSource | null | Promise<ConfigSource | null>, setup: TemoinOptions): Temoin {
  // Before the blocker guards fetch.
  const page: PageState = {
    config: null, stored: readCookie(), current: null, granted: {}, gpc: gpcEnabled(), fetch: window.fetch.bind(window),
  };
  // A blocked embed needs a placeholder, which the UI draws.
  const blocker = installBlocker(() => void ui());
  let manage: HTMLElement | undefined;
  let settle!: (record: ConsentRecord | null) => void;
  const ready = new Promise<ConsentRecord | null>((resolve) => (settle = resolve));
  const broadcast = openChannel((record) => apply(record, true));

  const ui = () => loadUI(uiUrl(page.config, setup.base), temoin);

  const failClosed = (message: string) => {
    console.error(message + '; optional categories stay refused');
    blocker.fail();
    settle(null);
  };

  /**
   * Makes a record the last one seen, and the one in force while it is current. `saved` settles
   * once it is stored, before any reload.
   */
  function apply(record: ConsentRecord | null, notify: boolean, saved?: Promise<unknown>): void {
    const config = page.config;
    page.stored = record;
    if (!config) return;
    const before = page.granted;
    const current = page.current = record && isCurrent(record, config, Date.now()) ? record : null;
    const granted = page.granted = grantedCategories(config, current, page.gpc);
    blocker.update(config, granted);
    pushConsentUpdate(config, granted);
    showManage();
    if (notify) document.dispatchEvent(new TemoinChangeEvent(current));
    // Code that already ran cannot be unloaded: a reload is the only sure way to stop it.
    if (config.reloadOnWithdraw && config.categories.some((c) => before[c.id] && !granted[c.id])) {
      void Promise.resolve(saved).finally(() => location.reload());
    }
  }

  /** The manage button is there whenever a decision is in force, unless the site opts out. */
  function showManage(): void {
    const config = page.config;
    // `document.body` is null while the <head> is parsed.
    // Made once first needed: a visitor who is asked does not pay for it before the banner.
    if (!config || config.manageButton === false || !(document.body as HTMLElement | null) || !(manage || page.current)) return;
    const lang = resolveLanguage(config);
    manage ??= createManageButton(config.manageButton ?? 'bottom-left', lang, config.strings?.[lang]?.manage,
      () => void temoin.showPreferences());
    manage.hidden = !page.current;
  }

  /** Records a new decision (or none, for reset) in this tab, in storage and in the other tabs. */
  async function decide(wanted: Wanted, options: DecisionOptions = {}): Promise<ConsentRecord | null> {
    if (!page.config) {
      console.error('temoin: no valid config' + (DEV_MODE ? ', no decision recorded' : ''));
      return null;
    }
    const [record, saved] = (await setup.decisions()).commit(page, wanted, options);
    broadcast(record);
    apply(record, true, saved);
    await saved;
    return record;
  }

  /** Validates the config (or trusts the exact text this device validated before), then starts. */
  function check(input: unknown, text: string): void {
    // No answer in the cookie for this revision: the banner will be needed, so fetch the UI now,
    // alongside validation. It is only shown once the config proves valid.
    const raw = input as ValidConfig | null; // not valid yet: only its revision and `ui` are read
    const url = typeof raw == 'object' && raw && !(page.stored && isCurrent(page.stored, raw, Date.now())) && uiUrl(raw, setup.base);
    if (url) prefetchUI(url);
    // A visitor who must be asked loads the write path anyway, so the config is validated there,
    // and localStorage (slow on first use) stays off the banner's path: the fingerprint is
    // written with the decision.
    const print = page.print = fingerprint(text);
    // The development build validates every time, in the write path (it checks receipt sizes too).
    if (!url && !DEV_MODE && isTrusted(print)) return start(normalizeConfig(input as TemoinConfig));
    setup.decisions().then((w) => w.checkConfig(page, input, !url)).then(start, (e: unknown) => failClosed((e as Error).message));
  }

  function start(valid: ValidConfig): void {
    page.config = valid;
    pushConsentDefault(valid);
    apply(page.stored, false);
    // Receipts of this device still wait for the collector: try again on this page load.
    if (page.stored?.unsent) void setup.decisions().then((w) => w.deliver(page));
    if (page.current) return settle(page.current);
    // No answer in the cookie: ask at once. The cookie may have been cleared (or capped by the
    // browser) while IndexedDB still has the decision; then it applies and the banner closes.
    void ui().then((u) => u?.showBanner());
    setup.decisions()
      .then((w) => w.restore(page))
      .then((durable) => {
        if (durable) apply(durable, true);
      })
      .catch((e: unknown) => console.error('temoin: could not load the decision module', e))
      .finally(() => settle(page.current));
  }

  function parse(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return failClosed(`temoin: the config is not valid JSON (${(e as Error).message})`);
    }
    check(parsed, text);
  }

  function load(src: ConfigSource | null): void {
    if (src == null) {
      return failClosed(DEV_MODE
        ? 'temoin: no config found: add data-config to the Témoin script tag, or a <script type="application/json" id="temoin-config">'
        : 'temoin: no config (data-config)');
    }
    if (typeof src != 'string') return check(src, JSON.stringify(src));
    if (src.trimStart().startsWith('{')) return parse(src);
    page.fetch(src)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.text();
      })
      .then(parse, (e: unknown) => failClosed(`temoin: could not load the config from ${src} (${(e as Error).message})`));
  }

  const temoin: Temoin = {
    ready,
    get config() {
      return page.config;
    },
    get: () => page.current,
    granted: (category) => page.granted[category] === true,
    acceptAll: (o) => decide(true, o),
    rejectAll: (o) => decide(false, o),
    set: (changes, o) => decide({ changes }, o),
    showPreferences: () => ui().then((u) => u?.showPreferences()),
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
    history: () => setup.decisions().then((w) => w.history()),
  };

  // The site's own "manage cookies" links, and the manage button once the page has a body.
  document.addEventListener('click', (e) => {
    // The target may be the document itself, which has no `closest`.
    if ((e.target as Partial<Element> | null)?.closest?.('[data-temoin-open]')) {
      e.preventDefault();
      void temoin.showPreferences();
    }
  });
  document.addEventListener('DOMContentLoaded', showManage);

  if (source instanceof Promise) void source.then(load);
  else load(source);
  return temoin;
}
