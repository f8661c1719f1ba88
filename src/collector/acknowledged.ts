// The highest place in the chain this collector has acknowledged, kept OUTSIDE the database, in a
// small file beside the signing key, one per database (`<key>.<hash of where it is>.acknowledged`:
// two sites sharing a key keep two records; collectors sharing a database, one). A database
// restored from an older backup ends before it: the receipts acknowledged since that backup are not in it, no browser
// sends them again, and the next receipts would get their sequence numbers again, signed by the
// same key. The collector refuses to start on such a database, and `temoin verify` flags it.
//
// What it costs: one write of a fixed-size slot per group-commit batch, to a file held open, after
// the batch's commit is on disk and before its receipts are answered; no fsync of its own. A
// collector that crashes loses nothing of it (the system's page cache has it); a power cut may
// leave it behind the database by the batches of the last second (synced once a second at most,
// off the event loop, and on close), never ahead: it is written only after the database's commit
// is durable, so it can miss a restore of that last second but never refuse a database wrongly.
// An fsync per batch would have doubled the collector's syncs for that second.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { recordedLocation } from './store/location.js';
import type { AppendResult, ReceiptStore } from './store/store.js';

/** A restore accepted with `--accept-restore`: what the record said, where the database ended, the keys before and after. */
export interface AcceptedRestore {
  at: string;
  recordedSeq: number;
  headSeq: number;
  retiredKeyId: string;
  keyId: string;
}

export interface AcknowledgedRecord {
  /** The highest sequence number acknowledged, and its hash. */
  seq: number;
  hash: string;
  /** The key that signed it. */
  keyId: string;
  /** The database it was acknowledged from, as `location` (store/location.ts) names it; in an earlier release's record, as it spelt the URL. */
  database: string;
  /** When the record was written. */
  at: string;
  /** The last restore accepted on purpose, if any. */
  restore?: AcceptedRestore;
}

const SUFFIX = '.acknowledged';

/**
 * The record of one database, beside the signing key: named by a hash of where the database is
 * (`location` in open.ts), so a database restored in the same place finds its record, and a copy
 * elsewhere has none of its own.
 */
export const acknowledgedFile = (keyFile: string, database: string) =>
  `${keyFile}.${createHash('sha256').update(database).digest('hex').slice(0, 12)}${SUFFIX}`;

/**
 * The record of `database` beside `keyFile` (its file, and what it holds, or null when it has
 * none). Without one under its own name yet, the record a collector kept under a former name of
 * it (`former`: `formerLocations` in store/location.ts), or under another spelling of its URL (host
 * in capitals, no port): of several, the one furthest along. The file is its own name, which the
 * collector writes from then on.
 */
export function readAcknowledgedOf(
  keyFile: string,
  database: string,
  former: readonly string[] = [],
): { file: string; record: AcknowledgedRecord | null } {
  const file = acknowledgedFile(keyFile, database);
  return { file, record: readAcknowledged(file) ?? formerRecord(keyFile, database, former) };
}

/** The record of this database under a former name or another spelling of its URL, the one furthest along; null when none. */
function formerRecord(keyFile: string, database: string, former: readonly string[]): AcknowledgedRecord | null {
  const named = former
    .filter((name) => name != database)
    .map((name) => readAcknowledged(acknowledgedFile(keyFile, name)));
  const spelt = recordsBeside(keyFile).filter((record) => recordedLocation(record.database) == database);
  const found = [...named, ...spelt].filter((record): record is AcknowledgedRecord => record !== null);
  return found.length ? found.reduce((a, b) => (b.seq > a.seq ? b : a)) : null;
}

/** The records beside `keyFile` that can be read: one per database that shares the key, or per spelling of one. */
function recordsBeside(keyFile: string): AcknowledgedRecord[] {
  const dir = dirname(keyFile);
  const prefix = `${basename(keyFile)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const records: AcknowledgedRecord[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(SUFFIX)) continue;
    try {
      const record = readAcknowledged(join(dir, name));
      if (record) records.push(record);
    } catch {
      // A record that cannot be read is its own database's concern, said when that one starts.
    }
  }
  return records;
}

/** The other databases with a record beside `keyFile`: those that share the key, not this one under its `former` names. */
export function databasesSharing(keyFile: string, database: string, former: readonly string[] = []): string[] {
  const others = new Set(recordsBeside(keyFile).map((record) => recordedLocation(record.database)));
  for (const name of [database, ...former]) others.delete(recordedLocation(name));
  return [...others].sort();
}

/**
 * Two slots of this many bytes, written in turn: a write cut by a power cut spoils one slot, and
 * the other still holds the record before it. Each slot is `<sha256 of the JSON> <JSON>`, padded.
 */
const SLOT = 1024;

function slotText(record: AcknowledgedRecord): Buffer {
  const json = JSON.stringify(record);
  const line = `${createHash('sha256').update(json).digest('hex')} ${json}`;
  if (Buffer.byteLength(line) > SLOT - 1)
    throw new Error(
      `the record is over ${SLOT - 1} bytes: the name of its database is too long (${record.database.length} characters)`,
    );
  return Buffer.from(line.padEnd(SLOT - 1, ' ') + '\n');
}

function parseSlot(text: string): AcknowledgedRecord | null {
  const line = text.trimEnd();
  const space = line.indexOf(' ');
  const json = line.slice(space + 1);
  if (space != 64 || createHash('sha256').update(json).digest('hex') != line.slice(0, 64)) return null;
  try {
    return JSON.parse(json) as AcknowledgedRecord;
  } catch {
    return null;
  }
}

/**
 * The record in `file`: null when there is none, or when the file holds nothing yet (made, then a
 * power cut before its first write reached the disk: empty, or zeros). A file whose slots are both
 * spoiled (written by something else) throws, naming it: a check that cannot read its record must
 * not pass.
 */
export function readAcknowledged(file: string): AcknowledgedRecord | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code == 'ENOENT') return null;
    throw new Error(`cannot read the collector's acknowledged record ${file}: ${(e as Error).message}`, { cause: e });
  }
  if (bytes.every((byte) => byte == 0)) return null;
  const slots = [0, 1]
    .map((i) => parseSlot(bytes.subarray(i * SLOT, (i + 1) * SLOT).toString('utf8')))
    .filter((r): r is AcknowledgedRecord => r !== null);
  if (!slots.length)
    throw new Error(
      `${file} is not a record Témoin can read (it keeps the highest receipt the collector acknowledged): move it aside, then start the collector, which writes it again from the database`,
    );
  return slots.reduce((a, b) => (b.seq > a.seq ? b : a));
}

