// An analyst's read from the CLI: from a remote collector (--url with --token), which writes the
// access-log entry itself, or from the local store, logged here in the name of the local user.
import { InvalidArgumentError } from 'commander';
import { userInfo } from 'node:os';
import type { Actor } from '../access.js';
import { withStore } from '../store/open.js';
import type { ReceiptStore } from '../store/store.js';
import type { Where } from './options.js';

type Query = Record<string, string | number | undefined>;

/** Writes the access-log entry of a local read: its filters and the rows read. */
export type LogRead = (filters: Record<string, unknown>, rows: number) => Promise<void>;

export interface Read<T> {
  /** The API route that answers the same read, its query, and how its response is read. */
  remote: { path: string; query: Query; answer(response: Response): Promise<T> };
  /** The command, as the access log names it. */
  action: string;
  /** Checks what a local read needs (before the store is opened), and returns that read. */
  local(): (store: ReceiptStore, log: LogRead) => Promise<T>;
}

const cliActor = (): Actor => ({ name: `cli:${userInfo().username}`, tokenId: null });

/** A GET on the remote collector; its answer, or an error naming what went wrong. */
async function get(url: string, token: string | undefined, path: string, query: Query): Promise<Response> {
  if (!token) throw new InvalidArgumentError('--url needs --token (or TEMOIN_TOKEN)');
  const target = new URL(path, url.replace(/\/?$/, '/'));
  for (const [k, v] of Object.entries(query)) if (v !== undefined) target.searchParams.set(k, String(v));
  const response = await fetch(target, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok)
    throw new Error(
      `${target.pathname}: ${response.status} ${((await response.json().catch(() => ({}))) as { error?: string }).error ?? response.statusText}`,
    );
  return response;
}

export async function read<T>(where: Where, r: Read<T>): Promise<T> {
  if (where.url) return r.remote.answer(await get(where.url, where.token, r.remote.path, r.remote.query));
  const fromStore = r.local();
  const { name, tokenId } = cliActor();
  return withStore(where, (store) =>
    fromStore(store, (filters, rows) =>
      store.logAccess({ at: new Date().toISOString(), actor: name, tokenId, action: r.action, filters, rows }),
    ),
  );
}
