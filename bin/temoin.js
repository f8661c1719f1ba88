#!/usr/bin/env node
// The `temoin` command: the collector and its tools, compiled to dist/node by `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/node/src/collector/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('temoin: the collector is not built yet; run `npm run build` first');
  process.exit(2);
}
const { main } = await import(cli.href);
await main(process.argv);