export interface AcknowledgedWriter {
  /** Raises the record to `seq` (never lowers it). */
  note(seq: number, hash: string): void;
  /** The results of a committed batch: the record goes to the highest receipt it created. */
  committed(results: readonly AppendResult[]): void;
  /** Starts again from this record, lower or not (a restore accepted on purpose). */
  reset(record: AcknowledgedRecord): void;
  close(): void;
}

/**
 * Opens the record for writing, starting from `start`, and writes it: throws, naming the file,
 * when it cannot be (a collector must not start without the record that protects its chain).
 * Several processes (--workers) may write it: each write is one slot, so the record may step back
 * by a batch another process wrote just before, which only makes it later to notice, never wrong.
 */
export function writeAcknowledged(
  file: string,
  start: AcknowledgedRecord,
  warn: (line: string) => void,
): AcknowledgedWriter {
  let fd: number;
  try {
    const first = slotText(start);
    const made = !existsSync(file);
    fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o600);
    try {
      writeSync(fd, first, 0, SLOT, 0);
      writeSync(fd, first, 0, SLOT, SLOT);
      // A new file's name reaches the disk once, with its first record: else a power cut could
      // lose the whole file, not only its last second.
      if (made) {
        fdatasyncSync(fd);
        const folder = openSync(dirname(file), 'r');
        try {
          fsyncSync(folder);
        } finally {
          closeSync(folder);
        }
      }
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  } catch (e) {
    throw new Error(
      `cannot write the collector's acknowledged record ${file}: ${(e as Error).message}. The collector does not start without it (it is what catches a restored database): check the permissions and free space of the folder of --key`,
      { cause: e },
    );
  }
  let record = start;
  let turn = 0;
  let dirty = true;
  let failed = false;
  const write = () => {
    try {
      writeSync(fd, slotText(record), 0, SLOT, (turn++ % 2) * SLOT);
      dirty = true;
    } catch (e) {
      // The receipts are committed: they are answered; the record is said to be behind, once.
      if (!failed) warn(`cannot write the acknowledged record ${file}: ${(e as Error).message}`);
      failed = true;
    }
  };
  const timer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    fdatasync(fd, () => {});
  }, 1000).unref();
  const note = (seq: number, hash: string) => {
    if (seq <= record.seq) return;
    record = { ...record, seq, hash, at: new Date().toISOString() };
    write();
  };
  return {
    note,
    committed(results) {
      let last: { seq: number; hash: string } | undefined;
      for (const result of results)
        if (result.status == 'created' && (!last || result.ack.seq > last.seq)) last = result.ack;
      if (last) note(last.seq, last.hash);
    },
    reset(next) {
      record = next;
      write();
      write();
    },
    close() {
      clearInterval(timer);
      try {
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** How a database's chain stands against the record: fine, or behind or forked, in words. */
export type Standing =
  { ok: true } | { ok: false; kind: 'behind' | 'forked'; headSeq: number; recordedSeq: number; message: string };

/**
 * Compares the database's chain with what the collector acknowledged. Behind: its head is before
 * the record (a restored backup, an emptied or new database under the same key). Forked: it reaches
 * the record's place, but holds another receipt there (a restore after which the collector ran on).
 */
export async function standing(
  store: ReceiptStore,
  record: AcknowledgedRecord,
  { file, where }: { file: string; where: string },
): Promise<Standing> {
  const head = await store.head();
  const headSeq = head?.seq ?? 0;
  const acknowledged = `this collector acknowledged receipts up to #${record.seq} (signed by key ${record.keyId}; its record ${file}, written ${record.at}${record.database != where ? `, from ${record.database}` : ''})`;
  if (headSeq < record.seq)
    return {
      ok: false,
      kind: 'behind',
      headSeq,
      recordedSeq: record.seq,
      message:
        `${where} ${head ? `ends at #${headSeq}` : 'holds no receipts'}, but ${acknowledged}. ` +
        `The database was most likely restored from an older backup: the receipts acknowledged after it, #${headSeq + 1} to #${record.seq}, are not in it and are lost (browsers do not send an acknowledged receipt again), ` +
        `and the collector would hand out #${headSeq + 1} again, signed by the same key`,
    };
  const there = await store.row(record.seq);
  if (there && there.hash != record.hash)
    return {
      ok: false,
      kind: 'forked',
      headSeq,
      recordedSeq: record.seq,
      message:
        `${where} holds a receipt #${record.seq} that is not the one ${acknowledged}: its hash is ${there.hash.slice(0, 16)}…, the acknowledged one's ${record.hash.slice(0, 16)}…. ` +
        `The chain forked: the database was most likely restored from an older backup and receipts were taken on it since, so two different receipts share sequence numbers, and those acknowledged before the restore are lost`,
    };
  return { ok: true };
}
