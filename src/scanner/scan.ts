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
import { findings, type FindingsInput } from './findings.js';
import { strings } from './i18n.js';
import { pageRecords } from './page-records.js';
import { visitAll } from './queue.js';
import { visit, type Visit, type VisitOptions } from './record.js';
import type { Language, ScanReport, ScanResult, StateName } from './types.js';

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
  const { o, first, origin } = checkOptions(options);
  const t = strings(o.lang);
  const startedAt = new Date();
  const browser = await launchBrowser({ args: o.browserArgs });
  try {
    const v: VisitOptions = {
      wait: o.wait,
      timeout: o.timeout,
      viewport: o.viewport,
      blocked: [],
      ...(o.userAgent ? { userAgent: o.userAgent } : {}),
    };
    const fixed = o.urls.length ? [...(o.start ? [o.start] : []), ...o.urls].map(pageUrl) : null;
    const crawl = new Crawl(fixed ? Infinity : o.pages);

    // The first page decides the rest: an unreachable site stops the scan (exit 2); its config
    // gives the states to record and the collector not to send receipts to.
    const home = fixed?.[0] ?? pageUrl(first);
    const firstVisit = await visitFirst(browser, home, v);
    const config = firstVisit.temoin.config;
    // Only the receipts route: a collector may live at the site's own origin. Relative to the page.
    if (config?.collector)
      v.blocked.push(new URL('v1/receipts', new URL(config.collector, home).href.replace(/\/?$/, '/')).href);
    const decided = decidedStates(firstVisit, o.perCategory);

    crawl.add([home]);
    if (fixed) crawl.add(fixed);
    else if (o.sitemap)
      crawl.add((await readSitemap(home, (url) => fetchThroughBrowser(browser, url, o.timeout))).map(pageUrl));

    // The work: each page's first visit (which finds more pages, when following links), then its decided states.
    const visits = await visitAll(browser, v, { url: home, found: firstVisit }, crawl.found.slice(1), {
      concurrency: o.concurrency,
      follow: (_url, found) => ({
        pages: fixed || o.sitemap ? [] : crawl.add(sameOriginPages(found.links, origin)),
        states: found.temoin.found ? decided : [],
      }),
      progress: (done, total, url, state) => o.progress?.(t.progress(done, total, url, t.state(state))),
    });

    const a = attributor(config, home);
    const states: StateName[] = ['no-decision', ...decided];
    const { pages, html } = pageRecords(crawl.found, visits, states, {
      a,
      now: startedAt.getTime(),
      temoinBase: firstVisit.temoin.base,
    });
    const report = await scanReport({
      start: home,
      pages,
      html,
      config,
      attributor: a,
      lang: o.lang,
      site: origin,
      startedAt,
      browser,
      states,
      temoinFound: firstVisit.temoin.found,
    });
    return { report, config, screenshots: firstVisit.screenshots ?? {} };
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** The options with their defaults, the first page and its origin; a ScanError says what to give instead. */
function checkOptions(options: ScanOptions) {
  const o = {
    pages: 10,
    wait: 3000,
    timeout: 30_000,
    viewport: { width: 1280, height: 800 },
    lang: 'en' as Language,
    concurrency: 2,
    browserArgs: [],
    urls: [],
    ...options,
  };
  const first = o.start ?? o.urls[0];
  if (!first)
    throw new ScanError(
      'TEMOIN_ERR_SCAN_OPTIONS',
      'give the page to scan: temoin scan https://www.example.org/ (or --url, repeatable)',
    );
  let origin: string;
  try {
    origin = new URL(first).origin;
    if (!/^https?:/.test(first)) throw new Error('not http');
  } catch {
    throw new ScanError(
      'TEMOIN_ERR_SCAN_OPTIONS',
      `"${first}" is not a web page address such as https://www.example.org/`,
    );
  }
  return { o, first, origin };
}

/** The first page, before any decision, with its screenshots; a site that cannot be reached is a ScanError. */
async function visitFirst(browser: Browser, home: string, v: VisitOptions): Promise<Visit> {
  try {
    return await visit(browser, home, 'no-decision', v, true);
  } catch (e) {
    if (e instanceof ScanError) throw e;
    throw new ScanError('TEMOIN_ERR_SCAN_UNREACHABLE', `${home} could not be scanned: ${(e as Error).message}`);
  }
}

/** The states each page with Témoin is recorded in after no-decision: none when its config is not valid. */
function decidedStates(firstVisit: Visit, perCategory: boolean | undefined): StateName[] {
  const config = firstVisit.temoin.config;
  const decided: StateName[] = firstVisit.temoin.found && config ? ['reject-all', 'accept-all'] : [];
  if (decided.length && perCategory)
    decided.push(...config!.categories.filter((c) => !c.required).map((c): StateName => `only:${c.id}`));
  return decided;
}

interface ReportInput extends FindingsInput {
  site: string;
  startedAt: Date;
  browser: Browser;
  states: StateName[];
  /** Whether Témoin was on the first page: with no valid config, the report says so. */
  temoinFound: boolean;
}

async function scanReport(r: ReportInput): Promise<ScanReport> {
  const { config, pages } = r;
  return {
    $schema: SCHEMA_URL,
    tool: { name: 'temoin' as const, version: temoinVersion() },
    site: r.site,
    lang: r.lang,
    startedAt: r.startedAt.toISOString(),
    durationMs: Date.now() - r.startedAt.getTime(),
    browser: await r.browser.version(),
    consentManager: {
      temoin: pages.some((p) => p.temoin),
      configHash: config ? await sha256Hex(canonicalJson(config)) : null,
      revision: config?.revision ?? null,
      configError: r.temoinFound && !config ? 'no valid config (see the browser console on the page)' : null,
    },
    states: r.states,
    pages,
    findings: findings(r),
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
