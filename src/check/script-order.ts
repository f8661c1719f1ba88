// Where the Témoin tag stands in a page. It holds only what the parser meets after it has run: an
// element before it reaches its host (and sets its cookies) unchecked, and an async, deferred or
// module Témoin runs after the scripts it should hold. `temoin check` names both.
//
// What counts as loading or running before it: a script that runs (no type, a JavaScript type or
// module) with a src or inline code; an <iframe>/<frame> with a src (its document runs its own
// scripts); an element that fetches from another origin as it is parsed (<img>, <video>, <audio>,
// <source>, <embed>, <input type="image"> by src, srcset or poster; <object> by data; <link> with
// rel stylesheet, preload, modulepreload or prefetch). Not counted: <meta>, <title>, <base>,
// <style>, same-origin images and stylesheets (the site's own, which Témoin never blocks), data
// scripts (application/json, ld+json), marked elements (they wait for Témoin), and <link
// rel=preconnect|dns-prefetch|icon> (a connection or a favicon, no page data).
import type { DefaultTreeAdapterMap } from 'parse5';

type Element = DefaultTreeAdapterMap['element'];

/** The Témoin tag's place in the page. */
export interface TemoinTag {
  line: number;
  inHead: boolean;
  /** What makes it run after the parser has gone on: `async`, `defer`, `type="module"`. */
  late: string[];
}

/** An element that loads or runs before the Témoin tag. */
export interface EarlyElement {
  line: number;
  markup: string;
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name == name)?.value;
const FETCHING_RELS = ['stylesheet', 'preload', 'modulepreload', 'prefetch'];
const MEDIA = ['img', 'video', 'audio', 'source', 'embed', 'input'];

/** Whether a script element runs: classic (no type or a JavaScript one) or module; not data, not marked. */
export function runs(el: Element): boolean {
  const type = attr(el, 'type')?.trim().toLowerCase();
  return !type || type == 'module' || /^(text|application)\/(x-)?(java|ecma)script$/.test(type);
}

/** Whether `ref` points at another host than the page's (data: and blob: URLs fetch nothing). */
function otherOrigin(ref: string | undefined, base: string): boolean {
  if (!ref?.trim() || !URL.canParse(ref.trim(), base)) return false;
  const url = new URL(ref.trim(), base);
  return !['data:', 'blob:', 'about:', 'javascript:'].includes(url.protocol) && url.host != new URL(base).host;
}

const firstOfSrcset = (srcset: string | undefined) => srcset?.trim().split(/\s+/)[0];

/** Whether an element loads or runs as the parser meets it, in a way the Témoin tag must come before. */
export function loadsOrRuns(el: Element, base: string, inlineCode: string): boolean {
  if (attr(el, 'data-category') !== undefined) return false;
  const tag = el.tagName;
  if (tag == 'script') return runs(el) && (!!attr(el, 'src')?.trim() || !!inlineCode.trim());
  if (tag == 'iframe' || tag == 'frame') return !!attr(el, 'src')?.trim();
  if (tag == 'object') return otherOrigin(attr(el, 'data'), base);
  if (tag == 'link') {
    const rels = (attr(el, 'rel') ?? '').toLowerCase().split(/\s+/);
    return rels.some((rel) => FETCHING_RELS.includes(rel)) && otherOrigin(attr(el, 'href'), base);
  }
  if (!MEDIA.includes(tag) || (tag == 'input' && attr(el, 'type')?.toLowerCase() != 'image')) return false;
  return [attr(el, 'src'), firstOfSrcset(attr(el, 'srcset')), attr(el, 'poster')].some((ref) => otherOrigin(ref, base));
}

/** What makes a Témoin tag run late, as written on it. */
export function lateAttributes(el: Element): string[] {
  return [
    ...(attr(el, 'async') !== undefined ? ['async'] : []),
    ...(attr(el, 'defer') !== undefined ? ['defer'] : []),
    ...(attr(el, 'type')?.trim().toLowerCase() == 'module' ? ['type="module"'] : []),
  ];
}

const WHY_LATE: Record<string, string> = {
  async: 'it runs whenever it arrives, and the scripts after it may run first, unblocked',
  defer: 'it runs only once the whole page is parsed, after every script in it',
  'type="module"': 'it runs only once the whole page is parsed, after every script in it',
};

const MOVE = 'move it first in <head>, before anything that loads';

/** The problems of the Témoin tag's place and attributes in the page `where`. */
export function orderProblems(tag: TemoinTag, before: EarlyElement[], where: string): string[] {
  const problems: string[] = [];
  const [first] = before;
  if (first) {
    const others = before.length - 1;
    const more = !others
      ? ''
      : others == 1
        ? ' and 1 other element that loads or runs'
        : ` and ${others} other elements that load or run`;
    problems.push(
      `${where}:${tag.line}: the Témoin script comes after ${first.markup} (line ${first.line})${more}, which Témoin cannot hold: ${MOVE}`,
    );
  } else if (!tag.inHead) {
    problems.push(
      `${where}:${tag.line}: the Témoin script is in <body>, so whatever is added above it loads before Témoin can hold it: ${MOVE}`,
    );
  }
  for (const late of tag.late) {
    problems.push(`${where}:${tag.line}: the Témoin script has ${late}, so ${WHY_LATE[late]}: remove ${late}`);
  }
  return problems;
}
