// What `temoin verify` does: walks the chain and the signatures of the local store (read-only for
// a backup) or asks a remote collector, and compares the database with the collector's
// acknowledged record kept beside --key. Imported only when verify runs (cli/collector.ts).
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databasesSharing, readAcknowledgedOf, standing } from '../../acknowledged.js';
import type { ReceiptStore } from '../../store/store.js';
import { described, location, withStore } from '../../store/open.js';
import { formerLocations } from '../../store/location.js';
import { verifyChain, type VerifyResult } from '../../verify.js';
import type { Where } from '../options.js';
import { read } from '../reader.js';
import { plural } from '../table.js';
import { database } from './database.js';

export interface VerifyFlags extends Where {
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
async function againstRecord(store: ReceiptStore, o: VerifyFlags): Promise<AgainstRecord> {
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
  // Said with the default --key too: run in a folder without the collector's key (as the demo
  // prints the command), verify passed without saying a restore could not be looked for.
  return {
    ok: true,
    note: `no acknowledged record for ${database(o)} beside ${o.key} (the collector writes one per database beside --key, at ${file}): the end of the chain was checked against the database's own head only`,
  };
}

export async function verify(o: VerifyFlags): Promise<void> {
  const readOnly = !o.url && readOnlyAsked(o);
  const local = async (store: ReceiptStore) => {
    const result = await verifyChain(store);
    return { result, record: await againstRecord(store, o) };
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
}
