// Which pages to scan: the start page and its same-origin links, breadth first, up to --pages;
// or the pages of sitemap.xml; or a fixed list of --url.
/** Links that are not pages a visitor reads. */
const NOT_A_PAGE = /\.(pdf|zip|gz|jpe?g|png|gif|webp|svg|mp[34]|mov|avi|docx?|xlsx?|pptx?|csv|xml|json|txt|ics)$/i;

/** A page URL in one spelling: no fragment. */
export function pageUrl(href: string): string {
  const u = new URL(href);
  u.hash = '';
  return u.href;
}

/** The links of a page worth scanning: same origin, http(s), pages rather than files. */
export function sameOriginPages(links: readonly string[], origin: string): string[] {
  const out: string[] = [];
  for (const link of links) {
    let u: URL;
    try {
      u = new URL(link);
    } catch {
      continue;
    }
    if (u.origin != origin || NOT_A_PAGE.test(u.pathname)) continue;
    out.push(pageUrl(u.href));
  }
  return out;
}

/** Breadth first: pages in the order they were found, each once, up to a limit. */
export class Crawl {
  readonly found: string[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly limit: number) {}
  /** Adds pages not seen yet; returns those added. */
  add(urls: readonly string[]): string[] {
    const added: string[] = [];
    for (const url of urls) {
      if (this.found.length >= this.limit) break;
      if (this.seen.has(url)) continue;
      this.seen.add(url);
      this.found.push(url);
      added.push(url);
    }
    return added;
  }
}

/**
 * The page URLs of a sitemap (or of the sitemaps of a sitemap index, one level deep). `get` reads
 * a URL through the browser, so that --host-resolver-rules apply to it as to the pages.
 */
export async function readSitemap(start: string, get: (url: string) => Promise<string>): Promise<string[]> {
  const locs = (xml: string) =>
    [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  const xml = await get(new URL('/sitemap.xml', start).href);
  if (!/<sitemapindex[\s>]/.test(xml)) return locs(xml);
  const nested = await Promise.all(locs(xml).map(get));
  return nested.flatMap(locs);
}
