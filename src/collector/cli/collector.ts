// `temoin collector` and `temoin init`, the only commands that create a database; and the chain's
// tools, on the local store or a remote collector: `temoin verify`, `temoin purge`.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { accessSync, constants } from 'node:fs';
import { rename } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import {
  databasesSharing,
  readAcknowledgedOf,
  standing,
  writeAcknowledged,
  type AcknowledgedRecord,
  type AcknowledgedWriter,
} from '../acknowledged.js';
import { EMPTY_CHAIN } from '../chain.js';
import { logAccess } from '../access.js';
import { GROUP_COMMIT_DEFAULTS, GROUP_COMMIT_LIMITS } from '../group-commit.js';
import { loadOrCreateKey, type SigningKey } from '../keys.js';
import { parseTrustedProxies, type TrustedProxies } from '../proxy.js';
import { purgeOld } from '../retention.js';
import { buildCollector } from '../server.js';
import type { Drain } from '../stop-connections.js';
import type { Checkpoint, ReceiptStore } from '../store/store.js';
import {
  described,
  initStore,
  location,
  openStore,
  StoreOpenError,
  withStore,
  type StoreLocation,
} from '../store/open.js';
import { formerLocations } from '../store/location.js';
import { verifyChain, type VerifyResult } from '../verify.js';
import { showDate, tzOption } from './dates.js';
import { EX_CONFIG, startFailure, usageExit } from './exit-codes.js';
import { integer, origin, storeOptions, whereOptions, type Where } from './options.js';
import { checkPort, listenError } from './port.js';
import { read } from './reader.js';
import { plural } from './table.js';
import { isWorker, runWorkers } from './workers.js';

const HOUR = 36e5;

