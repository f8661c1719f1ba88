// `temoin proof --principal <id>`: a visitor's consent file, for an access request or a dispute:
// every receipt of theirs, the state in force after each, the notice they answered, each checked
// against the collector's public keys, and the access-log entry this read wrote. HTML to print
// (French or English) or JSON, from the local store or a remote collector's GET /v1/proof: one
// JSON shape either way, and the HTML is rendered here from it.
// Its flags only: what it does (cli/run/proof.ts) is imported when it runs.
import { Option, type Command } from 'commander';
import { tzOption } from './dates.js';
import { whereOptions } from './options.js';
import type { ProofFlags } from './run/proof.js';

export function proofFileCommand(cli: Command): void {
  whereOptions(
    cli
      .command('proof')
      .description(
        "A visitor's consent file: every receipt of theirs in order, the state in force after each, the notice they answered, each checked against the collector's public keys, and the access-log entry this read writes. Exits 1 when the visitor is unknown or a receipt does not verify.",
      ),
  )
    .option('--principal <id>', "the visitor's id, or its first 8 characters or more (this or --receipt)")
    .option('--receipt <id>', 'one of their receipt ids: the file of the visitor who made it (this or --principal)')
    .option('--at <time>', 'also answer what the visitor had consented to at this day or time, in --tz')
    .addOption(new Option('--format <format>', 'html (to print) or json').choices(['html', 'json']).default('html'))
    .addOption(
      new Option('--lang <lang>', "language of the HTML (default: the visitor's, from their last receipt)").choices([
        'fr',
        'en',
      ]),
    )
    .option('--out <file>', 'write it to this file instead of stdout (a file that exists is refused)')
    .option('--force', 'replace the --out file if it exists')
    .addOption(tzOption())
    .action(async (o: ProofFlags) => (await import('./run/proof.js')).writeProof(o));
}
