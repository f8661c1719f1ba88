// A command that could not reach its database for now exits 75 (EX_TEMPFAIL): the same command
// later may pass, and a service manager or a script may try it again. Shared by the collector at
// start (start-failure.ts) and migrate-to-postgres.
import { StoreOpenError } from '../../store/open.js';
import type { ReceiptStore } from '../../store/store.js';
import { unavailability } from '../../store/unavailable.js';
import { EX_TEMPFAIL, ExitError } from '../exit-codes.js';

/**
 * `error` as the exit 75 it is when the database cannot be reached for now, `then` saying what
 * comes next; else null. The store's words name the database and the flag; the driver's error
 * they came from says why.
 */
export function unavailableExit(error: Error, store: ReceiptStore['kind'], then: string): ExitError | null {
  const down = unavailability(store, error instanceof StoreOpenError ? error.cause : error);
  if (!down) return null;
  return new ExitError(
    `${error.message}. The database is unavailable for now (${down.code}): exiting ${EX_TEMPFAIL}, ${then}`,
    EX_TEMPFAIL,
    { cause: error },
  );
}
