// The placeholders' module (dist/temoin-ui-placeholders.js), beside the UI module and without Lit:
// the core imports it when a marked embed stays blocked, with the strings of the page's language.
// A returning visitor's placeholders download this and the strings, not the UI module. The UI
// module holds this code too: a first visit, which downloads the UI for the banner, takes the
// placeholders from there and downloads no second file.
import { EMBEDS } from '../../core/blocker/markup.js';
import type { Language } from '../../core/config-types.js';
import type { Temoin } from '../../core/types.js';
import { define } from '../define.js';
import { translator, type FirstStrings } from '../i18n/index.js';
import { TemoinPlaceholder } from './placeholder.js';

/**
 * Puts a placeholder before each marked embed that may not load, in the page and in what is added
 * to it, and takes it away once the embed may load. `strings` is the module of `lang`'s strings,
 * whose one export is them; the UI module gives the placeholders its language when the visitor
 * picks another in the preference center. Returns what the core tells of each embed it holds:
 * the only word of one in a shadow root, out of the page's search and observer.
 */
export function placeholders(
  temoin: Temoin,
  lang: Language,
  strings: Record<string, unknown>,
): (embed: Element) => void {
  const t = translator(temoin.config!, lang, Object.values(strings)[0] as FirstStrings);
  define({ 'temoin-placeholder': TemoinPlaceholder });
  const shown = new Map<HTMLElement, TemoinPlaceholder>();
  /** As the blocker decides: its whole category granted, or the service its `data-service` names. */
  const mayLoad = ({ dataset: { category, service } }: HTMLElement) => temoin.granted(category!, service);
  /** For each embed in `added` (the whole page by default): while a long page is parsed, only what was added is searched. */
  const sync = (added: Iterable<Node> = [document.documentElement]) => {
    for (const node of added) {
      if (!(node instanceof HTMLElement)) continue;
      for (const embed of node.matches(EMBEDS) ? [node] : node.querySelectorAll<HTMLElement>(EMBEDS)) {
        if (shown.has(embed) || mayLoad(embed)) continue;
        const p = document.createElement('temoin-placeholder');
        // The language the preference center may have switched to since.
        Object.assign(p, { temoin, embed, t: shown.values().next().value?.t ?? t });
        shown.set(embed, p);
        embed.before(p);
      }
    }
    for (const [embed, p] of shown) {
      if (!p.isConnected || !embed.hasAttribute('data-src') || mayLoad(embed)) {
        p.release();
        shown.delete(embed);
      }
    }
  };
  temoin.on('change', () => sync());
  // Embeds parsed after this get theirs from the observer, and so does an embed of the page a
  // script gives a blocked URL (the blocker marks it with `data-src`).
  const start = () => {
    sync();
    new MutationObserver((records) =>
      sync(records.flatMap((r) => (r.attributeName ? [r.target] : [...r.addedNodes]))),
    ).observe(document.body, { childList: true, subtree: true, attributeFilter: ['data-src'] });
  };
  if (document.body as HTMLElement | null) start();
  else document.addEventListener('DOMContentLoaded', start);
  return (embed) => sync([embed]);
}
