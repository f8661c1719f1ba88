// Content parsed where nothing loads yet (an HTML string, a `<template>`'s content, a document
// from DOMParser) is turned into markup before it can reach the page: a blocked URL moves to the
// markup form (`data-src`, `type="text/plain"`), released with the service that holds it.
import { blockedByAny } from './policy.js';
import { GUARDED } from './properties.js';
import { state } from './state.js';

/** The scripts in `node` and in the contents of its templates, nested ones too. */
export const scriptsIn = (node: ParentNode): Element[] =>
  node instanceof HTMLTemplateElement
    ? scriptsIn(node.content)
    : node instanceof HTMLScriptElement
      ? [node]
      : [...node.querySelectorAll('script,template')].flatMap(scriptsIn);

/** Makes `script` wait as markup does (`type="text/plain"`), its own type kept for its release. */
export const hide = (script: HTMLScriptElement): void => {
  script.dataset.type = script.type;
  script.type = 'text/plain';
};

/**
 * Marks what `root` (and each template's content in it) would load from a blocked host; true when
 * it marked something. Scripts are marked only when `scriptsRun`: those the browser never runs
 * (parsed by innerHTML, DOMParser…) stay as they are, and none of them is noted inert here.
 */
export function markTree(root: ParentNode, scriptsRun: boolean): boolean {
  let changed = false;
  for (const el of root.querySelectorAll<HTMLElement>(Object.keys(GUARDED).join() + ',template')) {
    if (el instanceof HTMLTemplateElement) {
      changed = markTree(el.content, scriptsRun) || changed;
      continue;
    }
    // The selectors take an XML document's elements too (an XSLT stylesheet's `xsl:template`, an
    // `img` of no namespace), which load nothing and have no dataset: only HTML's (XHTML's too) and
    // SVG's are marked.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an XML element's is undefined
    if (!el.dataset) continue;
    const isScript = el instanceof HTMLScriptElement;
    // A text/plain script loads nothing: one the editor marked keeps its category and saved type.
    if (isScript && (!scriptsRun || el.type == 'text/plain' || state._inert.has(el))) continue;
    // SVG's `href` of old is `xlink:href` (any prefix): marked as `data-href`, released as `href`.
    // An attribute of another namespace loads nothing.
    for (const { localName: prop, name, namespaceURI, value } of [...el.attributes]) {
      const by =
        (namespaceURI ?? 'xlink').endsWith('xlink') &&
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `<constructor>` finds Object's
        GUARDED[el.localName]?.includes?.(prop) &&
        blockedByAny(prop, value);
      if (!by) continue;
      changed = true;
      // `category/service`: released with that service (markup.ts). `dataset` and `type` are not
      // guarded: plain properties do.
      el.dataset.category = by;
      if (isScript) hide(el);
      else {
        el.dataset[prop] = value;
        el.removeAttribute(name);
      }
    }
  }
  return changed;
}