const trustedProxies = (value: string) => {
  try {
    return parseTrustedProxies(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

interface CollectorFlags {
  db: string;
  databaseUrl?: string;
  port: number;
  host: string;
  origin?: string[];
  retentionDays: number;
  key: string;
  rateLimit: number;
  trustProxy?: TrustedProxies;
  requestTimeout: number;
  minCell: number;
  logLevel: string;
  workers: number;
  batchSize: number;
  batchWait: number;
  acceptRestore?: boolean;
}

/**
 * The database in the collector's words, its file's full path or its URL without password: a
 * relative --db depends on the folder the collector starts in.
 */
const database = (o: StoreLocation) => (o.databaseUrl ? described(o) : `SQLite database ${described(o)}`);

/** `temoin collector`, which ends with the exit code that tells its service manager whether to start it again. */
const startCollector = (o: CollectorFlags) =>
  runCollector(o).catch((e: unknown) => {
    throw startFailure(e, o.databaseUrl ? 'postgres' : 'sqlite', database(o));
  });

/**
 * Opens the store, listens, purges at start and every 6 hours, and closes cleanly on SIGINT or
 * SIGTERM. With --workers, the primary process prepares and purges, and each worker listens.
 */
async function runCollector(o: CollectorFlags): Promise<void> {
  if (!o.origin?.length)
    throw new InvalidArgumentError(
      'at least one --origin (or TEMOIN_ORIGIN) is required: the site allowed to send receipts',
    );
  // Before the key and the database: a port in use leaves no new file behind. (A worker's port is
  // its primary's, checked there.)
  if (!isWorker()) await checkPort(o);
  if (o.workers > 1 && !isWorker()) return runPrimary(o);
  const origins = o.origin;
  // The key first: a --key that cannot be read or made leaves no new database behind.
  const keyMade = await loadOrCreateKey(o.key);
  const lines: string[] = [];
  const store = await openStore(o, { create: true, created: (line) => lines.push(line) });
  await store.saveKey(keyMade);
  const { key, record } = await checkAcknowledged(store, o, keyMade, (line) => lines.push(line)).catch(
    async (e: unknown) => {
      await store.close();
      throw e;
    },
  );
  const app = await buildCollector({
    store,
    key,
    origins,
    rateLimit: o.rateLimit,
    logLevel: o.logLevel,
    requestTimeout: o.requestTimeout * 1000,
    ...(o.trustProxy ? { trustProxy: o.trustProxy } : {}),
    minCell: o.minCell,
    retentionDays: o.retentionDays,
    batch: { maxBatch: o.batchSize, maxWaitMs: o.batchWait, committed: (results) => record.committed(results) },
  });
  for (const line of lines) app.log.info(line);
  if (keyMade.created) app.log.info(`made a new signing key ${key.keyId} in ${o.key}`);
  let purges: { stop(): Promise<void> } | null = null;
  // Once, whichever comes first: a worker may get SIGINT from the terminal and SIGTERM from its primary.
  let stopped: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals) =>
    (stopped ??= (async () => {
      const started = performance.now();
      // Counted from this line on: the answers finished while the purge stops are in the last line.
      app.drain.count();
      app.log.info(stopping(signal, app.drain.underWay(), o.requestTimeout));
      await purges?.stop();
      await app.close();
      await store.close();
      record.close();
      app.log.info(stoppedLine(performance.now() - started, app.drain));
      // Fastify listens on each address of a name such as localhost, and closes only the first
      // server's connections: whatever another one still holds must not keep a stopped collector.
      setTimeout(() => process.exit(), 1000).unref();
      // A worker lets go of its primary, so nothing keeps it alive.
      if (process.connected) process.disconnect();
    })());
  // A worker takes every signal: it may get SIGTERM from a service manager and from its primary,
  // and the second must not cut the first one's clean stop short (its primary kills it if it
  // hangs). A lone collector takes the first only: a second Ctrl-C ends a stop that hangs. (A
  // worker whose primary dies ends at once, through node:cluster: browsers resend what it held.)
  const listen = isWorker() ? process.on.bind(process) : process.once.bind(process);
  listen('SIGINT', () => void stop('SIGINT'));
  listen('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: o.port, host: o.host }).catch(async (e: unknown) => {
    // Nothing half-started: a pool left open would hold the process until its idle timeout.
    await app.close();
    await store.close();
    record.close();
    throw listenError(o, e);
  });
  app.log.info(`${database(o)}, key ${key.keyId}, accepting receipts from ${origins.join(', ')}`);
  // Once listening (a collector that cannot listen purges nothing). A worker leaves purges to its
  // primary: one purge at a time, whatever the number of workers.
  if (!isWorker()) purges = schedulePurges(store, o.retentionDays, app.log);
}

/** The line a site owner reads in the journal when the collector is asked to stop. */
const stopping = (signal: NodeJS.Signals, underWay: number, requestTimeout: number) =>
  `stopping on ${signal}: ` +
  (underWay
    ? `answering the ${plural(underWay, 'request')} under way (for up to ${requestTimeout} s), then closing the database`
    : 'no request under way; closing the database');

/** The collector's last line: how long its stop took, and what became of the requests it found. */
const stoppedLine = (ms: number, { answered, cut }: Drain) =>
  `stopped in ${(ms / 1000).toFixed(1)} s: ${plural(answered, 'request')} answered while stopping` +
  (cut ? `, ${plural(cut, 'answer')} cut at --request-timeout (browsers send those receipts again)` : '');

/**
 * Purges at once, beside the collector's work (a big purge goes a step at a time: receipts are
 * taken meanwhile), then every 6 hours, one purge at a time. `stop` ends the timer and the purge
 * under way after its current step.
 */
function schedulePurges(
  store: ReceiptStore,
  retentionDays: number,
  log: { info(line: string): void; error(line: string): void },
): { stop(): Promise<void> } {
  const stopping = new AbortController();
  let running = Promise.resolve();
  const purge = () =>
    (running = running.then(async () => {
      try {
        const done = await purgeOld(store, retentionDays, new Date(), stopping.signal);
        const cut = stopping.signal.aborted ? '; stopped there, the next purge goes on' : '';
        if (done) log.info(`purged ${done.count} receipts received before ${done.cutoff} (up to #${done.toSeq})${cut}`);
      } catch (e) {
        log.error(`purge failed: ${String(e)}`);
      }
    }));
  void purge();
  const timer = setInterval(() => void purge(), 6 * HOUR).unref();
  return {
    stop() {
      clearInterval(timer);
      stopping.abort();
      return running;
    },
  };
}

/** The primary of --workers: the database migrated and the key made before any worker starts. */
async function runPrimary(o: CollectorFlags): Promise<void> {
  // The key first: a --key that cannot be read or made leaves no new database behind.
  const keyMade = await loadOrCreateKey(o.key);
  const say = (line: string) => console.error(`temoin: ${line}`);
  const store = await openStore(o, { create: true, created: say });
  await store.saveKey(keyMade);
  if (keyMade.created) say(`made a new signing key ${keyMade.keyId} in ${o.key}`);
  // Checked (and a restore accepted) before any worker starts; each worker writes the record.
  const { key, record } = await checkAcknowledged(store, o, keyMade, say).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  record.close();
  const purges = schedulePurges(store, o.retentionDays, { info: say, error: say });
  await runWorkers({
    count: o.workers,
    ready: `${o.workers} workers listening on ${o.host}:${o.port}, ${database(o)}, key ${key.keyId}, accepting receipts from ${o.origin!.join(', ')}`,
    async stop() {
      await purges.stop();
      await store.close();
    },
    // A worker gives its answers under way --request-timeout (server.ts), then closes its store.
    graceMs: o.requestTimeout * 1000 + 5000,
  });
}

/**
 * Checks the database against its acknowledged record (acknowledged.ts), kept beside the signing
 * key, one per database, and opens the record to raise it as batches commit. A database behind the
 * record or forked from it is refused; with --accept-restore the restore is recorded in the access
 * log and the record starts again from the database's head. The signing key is retired (kept as
 * <key>.retired-<key id>) for a new one when it signed the receipts lost, so that receipts given
 * the same sequence number before and after the restore are told apart by their key.
 */
async function checkAcknowledged(
  store: ReceiptStore,
  o: CollectorFlags,
  key: SigningKey,
  say: (line: string) => void,
): Promise<{ key: SigningKey; record: AcknowledgedWriter }> {
  const where = location(o);
  const { file, record: recorded } = readAcknowledgedOf(o.key, where, formerLocations(o));
  const head = (await store.head()) ?? EMPTY_CHAIN;
  const now = () => new Date().toISOString();
  const start: AcknowledgedRecord = { seq: head.seq, hash: head.hash, keyId: key.keyId, database: where, at: now() };
  if (recorded?.restore) start.restore = recorded.restore;
  const found = recorded ? await standing(store, recorded, { file, where: database(o) }) : ({ ok: true } as const);
  if (!found.ok) {
    if (!o.acceptRestore)
      throw new StoreOpenError(
        `${found.message}. Nothing was changed. If you restored it on purpose, follow "Restoring a backup" in the README, ` +
          `then start the collector once with --accept-restore: it records the restore in the access log, moves to a new signing key ` +
          `(so that receipts given the same number before and after the restore are told apart) and goes on from #${found.headSeq}`,
      );
    // The record is known to be writable before anything is changed (its own content written again).
    const record = writeAcknowledged(file, recorded!, say);
    // The key is retired only when it signed the receipts lost: one already replaced (by a restore
    // accepted on another database sharing it) never signs those numbers again.
    let fresh = key;
    let retired: string | null = null;
    if (recorded!.keyId == key.keyId) {
      retired = `${o.key}.retired-${key.keyId}`;
      await rename(o.key, retired);
      fresh = await loadOrCreateKey(o.key);
      await store.saveKey(fresh);
    }
    const restore = {
      at: now(),
      recordedSeq: found.recordedSeq,
      headSeq: found.headSeq,
      retiredKeyId: recorded!.keyId,
      keyId: fresh.keyId,
    };
    await logAccess(store, {
      at: restore.at,
      actor: `cli:${userInfo().username}`,
      tokenId: null,
      action: 'temoin collector --accept-restore',
      filters: { ...restore, found: found.kind },
      rows: 0,
    });
    const sharing = databasesSharing(o.key, where, formerLocations(o));
    say(
      `accepted a restore (--accept-restore): ${found.message}. Recorded in the access log; ` +
        (retired
          ? `signing key ${key.keyId} retired to ${retired}, new key ${fresh.keyId}` +
            (sharing.length
              ? ` (the key is shared with ${sharing.join(', ')}: their collectors sign with the new one once restarted)`
              : '')
          : `the receipts lost were signed by key ${recorded!.keyId}, already replaced: key ${key.keyId} is kept`) +
        `; going on from #${found.headSeq}`,
    );
    record.reset({ ...start, keyId: fresh.keyId, restore });
    return { key: fresh, record };
  }
  if (o.acceptRestore && !isWorker())
    say(`--accept-restore: ${database(o)} is not behind its acknowledged record ${file}; nothing to accept`);
  const record = writeAcknowledged(file, start, say);
  return { key, record };
}

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
    .action(startCollector);
}

