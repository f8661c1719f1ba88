// `temoin <command>`: the browser files, the collector and the tools around it. Every flag has an
// environment variable, shown by --help.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { analystCommands } from './analyst.js';
import { assetsCommand } from './assets.js';
import { checkCommand } from './check.js';
import { collectorCommands } from './collector.js';
import { eraseCommand } from './erase.js';
import { reportCommand } from './report.js';
import { scanCommand } from './scan.js';
import { tokenCommands } from './tokens.js';

const { version } = JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function program(): Command {
  const cli = new Command('temoin')
    .description("Témoin: the browser SDK's files (temoin assets), and the consent receipts collector with its tools.")
    .version(version, '-V, --version', "print Témoin's version")
    .showHelpAfterError();
  assetsCommand(cli);
  collectorCommands(cli);
  checkCommand(cli);
  tokenCommands(cli);
  analystCommands(cli);
  eraseCommand(cli);
  reportCommand(cli);
  scanCommand(cli);
  return cli;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (e) {
    // A ScanError (src/scanner/errors.ts) or a TemoinError (src/collector/errors.ts) carries a
    // stable code; the message is what a person needs.
    console.error(`temoin: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
