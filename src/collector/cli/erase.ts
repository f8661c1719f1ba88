// `temoin erase --principal <id> --reason "…"`: destroys one visitor's receipts on request, on the
// local database or through a remote collector (--url with an admin's --token). Either way the
// erasure is recorded with who asked and why, and the access log keeps it (erasure.ts).
// Its flags only: the erasure itself (cli/run/erase.ts) is imported when it runs.
import type { Command } from 'commander';
import { whereOptions } from './options.js';
import type { EraseFlags } from './run/erase.js';

export function eraseCommand(cli: Command): void {
  whereOptions(
    cli
      .command('erase')
      .description(
        "Destroys one visitor's receipts on request: each leaves a tombstone (place, digest, erasure time) the chain still verifies through.",
      ),
  )
    .requiredOption('--principal <id>', "the visitor's full id, as their preference center shows it")
    .requiredOption('--reason <text>', 'why, as the erasure record and the access log will keep it')
    .action(async (o: EraseFlags) => (await import('./run/erase.js')).eraseVisitor(o));
}
