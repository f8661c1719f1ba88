// Keeps trackers from loading until their category is granted, and releases them in order.
//
// Two kinds of blocked content:
// - markup the web editor marked (markup.ts), activated in document order (release.ts);
// - anything a script adds at run time whose URL's host belongs to a refused service: element
//   URL properties and attributes (properties.ts), HTML strings (html.ts), fetch, sendBeacon and
//   XMLHttpRequest (network.ts) are stopped before the request leaves the browser, and held until
//   the category is granted.
// Which URL is blocked is the policy's answer (policy.ts); until the config is known (or when it is
// invalid) every cross-origin URL is held: fail closed. The parts share one state (state.ts).
import type { ValidConfig } from '../config.js';
import type { Granted } from '../consent.js';
// The parts in the order they build on each other, which Rollup keeps: sorted by name instead, the
// classic script grows by about 20 bytes gzipped.
import { settle, state } from './state.js';
import { applyConfig } from './policy.js';
import { guardProperties } from './properties.js';
import { guardHtml } from './html.js';
import { guardNetwork } from './network.js';
import { activateAll, allowOnce, keepHidden } from './release.js';
import { replayPastEvents } from './late-events.js';
import { findUnmarked, observeParser } from './observer.js';

export interface Blocker {
  /** Re-evaluates everything held against the config and what is granted now. */
  update(config: ValidConfig, granted: Granted): void;
  /** The config could not be used: keep everything non-essential blocked, for good. */
  fail(): void;
  /**
   * Loads a marked element now, and the service it names for this page view: its held markup,
   * URLs and requests, now and later ("load this once"). Nothing is stored, and what is granted
   * stays as decided.
   */
  allowOnce(el: Element): void;
}

/**
 * `needUI` is told when the page needs the UI: a marked embed stays blocked (`embed`: its
 * placeholder), or the page has a cookie declaration (`<temoin-declaration>`, drawn whatever the
 * visitor decided).
 */
export function installBlocker(needUI: (embed?: Element) => void): Blocker {
  state._needUI = needUI;
  const releaseHeld = guardProperties(keepHidden);
  guardHtml();
  guardNetwork();
  replayPastEvents();
  observeParser();
  const activateLoaded = () => {
    if (document.readyState != 'loading') activateAll();
  };
  /** The services loaded once on this page: granted over every decision until the page is left. */
  const once: Granted = {};
  return {
    update(config, granted) {
      // A copy: what the page is told is granted stays as decided.
      applyConfig(config, { ...granted, ...once });
      activateLoaded();
      findUnmarked();
      releaseHeld();
    },
    fail() {
      // The site's own scripts held behind the others run now (script-order.ts).
      settle();
      activateLoaded();
    },
    allowOnce(el) {
      allowOnce(el);
      // The service its markup names, or the blocker's mark (as its placeholder reads them); never
      // a whole category, nor a URL another refused service's entries take (policy.ts).
      const { category, service } = (el as Partial<HTMLElement>).dataset ?? {};
      const key = category?.includes('/') ? category : `${category}/${service}`;
      if (state._granted?.[key] == false) {
        state._granted[key] = once[key] = true;
        activateLoaded();
        releaseHeld();
      }
    },
  };
}
