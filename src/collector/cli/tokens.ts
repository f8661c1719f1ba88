// `temoin token create | list | revoke`: tokens for analysts and admins, on the local database.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createToken, ROLES, TOKEN_PREFIX } from '../access.js';
import type { Role } from '../store/store.js';
import { withStore } from '../store/open.js';
import { showDate, tzOption, zoned } from './dates.js';
import { storeOptions } from './options.js';
import { table } from './table.js';

type StoreFlags = { db: string; databaseUrl?: string };

export function tokenCommands(cli: Command): void {
  const token = cli.command('token').description('Tokens for analysts and admins (on the local database).');
  storeOptions(token.command('create').description('Makes a token and prints it once; only its hash is kept.'))
    .requiredOption('--name <name>', 'whose token it is, as the access log will say')
    .addOption(
      new Option('--role <role>', 'analyst (read receipts and statistics) or admin (also purge, tokens, access log)')
        .choices(ROLES)
        .default('analyst'),
    )
    .action(async (o: StoreFlags & { name: string; role: Role }) => {
      const made = await withStore(o, (store) => createToken(store, o.name, o.role));
      process.stderr.write(`token ${made.id} for "${o.name}" (${o.role}); it is shown only now:\n`);
      console.log(made.token);
    });
  storeOptions(token.command('list').description('Lists tokens (never the tokens themselves).'))
    .option('--json', 'JSON for scripts (times in UTC)')
    .addOption(tzOption())
    .action(async (o: StoreFlags & { json?: boolean; tz: string }) => {
      const tokens = await withStore(o, (store) => store.tokens());
      console.log(
        o.json
          ? JSON.stringify(tokens)
          : table(
              ['id', 'name', 'role', zoned('created', o.tz), zoned('revoked', o.tz)],
              tokens.map((t) => [t.id, t.name, t.role, showDate(t.createdAt, o.tz), showDate(t.revokedAt, o.tz)]),
            ),
      );
    });
  storeOptions(
    token
      .command('revoke')
      .description('Revokes a token at once.')
      .argument('<id>', 'the token id from `temoin token list`'),
  ).action(async (id: string, o: StoreFlags) => {
    const now = new Date().toISOString();
    const revokedAt = await withStore(o, (store) => store.revokeToken(id, now));
    if (!revokedAt) throw new InvalidArgumentError(noSuchToken(id));
    console.log(
      revokedAt == now ? `token ${id} revoked` : `token ${id} was already revoked on ${revokedAt}; nothing changed`,
    );
  });
}

const TOKEN_ID = /^[0-9a-f]{12}$/;

/** Why `id` names no token, without ever repeating what may be a token itself. */
function noSuchToken(id: string): string {
  const fix = 'give the 12-character id from `temoin token list`';
  if (TOKEN_ID.test(id)) return `no token ${id}: ${fix}`;
  return id.startsWith(TOKEN_PREFIX)
    ? `that is a token itself, not its id (and it is not printed here): ${fix}`
    : `that is not a token id: ${fix}`;
}
