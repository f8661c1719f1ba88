// What `temoin check` reads in a page: where its config comes from (the tag's data-config, inline
// or a URL, or a <script type="application/json" id="temoin-config">), and every element marked
// with data-category or data-service, with its line, so an editor finds it in the source.
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { positionOf, type TextStart } from './json-error.js';
import { oneLine } from '../scanner/markup.js';
import { initVersion } from './vendor-content.js';
import { earlyScript, lateAttributes, runs, type EarlyElement, type TemoinTag } from './script-order.js';
import { XFBML, type DrawnPlugin } from './drawn-plugins.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export type ConfigSource =
  /** `line` is the tag's; `start`, where the config's text starts in the page. */
  | { kind: 'inline' | 'json-script'; text: string; line: number; start: TextStart }
  /** `ref` as written in the attribute, `url` resolved against the page. */
  | { kind: 'url'; ref: string; url: string; line: number };

export interface MarkedElement {
  tag: string;
  category?: string;
  service?: string;
  line: number;
  /** The opening tag as written, for messages. */
  markup: string;
  /** What it loads once released (`src`, or `data-src`), as written, and what that resolves against when not the page. */
  src?: string;
  base?: string;
}

/** An element that loads its `src` as the page is parsed, or an inline script that runs, unmarked: nothing holds it. */
export interface LoadingElement {
  src: string;
  line: number;
  /** The opening tag as written, for messages. */
  markup: string;
  /** The element's name: `script`, `iframe`, `img`… */
  tag: string;
  script: boolean;
  /** An inline script's (its `src` empty): the http(s) and protocol-relative URLs its code writes, outside comments. */
  inline?: string[];
  /** In a `<template>`'s content: inert until the page's code puts a copy in the page. */
  inTemplate?: boolean;
  /** What its relative URLs resolve against, when not the page's address: a `<base href>` met before it. */
  base?: string;
}

