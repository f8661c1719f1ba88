// What `temoin erase` does: destroys one visitor's receipts on the local database, or through a
// remote collector (--url with an admin's --token), and logs it. Imported only when erase runs.
import { userInfo } from 'node:os';
import { logAccess } from '../../access.js';
import { erase, erasedAgainMessage, erasureLogFilters, erasureRequest, type ErasureRequest } from '../../erasure.js';
import { withStore } from '../../store/open.js';
import type { Where } from '../options.js';
import { plural } from '../table.js';

export type EraseFlags = Where & { principal: string; reason: string };

interface Erased {
  erased: number;
  seqs: number[];
  at: string;
  /** When nothing was left to erase: what the collector says of the earlier erasures. */
  message?: string;
}

export async function eraseVisitor(o: EraseFlags): Promise<void> {
  const request = erasureRequest({ principal: o.principal, reason: o.reason });
  const done = o.url ? await eraseRemote(o, request) : await eraseLocal(o, request);
  if (!done.erased) {
    console.log(done.message);
    return;
  }
  console.log(
    `erased ${plural(done.erased, 'receipt')} of visitor ${request.principal} (#${done.seqs.join(', #')}) at ${done.at}; the tombstones keep the chain verifiable`,
  );
}

async function eraseLocal(where: Where, request: ErasureRequest): Promise<Erased> {
  const actor = `cli:${userInfo().username}`;
  return withStore(where, async (store) => {
    let count = 0;
    try {
      const done = await erase(store, request, actor);
      count = done.count;
      return {
        erased: done.count,
        seqs: done.seqs,
        at: done.at,
        ...(done.count ? {} : { message: erasedAgainMessage(request.principal, done) }),
      };
    } finally {
      await logAccess(store, {
        at: new Date().toISOString(),
        actor,
        tokenId: null,
        action: 'temoin erase',
        filters: erasureLogFilters(request),
        rows: count,
      });
    }
  });
}

async function eraseRemote(where: Where, request: ErasureRequest): Promise<Erased> {
  if (!where.token) throw new Error('--url needs --token (an admin token, or TEMOIN_TOKEN)');
  const target = new URL('v1/erasures', where.url!.replace(/\/?$/, '/'));
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${where.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (e) {
    throw new Error(
      `cannot reach ${target.href}: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const body = (await response.json().catch(() => ({}))) as Erased & { error?: string };
  if (!response.ok) throw new Error(`${target.href}: ${response.status} ${body.error ?? response.statusText}`);
  return body;
}
