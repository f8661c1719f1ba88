// One scan: starts Chromium, visits each page in each consent state (two visits at a time by
// default: measured fastest on two cores, bench/README.md), attributes what it saw and turns it
// into findings.
import { readFileSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';
import { canonicalJson } from '../receipts/canonical.js';
import { sha256Hex } from '../receipts/sha256.js';
import { attributor } from './attribution.js';
import { launchBrowser } from './browser.js';
import { Crawl, pageUrl, readSitemap, sameOriginPages } from './crawl.js';
import { ScanError } from './errors.js';
import { findings } from './findings.js';
import { strings } from './i18n.js';
import { isThirdParty } from './party.js';
import { visit, type Visit, type VisitOptions } from './record.js';
import type { Language, PageRecord, ScanResult, StateName, StateRecord } from './types.js';

export const SCHEMA_URL = 'https://temoin.dev/schema/scan-report-1.0.json';

export interface ScanOptions {
  /** The first page; with `urls`, may be omitted. */
  start?: string;
  /** A fixed list of pages (--url): no crawl. */
  urls?: string[];
  /** Read the pages from /sitemap.xml instead of following links. */
  sitemap?: boolean;
  /** Most pages to scan (default 10). */
  pages?: number;
  /** Also record each optional category granted alone. */
  perCategory?: boolean;
  wait?: number;
  timeout?: number;
  viewport?: { width: number; height: number };
  userAgent?: string;
  browserArgs?: string[];
  lang?: Language;
  /** Pages visited at once (default 2). */
  concurrency?: number;
  /** Told after each visit, for progress on stderr. */
  progress?: (line: string) => void;
}

const DAY = 864e5;

/** The version of this package, from src/scanner or its compiled copy in dist/node/src/scanner. */
export function temoinVersion(): string {
  for (const up of ['../../package.json', '../../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name == 'temoin' && pkg.version) return pkg.version;
    } catch {
      // not there
    }
  }
  return 'unknown';
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const o = {
    pages: 10, wait: 3000, timeout: 30_000, viewport: { width: 1280, height: 800 }, lang: 'en' as Language,
    concurrency: 2, browserArgs: [], urls: [], ...options,
  };
  const first = o.start ?? o.urls[0];
  if (!first) throw new ScanError('TEMOIN_ERR_SCAN_OPTIONS', 'give the page to scan: temoin scan https://www.example.org/ (or --url, repeatable)');
  let origin: string;
  try {
    origin = new URL(first).origin;
    if (!/^https?:/.test(first)) throw new Error('not http');
  } catch {
    throw new ScanError('TEMOIN_ERR_SCAN_OPTIONS', `"${first}" is not a web page address such as https://www.example.org/`);
  }
  const t = strings(o.lang);
  const startedAt = new Date();
  const browser = await launchBrowser({ args: o.browserArgs });
  try {
    const v: VisitOptions = { wait: o.wait, timeout: o.timeout, viewport: o.viewport, blocked: [], ...(o.userAgent ? { userAgent: o.userAgent } : {}) };
    const fixed = o.urls.length ? [...(o.start ? [o.start] : []), ...o.urls].map(pageUrl) : null;
    const crawl = new Crawl(fixed ? Infinity : o.pages);
    const visits = new Map<string, Map<StateName, Visit | Error>>();

    // The first page decides the rest: an unreachable site stops the scan (exit 2); its config
    // gives the states to record and the collector not to send receipts to.
    const home = fixed?.[0] ?? pageUrl(first);
    let firstVisit: Visit;
    try {
      firstVisit = await visit(browser, home, 'no-decision', v, true);
    } catch (e) {
      if (e instanceof ScanError) throw e;
      throw new ScanError('TEMOIN_ERR_SCAN_UNREACHABLE', `${home} could not be scanned: ${(e as Error).message}`);
    }
    const config = firstVisit.temoin.config;
    // Only the receipts route: a collector may live at the site's own origin. Relative to the page.
    if (config?.collector) v.blocked.push(new URL('v1/receipts', new URL(config.collector, home).href.replace(/\/?$/, '/')).href);
    const decided: StateName[] = firstVisit.temoin.found && config ? ['reject-all', 'accept-all'] : [];
    if (decided.length && o.perCategory) decided.push(...config!.categories.filter((c) => !c.required).map((c): StateName => `only:${c.id}`));

    crawl.add([home]);
    if (fixed) crawl.add(fixed);
    else if (o.sitemap) crawl.add((await readSitemap(home, (url) => fetchThroughBrowser(browser, url, o.timeout))).map(pageUrl));
    visits.set(home, new Map([['no-decision', firstVisit]]));

    // The work: each page's first visit (which finds more pages), then its decided states.
    const discover: string[] = crawl.found.slice(1);
    const later: [string, StateName][] = [];
    const follow = (url: string, found: Visit) => {
      if (!fixed && !o.sitemap) discover.push(...crawl.add(sameOriginPages(found.links, origin)));
      if (found.temoin.found) later.push(...decided.map((s): [string, StateName] => [url, s]));
    };
    follow(home, firstVisit);
    let done = 1;
    const total = () => done + discover.length + later.length + active;
    let active = 0;
    o.progress?.(t.progress(done, total(), home, t.state('no-decision')));
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (active < o.concurrency && (discover.length || later.length)) {
          const [url, state] = discover.length ? [discover.shift()!, 'no-decision' as StateName] : later.shift()!;
          active++;
          visit(browser, url, state, v).then(
            (found) => {
              if (!visits.has(url)) visits.set(url, new Map());
              visits.get(url)!.set(state, found);
              if (state == 'no-decision') follow(url, found);
            },
            (e: unknown) => {
              if (!visits.has(url)) visits.set(url, new Map());
              visits.get(url)!.set(state, e as Error);
            },
          ).finally(() => {
            active--;
            done++;
            o.progress?.(t.progress(done, total(), url, t.state(state)));
            if (!active && !discover.length && !later.length) resolve();
            else pump();
          });
        }
        if (!active) resolve();
      };
      pump();
    });

    const a = attributor(config, home);
    const html = new Map<string, string>();
    const states: StateName[] = ['no-decision', ...decided];
    const pages: PageRecord[] = crawl.found.filter((url) => visits.has(url)).map((url) => {
      const byState = visits.get(url)!;
      const none = byState.get('no-decision');
      if (none && !(none instanceof Error)) html.set(url, none.html);
      return {
        url,
        temoin: !!none && !(none instanceof Error) && none.temoin.found,
        states: states.filter((s) => byState.has(s)).map((s) => stateRecord(s, byState.get(s)!, url, a, startedAt.getTime(), firstVisit.temoin.base)),
      };
    });
    const report = {
      $schema: SCHEMA_URL,
      tool: { name: 'temoin' as const, version: temoinVersion() },
      site: origin,
      lang: o.lang,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      browser: await browser.version(),
      consentManager: {
        temoin: pages.some((p) => p.temoin),
        configHash: config ? await sha256Hex(canonicalJson(config)) : null,
        revision: config?.revision ?? null,
        configError: firstVisit.temoin.found && !config ? 'no valid config (see the browser console on the page)' : null,
      },
      states,
      pages,
      findings: findings({ start: home, pages, html, config, attributor: a, lang: o.lang }),
    };
    return { report, config, screenshots: firstVisit.screenshots ?? {} };
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** What one visit saw, attributed; a visit that failed keeps its reason. */
function stateRecord(state: StateName, found: Visit | Error, url: string, a: ReturnType<typeof attributor>, now: number, temoinBase: string | null): StateRecord {
  if (found instanceof Error) {
    return { state, requests: [], cookies: [], localStorage: [], sessionStorage: [], indexedDB: [], beacons: [], iframes: [], banner: null, error: found.message };
  }
  const pageHost = new URL(found.url || url).hostname;
  return {
    state,
    requests: found.requests.map((r) => {
      const host = new URL(r.url).hostname;
      // Témoin's own files, from a CDN too: the script and its chunks beside it.
      const own = !!temoinBase && r.url.startsWith(temoinBase) && /^temoin[\w.-]*\.js(\?|$)/.test(r.url.slice(temoinBase.length));
      const attribution = own ? { status: 'temoin' as const, service: null, category: null, template: null } : a.host(host, pageHost);
      return { ...r, host, thirdParty: isThirdParty(host, pageHost), attribution };
    }),
    cookies: found.cookies.map((c) => ({
      ...c,
      days: c.expires === null ? null : Math.round(((c.expires - now) / DAY) * 10) / 10,
      thirdParty: isThirdParty(c.domain, pageHost),
      attribution: a.cookie(c.name, c.domain, pageHost),
    })),
    localStorage: found.localStorage,
    sessionStorage: found.sessionStorage,
    indexedDB: found.indexedDB,
    beacons: found.requests.filter((r) => r.type == 'ping').map((r) => r.url),
    iframes: found.iframes,
    banner: found.banner,
    error: null,
  };
}

/** A text file read by the browser, so that its host resolver rules apply. */
async function fetchThroughBrowser(browser: Browser, url: string, timeout: number): Promise<string> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(url, { timeout });
    if (!response?.ok()) throw new Error(`HTTP ${response?.status() ?? 'error'}`);
    return await response.text();
  } catch (e) {
    throw new ScanError('TEMOIN_ERR_SCAN_UNREACHABLE', `could not read ${url}: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
}
