// Flags several commands share.
import { Option, type Command } from 'commander';

/** --db and --database-url, shared by every command that opens the store. */
export const storeOptions = (command: Command) => command
  .addOption(new Option('--db <file>', 'SQLite database file').env('TEMOIN_DB').default('temoin.db'))
  .addOption(new Option('--database-url <url>', 'PostgreSQL connection URL (instead of --db)').env('TEMOIN_DATABASE_URL'));
