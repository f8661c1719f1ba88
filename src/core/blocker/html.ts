// HTML strings: elements parsed from them start loading before any observer could see them, so
// blocked URLs are moved to the markup form (`data-src`, `type="text/plain"`) before parsing.
import { hook } from './hook.js';
import { markTree, scriptsIn } from './mark-tree.js';
import { trackWithin } from './observer.js';
import { activateWithin, writeAfter } from './release.js';
import { namedIn } from './policy.js';
import { state } from './state.js';
import { inertHTML } from './trusted.js';

// The value as the page gave it when nothing in it was held: a Trusted Types page's TrustedHTML
// stays one (a string would throw there). One with a URL held is a string, which such a page's
// default policy decides on: its serialisation is never trusted (parsed again, it may differ).
const kept = (v: unknown, html: string) => (html == String(v) ? v : html);

// The browser's own, kept before it is guarded.
const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;

/** A template of its own, `html` parsed in it: nothing there loads or runs (trusted.ts on a Trusted Types page). */
const parsed = (html: string) => {
  const template = document.createElement('template');
  innerHTML.set!.call(template, inertHTML(html));
  return template;
};

/**
 * Whether the browser's parser, given `html` to write, would wait for what comes next to end it:
 * within a tag (`<img src="…`), a comment, a script's text. A comment written after it (`<?/>`, one
 * the parser makes of a `<?`) is then not the last node parsed; the `a` before it keeps a lone `<` a
 * tag.
 */
const unended = (html: string) => {
  let last: Node = parsed(html + 'a<?/>').content;
  while (last.lastChild) last = last.lastChild;
  return last.nodeValue != '?/';
};

/** The pieces the page's scripts wrote that no call has ended yet, for the next call to end. */
let pending: unknown[] = [];

/**
 * The pieces a `write` (`ln`: `writeln`) of `args` writes now, as the page gave them (a Trusted
 * Types page's TrustedHTML stays trusted). The parser joins what successive calls write: a tag
 * written in pieces (`<img src="…`, then `">`) is checked whole, once a call ends it, and nothing
 * is written meanwhile (undefined). One that none of the script's calls ends is dropped (fail
 * closed): the browser would join it with the markup after the script.
 */
function whole(args: unknown[], ln: boolean): unknown[] | undefined {
  const pieces = [...pending, ...args];
  pending = [];
  if (!unended(pieces.join(''))) return pieces;
  pending = ln ? [...pieces, '\n'] : pieces;
  queueMicrotask(() => (pending = []));
}

