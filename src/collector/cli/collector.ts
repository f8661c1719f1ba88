// `temoin collector` and `temoin init`, the only commands that create a database; and the chain's
// tools, on the local store or a remote collector: `temoin verify`, `temoin purge`. Their flags
// only: what each does is imported when it runs (cli/run/), so that `temoin verify` or any
// `--help` never loads the server.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { GROUP_COMMIT_DEFAULTS, GROUP_COMMIT_LIMITS } from '../group-commit.js';
import { parseTrustedProxies } from '../proxy.js';
import { tzOption } from './dates.js';
import { EX_CONFIG, usageExit } from './exit-codes.js';
import { integer, origin, storeOptions, whereOptions } from './options.js';
import type { CollectorFlags } from './run/collector.js';
import type { PurgeFlags } from './run/purge.js';
import type { VerifyFlags } from './run/verify.js';

const trustedProxies = (value: string) => {
  try {
    return parseTrustedProxies(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

export function collectorCommands(cli: Command): void {
  collectorCommand(cli);
  initCommand(cli);
  verifyCommand(cli);
  purgeCommand(cli);
}

/** pino's levels only: it would refuse another with words of its own ("must be included in custom levels"). */
const logLevel = () =>
  new Option('--log-level <level>', 'what the log says')
    .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .env('TEMOIN_LOG_LEVEL')
    .default('info');

const ACCEPT_RESTORE =
  'start on a database behind the receipts this collector acknowledged (a restored backup): records it, moves to a new signing key';

function collectorCommand(cli: Command): void {
  storeOptions(
    cli
      .command('collector')
      .description(
        'Receives consent receipts from the browser, stores them chained and signed. Creates and migrates the database when needed. Exits 78 when it refuses to start (options, key, port, database), 75 when its database cannot be reached for now.',
      )
      .exitOverride(usageExit(EX_CONFIG)),
    EX_CONFIG,
  )
    .addOption(new Option('--port <n>', 'TCP port').env('TEMOIN_PORT').default(8787).argParser(integer(0, 65535)))
    .addOption(new Option('--host <address>', 'address to listen on').env('TEMOIN_HOST').default('127.0.0.1'))
    .addOption(
      new Option('--origin <origin>', 'site origin allowed to send receipts (required; repeatable, or comma-separated)')
        .env('TEMOIN_ORIGIN')
        .argParser(origin),
    )
    .addOption(
      new Option('--retention-days <n>', 'days receipts are kept')
        .env('TEMOIN_RETENTION_DAYS')
        .default(730)
        .argParser(integer(1)),
    )
    .addOption(
      new Option('--key <file>', 'Ed25519 signing key (PEM), made on first start')
        .env('TEMOIN_KEY')
        .default('temoin-collector.key'),
    )
    .addOption(
      new Option('--rate-limit <n>', 'receipts per client per minute')
        .env('TEMOIN_RATE_LIMIT')
        .default(60)
        .argParser(integer(1)),
    )
    .addOption(
      new Option(
        '--trust-proxy <hops|addresses>',
        'behind reverse proxies: how many (1 for one nginx or Caddy), or their addresses; the client address is read from X-Forwarded-For past them',
      )
        .env('TEMOIN_TRUST_PROXY')
        .argParser(trustedProxies),
    )
    .addOption(
      new Option('--request-timeout <seconds>', 'time a request may take to arrive whole, then 408')
        .env('TEMOIN_REQUEST_TIMEOUT')
        .default(30)
        .argParser(integer(1, 600)),
    )
    .addOption(
      new Option('--min-cell <n>', 'smallest statistics cell shown; smaller ones are suppressed')
        .env('TEMOIN_MIN_CELL')
        .default(5)
        .argParser(integer(1)),
    )
    .addOption(logLevel())
    .addOption(
      new Option('--workers <n>', 'collector processes on this machine, sharing the port and the database')
        .env('TEMOIN_WORKERS')
        .default(1)
        .argParser(integer(1, 64)),
    )
    .addOption(
      new Option('--batch-size <n>', 'receipts at most in one transaction (group commit)')
        .env('TEMOIN_BATCH_SIZE')
        .default(GROUP_COMMIT_DEFAULTS.maxBatch)
        .argParser(integer(...GROUP_COMMIT_LIMITS.maxBatch)),
    )
    .addOption(
      new Option(
        '--batch-wait <ms>',
        'milliseconds a batch waits for more receipts; 0 commits as soon as what has arrived is read',
      )
        .env('TEMOIN_BATCH_WAIT')
        .default(GROUP_COMMIT_DEFAULTS.maxWaitMs)
        .argParser(integer(...GROUP_COMMIT_LIMITS.maxWaitMs)),
    )
    .option('--accept-restore', ACCEPT_RESTORE)
    .action(async (o: CollectorFlags) => (await import('./run/collector.js')).startCollector(o));
}

function initCommand(cli: Command): void {
  storeOptions(
    cli
      .command('init')
      .description(
        'Creates the database, or brings an existing one up to date, and says which. Every other command but the collector needs an existing database.',
      ),
  ).action(async (o: { db: string; databaseUrl?: string }) => {
    const { initStore } = await import('../store/open.js');
    console.log(await initStore(o));
  });
}

function verifyCommand(cli: Command): void {
  whereOptions(
    cli
      .command('verify')
      .description(
        'Walks the chain and the signatures; names the first broken sequence number, and a database behind the receipts the collector acknowledged (a restored backup). Exits 1 when the chain is broken or behind.',
      ),
  )
    .option('--json', 'print the result as JSON')
    .addOption(
      new Option(
        '--key <file>',
        "the collector's signing key: the record of the receipts it acknowledged, kept beside it (<key>.<hash>.acknowledged, one per database), is compared with the database",
      )
        .env('TEMOIN_KEY')
        .default('temoin-collector.key'),
    )
    .option(
      '--read-only',
      'open the database for reading only (a backup): nothing is written to it, no access-log entry either; on its own when the file cannot be written',
    )
    .action(async (o: VerifyFlags) => (await import('./run/verify.js')).verify(o));
}

function purgeCommand(cli: Command): void {
  whereOptions(
    cli
      .command('purge')
      .description(
        'Removes receipts older than the retention period, leaving a checkpoint. With --url, the collector purges by its own --retention-days (admin token).',
      ),
  )
    .addOption(
      new Option('--retention-days <n>', 'days receipts are kept (a local database only)')
        .env('TEMOIN_RETENTION_DAYS')
        .default(730)
        .argParser(integer(1)),
    )
    .addOption(tzOption())
    .action(async (o: PurgeFlags, command: Command) => (await import('./run/purge.js')).purge(o, command));
}