function initCommand(cli: Command): void {
  storeOptions(
    cli
      .command('init')
      .description(
        'Creates the database, or brings an existing one up to date, and says which. Every other command but the collector needs an existing database.',
      ),
  ).action(async (o: { db: string; databaseUrl?: string }) => {
    console.log(await initStore(o));
  });
}

interface VerifyFlags extends Where {
  json?: boolean;
  key: string;
  readOnly?: boolean;
}

/** The database against the collector's acknowledged record: the same database (its restore), or a copy of it. */
type AgainstRecord =
  | { ok: true; note?: string }
  | { ok: false; kind: 'behind' | 'forked'; headSeq: number; recordedSeq: number; message: string };

/**
 * Whether a verification may write: --read-only, or a SQLite file (or its folder, where SQLite
 * keeps its -wal and -shm) this user cannot write, such as a backup kept with mode 444.
 */
function readOnlyAsked(o: VerifyFlags): boolean {
  if (o.readOnly) return true;
  if (o.databaseUrl || o.url) return false;
  try {
    accessSync(o.db, constants.W_OK);
    accessSync(dirname(resolve(o.db)), constants.W_OK);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code != 'ENOENT';
  }
}

/**
 * Compares the database with the collector's acknowledged record, when there is one beside --key.
 * The database the record names must reach it: behind it, it was restored from an older backup. A
 * copy elsewhere (a backup) may end before it, and is said to.
 */
