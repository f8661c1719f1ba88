// Browser tests in Debian's Chromium (or CHROME_PATH), headless. Third-party hosts `*.test` are
// mapped to this server so their requests can be counted; tests share cookies and storage, so
// files run one at a time.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeCollector, collectorControl } from './test/support/collector.mjs';
import { keepNoStore, log, testServer, upgrades } from './test/support/server.mjs';
import { startVendors, vendorHosts } from './test/support/vendors.mjs';

/**
 * `temoin-screenshot`: saves the test page as <name>.png, in docs/screenshots for the README when
 * TEMOIN_SCREENSHOTS=1 (`npm run screenshots`), else in a temporary folder: `npm test` leaves
 * the work tree clean.
 */
const screenshotDir = process.env.TEMOIN_SCREENSHOTS == '1' ? 'docs/screenshots' : join(tmpdir(), 'temoin-screenshots');
const screenshots = {
  name: 'temoin-screenshot',
  async executeCommand({ command, payload, session }) {
    if (command !== 'temoin-screenshot') return undefined;
    await mkdir(screenshotDir, { recursive: true });
    const page = session.browser.getPage(session.id);
    await page.screenshot({ path: join(screenshotDir, `${payload.name}.png`) });
    return true;
  },
};

// The vendors' own names go to their stand-ins (test/core/vendors.test.ts), on a port of their own.
const vendorPort = await startVendors(log, Number(process.env.TEMOIN_TEST_VENDOR_PORT ?? 0));
const vendorRules = vendorHosts.map((host) => `, MAP ${host} 127.0.0.1:${vendorPort}`).join('');

const root = typeof process.getuid === 'function' && process.getuid() === 0;

export default {
  // test/collector runs in Node (npm run test:collector).
  files: ['test/{core,ui,receipts,dashboard}/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  hostname: '127.0.0.1',
  testFramework: { config: { timeout: 15000 } },
  middleware: [keepNoStore, collectorControl, testServer],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', define: { DEV_MODE: 'true', CHECK_VERSION: '"test"' } }),
    screenshots,
    upgrades,
    // The test collector's databases, made ahead or dropped in the background, are gone at the end.
    { name: 'temoin-collector', serverStop: closeCollector },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: [
          ...(root ? ['--no-sandbox'] : []),
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-popup-blocking',
          `--host-resolver-rules=MAP *.test 127.0.0.1${vendorRules}`,
          // The vendors' stand-ins' certificate is their own.
          '--ignore-certificate-errors',
        ],
      },
    }),
  ],
};
