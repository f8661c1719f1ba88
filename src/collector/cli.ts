// `temoin <command>`: the collector and the tools around it. Every flag has an environment
// variable, shown by --help.
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { copyAssets, servedPath } from './assets.js';
import { analystCommands } from './cli-analyst.js';
import { checkCommand } from './cli-check.js';
import { loadOrCreateKey } from './keys.js';
import { parseTrustedProxies, type TrustedProxies } from './proxy.js';
import { purgeOld } from './retention.js';
import { buildCollector } from './server.js';
import { storeOptions } from './cli-options.js';
import { scanCommand } from './cli-scan.js';
import { openStore, withStore } from './store/open.js';
import { verifyChain } from './verify.js';

const HOUR = 36e5;

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
  return n;
};

const origin = (value: string, previous: string[] = []) => {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  for (const o of list) {
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new InvalidArgumentError(`"${o}" is not an origin such as https://www.example.org`);
    }
    if (url.origin != o) throw new InvalidArgumentError(`"${o}" is not an origin: write ${url.origin}`);
  }
  return [...previous, ...list];
};

const trustedProxies = (value: string) => {
  try {
    return parseTrustedProxies(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

const { version } = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string };

export function program(): Command {
  const cli = new Command('temoin')
    .description('Témoin: the browser SDK\'s files (temoin assets), and the consent receipts collector with its tools.')
    .version(version, '-V, --version', 'print Témoin\'s version')
    .showHelpAfterError();

  cli.command('assets').argument('<folder>', 'where the site serves them from, e.g. ./public/temoin')
    .description('Copies the browser files into a folder of your site and prints the tag to put first in <head>.')
    .action(async (folder: string) => {
      const names = await copyAssets(folder);
      const url = servedPath(folder);
      console.error(`temoin: copied ${names.length} files to ${folder}: ${names.join(', ')}`);
      console.log(`Put this first in <head>, with the folder served at ${url || '/'} (adjust the path if it is served elsewhere):\n`);
      console.log(`  <script src="${url}/temoin.js" data-config="${url}/config.json"></script>\n`);
      console.log('Write config.json beside them ("$schema": "./config.schema.json" lets your editor complete and check it).');
      console.log('While you write it, temoin.dev.js gives full error messages in the console; npx temoin check config.json gives them here.');
    });

  storeOptions(cli.command('collector').description('Receives consent receipts from the browser, stores them chained and signed.'))
    .addOption(new Option('--port <n>', 'TCP port').env('TEMOIN_PORT').default(8787).argParser(integer(0, 65535)))
    .addOption(new Option('--host <address>', 'address to listen on').env('TEMOIN_HOST').default('127.0.0.1'))
    .addOption(new Option('--origin <origin>', 'site origin allowed to send receipts (repeatable, or comma-separated)').env('TEMOIN_ORIGIN').argParser(origin))
    .addOption(new Option('--retention-days <n>', 'days receipts are kept').env('TEMOIN_RETENTION_DAYS').default(730).argParser(integer(1)))
    .addOption(new Option('--key <file>', 'Ed25519 signing key (PEM), made on first start').env('TEMOIN_KEY').default('temoin-collector.key'))
    .addOption(new Option('--rate-limit <n>', 'receipts per client per minute').env('TEMOIN_RATE_LIMIT').default(60).argParser(integer(1)))
    .addOption(new Option('--trust-proxy <hops|addresses>', 'behind reverse proxies: how many (1 for one nginx or Caddy), or their addresses; the client address is read from X-Forwarded-For past them')
      .env('TEMOIN_TRUST_PROXY').argParser(trustedProxies))
    .addOption(new Option('--request-timeout <seconds>', 'time a request may take to arrive whole, then 408').env('TEMOIN_REQUEST_TIMEOUT').default(30).argParser(integer(1, 600)))
    .addOption(new Option('--min-cell <n>', 'smallest statistics cell shown; smaller ones are suppressed').env('TEMOIN_MIN_CELL').default(5).argParser(integer(1)))
    .addOption(new Option('--log-level <level>', 'fatal, error, warn, info, debug').env('TEMOIN_LOG_LEVEL').default('info'))
    .action(async (o: { db: string; databaseUrl?: string; port: number; host: string; origin?: string[]; retentionDays: number; key: string; rateLimit: number; trustProxy?: TrustedProxies; requestTimeout: number; minCell: number; logLevel: string }) => {
      if (!o.origin?.length) throw new InvalidArgumentError('at least one --origin (or TEMOIN_ORIGIN) is required: the site allowed to send receipts');
      const store = await openStore(o);
      const key = await loadOrCreateKey(o.key);
      await store.saveKey(key);
      const app = await buildCollector({
        store, key, origins: o.origin, rateLimit: o.rateLimit, logLevel: o.logLevel, requestTimeout: o.requestTimeout * 1000,
        ...(o.trustProxy ? { trustProxy: o.trustProxy } : {}),
        minCell: o.minCell, retentionDays: o.retentionDays,
      });
      if (key.created) app.log.info(`made a new signing key ${key.keyId} in ${o.key}`);
      const purge = async () => {
        const done = await purgeOld(store, o.retentionDays);
        if (done) app.log.info(`purged ${done.count} receipts received before ${done.cutoff} (up to #${done.toSeq})`);
      };
      await purge();
      const timer = setInterval(() => void purge().catch((e: unknown) => app.log.error(e)), 6 * HOUR).unref();
      const stop = async () => {
        clearInterval(timer);
        await app.close();
        await store.close();
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      await app.listen({ port: o.port, host: o.host });
      app.log.info(`${store.kind} store, key ${key.keyId}, accepting receipts from ${o.origin.join(', ')}`);
    });

  storeOptions(cli.command('verify').description('Walks the chain and the signatures; names the first broken sequence number.'))
    .option('--json', 'print the result as JSON')
    .action(async (o: { db: string; databaseUrl?: string; json?: boolean }) => {
      const result = await withStore(o, verifyChain);
      if (o.json) console.log(JSON.stringify(result));
      else if (result.ok) console.log(result.checked ? `chain intact: ${result.checked} receipts, #${result.firstSeq} to #${result.lastSeq}` : 'chain intact: no receipts');
      else console.log(`chain broken at #${result.brokenSeq}: ${result.reason} (${result.checked} receipts verified before it)`);
      process.exitCode = result.ok ? 0 : 1;
    });

  storeOptions(cli.command('purge').description('Removes receipts older than the retention period, leaving a checkpoint.'))
    .addOption(new Option('--retention-days <n>', 'days receipts are kept').env('TEMOIN_RETENTION_DAYS').default(730).argParser(integer(1)))
    .action(async (o: { db: string; databaseUrl?: string; retentionDays: number }) => {
      const done = await withStore(o, (store) => purgeOld(store, o.retentionDays));
      console.log(done ? `purged ${done.count} receipts (#${done.fromSeq} to #${done.toSeq}) received before ${done.cutoff}` : 'nothing to purge');
    });

  checkCommand(cli);
  analystCommands(cli);
  scanCommand(cli);
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (e) {
    // A ScanError (src/scanner/errors.ts) carries a stable code: the scan could not run.
    console.error(`temoin: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
