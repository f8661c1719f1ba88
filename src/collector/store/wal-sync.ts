// Durability without holding the event loop: SQLite's `synchronous = FULL` makes every commit
// fsync the WAL inside better-sqlite3's synchronous call, and on this machine's disk that fsync
// was about 38 % of a batch's time, during which the collector could read no request. Instead the
// SQLite store commits with `synchronous = NORMAL` (frames written, not yet synced) and, before
// anything it wrote is reported done, syncs the WAL file itself on libuv's thread pool. A commit
// is durable once its frames are on disk, which is what FULL's fsync ensures; NORMAL keeps the
// syncs a checkpoint needs (the WAL before it, the database after, the WAL's header when reused).
import { open, type FileHandle } from 'node:fs/promises';

/** Makes what has been committed so far durable; resolves once it is on disk. */
export type WalSync = () => Promise<void>;

/**
 * Syncs `walFile` (the `-wal` beside a database in WAL mode), opened on first use: SQLite makes it
 * on first access and keeps it, the same file, while the database is open (a checkpoint may
 * truncate it, never replace it). `close` releases the file.
 */
export function walSync(walFile: string): { sync: WalSync; close(): Promise<void> } {
  let handle: Promise<FileHandle> | undefined;
  const file = async () => {
    try {
      return await (handle ??= open(walFile, 'r'));
    } catch (e) {
      handle = undefined;
      // No WAL yet: no write has gone through one, so there is nothing to sync.
      if ((e as NodeJS.ErrnoException).code == 'ENOENT') return null;
      throw e;
    }
  };
  return {
    sync: async () => (await file())?.datasync(),
    close: async () => {
      if (handle) await (await handle).close();
    },
  };
}
