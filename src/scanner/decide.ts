// Témoin on a scanned page, driven only through its public API, `window.temoin`: whether it is
// there, the validated config it runs with, and the decisions of each state.
import type { BrowserContext, Page } from 'puppeteer-core';
import type { ValidConfig } from '../core/config.js';
import { validateWithDevMessages } from '../check/validate.js';
import type { StateName } from './types.js';

/** The part of `window.temoin` (src/core/types.ts) the scanner uses. */
interface TemoinApi {
  ready: Promise<unknown>;
  config: unknown;
  acceptAll(): Promise<unknown>;
  rejectAll(): Promise<unknown>;
  set(choices: Record<string, boolean>): Promise<unknown>;
}
type WithTemoin = Window & { temoin?: TemoinApi };

export interface TemoinOnPage {
  found: boolean;
  /** The config Témoin validated (templates expanded, defaults filled), or null. */
  config: ValidConfig | null;
  /** The folder Témoin's script loads from (its chunks are beside it), or null. */
  base: string | null;
}

/** Whether the page runs Témoin, and its config once `temoin.ready` settles (at most `timeout` ms). */
export async function readTemoin(page: Page, timeout: number): Promise<TemoinOnPage> {
  const found = await page.evaluate(() => !!(window as WithTemoin).temoin);
  if (!found) return { found, config: null, base: null };
  // The classic tag: the script named temoin*.js, usually with data-config.
  const base = await page.evaluate(() => {
    const script = [...document.scripts].find((s) => /\/temoin[\w.-]*\.js(\?|$)/.test(s.src));
    return script ? new URL('.', script.src).href : null;
  });
  const config = await page.evaluate(async (ms) => {
    const temoin = (window as WithTemoin).temoin!;
    await Promise.race([temoin.ready, new Promise((resolve) => setTimeout(resolve, ms))]);
    return temoin.config ? JSON.stringify(temoin.config) : null;
  }, timeout);
  // What a page says is data, not trusted: the SDK's validator checks it again here, so a page
  // (or a fake window.temoin) cannot put markup in the report or throw the scan off.
  const valid = config ? (await validateWithDevMessages(JSON.parse(config) as unknown, page.url())).config : null;
  return { found, config: valid, base };
}

/** Makes the decision of a state through `window.temoin`; resolves once it is recorded. */
export async function decide(page: Page, state: StateName, timeout: number): Promise<void> {
  await page.waitForFunction(() => !!(window as WithTemoin).temoin, { timeout });
  await page.evaluate(async (name) => {
    const temoin = (window as WithTemoin).temoin!;
    await temoin.ready;
    if (name == 'reject-all') await temoin.rejectAll();
    else if (name == 'accept-all') await temoin.acceptAll();
    else if (name.startsWith('only:')) await temoin.set({ [name.slice(5)]: true });
  }, state);
}

/**
 * Forgets what the page stored before the decision, but Témoin's own state (the `temoin` cookie,
 * its IndexedDB database and `temoin:` keys): what is found afterwards was stored under the
 * decision. A tracker that stored something before it is reported in the no-decision state.
 */
export async function keepOnlyDecision(context: BrowserContext, page: Page): Promise<void> {
  const others = (await context.cookies()).filter((c) => c.name != 'temoin');
  if (others.length) await context.deleteCookie(...others);
  await page.evaluate(async () => {
    for (const key of Object.keys(localStorage)) if (!key.startsWith('temoin')) localStorage.removeItem(key);
    sessionStorage.clear();
    const databases = await indexedDB.databases();
    for (const { name } of databases) if (name && name != 'temoin') indexedDB.deleteDatabase(name);
  });
}
