// Browser tests in Debian's Chromium (or CHROME_PATH), headless. Third-party hosts `*.test` are
// mapped to this server so their requests can be counted; tests share cookies and storage, so
// files run one at a time.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { testServer } from './test/support/server.mjs';

const root = typeof process.getuid === 'function' && process.getuid() === 0;

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  hostname: '127.0.0.1',
  testFramework: { config: { timeout: 15000 } },
  middleware: [testServer],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', define: { DEV_MODE: 'true' } })],
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
          '--host-resolver-rules=MAP *.test 127.0.0.1',
        ],
      },
    }),
  ],
};
