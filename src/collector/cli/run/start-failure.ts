// Which code a collector that could not start exits with (exit-codes.ts): 75 while its database
// cannot be reached, 78 for any other refusal. Loaded when the collector runs (run/collector.ts).
import { StoreOpenError } from '../../store/open.js';
import type { ReceiptStore } from '../../store/store.js';
import { sqliteRefusal } from '../../store/unavailable.js';
import { EX_CONFIG, ExitError } from '../exit-codes.js';
import { unavailableExit } from './unavailable-exit.js';

/**
 * Why the collector's user may not write or open its SQLite file, which no restart changes: the
 * driver's refusal, or the system's on the way to the file. Else null.
 */
function sqliteAccess(error: Error): string | null {
  const cause = error instanceof StoreOpenError ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof StoreOpenError && (code == 'EACCES' || code == 'EPERM')) return code;
  return sqliteRefusal(cause);
}

/**
 * A collector that could not start: 75 while its database cannot be reached, 78 for any other
 * refusal. `where` names the database for a driver error that does not.
 */
export function startFailure(e: unknown, store: ReceiptStore['kind'], where: string): ExitError {
  if (e instanceof ExitError) return e;
  const error = e instanceof Error ? e : new Error(String(e));
  // Read-only for its user at start stays so: restarting would loop until a person changes it.
  const access = store == 'sqlite' ? sqliteAccess(error) : null;
  if (access)
    return new ExitError(
      `${error instanceof StoreOpenError ? '' : `cannot write ${where}: `}${error.message}. The collector's user may not write or open the database (${access}): check the owner and mode of the file and of its folder (SQLite writes its -wal and -shm files beside it)`,
      EX_CONFIG,
      { cause: error },
    );
  return (
    unavailableExit(error, store, 'so that a service manager starts the collector again') ??
    new ExitError(error.message, EX_CONFIG, { cause: error })
  );
}
