// Where the Témoin tag stands in a page. It holds only what the parser meets after it has run: a
// script before it runs unchecked (it may load trackers and set cookies before the blocker is
// there), and an async, deferred or module Témoin runs after the scripts it should hold.
// `temoin check` names both.
//
// Only scripts count: a script that runs (no type, a JavaScript type or module) with a src or
// inline code. One from another origin is a problem; the site's own, or inline code, a note (a
// line that sets a class loads nothing). Markup that fetches (an image, a stylesheet, an iframe)
// is not held by where Témoin stands but by its marking (data-src), which unmarked.ts checks.
import type { DefaultTreeAdapterMap } from 'parse5';

type Element = DefaultTreeAdapterMap['element'];

/** The Témoin tag's place in the page. */
export interface TemoinTag {
  line: number;
  inHead: boolean;
  /** What makes it run after the parser has gone on: `async`, `defer`, `type="module"`. */
  late: string[];
}

/** A script that runs before the Témoin tag; `foreign` when its src is on another origin. */
export interface EarlyElement {
  line: number;
  markup: string;
  foreign: boolean;
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name == name)?.value;

/** Whether a script element runs: classic (no type or a JavaScript one) or module; not data, not marked. */
export function runs(el: Element): boolean {
  const type = attr(el, 'type')?.trim().toLowerCase();
  return !type || type == 'module' || /^(text|application)\/(x-)?(java|ecma)script$/.test(type);
}

/** Whether `ref`, resolved against `base`, points at another host than the `page`'s (data: and blob: URLs fetch nothing). */
function otherOrigin(ref: string, base: string, page: string): boolean {
  if (!URL.canParse(ref, base)) return false;
  const url = new URL(ref, base);
  return !['data:', 'blob:'].includes(url.protocol) && url.host != new URL(page).host;
}

/** A script that runs as the parser meets it, as `EarlyElement` facts, or null for anything else. */
export function earlyScript(
  el: Element,
  base: string,
  page: string,
  inlineCode: string,
): Omit<EarlyElement, 'line' | 'markup'> | null {
  if (el.tagName != 'script' || attr(el, 'data-category') !== undefined || !runs(el)) return null;
  const src = attr(el, 'src')?.trim();
  if (!src && !inlineCode.trim()) return null;
  return { foreign: !!src && otherOrigin(src, base, page) };
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

const MOVE = 'move the Témoin script first in <head>, before any script';

/** The problems and notes of the Témoin tag's place and attributes in the page `where`. */
export function orderProblems(tag: TemoinTag, before: EarlyElement[], where: string) {
  const problems: string[] = [];
  const foreign = before.filter((el) => el.foreign);
  const [first] = foreign;
  if (first) {
    const others = foreign.length - 1;
    const more = !others
      ? ''
      : others == 1
        ? ' and 1 other script from elsewhere'
        : ` and ${others} other scripts from elsewhere`;
    problems.push(
      `${where}:${tag.line}: the Témoin script comes after ${first.markup} (line ${first.line})${more}, which runs before Témoin can hold it: ${MOVE}`,
    );
  } else if (!tag.inHead) {
    problems.push(
      `${where}:${tag.line}: the Témoin script is in <body>, so the scripts above it run before Témoin can hold them: ${MOVE}`,
    );
  }
  for (const late of tag.late) {
    problems.push(`${where}:${tag.line}: the Témoin script has ${late}, so ${WHY_LATE[late]}: remove ${late}`);
  }
  const notes = before
    .filter((el) => !el.foreign)
    .map(
      (el) =>
        `${el.markup} (line ${el.line}) runs before Témoin: fine if it loads nothing and sets no cookie, else put the Témoin script first`,
    );
  return { problems, notes };
}
