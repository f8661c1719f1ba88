// What `temoin token create | list | revoke` do, on the local database. Imported only when one of
// them runs (cli/tokens.ts).
import { InvalidArgumentError } from 'commander';
import { createToken, TOKEN_PREFIX } from '../../access.js';
import type { Role } from '../../store/store.js';
import { withStore } from '../../store/open.js';
import { showDate, zoned } from '../dates.js';
import { table } from '../table.js';

export type StoreFlags = { db: string; databaseUrl?: string };

export async function createOne(o: StoreFlags & { name: string; role: Role }): Promise<void> {
  const made = await withStore(o, (store) => createToken(store, o.name, o.role));
  process.stderr.write(`token ${made.id} for "${o.name}" (${o.role}); it is shown only now:\n`);
  console.log(made.token);
}

export async function listAll(o: StoreFlags & { json?: boolean; tz: string }): Promise<void> {
  const tokens = await withStore(o, (store) => store.tokens());
  console.log(
    o.json
      ? JSON.stringify(tokens)
      : table(
          ['id', 'name', 'role', zoned('created', o.tz), zoned('revoked', o.tz)],
          tokens.map((t) => [t.id, t.name, t.role, showDate(t.createdAt, o.tz), showDate(t.revokedAt, o.tz)]),
        ),
  );
}

export async function revokeOne(id: string, o: StoreFlags): Promise<void> {
  const now = new Date().toISOString();
  const revokedAt = await withStore(o, (store) => store.revokeToken(id, now));
  if (!revokedAt) throw new InvalidArgumentError(noSuchToken(id));
  console.log(
    revokedAt == now ? `token ${id} revoked` : `token ${id} was already revoked on ${revokedAt}; nothing changed`,
  );
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
