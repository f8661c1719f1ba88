// An analyst's read from the CLI: from a remote collector (--url with --token), which writes the
// access-log entry itself, or from the local store, logged here in the name of the local user.
import { InvalidArgumentError } from 'commander';
import { userInfo } from 'node:os';
import { logAccess, type Actor } from '../access.js';
import { withStore } from '../store/open.js';
import type { AccessEntry, ReceiptStore } from '../store/store.js';
import type { Where } from './options.js';

type Query = Record<string, string | number | undefined>;

/** Writes the access-log entry of a local read: its filters and the rows read; the entry as kept. */
export type LogRead = (filters: Record<string, unknown>, rows: number) => Promise<AccessEntry>;

export interface Read<T> {
  /** The API route that answers the same read (a GET unless told), its query, and how its response is read. */
  remote: {
    path: string;
    query: Query;
    method?: 'GET' | 'POST';
    /** Refusals `answer` reads itself (404 for a receipt that is not there), instead of failing. */
    answers?: number[];
    answer(response: Response): Promise<T>;
  };
  /** The command, as the access log names it. */
  action: string;
  /** Checks what a local read needs (before the store is opened), and returns that read. */
  local(): (store: ReceiptStore, log: LogRead) => Promise<T>;
}

const cliActor = (): Actor => ({ name: `cli:${userInfo().username}`, tokenId: null });

/** A request to the remote collector; its answer, or an error naming the URL and what went wrong. */
export async function request(
  url: string,
  token: string | undefined,
  path: string,
  query: Query = {},
  method: 'GET' | 'POST' = 'GET',
  answers: number[] = [],
): Promise<Response> {
  if (!token) throw new InvalidArgumentError('--url needs --token (or TEMOIN_TOKEN)');
  let target: URL;
  try {
    target = new URL(path, url.replace(/\/?$/, '/'));
  } catch {
    throw new InvalidArgumentError(`--url "${url}" is not a URL such as https://consent.example.org`);
  }
  for (const [k, v] of Object.entries(query)) if (v !== undefined) target.searchParams.set(k, String(v));
  let response: Response;
  try {
    response = await fetch(target, { method, headers: { authorization: `Bearer ${token}` } });
  } catch (e) {
    // fetch says only "fetch failed"; the cause says why (refused, unknown host, TLS).
    const cause = (e as { cause?: Error & { code?: string } }).cause;
    throw new Error(
      `cannot reach the collector at ${url}: ${cause?.message || cause?.code || (e as Error).message}. Check --url (or TEMOIN_URL)`,
      { cause: e },
    );
  }
  if (!response.ok && !answers.includes(response.status))
    throw new Error(
      `${method} ${target.origin}${target.pathname}: ${response.status} ${((await response.json().catch(() => ({}))) as { error?: string }).error ?? response.statusText}`,
    );
  return response;
}

export async function read<T>(where: Where, r: Read<T>): Promise<T> {
  if (where.url)
    return r.remote.answer(
      await request(where.url, where.token, r.remote.path, r.remote.query, r.remote.method, r.remote.answers),
    );
  const fromStore = r.local();
  const { name, tokenId } = cliActor();
  return withStore(where, (store) =>
    fromStore(store, (filters, rows) =>
      logAccess(store, { at: new Date().toISOString(), actor: name, tokenId, action: r.action, filters, rows }),
    ),
  );
}
