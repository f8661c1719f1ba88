// Records one page in one consent state, in a fresh browser context: every request (and who
// started it), every cookie of the context (third-party ones too), storage names, beacons and
// frames. The page loads, scrolls once so lazy content comes, and settles: no request in flight
// for half a second, or --wait ms at most.
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { decide, keepOnlyDecision, readTemoin, type TemoinOnPage } from './decide.js';
import { ScanError } from './errors.js';
import type { StateName } from './types.js';

export interface VisitOptions {
  /** Longest wait for the page to settle after load, in ms. */
  wait: number;
  /** Longest wait for a page load, in ms. */
  timeout: number;
  viewport: { width: number; height: number };
  userAgent?: string;
  /** URL prefixes never requested: Témoin's collector, so a scan adds no receipts to the site's records. */
  blocked: string[];
}

export interface RawRequest {
  url: string;
  type: string;
  initiator: 'markup' | 'script' | 'frame' | 'other';
}

export interface RawCookie {
  name: string;
  domain: string;
  path: string;
  /** ms since the epoch, or null for a session cookie. */
  expires: number | null;
}

export interface Visit {
  /** The URL the page ended on, after redirects. */
  url: string;
  requests: RawRequest[];
  cookies: RawCookie[];
  localStorage: string[];
  sessionStorage: string[];
  indexedDB: string[];
  iframes: string[];
  /** Links of the page, for the crawl. */
  links: string[];
  /** The page's HTML as the server sent it: where unmarked elements are found. */
  html: string;
  temoin: TemoinOnPage;
  banner: boolean | null;
  /** The banner on a first visit, on a desktop and a phone, when asked for. */
  screenshots?: { desktop?: Buffer; phone?: Buffer };
}

const QUIET_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records `url` in `state`; the decided states are first decided on the page, then recorded on a new load. */
export async function visit(
  browser: Browser,
  url: string,
  state: StateName,
  o: VisitOptions,
  screenshots = false,
): Promise<Visit> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport(o.viewport);
    if (o.userAgent) await page.setUserAgent({ userAgent: o.userAgent });
    if (o.blocked.length) {
      const cdp = await page.createCDPSession();
      await cdp.send('Network.enable');
      await cdp.send('Network.setBlockedURLs', { urls: o.blocked.map((u) => u + '*') });
    }
    if (state != 'no-decision') {
      // Only Témoin is needed to decide: no wait for the page's images and frames.
      await load(page, url, o.timeout, 'domcontentloaded');
      await decide(page, state, o.timeout);
      await keepOnlyDecision(context, page);
    }
    const recorder = record(page);
    const response = await load(page, url, o.timeout);
    const html = (await response?.text().catch(() => '')) ?? '';
    const temoin = await readTemoin(page, o.timeout);
    // The banner counts on a first visit only; it comes with Témoin's UI chunk.
    const banner =
      state == 'no-decision' && temoin.found && temoin.config?.ui !== false
        ? await page
            .waitForFunction(() => document.querySelector('temoin-banner[open]'), {
              timeout: Math.min(o.timeout, 5000),
            })
            .then(
              () => true,
              () => false,
            )
        : null;
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)).catch(() => undefined);
    await recorder.settle(o.wait);
    const requests = recorder.stop();
    const found = await page.evaluate(async () => ({
      localStorage: Object.keys(localStorage),
      sessionStorage: Object.keys(sessionStorage),
      indexedDB: (await indexedDB.databases()).map((d) => d.name ?? '').filter(Boolean),
      links: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
    }));
    const cookies = (await context.cookies()).map((c): RawCookie => ({
      name: c.name,
      domain: c.domain.replace(/^\./, ''),
      path: c.path,
      expires: c.session || c.expires < 0 ? null : Math.round(c.expires * 1000),
    }));
    const iframes = page
      .frames()
      .filter((f) => f != page.mainFrame())
      .map((f) => f.url())
      .filter((u) => u && u != 'about:blank');
    let shots: Visit['screenshots'];
    if (screenshots && banner) {
      await page.evaluate(() => window.scrollTo(0, 0));
      const desktop = Buffer.from(await page.screenshot({ type: 'png' }));
      await page.setViewport({ width: 390, height: 844 });
      await sleep(300);
      shots = { desktop, phone: Buffer.from(await page.screenshot({ type: 'png' })) };
    }
    return {
      url: page.url(),
      requests,
      cookies,
      ...found,
      iframes,
      html,
      temoin,
      banner,
      ...(shots ? { screenshots: shots } : {}),
    };
  } finally {
    await context.close().catch(() => undefined);
  }
}

async function load(page: Page, url: string, timeout: number, waitUntil: 'load' | 'domcontentloaded' = 'load') {
  try {
    return await page.goto(url, { waitUntil, timeout });
  } catch (e) {
    throw new ScanError(
      'TEMOIN_ERR_SCAN_UNREACHABLE',
      `${url} could not be loaded: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

/** Listens to every request of the page and its frames, and knows when the network is quiet. */
function record(page: Page) {
  const requests: RawRequest[] = [];
  const inflight = new Set<HTTPRequest>();
  let last = Date.now();
  let on = true;
  const mainUrl = () => page.mainFrame().url();
  const started = (r: HTTPRequest) => {
    inflight.add(r);
    last = Date.now();
    if (!on || !/^https?:/.test(r.url()) || (r.isNavigationRequest() && r.frame() == page.mainFrame())) return;
    const initiator = r.initiator();
    // The parser of the page itself, not of a frame's document: the page's own markup.
    const markup =
      (initiator?.type == 'parser' || initiator?.type == 'preload') && (!initiator.url || initiator.url == mainUrl());
    // A frame's own requests (a video player's images and scripts) are the frame's doing.
    const frame = r.frame();
    const inFrame =
      !!frame && frame != page.mainFrame() && !(r.isNavigationRequest() && frame.parentFrame() == page.mainFrame());
    requests.push({
      url: r.url(),
      type: r.resourceType(),
      initiator: markup ? 'markup' : inFrame ? 'frame' : initiator?.type == 'script' ? 'script' : 'other',
    });
  };
  const ended = (r: HTTPRequest) => {
    inflight.delete(r);
    last = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    async settle(max: number) {
      const end = Date.now() + max;
      while (Date.now() < end && (inflight.size || Date.now() - last < QUIET_MS)) await sleep(50);
    },
    stop() {
      on = false;
      page.off('request', started);
      return requests;
    },
  };
}