export interface PageFacts {
  /** The Témoin script tag's src as written, or null when the page has none. */
  script: string | null;
  /** Where the Témoin tag stands, or null when the page has none. */
  tag: TemoinTag | null;
  /** The scripts that run before the Témoin tag (script-order.ts says what counts). */
  before: EarlyElement[];
  config: ConfigSource | null;
  marked: MarkedElement[];
  unmarked: LoadingElement[];
  /**
   * The site's origin as the page states it, for a page file (saved from the site, its own URLs
   * absolute): its `<link rel="canonical">`, else its `og:url`, else its `<base href>`, with where
   * it came from; null when it states none.
   */
  origin: { origin: string; from: string } | null;
  /** The URL the Témoin script's relative URLs resolve against: a `<base href>` before it, for a page on the web. */
  base: string;
  /** The version the page's inline code gives Meta's SDK (`FB.init({ version })`), marked or not, when it gives one. */
  sdkVersion?: string;
  /** Meta's plugin divs, which its SDK fills: no placeholder stands in for them. */
  drawn: DrawnPlugin[];
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name == name)?.value;
const text = (el: Element) => el.childNodes.map((n) => ('value' in n ? n.value : '')).join('');
const isTemoinScript = (src: string | undefined) => !!src && /(^|\/)temoin(\.dev)?\.js(\?|#|$)/.test(src);

/** Inline code without its comments, which run nothing (a string is skipped whole, so its `//` starts no comment). */
const uncommented = (code: string) =>
  code.replace(/("|'|`)(?:\\[\s\S]|(?!\1)[^\\])*\1|\/\/.*|\/\*[\s\S]*?\*\//g, (m, quote) => (quote ? m : ''));

/**
 * The URLs inline code writes (`'https://widget.intercom.io/widget/' + APP_ID`), as vendors' loaders
 * build a script's src: outside its comments, which load nothing; `\/` read as `/`, as JSON written
 * into a page escapes it.
 */
const urlsIn = (code: string) =>
  uncommented(code)
    .replaceAll('\\/', '/')
    .match(/(\bhttps?:)?\/\/[\w-]+(\.[\w-]+)+(\/[^\s'"`\\]*)?/gi) ?? [];

/** A site's address (`https://www.ville.example/…`) as its origin, or null for anything else. */
export const siteOrigin = (address: string): string | null =>
  /^https?:\/\/[^/]/i.test(address) && URL.canParse(address) ? new URL(address).origin : null;

/**
 * Every element, with whether it is in a `<template>`'s content (inert: nothing there loads or runs).
 * A declarative shadow root's (`<template shadowrootmode>`) is none: the parser attaches it, live.
 */
function* elements(node: Node, inTemplate = false): Generator<[Element, boolean]> {
  if ('tagName' in node) yield [node, inTemplate];
  const children = 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
  const inert = 'content' in node && !/^(open|closed)$/i.test(attr(node, 'shadowrootmode') ?? '');
  for (const child of children) yield* elements(child, inTemplate || inert);
}

/**
 * Where the value of an element's attribute starts in the page, after `name=`, its quote and the
 * white space the config's reading trims. (Character references in it, `&quot;`, would shift the
 * columns after them.)
 */
function attributeValueStart(html: string, el: Element, name: string): TextStart {
  const at = el.sourceCodeLocation?.attrs?.[name];
  if (!at) return { line: el.sourceCodeLocation?.startLine ?? 1, column: 1 };
  const written = html.slice(at.startOffset, at.endOffset);
  return positionOf(html, at.startOffset + /^[^=]*=\s*["']?\s*/.exec(written)![0].length);
}

/** Where an element's text starts in the page, as written (a script's text is never decoded). */
const textStart = (html: string, el: Element): TextStart => {
  const at = el.childNodes[0]?.sourceCodeLocation ?? el.sourceCodeLocation?.endTag;
  return at ? positionOf(html, at.startOffset) : { line: el.sourceCodeLocation?.startLine ?? 1, column: 1 };
};

/** A marked element: what marks it, and what it loads once released (`src` or `data-src`), against `held.base`. */
function markedElement(el: Element, line: number, markup: string, held: { base?: string }): MarkedElement {
  const category = attr(el, 'data-category');
  const service = attr(el, 'data-service');
  const loads = attr(el, 'src') ?? attr(el, 'data-src');
  return {
    tag: el.tagName,
    line,
    markup,
    ...(loads ? { src: loads, ...(held.base ? { base: held.base } : {}) } : {}),
    ...(category !== undefined ? { category } : {}),
    ...(service !== undefined ? { service } : {}),
  };
}

/** What Meta's SDK needs from a page: the version its inline code gives FB.init, and the plugin divs it fills. */
function noteMeta(facts: PageFacts, el: Element, line: number, markup: string, inTemplate: boolean) {
  // Often in window.fbAsyncInit, marked with the SDK: it still says which frames the SDK asks for.
  const version =
    el.tagName == 'script' && !attr(el, 'src') && !facts.sdkVersion ? initVersion(uncommented(text(el))) : undefined;
  if (version) facts.sdkVersion = version;
  if (el.tagName == 'div' && !inTemplate && XFBML.test(attr(el, 'class') ?? ''))
    facts.drawn.push({
      line,
      markup,
      opens: [...elements(el)].some(([d]) => attr(d, 'data-temoin-open') !== undefined),
    });
}

/**
 * Reads the facts `temoin check` needs from a page's HTML at `page`. A page on the web resolves the
 * relative URLs of what follows its first `<base href>` against it, as the browser does (what comes
 * before, the Témoin script first in `<head>`, is resolved as the parser meets it: against the
 * page), and a template's content, copied in once the page is parsed, too; a file against itself.
 */
export function readPage(html: string, page: string): PageFacts {
  const tree = parse(html, { sourceCodeLocationInfo: true });
  let baseElement: Element | undefined;
  let pageBase = page;
  for (const [el, inTemplate] of page.startsWith('http') ? elements(tree) : []) {
    const href = el.tagName == 'base' && !inTemplate ? attr(el, 'href') : undefined;
    if (href === undefined) continue;
    if (URL.canParse(href.trim(), page)) pageBase = new URL(href.trim(), page).href;
    baseElement = el;
    break;
  }
  // The base in effect as the parser meets each element.
  let base = page;
  const facts: PageFacts = {
    script: null,
    tag: null,
    before: [],
    config: null,
    marked: [],
    unmarked: [],
    origin: null,
    base: page,
    drawn: [],
  };
  // The page's own statements of its address, in the order they are trusted.
  const stated: Record<string, string> = {};
  // As the script reads it: its own data-config first, else the JSON script.
  let jsonScript: ConfigSource | null = null;
  for (const [el, inTemplate] of elements(tree)) {
    if (el == baseElement) base = pageBase;
    const line = el.sourceCodeLocation?.startLine ?? 0;
    const start = el.sourceCodeLocation?.startTag;
    const markup = oneLine(start ? html.slice(start.startOffset, start.endOffset) : `<${el.tagName}>`);
    if (el.tagName == 'script' && isTemoinScript(attr(el, 'src')) && !facts.script) {
      facts.script = attr(el, 'src')!;
      facts.base = base;
      const inHead = 'tagName' in el.parentNode! && el.parentNode.tagName == 'head';
      facts.tag = { line, inHead, late: lateAttributes(el) };
      const given = attr(el, 'data-config')?.trim();
      // A URL that does not parse stays as written: check names it.
      if (given)
        facts.config = given.startsWith('{')
          ? { kind: 'inline', text: given, line, start: attributeValueStart(html, el, 'data-config') }
          : { kind: 'url', ref: given, url: URL.canParse(given, base) ? new URL(given, base).href : given, line };
    } else if (el.tagName == 'script' && attr(el, 'id') == 'temoin-config' && !jsonScript) {
      jsonScript = { kind: 'json-script', text: text(el), line, start: textStart(html, el) };
    } else if (!facts.script && !inTemplate) {
      const early = earlyScript(el, base, page, el.tagName == 'script' ? text(el) : '');
      if (early) facts.before.push({ line, markup, ...early });
    }
    const address =
      el.tagName == 'link' && /(^|\s)canonical(\s|$)/i.test(attr(el, 'rel') ?? '')
        ? ['<link rel="canonical">', attr(el, 'href')]
        : el.tagName == 'meta' && attr(el, 'property') == 'og:url'
          ? ['<meta property="og:url">', attr(el, 'content')]
          : el.tagName == 'base'
            ? ['<base href>', attr(el, 'href')]
            : [];
    const origin = !inTemplate && address[1] && siteOrigin(address[1].trim());
    if (origin) stated[address[0]!] ??= origin;
    const category = attr(el, 'data-category');
    const service = attr(el, 'data-service');
    const src = attr(el, 'src');
    // As the browser's warning finds them: an element with a src and no data-category.
    const at = inTemplate ? pageBase : base;
    const held = { ...(inTemplate ? { inTemplate } : {}), ...(at != page ? { base: at } : {}) };
    if (src && category === undefined)
      facts.unmarked.push({ src, line, markup, tag: el.tagName, script: el.tagName == 'script', ...held });
    // An inline script unmarked, that runs: the hosts its code names may be what it loads.
    else if (el.tagName == 'script' && !src && category === undefined && runs(el))
      facts.unmarked.push({ src: '', line, markup, tag: 'script', script: true, inline: urlsIn(text(el)), ...held });
    if (category !== undefined || service !== undefined) facts.marked.push(markedElement(el, line, markup, held));
    noteMeta(facts, el, line, markup, inTemplate);
  }
  facts.config ??= jsonScript;
  const from = ['<link rel="canonical">', '<meta property="og:url">', '<base href>'].find((k) => stated[k]);
  if (from) facts.origin = { origin: stated[from]!, from };
  return facts;
}
