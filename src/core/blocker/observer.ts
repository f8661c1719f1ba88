// The page's own markup: marked elements are activated once the parser is done with them, then as
// they are added; unmarked parser scripts with a blocked URL are turned into markup before they
// run, and the editor is told about unmarked markup that loaded before consent.
import { blockedBy, UNDECLARED, UNKNOWN } from './policy.js';
import { activateWithin } from './release.js';
import { state } from './state.js';
import { warnUnmarked } from './warnings.js';

/** Unmarked elements with a URL, and parser scripts held before the config was known. */
const unmarked = () => document.querySelectorAll(`[src]:not([data-category]),script[data-category="${UNKNOWN}"]`);

/**
 * Those the page had once parsed: what a script adds, or gives a URL, after that (a marked script
 * once released, say) is none of the markup the editor wrote. Unset until then.
 */
let parsed: NodeListOf<Element> | undefined;

/** Markup the parser loaded unmarked that the config says should have waited. */
export function findUnmarked(): void {
  if (!state._granted) return;
  for (const el of parsed ?? unmarked()) {
    const url = el.getAttribute('src')!;
    const by = blockedBy(url, true);
    // A script the browser never runs loaded nothing.
    if (by && by != UNDECLARED && !state._inert.has(el)) warnUnmarked(el, url, by);
  }
}

export function observeParser(): void {
  // Unmarked scripts the parser meets with a blocked URL are turned into markup before they run
  // (the observer runs before the parser executes a script); mark them anyway, or the preload
  // scanner may fetch them.
  new MutationObserver((records) => {
    for (const { addedNodes } of records) {
      for (const node of addedNodes) {
        if (!(node instanceof Element)) continue;
        // Most elements the parser adds have no children: no search inside them (5 times faster
        // on a long page than querying each one).
        for (const script of node.firstElementChild ? [node, ...node.querySelectorAll('script')] : [node]) {
          if (
            !(script instanceof HTMLScriptElement) ||
            script.type == 'text/plain' ||
            !script.src ||
            // Released, a script the browser never runs would run.
            state._inert.has(script)
          )
            continue;
          const by = blockedBy(script.src);
          if (!by) continue;
          if (by != UNKNOWN && by != UNDECLARED) warnUnmarked(script, script.src, by);
          script.dataset.type = script.type;
          script.dataset.category = by;
          script.type = 'text/plain';
        }
        if (document.readyState != 'loading') activateWithin(node);
      }
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => {
    parsed = unmarked();
    activateWithin(document);
    findUnmarked();
  });
}
