// Finds the machine's own Chromium and starts it through puppeteer-core. The scanner never
// downloads a browser: CHROME_PATH, else the usual install paths, else an error that says what
// to install. puppeteer-core is an optional peer dependency (see README), loaded only here.
import { accessSync, constants, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, PuppeteerNode } from 'puppeteer-core';
import { ScanError } from './errors.js';

/** Where Chromium or Chrome usually is, per system. */
const INSTALL_PATHS: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files\\Chromium\\Application\\chrome.exe',
  ],
};

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The browser to drive: CHROME_PATH when set (it must exist), else the first usual path found. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  if (env.CHROME_PATH) {
    if (executable(env.CHROME_PATH)) return env.CHROME_PATH;
    throw new ScanError(
      'TEMOIN_ERR_SCAN_BROWSER',
      `CHROME_PATH is ${env.CHROME_PATH}, which is not an executable file`,
    );
  }
  const found = (INSTALL_PATHS[platform] ?? []).find(executable);
  if (found) return found;
  throw new ScanError(
    'TEMOIN_ERR_SCAN_BROWSER',
    'no Chromium or Chrome found: install one (Debian, Ubuntu: apt-get install chromium; macOS, Windows: Google Chrome), or set CHROME_PATH to its executable',
  );
}

/** The flags every scan uses: a quiet browser that makes no requests of its own. */
const QUIET = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

export interface LaunchOptions {
  /** More flags for Chromium, such as --host-resolver-rules=… to scan a staging server under production names. */
  args: string[];
}

export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
  let puppeteer: PuppeteerNode;
  try {
    ({ default: puppeteer } = (await import('puppeteer-core')) as unknown as { default: PuppeteerNode });
  } catch {
    throw new ScanError(
      'TEMOIN_ERR_SCAN_DRIVER',
      'temoin scan drives Chromium through puppeteer-core, which is not installed: run `npm install --save-dev puppeteer-core`',
    );
  }
  const executablePath = findChromium();
  // Chromium refuses to start its sandbox as root (containers, CI): run without it there only.
  const root = typeof process.getuid == 'function' && process.getuid() === 0;
  // A profile of its own that allows third-party cookies, as Chrome does by default for most
  // people: headless Chromium blocks them, and the scan must see what trackers would store.
  const profile = mkdtempSync(join(tmpdir(), 'temoin-scan-'));
  mkdirSync(join(profile, 'Default'));
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
  );
  // Chromium may still be writing to it as it quits.
  const cleanUp = () =>
    void rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
  try {
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir: profile,
      args: [...(root ? ['--no-sandbox'] : []), ...QUIET, ...options.args],
    });
    browser.once('disconnected', cleanUp);
    return browser;
  } catch (e) {
    cleanUp();
    throw new ScanError(
      'TEMOIN_ERR_SCAN_BROWSER',
      `could not start ${executablePath}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}
