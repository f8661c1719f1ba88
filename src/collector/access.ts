// Who may read: tokens with a role. A token is shown once, when it is made; the store keeps only
// its SHA-256 (tokens are 256 random bits, so a fast hash is enough). Every read is logged.
import { createHash, randomBytes } from 'node:crypto';
import { bodyDigest } from './chain.js';
import { ROLES } from './roles.js';
import type { AccessEntry, ReceiptStore, Role, Token } from './store/store.js';

export const TOKEN_PREFIX = 'tmn_';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A new token's secret, never starting with "-": pasted alone on a command line (its prefix left
 * out), one would be read as an option, refused, and printed back in commander's error.
 */
export function tokenSecret(): string {
  for (;;) {
    const secret = randomBytes(32).toString('base64url');
    if (secret[0] != '-') return secret;
  }
}

export async function createToken(
  store: ReceiptStore,
  name: string,
  role: Role,
): Promise<{ token: string; id: string }> {
  if (!name.trim()) throw new Error('a token needs a name that says whose it is');
  if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}, not "${role}"`);
  const token = TOKEN_PREFIX + tokenSecret();
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

/** The SHA-256 of a visitor's full id when a principal filter holds one: the id an erasure may name. */
function fullPrincipal(filters: Record<string, unknown>): string | null {
  const { principal } = filters;
  return typeof principal == 'string' && FULL_ID.test(principal.trim()) ? principal.trim().toLowerCase() : null;
}

/** A visitor's id or its start (8 characters or more), in either case, as a principal filter may hold it. */
const ID_OR_START = /^[0-9a-f]{8}[-0-9a-f]{0,28}$/i;

/**
 * The filters with a visitor's id in lower case, as the store reads it and the SDK writes it: an
 * id typed in upper case names the same visitor, and an erasure finds the entry as it finds others.
 */
function idInLowerCase(filters: Record<string, unknown>): Record<string, unknown> {
  const { principal } = filters;
  if (typeof principal != 'string' || !ID_OR_START.test(principal.trim())) return filters;
  const lower = principal.trim().toLowerCase();
  return lower == principal ? filters : { ...filters, principal: lower };
}

/**
 * The filters an access-log entry keeps: a visitor's full id is written as `sha256:<digest>` once
 * an erasure names that visitor, as the erasure rewrote the reads made before it; any other
 * visitor's id is kept, so an access request can be traced. Every entry is written through
 * `logAccess` below (the CLI's and the API's alike), never `store.logAccess` directly.
 */
export async function loggedFilters(
  store: ReceiptStore,
  filters: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const principal = fullPrincipal(filters);
  if (!principal) return filters;
  const digest = bodyDigest(principal);
  return (await store.erasedPrincipal(digest)) ? { ...filters, principal: `sha256:${digest}` } : filters;
}

/**
 * Writes an access-log entry, a visitor's id in lower case and its filters as `loggedFilters`
 * keeps them; the entry as kept. An erasure that commits between the look for it and the entry
 * (it rewrote the entries before, not this one) is caught by a second look after it, which
 * rewrites the entry as the erasure would.
 */
export async function logAccess(
  store: ReceiptStore,
  entry: Omit<AccessEntry, 'id' | 'refused'> & { refused?: string | null },
): Promise<AccessEntry> {
  const asked = idInLowerCase(entry.filters);
  const filters = await loggedFilters(store, asked);
  const written = await store.logAccess({ ...entry, filters });
  const principal = filters === asked ? fullPrincipal(filters) : null;
  if (principal && (await store.redactIfErased(principal)))
    return { ...written, filters: { ...written.filters, principal: `sha256:${bodyDigest(principal)}` } };
  return written;
}
