// Flags several commands share, and the parsers of their values.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { exitingWith } from './exit-codes.js';
import { isWorker } from './workers.js';

/**
 * --db and --database-url, shared by every command that opens the store. Refused, they end the
 * command with `exitCode` when given (the collector's), else with 2.
 */
export const storeOptions = (command: Command, exitCode?: number) =>
  command
    .addOption(new Option('--db <file>', 'SQLite database file').env('TEMOIN_DB').default('temoin.db'))
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL connection URL (instead of --db)').env('TEMOIN_DATABASE_URL'),
    )
    .hook('preAction', exitCode ? (c: Command) => exitingWith(exitCode, () => oneDatabase(c)) : oneDatabase);

/**
 * The one database the command line names. A flag wins over the other one's environment
 * variable, which is said; two named the same way are refused. An erasure, a purge or a
 * verification must act on the database written on the command line, never another one.
 */
function oneDatabase(command: Command): void {
  // A read from a remote collector (--url) opens no database.
  if (remoteOrLocal(command)) return;
  const db = command.getOptionValueSource('db');
  const url = command.getOptionValueSource('databaseUrl');
  if (url === undefined) return;
  if (db == 'default') return checkPostgresUrl(command);
  if (db == url)
    throw new InvalidArgumentError(
      db == 'env'
        ? 'TEMOIN_DB and TEMOIN_DATABASE_URL are both set: unset the one you do not mean, or name the database with --db or --database-url'
        : '--db and --database-url name two databases: give the one you mean',
    );
  if (db == 'cli') command.setOptionValueWithSource('databaseUrl', undefined, 'default');
  else checkPostgresUrl(command);
  // Once: a collector's workers run the same command line.
  if (!isWorker())
    console.error(
      db == 'cli'
        ? 'temoin: --db is given, so TEMOIN_DATABASE_URL is left aside'
        : 'temoin: --database-url is given, so TEMOIN_DB is left aside',
    );
}

const LOCAL = [
  { name: 'db', flag: '--db', variable: 'TEMOIN_DB' },
  { name: 'databaseUrl', flag: '--database-url', variable: 'TEMOIN_DATABASE_URL' },
] as const;

/**
 * Whether the read goes to --url rather than a local database. Both named as flags are refused
 * (an erasure or a read must act where the command line says); a flag wins over the other's
 * environment variable, which is said; both from the environment are refused, as two databases are.
 */
function remoteOrLocal(command: Command): boolean {
  const url = command.opts<{ url?: string }>().url;
  if (!url) return false;
  const urlSource = command.getOptionValueSource('url');
  checkCollectorRoot(url, urlSource == 'env' ? 'TEMOIN_URL' : '--url');
  const named = (source: string) => LOCAL.filter((l) => command.getOptionValueSource(l.name) == source);
  const [flags, variables] = [named('cli'), named('env')];
  if (urlSource == 'env' && flags.length) {
    console.error(`temoin: ${isAre(flags.map((l) => l.flag))} given, so TEMOIN_URL is left aside`);
    command.setOptionValueWithSource('url', undefined, 'default');
    return false;
  }
  if (flags.length)
    throw new InvalidArgumentError(
      `--url and ${flags.map((l) => l.flag).join(' and ')} name two places to read: a remote collector and a local database; give the one you mean`,
    );
  if (urlSource == 'env' && variables.length)
    throw new InvalidArgumentError(
      `TEMOIN_URL and ${variables.map((l) => l.variable).join(' and ')} are both set: unset the one you do not mean, or name it with --url, --db or --database-url`,
    );
  if (variables.length)
    console.error(`temoin: --url is given, so ${isAre(variables.map((l) => l.variable))} left aside`);
  return true;
}

/** "--db is", "TEMOIN_DB and TEMOIN_DATABASE_URL are". */
const isAre = (names: string[]) => `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'}`;

/** A collector's URL is its root: the commands add /v1/… themselves, and /v1/v1/… answers 404. */
export function checkCollectorRoot(url: string, name: string): void {
  const path = url.replace(/[?#].*$/, '');
  if (/\/v1\/?$/i.test(path))
    throw new InvalidArgumentError(
      `${name} is the collector's root, without /v1: write ${path.replace(/\/v1\/?$/i, '')}`,
    );
}

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

/** The URL used is PostgreSQL's; never printed when it is not, since it may hold a password. */
function checkPostgresUrl(command: Command): void {
  const url = command.opts<{ databaseUrl?: string }>().databaseUrl;
  if (url !== undefined && !/^(postgres(ql)?:\/\/.|socket:)/.test(url))
    throw new InvalidArgumentError(
      `${command.getOptionValueSource('databaseUrl') == 'env' ? 'TEMOIN_DATABASE_URL' : '--database-url'} is not a PostgreSQL URL: write it as postgres://user:password@host:5432/database`,
    );
}

/**
 * Lets every flag with choices take them in any case (`--log-level DEBUG`, `TEMOIN_LOG_LEVEL=Info`),
 * as the choice is spelt; a value that is none of them is refused with the list, as commander does.
 */
export function choicesInAnyCase(command: Command): void {
  for (const option of command.options) {
    const choices = option.argChoices;
    if (!choices) continue;
    option.argParser((value: string) => {
      const chosen = choices.find((choice) => choice.toLowerCase() == value.toLowerCase());
      if (chosen === undefined) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
      return chosen;
    });
  }
  for (const sub of command.commands) choicesInAnyCase(sub);
}
