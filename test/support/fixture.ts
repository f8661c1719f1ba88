// Opens fixture pages in iframes and reads what the server saw. Every test starts from a clean
// origin: no cookies, no IndexedDB database, no localStorage, no request logged.
import type { ConsentRecord, Temoin } from '../../src/core/index.js';

export type FixtureWindow = Window &
  typeof globalThis & {
    temoin: Temoin;
    __ran?: string[];
    __errors: string[];
    __warnings: string[];
    dataLayer?: IArguments[];
  };

export interface Fixture {
  frame: HTMLIFrameElement;
  win: FixtureWindow;
  doc: Document;
}

export interface LoggedRequest {
  host: string;
  path: string;
  search: string;
}

export const port = location.port;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The time something that must not happen (a blocked request, a second receipt) would take to
 * show: a test that proves an absence has no event to wait on. Whatever can happen is waited on
 * with `until`.
 */
export const timeToShow = (ms: number) => sleep(ms);

/** Polls until `check` returns something truthy, or fails with `what`. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeout = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export async function requests(): Promise<LoggedRequest[]> {
  return (await fetch('/__log')).json() as Promise<LoggedRequest[]>;
}

export async function clearRequests(): Promise<void> {
  await fetch('/__log', { method: 'POST' });
}

/** Paths requested from one stand-in host. */
export async function pathsFrom(host: string): Promise<string[]> {
  return (await requests()).filter((r) => r.host == host).map((r) => r.path);
}

/** Cookie names a document sees (a fixture page also sees cookies set on its own path). */
/** The Témoin files a fixture page fetched, by file name, sorted. */
export const fetchedFiles = (f: Fixture): string[] =>
  f.win.performance
    .getEntriesByType('resource')
    .map((e) => e.name.replace(/.*\//, ''))
    .filter((file) => file.startsWith('temoin'))
    .sort();

export function cookieNames(doc: Document = document): string[] {
  return doc.cookie
    .split('; ')
    .filter(Boolean)
    .map((c) => c.split('=')[0]!);
}

function clearCookies(): void {
  for (const name of cookieNames()) {
    for (const path of ['/', '/test', '/test/', '/test/fixtures', '/test/fixtures/']) {
      document.cookie = `${name}=; Max-Age=0; Path=${path}`;
    }
  }
}

export async function cleanOrigin(): Promise<void> {
  for (const frame of document.querySelectorAll('iframe')) frame.remove();
  clearCookies();
  localStorage.clear();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase('temoin');
    request.onsuccess = () => resolve();
    request.onerror = () => reject(new Error('could not delete the temoin database'));
    // Témoin closes its connections when asked; a page that never will would block us here.
    request.onblocked = () => setTimeout(() => reject(new Error('the temoin database is held open')), 3000);
  });
  await clearRequests();
}

export interface FixtureOptions {
  /** JSON merged over the base test config. */
  config?: object;
  /** The config text as is (for invalid configs). */
  rawconfig?: string;
  /** Where url-config.html loads its config from. */
  configurl?: string;
  gpc?: boolean;
  /** IndexedDB blocked in the page. */
  noidb?: boolean;
  /** `indexedDB.databases()` missing (Firefox before 126), or failing. */
  databases?: 'missing' | 'rejected';
  dev?: boolean;
  /** Returns as soon as Témoin runs in the page, without waiting for its load event. */
  early?: boolean;
}

let opened = 0;

/**
 * Loads a fixture page in an iframe and waits for its load event (not for Témoin's `ready`), or
 * with `early`, only until Témoin runs in it.
 */
export async function open(name: string, options: FixtureOptions = {}, lang?: string): Promise<Fixture> {
  const params = new URLSearchParams();
  if (lang) params.set('lang', lang);
  if (options.config) params.set('config', JSON.stringify(options.config));
  if (options.rawconfig !== undefined) params.set('rawconfig', options.rawconfig);
  if (options.configurl) params.set('configurl', options.configurl);
  if (options.gpc) params.set('gpc', '');
  if (options.noidb) params.set('noidb', '');
  if (options.databases) params.set('databases', options.databases);
  if (options.dev) params.set('dev', '1');
  // A new URL for every load: no cache may answer in the server's place.
  params.set('n', String(++opened));
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/${name}.html?${params}`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  if (options.early) {
    await until(() => (frame.contentWindow as FixtureWindow | null)?.temoin, 'Témoin in the page');
  } else {
    await loaded;
  }
  const win = frame.contentWindow as FixtureWindow;
  return { frame, win, doc: win.document };
}

/** Waits for the iframe to load again (after Témoin reloads it). */
export function nextLoad(fixture: Fixture): Promise<Fixture> {
  return new Promise((resolve) =>
    fixture.frame.addEventListener(
      'load',
      () => {
        const win = fixture.frame.contentWindow as FixtureWindow;
        resolve({ frame: fixture.frame, win, doc: win.document });
      },
      { once: true },
    ),
  );
}

/** A stored record with some fields changed, written as the `temoin` cookie. */
export function writeRecordCookie(record: ConsentRecord): void {
  document.cookie = `temoin=${encodeURIComponent(JSON.stringify(record))}; Path=/`;
}
