// The write path (dist/temoin-decisions.js), imported the first time a decision is made (or
// restored from IndexedDB): building records, persisting them, deleting withdrawn cookies, reading
// history. Validating a config and reading the durable copy are the check path's (check-path.ts):
// a first visit downloads that, and this only once the visitor reaches for a choice. A returning
// visitor whose cookie already answers never downloads it; the <head> script keeps the read path.
// A decision goes: record → withdrawn cookies deleted → cookie → receipt → IndexedDB → outbox.
import type { Language } from './config.js';
import {
  acceptAllChoices,
  changeChoices,
  grantedCategories,
  makeRecord,
  rejectAllChoices,
  uuid,
  type ConsentRecord,
} from './consent.js';
import { deleteCookies } from './cookie-cleaner.js';
import { remember } from './config-trust.js';
import { writeCookie } from './cookie.js';
import { readHistory, writeStored } from './storage.js';
import type { DecisionOptions, HistoryEntry, PageState, Wanted } from './types.js';
// What the write path hands on: the receipts chunk, and the outbox it reads for the history.
import type * as Receipts from '../receipts/client.js';
import { readReceipts } from '../receipts/outbox.js';
import type { StoredReceipt } from '../receipts/receipt.js';

// Receipts are their own chunk, fetched on the first decision (or delivery), alongside the write
// path's first use: a decision's record and cookie do not wait for them.
let receiptsChunk: Promise<typeof Receipts> | undefined;
const receipts = () => (receiptsChunk ??= import('../receipts/client.js'));

/** This device's decisions, oldest first, each with its receipt from the outbox. */
export async function history(): Promise<HistoryEntry[]> {
  const [records, stored] = await Promise.all([readHistory(), readReceipts()]);
  return records.map((r) => ({ ...r, receipt: stored.find((e) => e.receipt.receiptId == r.receiptId) }));
}

/** Sends the receipts still waiting for the collector (and a new one IndexedDB could not keep). */
export const deliver = (page: PageState, fresh?: StoredReceipt) => receipts().then((r) => r.deliver(page, true, fresh));

/**
 * Builds the record for what the visitor wants (nothing: forget the decision) over the page's
 * stored one, deletes the cookies of every refused service (alone, or with its category), writes the cookie at once (the next
 * page load reads it), then IndexedDB with the decision's receipt, which then goes to the
 * collector. Returns the record and a promise that settles once both are stored. The engine calls
 * it once the config is valid.
 */
export function commit(
  page: PageState,
  wanted: Wanted,
  { language, method = 'api' }: DecisionOptions & { language: Language },
): [ConsentRecord | null, Promise<void>] {
  const config = page.config!;
  const previous = page.stored;
  const now = Date.now();
  // Unknown categories or services, or refused required ones, in `set()` throw here: a caller's bug.
  const choices =
    wanted == null
      ? null
      : wanted === true
        ? acceptAllChoices(config, page.gpc)
        : wanted === false
          ? rejectAllChoices(config)
          : changeChoices(config, page.granted, wanted.changes);
  const record = choices && {
    ...makeRecord(config, previous, choices, { gpc: page.gpc, language, method }, now),
    receiptId: uuid(),
    ...(config.collector ? { unsent: (previous?.unsent ?? 0) + 1 } : {}),
  };
  const granted = grantedCategories(config, record, page.gpc);
  deleteCookies(
    config.categories.flatMap((c) => c.services.flatMap((s) => (granted[c.id + '/' + s.id] ? [] : (s.cookies ?? [])))),
  );
  writeCookie(record, config.cookieDomain);
  remember(page);
  // A withdrawal from the preference center reloads the page (consent-state.ts, which decides it
  // alike) before the confirmation is said: this tab's next page says it (temoin.ts), once.
  if (
    method == 'preferences' &&
    config.ui !== false &&
    config.reloadOnWithdraw &&
    Object.keys(page.granted).some((k) => page.granted[k] && !granted[k])
  ) {
    try {
      sessionStorage.temoin = 1;
    } catch {
      // Storage blocked: no confirmation then, as before.
    }
  }
  const made = receipts()
    .then((r) => r.receiptFor(config, previous, record, now, method))
    .catch((e: unknown) => {
      console.error(`temoin: no receipt${DEV_MODE ? ' could be made for this decision' : ''}`, e);
      return undefined;
    });
  const saved = made.then((receipt) => writeStored(record, receipt));
  void Promise.all([made, saved])
    .then(([receipt]) => deliver(page, receipt))
    .catch(() => {});
  return [record, saved];
}

/**
 * Puts back the decision IndexedDB kept (the check path found it newer than the cookie's): the
 * cookie is written again from it. A decision that ran out (its cookie expired with it) leaves an
 * `expired` receipt.
 */
export async function restore(page: PageState, durable: ConsentRecord): Promise<ConsentRecord> {
  writeCookie(durable, page.config!.cookieDomain);
  return durable.expiresAt <= Date.now() ? (await receipts()).expire(page, durable, Date.now()) : durable;
}
