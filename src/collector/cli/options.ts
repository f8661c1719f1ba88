// Flags several commands share, and the parsers of their values.
import { InvalidArgumentError, Option, type Command } from 'commander';

/** --db and --database-url, shared by every command that opens the store. */
export const storeOptions = (command: Command) =>
  command
    .addOption(new Option('--db <file>', 'SQLite database file').env('TEMOIN_DB').default('temoin.db'))
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL connection URL (instead of --db)').env('TEMOIN_DATABASE_URL'),
    );

/** Where an analyst's read goes: the local store, or with --url and --token a remote collector. */
export interface Where {
  db: string;
  databaseUrl?: string;
  url?: string;
  token?: string;
}

/** The store's flags, and --url with --token for a remote collector instead. */
export const whereOptions = (command: Command) =>
  storeOptions(command)
    .addOption(new Option('--url <url>', 'a remote collector, instead of a local database').env('TEMOIN_URL'))
    .addOption(new Option('--token <token>', 'token for --url').env('TEMOIN_TOKEN'));

/** A whole number flag from `min` to `max`. */
export const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };

/** Site origins, repeatable or comma-separated, each exactly an origin (no path, no trailing slash). */
export const origin = (value: string, previous: string[] = []) => {
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const o of list) {
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new InvalidArgumentError(`"${o}" is not an origin such as https://www.example.org`);
    }
    if (url.origin != o) throw new InvalidArgumentError(`"${o}" is not an origin: write ${url.origin}`);
  }
  return [...previous, ...list];
};
