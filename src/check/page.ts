// What `temoin check` reads in a page: where its config comes from (the tag's data-config, inline
// or a URL, or a <script type="application/json" id="temoin-config">), and every element marked
// with data-category or data-service, with its line, so an editor finds it in the source.
import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export type ConfigSource =
  | { kind: 'inline' | 'json-script'; text: string; line: number }
  /** `ref` as written in the attribute, `url` resolved against the page. */
  | { kind: 'url'; ref: string; url: string; line: number };

export interface MarkedElement {
  tag: string;
  category?: string;
  service?: string;
  line: number;
  /** The opening tag as written, for messages. */
  markup: string;
}

export interface PageFacts {
  /** The Témoin script tag's src as written, or null when the page has none. */
  script: string | null;
  config: ConfigSource | null;
  marked: MarkedElement[];
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name == name)?.value;
const text = (el: Element) => el.childNodes.map((n) => ('value' in n ? n.value : '')).join('');
const isTemoinScript = (src: string | undefined) => !!src && /(^|\/)temoin(\.dev)?\.js(\?|#|$)/.test(src);

function* elements(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const children = 'content' in node ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
}

/** Reads the facts `temoin check` needs from a page's HTML; `base` resolves relative URLs. */
export function readPage(html: string, base: string): PageFacts {
  const facts: PageFacts = { script: null, config: null, marked: [] };
  // As the script reads it: its own data-config first, else the JSON script.
  let jsonScript: ConfigSource | null = null;
  for (const el of elements(parse(html, { sourceCodeLocationInfo: true }))) {
    const line = el.sourceCodeLocation?.startLine ?? 0;
    const start = el.sourceCodeLocation?.startTag;
    const markup = start ? html.slice(start.startOffset, start.endOffset) : `<${el.tagName}>`;
    if (el.tagName == 'script' && isTemoinScript(attr(el, 'src')) && !facts.script) {
      facts.script = attr(el, 'src')!;
      const given = attr(el, 'data-config')?.trim();
      // A URL that does not parse stays as written: check names it.
      if (given)
        facts.config = given.startsWith('{')
          ? { kind: 'inline', text: given, line }
          : { kind: 'url', ref: given, url: URL.canParse(given, base) ? new URL(given, base).href : given, line };
    } else if (el.tagName == 'script' && attr(el, 'id') == 'temoin-config' && !jsonScript) {
      jsonScript = { kind: 'json-script', text: text(el), line };
    }
    const category = attr(el, 'data-category');
    const service = attr(el, 'data-service');
    if (category !== undefined || service !== undefined) {
      facts.marked.push({
        tag: el.tagName,
        line,
        markup,
        ...(category !== undefined ? { category } : {}),
        ...(service !== undefined ? { service } : {}),
      });
    }
  }
  facts.config ??= jsonScript;
  return facts;
}
