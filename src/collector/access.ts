// Who may read: tokens with a role. A token is shown once, when it is made; the store keeps only
// its SHA-256 (tokens are 256 random bits, so a fast hash is enough). Every read is logged.
import { createHash, randomBytes } from 'node:crypto';
import { bodyDigest } from './chain.js';
import type { AccessEntry, ReceiptStore, Role, Token } from './store/store.js';

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

/** A visitor's full id (a UUID), as a principal filter holds it. */
const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The filters an access-log entry keeps: a visitor's full id is written as `sha256:<digest>` once
 * an erasure names that visitor, as the erasure rewrote the reads made before it; any other
 * visitor's id is kept, so an access request can be traced. Every entry is written through this.
 */
export async function loggedFilters(
  store: ReceiptStore,
  filters: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { principal } = filters;
  if (typeof principal != 'string' || !FULL_ID.test(principal.trim())) return filters;
  const digest = bodyDigest(principal.trim().toLowerCase());
  const erased = (await store.erasures()).some((e) => e.principalDigest == digest);
  return erased ? { ...filters, principal: `sha256:${digest}` } : filters;
}

/** Writes an access-log entry, its filters as `loggedFilters` keeps them; the entry as kept. */
export async function logAccess(
  store: ReceiptStore,
  entry: Omit<AccessEntry, 'id' | 'refused'> & { refused?: string | null },
): Promise<AccessEntry> {
  return store.logAccess({ ...entry, filters: await loggedFilters(store, entry.filters) });
}
