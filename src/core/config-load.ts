// Where the config comes from, and whether it can be trusted: an object, inline JSON or a URL;
// trusted when `temoin check --seal` sealed it (config-seal.ts) or this device validated that exact
// text before (config-trust.ts), its templates expanded as they were then, else validated in the
// check path. Whatever goes wrong fails closed.
import type { ValidConfig } from './config.js';
import { startSealed } from './config-seal.js';
import { fingerprint, trusted } from './config-trust.js';
import { isCurrent } from './consent.js';
import { prefetchUI, uiUrl } from './load-ui.js';
import type { CheckPath, ConfigSource, PageState, TemoinOptions } from './types.js';

/**
 * Loads the config from `source`, then `start`s with it once valid (with the check path, when it
 * was loaded to validate it), or `fail`s with what went wrong. `setup` says where the UI module and
 * the check path are.
 */
export function loadConfig(
  source: ConfigSource | null | Promise<ConfigSource | null>,
  page: PageState,
  setup: TemoinOptions,
  start: (config: ValidConfig, checkPath?: CheckPath) => void,
  fail: (message: string) => void,
): void {
  /** Validates the config (or trusts its seal, or the exact text this device validated before), then starts. */
  // `input` is any parsed JSON, not valid yet: only its revision and `ui` are read before it is.
  const check = (input: ValidConfig | null, text: string): void => {
    // No answer in the cookie for this revision: the banner will be needed, so fetch the UI now,
    // alongside validation. It is only shown once the config proves valid. (Before a sealed config
    // starts too: the page's blocked embeds then take their placeholders from the UI module.)
    const url =
      typeof input == 'object' &&
      input &&
      !(page.stored && isCurrent(page.stored, input, Date.now())) &&
      uiUrl(input, setup._base);
    if (url) prefetchUI(url, input);
    const sealed = startSealed(input);
    if (sealed) return start(sealed);
    // A visitor who must be asked loads the check path anyway (for the decision IndexedDB may
    // keep), so the config is validated there, and localStorage (slow on first use) stays off the
    // banner's path: the fingerprint is written with the decision.
    page.print = fingerprint(text);
    // The development build validates every time, in the check path (it checks receipt sizes too).
    const trustedConfig = !url && !DEV_MODE && trusted(page, input);
    if (trustedConfig) return start(trustedConfig);
    setup
      ._check()
      .then(async (w) => [await w.checkConfig(page, input, !url), w] as const)
      .then(
        ([config, w]) => start(config, w),
        (e: unknown) => fail((e as Error).message),
      );
  };

  const parse = (text: string): void => {
    let parsed: ValidConfig | null;
    try {
      parsed = JSON.parse(text) as ValidConfig | null;
    } catch (e) {
      return fail(`temoin: the config is not valid JSON (${(e as Error).message})`);
    }
    check(parsed, text);
  };

  const load = (src: ConfigSource | null): void => {
    if (src == null) {
      return fail(
        DEV_MODE
          ? 'temoin: no config found: add data-config to the Témoin script tag, or a <script type="application/json" id="temoin-config">'
          : 'temoin: no config (data-config)',
      );
    }
    if (typeof src != 'string') return check(src as ValidConfig, JSON.stringify(src));
    if (src.trimStart().startsWith('{')) return parse(src);
    // One that never answers would hold the page's requests and the banner until the browser gives
    // up, minutes later: it fails after 10 s (the body too). Not in every browser Témoin supports.
    page
      .fetch(src, { signal: (AbortSignal as Partial<typeof AbortSignal>).timeout?.(1e4) })
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.text();
      })
      .then(parse, (e: unknown) => fail(`temoin: could not load the config from ${src} (${(e as Error).message})`));
  };

  if (source instanceof Promise) void source.then(load);
  else load(source);
}
