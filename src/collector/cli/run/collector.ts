// What `temoin collector` does once its flags are read: opens the store, checks it against its
// acknowledged record, listens, purges on schedule, stops cleanly. Imported only when the
// collector runs (cli/collector.ts): no other command loads Fastify.
import { InvalidArgumentError } from 'commander';
import { rename } from 'node:fs/promises';
import { userInfo } from 'node:os';
import {
  databasesSharing,
  readAcknowledgedOf,
  standing,
  writeAcknowledged,
  type AcknowledgedRecord,
  type AcknowledgedWriter,
} from '../../acknowledged.js';
import { EMPTY_CHAIN } from '../../chain.js';
import { logAccess } from '../../access.js';
import { loadOrCreateKey, type SigningKey } from '../../keys.js';
import type { TrustedProxies } from '../../proxy.js';
import { purgeOld } from '../../retention.js';
import { buildCollector } from '../../server.js';
import type { Drain } from '../../stop-connections.js';
import type { ReceiptStore } from '../../store/store.js';
import { location, openStore, StoreOpenError } from '../../store/open.js';
import { formerLocations } from '../../store/location.js';
import { checkPort, listenError } from '../port.js';
import { plural } from '../table.js';
import { isWorker, runWorkers } from '../workers.js';
import { database } from './database.js';
import { startFailure } from './start-failure.js';

const HOUR = 36e5;

export interface CollectorFlags {
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

/** `temoin collector`, which ends with the exit code that tells its service manager whether to start it again. */
export const startCollector = (o: CollectorFlags) =>
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
