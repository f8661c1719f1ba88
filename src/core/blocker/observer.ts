// The page's own markup: marked elements are activated once the parser is done with them, then as
// they are added; unmarked parser scripts with a blocked URL are turned into markup before they
// run, and the editor is told about unmarked markup that loaded before consent.
import { hook } from './hook.js';
import { blockedBy, UNDECLARED, UNKNOWN } from './policy.js';
import { hide, markTree } from './mark-tree.js';
import { activateAll, activateWithin } from './release.js';
import { BEHIND, runsInOrder } from './script-order.js';
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

let observer: MutationObserver;

/** Whether the parser met a script that runs in order and was held until the config is known. */
let behind = false;

/**
 * Watches a tree out of the document's sight (a template's content, a shadow root), and the
 * contents of the templates in it: one the parser put in another's content before this saw it is
 * filled on out of sight of the outer content's watch. What those contents hold already is marked:
 * a template the parser met before this script ran is copied into the page later.
 */
function watch(root: ParentNode): void {
  observer.observe(root, { childList: true, subtree: true });
  for (const { content } of root.querySelectorAll('template')) {
    watch(content);
    markTree(content, true);
  }
}

const tracked = new WeakSet<ShadowRoot>();

/** Watches a shadow root, whose marked content is released as the page's is; false when it already was. */
function track(root: ShadowRoot): boolean {
  if (tracked.has(root)) return false;
  tracked.add(root);
  state._roots.push(new WeakRef(root));
  watch(root);
  return true;
}

/**
 * Tracks the open shadow roots in `node` not yet tracked, nested ones too, and hands each to
 * `each`: those the parser attached to a host after its first child (declarative ones), which no
 * record shows, and those setHTMLUnsafe and Document.parseHTMLUnsafe parse.
 */
export function trackWithin(node: ParentNode, each?: (root: ShadowRoot) => void): void {
  for (const el of node.querySelectorAll('*')) {
    const root = el.shadowRoot;
    if (root && track(root)) {
      each?.(root);
      trackWithin(root, each);
    }
  }
}

export function observeParser(): void {
  // Unmarked scripts the parser meets with a blocked URL are turned into markup before they run
  // (the observer runs before the parser executes a script); mark them anyway, or the preload
  // scanner may fetch them. Only the parser's: a script put in the page by a script has run, or
  // never will (parsed by innerHTML, DOMParser…), as it was when put in, and released it would
  // run when the browser does not run it, or twice.
  observer = new MutationObserver((records) => {
    const templates = new Set<ParentNode>();
    const nodes = records.flatMap((r) => [...r.addedNodes]);
    for (const node of nodes) {
      if (!(node instanceof Element)) continue;
      // Most elements the parser adds have no children: no search inside them (5 times faster
      // on a long page than querying each one).
      const within = node.firstElementChild ? [node, ...node.querySelectorAll('script,template')] : [node];
      // A template's content is parsed apart, and runs once a script puts a copy in the page:
      // marked now and as the parser fills it.
      const root = node.getRootNode();
      const live = root == document || root instanceof ShadowRoot;
      if (root instanceof DocumentFragment && !live) templates.add(root);
      // What the parser puts in an open declarative shadow root (below) is the page's markup too.
      const parsing = live && document.readyState == 'loading';
      for (const el of within) {
        if (el instanceof HTMLTemplateElement) {
          templates.add(el.content);
          watch(el.content);
        }
        if (!parsing || !(el instanceof HTMLScriptElement) || el.type == 'text/plain' || state._inert.has(el)) continue;
        // Behind a script held until the config is known, those that would run after it wait too,
        // the site's own included: the one held may be the library they need. Not in a shadow root,
        // where a script has no `document.currentScript` to be told apart by once released.
        const by = (el.src && blockedBy(el.src)) || (behind && root == document && runsInOrder(el) ? BEHIND : '');
        if (!by) continue;
        if (by == UNKNOWN) behind ||= runsInOrder(el);
        else if (by != UNDECLARED && by != BEHIND) warnUnmarked(el, el.src, by);
        el.dataset.category = by;
        hide(el);
      }
      if (live && !parsing) activateWithin(node);
      // An open declarative shadow root (`<template shadowrootmode="open">`) the parser attached
      // before this saw its host (it opens the host, as server-rendered components write it): watched
      // as one a script attaches, and what the parser put there already searched as if added.
      const shadow = node.shadowRoot;
      if (parsing && shadow && track(shadow)) nodes.push(...shadow.querySelectorAll('*'));
    }
    for (const content of templates) markTree(content, true);
  });
  watch(document);
  // What a script attaches a shadow root for is added there, out of the document's sight.
  hook(
    Element.prototype,
    'attachShadow',
    (attachShadow) =>
      function (this: Element, init: ShadowRootInit) {
        const root = attachShadow.call(this, init) as ShadowRoot;
        track(root);
        return root;
      },
  );
  // On the window, once the document's own listeners have run: those of a script released here are
  // called as if they had been there (late-events.ts).
  addEventListener('DOMContentLoaded', () => {
    trackWithin(document);
    parsed = unmarked();
    activateAll();
    findUnmarked();
  });
}
