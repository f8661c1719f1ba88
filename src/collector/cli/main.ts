// `temoin <command>`: the browser files, the collector and the tools around it. Every flag has an
// environment variable, shown by --help. The modules below hold each command's flags only; what a
// command does is imported when it runs (run/, check/, scanner/), so that --help, a usage error
// and every command start without loading the others' libraries (Fastify, pg, ajv, puppeteer-core;
// test/collector/cli-start.test.ts).
import { Command, Help, type Option } from 'commander';
import { readFileSync } from 'node:fs';
import { analystCommands } from './analyst.js';
import { assetsCommand } from './assets.js';
import { checkCommand } from './check.js';
import { collectorCommands } from './collector.js';
import { declarationCommand } from './declaration.js';
import { ExitError } from './exit-codes.js';
import { eraseCommand } from './erase.js';
import { migrateCommand } from './migrate.js';
import { choicesInAnyCase } from './options.js';
import { proofFileCommand } from './proof-file.js';
import { proofCommands } from './proof.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';
import { tokenCommands } from './tokens.js';

const { version } = JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function program(): Command {
  const cli = new Command('temoin')
    .description(
      "Témoin: the browser SDK's files (temoin assets), checks of a config and its pages (temoin check) and of a live site in Chromium (temoin scan), and the consent receipts collector with its tools.",
    )
    .version(version, '-V, --version', "print Témoin's version")
    // A usage error exits 2, as every other error: 1 means a broken chain or a receipt not valid.
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
    // Inherited by every command: a flag that must be given says so in its help.
    .configureHelp({
      optionDescription(this: Help, option: Option) {
        const text = Help.prototype.optionDescription.call(this, option);
        return option.mandatory ? `(required) ${text}` : text;
      },
    });
  assetsCommand(cli);
  collectorCommands(cli);
  checkCommand(cli);
  declarationCommand(cli);
  tokenCommands(cli);
  analystCommands(cli);
  eraseCommand(cli);
  migrateCommand(cli);
  proofCommands(cli);
  proofFileCommand(cli);
  reportCommand(cli);
  scanCommand(cli);
  choicesInAnyCase(cli);
  hintAfterErrors(cli);
  return cli;
}

/**
 * After a usage error, one line naming the help of the command that refused it: the whole help
 * would push the error itself off the screen.
 */
function hintAfterErrors(command: Command, parents = ''): void {
  const name = `${parents}${command.name()}`;
  const what = command.commands.length ? 'commands' : 'options';
  command.showHelpAfterError(`(run "${name} --help" for its ${what})`);
  for (const sub of command.commands) hintAfterErrors(sub, `${name} `);
}

/** A reader that stopped reading (`temoin receipts export | head`): not an error to print. */
const closedPipe = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code == 'EPIPE';

/** The exit code of a process killed by SIGPIPE, as `head` leaves other commands: the output was cut short. */
const CLOSED_PIPE_EXIT = 141;

export async function main(argv: string[]): Promise<void> {
  // Without a listener, a write to a closed pipe throws from the stream; the command stops at its next write.
  process.stdout.on('error', (e) => {
    if (!closedPipe(e)) throw e;
    process.exitCode = CLOSED_PIPE_EXIT;
  });
  try {
    await program().parseAsync(argv);
  } catch (e) {
    if (closedPipe(e)) {
      process.exitCode = CLOSED_PIPE_EXIT;
      return;
    }
    // A ScanError (src/scanner/errors.ts) or a TemoinError (src/collector/errors.ts) carries a
    // stable code; the message is what a person needs.
    console.error(`temoin: ${(e as Error).message}`);
    // The collector's own exit codes tell its service manager whether to start it again (exit-codes.ts).
    const code = e instanceof ExitError ? e.exitCode : 2;
    process.exitCode = code;
    // A collector worker (its IPC channel keeps it alive) that could not start ends, so that its
    // primary sees it fail, and why.
    if (process.connected) process.exit(code);
  }
}