export function guardHtml(): void {
  const neutralize = (html: string, scriptsRun: boolean): string => {
    const lower = html.toLowerCase();
    // The quick answers. With the config known, outside strict mode: no refused host named in the
    // text, when nothing may hide one: an entity (`&#46;`, `&#46` too, `&period;`) but `&amp;`,
    // `&nbsp;` and the like, any in a string with a srcdoc (parsed again: `&amp;#46;`), a percent
    // escape of a host character or of a byte above 0x7F (`%EF%BC%8E` is U+FF0E, which IDNA maps
    // to `.`). Otherwise: every URL attribute same-origin, plainly (`src="/x"`, `href="#a"`; not
    // `//`, `/\`, spaced, entities or other quotes), against a same-origin base.
    if (
      state._granted && !state._strict && !/srcdoc|&(?!(amp|nbsp|[lg]t|quot|#39);)|%(2[de]|3\d|[4-9a-f])/.test(lower)
        ? !namedIn(lower)
        : !document.baseURI.indexOf(origin + '/') &&
          !/(src|href|ping|poster)(?!="(?!\/\/)[\w./-]*[?#"])|<object/.test(lower)
    )
      return html;
    // A template of its own: a srcdoc in the HTML is checked by parsing it in turn. Nothing parsed
    // there loads or runs: on a Trusted Types page, what the page gave is looked into as trusted.
    const template = parsed(html);
    return markTree(template.content, scriptsRun) ? (innerHTML.get!.call(template) as string) : html;
  };
  /**
   * Parses `html` into `node`'s tree with `parse`. The scripts it adds where the browser never runs
   * them (innerHTML and the like) are noted: the observer leaves them unmarked, as the browser left
   * them, so that no release runs them either.
   */
  const parseInto = (node: Node, html: string, scriptsRun: boolean, parse: () => unknown) => {
    if (scriptsRun || !/<script/i.test(html)) return parse();
    // A template's content is a tree of its own, searched as well.
    const root = node.getRootNode() as ParentNode;
    const old = new Set(scriptsIn(root));
    parse();
    for (const script of scriptsIn(root)) if (!old.has(script)) state._inert.add(script);
  };
  // Documents parsed apart load nothing, nor run their scripts (the browser marks them): what they
  // hold is marked before its nodes can be put in the page, and their scripts are noted inert.
  const parsedApart = <T extends ParentNode>(node: T) => {
    markTree(node, false);
    for (const script of scriptsIn(node)) state._inert.add(script);
    return node;
  };
  /**
   * The open shadow roots setHTMLUnsafe and parseHTMLUnsafe parse from declarative ones
   * (`<template shadowrootmode="open">`) in `node`, nested ones too: parsed apart as well, and
   * released as those scripts attach; at once in the page's document (its host in the page or not
   * yet), once it is loaded; a parsed document's, at the next update of what is granted.
   */
  const declarative = <T extends ParentNode>(node: T) => {
    trackWithin(node, (root) => {
      parsedApart(root);
      if (root.ownerDocument == document && document.readyState != 'loading') activateWithin(root);
    });
    return node;
  };
  hook(
    DOMParser.prototype,
    'parseFromString',
    (parseFromString) =>
      function (this: DOMParser, ...args: unknown[]) {
        return parsedApart(parseFromString.apply(this, args) as Document);
      },
  );
  // Not in every browser Témoin supports.
  const { parseHTMLUnsafe } = Document as Partial<typeof Document>;
  if (parseHTMLUnsafe)
    Document.parseHTMLUnsafe = (...args) => declarative(parsedApart(parseHTMLUnsafe.apply(Document, args)));
  // Sinks that parse HTML; those of the second kind run the scripts they parse.
  const sinks: [object, string, boolean?][] = [
    [Element.prototype, 'innerHTML outerHTML insertAdjacentHTML setHTMLUnsafe'],
    [ShadowRoot.prototype, 'innerHTML setHTMLUnsafe'],
    [Range.prototype, 'createContextualFragment', true],
    [Document.prototype, 'write writeln', true],
  ];
  // A setter is called as a method of one argument, the HTML, the last the native declares as in
  // each of these methods (`write` joins all of its own).
  for (const [proto, props, scriptsRun = false] of sinks) {
    for (const prop of props.split(' ')) {
      hook(
        proto,
        prop,
        (fn) =>
          function (this: unknown, ...args: unknown[]) {
            if (prop.startsWith('write')) {
              const pieces = whole(args, prop == 'writeln');
              if (!pieces) return;
              const html = pieces.join('');
              const safe = neutralize(html, true);
              // A script released once the page was parsed would open a new, empty document by writing
              // in it: what it writes goes after it (release.ts). Another document is its own. Its
              // scripts run (no parseInto); the page's pieces as it gave them, unless made safe.
              const late = document.currentScript;
              if (this == document && state._released.has(late!)) writeAfter(late!, html);
              else fn.apply(this, safe == html ? pieces : [safe]);
              return;
            }
            // At the native's last declared place, whatever the page passes after it (ignored by the
            // browser); one call with too few arguments is left to throw.
            const i = fn.length - 1;
            const v = args[i];
            const html = neutralize(String(v), scriptsRun);
            if (i < args.length) args[i] = kept(v, html);
            const result = parseInto(this as Node, html, scriptsRun, () => fn.apply(this, args));
            if (prop == 'setHTMLUnsafe') declarative(this as ParentNode);
            return result;
          },
      );
    }
  }
}