async function againstRecord(store: ReceiptStore, o: VerifyFlags, keyGiven: boolean): Promise<AgainstRecord> {
  const where = location(o);
  const { file, record: recorded } = readAcknowledgedOf(o.key, where, formerLocations(o));
  if (recorded) return standing(store, recorded, { file, where: database(o) });
  // No record of its own: a copy (a backup kept elsewhere), or a database no collector ran on with this key.
  const others = databasesSharing(o.key, where, formerLocations(o));
  if (others.length)
    return {
      ok: true,
      note: `${database(o)} has no acknowledged record beside --key (the collector keeps one per database; there, for ${others.join(', ')}), so it is taken for a copy: the end of its chain was checked against its own head only`,
    };
  return keyGiven
    ? {
        ok: true,
        note: `no acknowledged record for ${database(o)} beside ${o.key} (the collector writes one per database beside --key, at ${file}): the end of the chain was checked against the database's own head only`,
      }
    : { ok: true };
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
    .action(async (o: VerifyFlags, command: Command) => {
      const keyGiven = command.getOptionValueSource('key') != 'default';
      const readOnly = !o.url && readOnlyAsked(o);
      const local = async (store: ReceiptStore) => {
        const result = await verifyChain(store);
        return { result, record: await againstRecord(store, o, keyGiven) };
      };
      const { result, record } = readOnly
        ? // Verify shows counts, sequence numbers and what is wrong, never a receipt's content or a
          // visitor's id: reading a copy that way is no read of personal data to log (and a backup
          // must stay as it was).
          await withStore(o, local, { readOnly: true })
        : await read<{ result: VerifyResult; record: AgainstRecord }>(o, {
            remote: {
              path: 'v1/verify',
              query: {},
              answer: async (response) => ({ result: (await response.json()) as VerifyResult, record: { ok: true } }),
            },
            action: 'temoin verify',
            local: () => async (store, log) => {
              const done = await local(store);
              await log({}, done.result.checked);
              return done;
            },
          });
      if (readOnly)
        console.error(
          `temoin: opened ${described(o)} read-only: nothing was written to it, and no access-log entry (verify shows no receipt's content or visitor id)`,
        );
      if (record.ok && record.note) console.error(`temoin: ${record.note}`);
      if (o.json) console.log(JSON.stringify(record.ok ? result : { ...result, ok: false, acknowledged: record }));
      else if (!record.ok)
        console.log(
          `chain ${record.kind} at #${record.kind == 'behind' ? record.headSeq + 1 : record.recordedSeq}: ${record.message}. See "Restoring a backup" in the README (${plural(result.checked, 'receipt')} verified${result.ok ? '' : `; the chain is also broken at #${result.brokenSeq}: ${result.reason}`})`,
        );
      else {
        if (result.ok)
          console.log(
            result.checked
              ? `chain intact: ${plural(result.checked, 'receipt')}, #${result.firstSeq} to #${result.lastSeq}${result.erased ? ` (${plural(result.erased, 'erased receipt')}, verified by their digest or signature)` : ''}`
              : 'chain intact: no receipts',
          );
        else
          console.log(
            `chain broken at #${result.brokenSeq}: ${result.reason} (${plural(result.checked, 'receipt')} verified before it)`,
          );
      }
      process.exitCode = result.ok && record.ok ? 0 : 1;
    });
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
    .action(async (o: Where & { retentionDays: number; tz: string }, command: Command) => {
      if (o.url && command.getOptionValueSource('retentionDays') == 'cli')
        throw new InvalidArgumentError(
          '--retention-days applies to a local database; with --url the collector purges by its own --retention-days',
        );
      const done = await read<Checkpoint | null>(o, {
        remote: {
          path: 'v1/purge',
          method: 'POST',
          query: {},
          answer: async (response) => ((await response.json()) as { purged: Checkpoint | null }).purged,
        },
        action: 'temoin purge',
        local: () => async (store, log) => {
          const done = await purgeOld(store, o.retentionDays);
          await log({ retentionDays: o.retentionDays }, done?.count ?? 0);
          return done;
        },
      });
      console.log(
        done
          ? `purged ${plural(done.count, 'receipt')} (#${done.fromSeq} to #${done.toSeq}) received before ${showDate(done.cutoff, o.tz)} (${o.tz})`
          : 'nothing to purge',
      );
    });
}
