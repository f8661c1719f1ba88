// Who may read: tokens with a role. A token is shown once, when it is made; the store keeps only
// its SHA-256 (tokens are 256 random bits, so a fast hash is enough). Every read is logged.
import { createHash, randomBytes } from 'node:crypto';
import type { ReceiptStore, Role, Token } from './store/store.js';

export const ROLES: Role[] = ['analyst', 'admin'];
export const TOKEN_PREFIX = 'tmn_';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createToken(
  store: ReceiptStore,
  name: string,
  role: Role,
): Promise<{ token: string; id: string }> {
  if (!name.trim()) throw new Error('a token needs a name that says whose it is');
  if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}, not "${role}"`);
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = randomBytes(6).toString('hex');
  await store.addToken({
    id,
    name: name.trim(),
    role,
    hash: hashToken(token),
    createdAt: new Date().toISOString(),
    revokedAt: null,
  });
  return { token, id };
}

/** The token a bearer string names, revoked or not (a revoked token's reuse is logged as its own). */
export async function identify(store: ReceiptStore, bearer: string | undefined): Promise<Token | null> {
  if (!bearer?.startsWith(TOKEN_PREFIX)) return null;
  return store.tokenByHash(hashToken(bearer));
}

/** The credentials of an `Authorization` header; its scheme is case-insensitive (RFC 9110). */
export const bearerToken = (header: string | undefined): string | undefined =>
  /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];

/** Whether a role may do what needs `needed`: admins may do everything analysts may. */
export const allows = (role: Role, needed: Role) => role == 'admin' || needed == 'analyst';

/** Who is reading, for the access log: a token's name, or the local user running the CLI. */
export interface Actor {
  name: string;
  tokenId: string | null;
}
