// The consent engine: loads the config, decides from the stored record and signals, drives the
// blocker, storage and signals, and exposes the one API shared by `window.temoin` and the ES module.
import { installBlocker } from './blocker.js';
import { normalizeConfig, resolveLanguage, type TemoinConfig, type ValidConfig } from './config.js';
import { fingerprint, isTrusted } from './config-trust.js';
import { grantedCategories, isCurrent, type Choices, type ConsentRecord } from './consent.js';
import { readCookie } from './cookie.js';
import type * as Decisions from './decisions.js';
import { TemoinChangeEvent } from './events.js';
import { loadUI, prefetchUI } from './load-ui.js';
import { createManageButton } from './manage-button.js';
import { gpcEnabled, pushConsentDefault, pushConsentUpdate } from './signals.js';
import { openChannel } from './storage.js';
import type { ConfigSource, DecisionOptions, Temoin } from './types.js';

export interface TemoinOptions {
  /** The URL the default UI module (`temoin-ui.js`) is resolved against: the core script's own. */
  base: string;
  /** Imports the write path (`decisions.ts`), bundled or from beside the core script. */
  decisions: () => Promise<typeof Decisions>;
}

/**
 * Starts Témoin. Call it before any other script runs: the blocker is installed synchronously,
 * and everything non-essential stays blocked until the config is known and allows it.
 */
export function createTemoin(source: ConfigSource | null | Promise<ConfigSource | null>, setup: TemoinOptions): Temoin {
  // Taken before the blocker guards it: the config and receipts are Témoin's own requests, never
  // held back, even when a category's hosts happen to cover the collector's.
  const fetchConfig = window.fetch.bind(window);
  // A blocked embed needs a placeholder, which the UI draws.
  const blocker = installBlocker(() => void (config && ui()));
  const gpc = gpcEnabled();
  let config: ValidConfig | null = null;
  let configPrint = ''; // fingerprint of the config text, trusted once a decision is made with it
  let stored = readCookie(); // the last record seen, even stale: it keeps the visitor's id
  let current: ConsentRecord | null = null;
  let granted: Choices = {};
  let manage: HTMLElement | undefined;
  let settle!: (record: ConsentRecord | null) => void;
  const ready = new Promise<ConsentRecord | null>((resolve) => (settle = resolve));
  const broadcast = openChannel((record) => {
    stored = record;
    apply(record, true);
  });

  /** Where the UI module is, from a config (validated or not), or false when there is none. */
  const uiUrl = (c: Pick<TemoinConfig, 'ui'>) =>
    c.ui !== false && new URL(typeof c.ui == 'string' ? c.ui : 'temoin-ui.js', c.ui ? document.baseURI : setup.base).href;
  const ui = () => loadUI(!!config && uiUrl(config), temoin);

  const failClosed = (message: string) => {
    console.error(message + '; optional categories stay refused');
    blocker.fail();
    settle(null);
  };

  /** Makes a record the one in force. `saved` settles once it is stored, before any reload. */
  function apply(record: ConsentRecord | null, notify: boolean, saved?: Promise<unknown>): void {
    if (!config) return;
    const before = granted;
    current = record && isCurrent(record, config, Date.now()) ? record : null;
    granted = grantedCategories(config, current, gpc);
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
    // `document.body` is null while the <head> is parsed.
    // Made once first needed: a visitor who is asked does not pay for it before the banner.
    if (!config || config.manageButton === false || !(document.body as HTMLElement | null) || !(manage || current)) return;
    const lang = resolveLanguage(config);
    manage ??= createManageButton(config.manageButton ?? 'bottom-left', lang, config.strings?.[lang]?.manage,
      () => void temoin.showPreferences());
    manage.hidden = !current;
  }

  /** Records a new decision (or none, for reset) in this tab, in storage and in the other tabs. */
  async function decide(
    choose: (d: typeof Decisions, config: ValidConfig) => Choices | null,
    options: DecisionOptions = {},
  ): Promise<ConsentRecord | null> {
    if (!config) {
      console.error('temoin: no valid config' + (DEV_MODE ? ', no decision recorded' : ''));
      return null;
    }
    const valid = config;
    const d = await setup.decisions();
    const choices = choose(d, valid);
    const [record, saved] = d.commit(valid, stored, choices, gpc, options, fetchConfig);
    d.trust(configPrint);
    stored = record;
    broadcast(record);
    apply(record, true, saved);
    await saved;
    return record;
  }

  /** Validates the config (or trusts the exact text this device validated before), then starts. */
  function check(input: unknown, text: string): void {
    // No answer in the cookie for this revision: the banner will be needed, so fetch the UI now,
    // alongside validation. It is only shown once the config proves valid.
    const raw = input as Partial<TemoinConfig> | null;
    const url = typeof raw == 'object' && raw && !(stored && stored.revision === raw.revision && stored.expiresAt > Date.now()) && uiUrl(raw);
    if (url) prefetchUI(url);
    // A visitor who must be asked loads the write path anyway, so the config is validated there,
    // and localStorage (slow on first use) stays off the banner's path: the fingerprint is
    // written with the decision.
    configPrint = fingerprint(text);
    // The development build validates every time, in the write path (it checks receipt sizes too).
    if (!url && !DEV_MODE && isTrusted(configPrint)) return start(normalizeConfig(input as TemoinConfig));
    setup.decisions().then((d) => {
      const valid = d.validateConfig(input);
      if (!url) d.trust(configPrint);
      return valid;
    }).then(start, (e: unknown) => failClosed((e as Error).message));
  }

  function start(valid: ValidConfig): void {
    config = valid;
    pushConsentDefault(valid);
    apply(stored, false);
    // Receipts of this device still wait for the collector: try again on this page load.
    if (stored?.unsent) void setup.decisions().then((d) => d.deliver(valid, fetchConfig));
    if (current) return settle(current);
    // No answer in the cookie: ask at once. The cookie may have been cleared (or capped by the
    // browser) while IndexedDB still has the decision; then it applies and the banner closes.
    void ui().then((u) => u?.showBanner());
    setup.decisions()
      .then((d) => d.restore(stored, valid, fetchConfig))
      .then((durable) => {
        if (durable) apply(stored = durable, true);
      })
      .catch((e: unknown) => console.error('temoin: could not load the decision module', e))
      .finally(() => settle(current));
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
    fetchConfig(src)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.text();
      })
      .then(parse, (e: unknown) => failClosed(`temoin: could not load the config from ${src} (${(e as Error).message})`));
  }

  const temoin: Temoin = {
    ready,
    get config() {
      return config;
    },
    get: () => current,
    granted: (category) => granted[category] === true,
    acceptAll: (o) => decide((d, c) => d.acceptAllChoices(c, gpc), o),
    rejectAll: (o) => decide((d, c) => d.rejectAllChoices(c), o),
    set: (changes, o) => decide((d, c) => d.changeChoices(c, granted, changes), o),
    showPreferences: () => ui().then((u) => u?.showPreferences()),
    allowOnce: (el) => blocker.allowOnce(el),
    async reset() {
      await decide(() => null);
      void ui().then((u) => u?.showBanner());
    },
    on(type, listener) {
      const handler = (e: TemoinChangeEvent) => listener(e.detail);
      document.addEventListener(`temoin:${type}`, handler);
      return () => document.removeEventListener(`temoin:${type}`, handler);
    },
    history: () => setup.decisions().then((d) => d.readHistory()),
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
