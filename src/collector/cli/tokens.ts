// `temoin token create | list | revoke`: tokens for analysts and admins, on the local database.
// Their flags only: what each does (cli/run/tokens.ts) is imported when it runs.
import { Option, type Command } from 'commander';
import { ROLES } from '../roles.js';
import type { Role } from '../store/store.js';
import { tzOption } from './dates.js';
import { storeOptions } from './options.js';
import type { StoreFlags } from './run/tokens.js';

const run = () => import('./run/tokens.js');

export function tokenCommands(cli: Command): void {
  const token = cli.command('token').description('Tokens for analysts and admins (on the local database).');
  storeOptions(token.command('create').description('Makes a token and prints it once; only its hash is kept.'))
    .requiredOption('--name <name>', 'whose token it is, as the access log will say')
    .addOption(
      new Option('--role <role>', 'analyst (read receipts and statistics) or admin (also purge, tokens, access log)')
        .choices(ROLES)
        .default('analyst'),
    )
    .action(async (o: StoreFlags & { name: string; role: Role }) => (await run()).createOne(o));
  storeOptions(token.command('list').description('Lists tokens (never the tokens themselves).'))
    .option('--json', 'JSON for scripts (times in UTC)')
    .addOption(tzOption())
    .action(async (o: StoreFlags & { json?: boolean; tz: string }) => (await run()).listAll(o));
  storeOptions(
    token
      .command('revoke')
      .description('Revokes a token at once.')
      .argument('<id>', 'the token id from `temoin token list`'),
  ).action(async (id: string, o: StoreFlags) => (await run()).revokeOne(id, o));
}
