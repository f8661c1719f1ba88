// `temoin migrate-to-postgres`: a collector's SQLite database moved whole into PostgreSQL. Its
// flags only: the copy (cli/run/migrate-to-postgres.ts), with both database drivers, is imported
// when it runs.
import { Option, type Command } from 'commander';
import type { MigrateFlags } from './run/migrate-to-postgres.js';

export function migrateCommand(cli: Command): void {
  cli
    .command('migrate-to-postgres')
    .description(
      'Copies a SQLite database whole (receipts, chain head, checkpoints, keys, configs, tokens, access log, erasures) into an empty PostgreSQL database, sets its id sequences and verifies the copy. Stop the collector first. Exits 75 when PostgreSQL cannot be reached for now (nothing copied: run it again later).',
    )
    .addOption(
      new Option('--db <file>', 'the SQLite database to copy (only read)').env('TEMOIN_DB').default('temoin.db'),
    )
    .addOption(
      new Option('--database-url <url>', 'the PostgreSQL database to fill: new and empty')
        .env('TEMOIN_DATABASE_URL')
        .makeOptionMandatory(),
    )
    .action(async (o: MigrateFlags) => (await import('./run/migrate-to-postgres.js')).migrateToPostgres(o));
}
