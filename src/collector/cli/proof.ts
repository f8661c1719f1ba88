// `temoin verify-receipt <file>`: anyone holding a receipt (the visitor's download, an export)
// checks it against the collector's public keys, offline with a keys file or from the collector's
// GET /v1/keys; `temoin keys export` writes that keys file. The algorithm is in receipt-proof.ts.
// Their flags only: what each does (cli/run/) is imported when it runs.
import { Option, type Command } from 'commander';
import { tzOption } from './dates.js';
import { storeOptions } from './options.js';
import type { VerifyReceiptFlags } from './run/verify-receipt.js';

export function proofCommands(cli: Command): void {
  cli
    .command('verify-receipt')
    .description(
      "Checks a receipt against the collector's public keys: a visitor's download (JSON or HTML), or exported JSON lines. Exits 0 when every receipt is valid, 1 when one is not.",
    )
    .argument('<file>', 'the receipt file, or - for standard input')
    .addOption(new Option('--keys <file>', 'the keys file (from `temoin keys export`); this or --url is required'))
    .addOption(
      new Option('--url <url>', 'the collector, whose GET /v1/keys gives the keys; this or --keys is required'),
    )
    .addOption(tzOption())
    .option('--json', 'JSON for scripts')
    .action(async (file: string, o: VerifyReceiptFlags) =>
      (await import('./run/verify-receipt.js')).verifyReceipt(file, o),
    );

  const keys = cli.command('keys').description("The collector's public keys.");
  storeOptions(
    keys
      .command('export')
      .description(
        'Prints the keys file that `temoin verify-receipt --keys` reads (the same JSON as GET /v1/keys): every public key, retired ones too.',
      ),
  ).action(async (o: { db: string; databaseUrl?: string }) => (await import('./run/keys.js')).exportKeys(o));
}
