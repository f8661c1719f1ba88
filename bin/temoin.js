#!/usr/bin/env node
// The `temoin` command. Its subcommands (collector, verify, receipts, stats, token) come with the
// collector; until then it says so instead of pretending.
const [command] = process.argv.slice(2);
const help = `Usage: temoin <command>

Commands arrive with the collector (receipts, verify, stats, tokens).
The browser SDK is in dist/: put dist/temoin.js first in <head>.`;
if (!command || command === '--help' || command === '-h') {
  console.log(help);
} else {
  console.error(`temoin: unknown command "${command}"\n\n${help}`);
  process.exit(2);
}
