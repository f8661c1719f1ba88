// The element of a page's own HTML that loads a URL, and the markup to write instead, so that
// Témoin holds it until consent (the vanilla-cookieconsent markup contract).

/** Tags whose URL attribute makes the browser fetch something while it parses. */
const TAG = /<(script|img|iframe|embed|source|video|audio|link|object)\b[^>]*>/gi;
const ATTRIBUTE = /\s([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

const decode = (value: string) => value.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");

/** A tag as messages quote it: on one line, each run of white space one space (a tag written over lines keeps its indentation). */
export const oneLine = (tag: string) => tag.replace(/\s+/g, ' ').replace(/ >$/, '>');

/** The opening tag in `html` whose src, srcset, href or data attribute resolves to `url`. */
export function findTag(html: string, url: string, base: string): string | null {
  for (const [tag] of html.matchAll(TAG)) {
    for (const m of tag.matchAll(ATTRIBUTE)) {
      const name = m[1]!.toLowerCase();
      if (!['src', 'href', 'data', 'poster', 'srcset'].includes(name)) continue;
      const raw = decode(m[2] ?? m[3] ?? m[4] ?? '');
      const candidates = name == 'srcset' ? raw.split(',').map((s) => s.trim().split(/\s+/)[0]!) : [raw];
      for (const c of candidates) {
        try {
          if (new URL(c, base).href == url) return oneLine(tag);
        } catch {
          // not a URL
        }
      }
    }
  }
  return null;
}

/** The element's name, in lower case: `<IFRAME src=…>` → `iframe`. */
export const tagName = (tag: string) => /^<([a-z]+)/i.exec(tag)![1]!.toLowerCase();

/**
 * The same element, held until consent: a script gets type="text/plain"; the others get their
 * URLs in data-src (data-srcset, data-poster). Both name the category and the service. Null for
 * a <link> or an <object>, which Témoin cannot hold as markup.
 */
export function markedTag(tag: string, category: string, service: string | null): string | null {
  const name = tagName(tag);
  if (name == 'link' || name == 'object') return null;
  const marks = ` data-category="${category}"${service ? ` data-service="${service}"` : ''}`;
  if (name == 'script') {
    // A module keeps its type in data-type.
    const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1];
    const rest = tag.replace(/\stype\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/i, '').replace(/^<script/i, '');
    return `<script type="text/plain"${marks}${type && type != 'text/javascript' ? ` data-type="${type}"` : ''}${rest}`;
  }
  return tag
    .replace(/\s(src|srcset|poster)(\s*=)/gi, ' data-$1$2')
    .replace(new RegExp(`^<${name}`, 'i'), `<${name}${marks}`);
}
