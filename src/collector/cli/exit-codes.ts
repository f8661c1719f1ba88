// How `temoin collector` ends when it cannot start, for its service manager (the codes of
// sysexits.h). A refusal that starting again unchanged would meet again (78, EX_CONFIG) is told
// from a database that cannot be reached for now (75, EX_TEMPFAIL): systemd's
// RestartPreventExitStatus=78 stops restarting the first, and keeps restarting the second until
// the database is back. Every other command exits 2 on an error.
// Which failure gets which code is startFailure's (run/start-failure.ts), loaded when the collector runs.
import type { CommanderError } from 'commander';

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
