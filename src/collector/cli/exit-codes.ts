// How `temoin collector` ends when it cannot start, for its service manager (the codes of
// sysexits.h). A refusal that starting again unchanged would meet again (78, EX_CONFIG) is told
// from a database that cannot be reached for now (75, EX_TEMPFAIL): systemd's
// RestartPreventExitStatus=78 stops restarting the first, and keeps restarting the second until
// the database is back. Every other command exits 2 on an error.
import type { CommanderError } from 'commander';
import { StoreOpenError } from '../store/open.js';
import type { ReceiptStore } from '../store/store.js';
import { sqliteRefusal, unavailability } from '../store/unavailable.js';

/** The database is down, busy or full: start again later. */
export const EX_TEMPFAIL = 75;
/** Options, key, port or database refused: a person must change something first. */
export const EX_CONFIG = 78;

/** An error that ends the command with its own exit code rather than 2. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

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
  // The store's words name the database and the flag; the driver's error they came from says why.
  const down = unavailability(store, error instanceof StoreOpenError ? error.cause : error);
  if (!down) return new ExitError(error.message, EX_CONFIG, { cause: error });
  return new ExitError(
    `${error.message}. The database is unavailable for now (${down.code}): exiting ${EX_TEMPFAIL}, so that a service manager starts the collector again`,
    EX_TEMPFAIL,
    { cause: error },
  );
}

/** commander's exitOverride: a flag or variable refused ends the command with `code` (help with 0). */
export const usageExit = (code: number) => (e: CommanderError) => process.exit(e.exitCode === 0 ? 0 : code);

/** Runs `work`; what it throws ends the command with `code`. */
export function exitingWith<T>(code: number, work: () => T): T {
  try {
    return work();
  } catch (e) {
    throw e instanceof ExitError ? e : new ExitError((e as Error).message, code, { cause: e });
  }
}
