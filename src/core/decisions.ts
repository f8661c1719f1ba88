// The write path, imported the first time a decision is made or the durable copy must be read:
// validating a config this device has not seen, building records, persisting them, deleting
// withdrawn cookies, reading history. A returning visitor whose cookie already answers never
// downloads it; the <head> script keeps the read path.
import { readReceipts } from '../receipts/outbox.js';
import type { StoredReceipt } from '../receipts/receipt.js';
import { receiptProblems } from '../receipts/size.js';
import { trust as trustText } from './config-trust.js';
import { resolveLanguage, usesTemplates, validateConfig as validate, type ValidConfig } from './config.js';
import { grantedCategories, makeRecord, uuid, type Choices, type ConsentRecord } from './consent.js';
import { deleteCookies } from './cookie-cleaner.js';
import { writeCookie } from './cookie.js';
import { readHistory as readRecords, readStored, writeStored } from './storage.js';
import type { DecisionOptions, HistoryEntry } from './types.js';

export { acceptAllChoices, changeChoices, rejectAllChoices } from './consent.js';
// A config naming templates is never trusted by its fingerprint: the <head> script could not
// expand it, so it is validated (and expanded) here on every page load.
let templated = false;

/**
 * Validates a config, expanding its service templates first (their catalog is its own chunk), and
 * checks that its largest receipt fits the collector.
 */
export function validateConfig(input: unknown): ValidConfig | Promise<ValidConfig> {
  templated = usesTemplates(input);
  return templated
    ? import('../templates/expand.js').then((t) => validate(t.expandTemplates(input), receiptProblems))
    : validate(input, receiptProblems);
}

/** Remembers that this config text is valid, unless it names templates. */
export function trust(print: string): void {
  if (!templated) trustText(print);
}

// Receipts are their own chunk, fetched on the first decision (or delivery), not with the write
// path: a first visit loads the write path to check the config, and the banner must not wait.
let receiptsChunk: Promise<typeof import('../receipts/client.js')> | undefined;
const receipts = () => (receiptsChunk ??= import('../receipts/client.js'));

export async function readHistory(): Promise<HistoryEntry[]> {
  const [records, stored] = await Promise.all([readRecords(), readReceipts()]);
  return records.map((r) => ({ ...r, receipt: stored.find((e) => e.receipt.receiptId == r.receiptId) }));
}

/** Sends the receipts still waiting for the collector (and a new one IndexedDB could not keep). */
export const deliver = (config: ValidConfig, post: typeof fetch, fresh?: StoredReceipt) =>
  receipts().then((r) => r.deliver(config, post, true, fresh));

/**
 * Builds the record for these choices (none: forget the decision), deletes the cookies of every
 * refused service, writes the cookie at once (the next page load reads it), then IndexedDB with
 * the decision's receipt, which then goes to the collector.
 * Returns the record and a promise that settles once both are stored.
 */
export function commit(
  config: ValidConfig,
  previous: ConsentRecord | null,
  choices: Choices | null,
  gpc: boolean,
  { language = resolveLanguage(config), method = 'api' }: DecisionOptions,
  post: typeof fetch,
): [ConsentRecord | null, Promise<void>] {
  const now = Date.now();
  const record = choices && {
    ...makeRecord(config, previous, choices, { gpc, language, method }, now),
    receiptId: uuid(),
    ...(config.collector ? { unsent: (previous?.unsent ?? 0) + 1 } : {}),
  };
  const granted = grantedCategories(config, record, gpc);
  deleteCookies(config.categories.filter((c) => !granted[c.id]).flatMap((c) => c.services.flatMap((s) => s.cookies ?? [])));
  writeCookie(record, config.cookieDomain);
  const made = receipts()
    .then((r) => r.receiptFor(config, previous, record, now, method))
    .catch((e: unknown) => {
      console.error(`temoin: no receipt${DEV_MODE ? ' could be made for this decision' : ''}`, e);
      return undefined;
    });
  const saved = made.then((receipt) => writeStored(record, receipt));
  void Promise.all([made, saved]).then(([receipt]) => deliver(config, post, receipt)).catch(() => {});
  return [record, saved];
}

/**
 * The decision kept in IndexedDB when it is newer than the cookie's (the cookie may have been
 * cleared, or capped by the browser, or expired); the cookie is written again from it.
 */
export async function restore(fromCookie: ConsentRecord | null, config: ValidConfig, post: typeof fetch): Promise<ConsentRecord | null> {
  const durable = await readStored();
  if (!durable || durable.updatedAt <= (fromCookie?.updatedAt ?? -1)) return null;
  writeCookie(durable, config.cookieDomain);
  // A decision that ran out (its cookie expired with it) leaves an `expired` receipt.
  return durable.expiresAt <= Date.now() ? (await receipts()).expire(config, durable, Date.now(), post) : durable;
}
