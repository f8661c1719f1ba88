import { startDevServer } from '@web/dev-server';
import { testServer } from '/work/main/test/support/server.mjs';
await startDevServer({ config: { rootDir: '/work/main', port: 8765, hostname: '127.0.0.1', middleware: [testServer] }, readCliArgs: false, readFileConfig: false, logStartMessage: false });
