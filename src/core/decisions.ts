// The write path, imported the first time a decision is made or the durable copy must be read:
// validating a config this device has not seen, building records, persisting them, deleting
// withdrawn cookies, reading history. A returning visitor whose cookie already answers never
// downloads it; the <head> script keeps the read path.
import { resolveLanguage, type ValidConfig } from './config.js';
import { grantedCategories, makeRecord, type Choices, type ConsentRecord } from './consent.js';
import type { DecisionOptions } from './temoin.js';
import { deleteCookies } from './cookie-cleaner.js';
import { readStored, writeCookie, writeStored } from './storage.js';

export { acceptAllChoices, changeChoices, rejectAllChoices } from './consent.js';
export { readHistory } from './storage.js';
export { validateConfig } from './config.js';
export { trust } from './config-trust.js';

/**
 * Builds the record for these choices (none: forget the decision), deletes the cookies of every
 * refused service, writes the cookie at once (the next page load reads it) and IndexedDB.
 * Returns the record and a promise that settles once it is stored.
 */
export function commit(
  config: ValidConfig,
  previous: ConsentRecord | null,
  choices: Choices | null,
  gpc: boolean,
  { language = resolveLanguage(config), method = 'api' }: DecisionOptions,
): [ConsentRecord | null, Promise<void>] {
  const record = choices && makeRecord(config, previous, choices, { gpc, language, method }, Date.now());
  const granted = grantedCategories(config, record, gpc);
  deleteCookies(config.categories.filter((c) => !granted[c.id]).flatMap((c) => c.services.flatMap((s) => s.cookies ?? [])));
  writeCookie(record, config.cookieDomain);
  return [record, writeStored(record)];
}

/**
 * The decision kept in IndexedDB when it is newer than the cookie's (the cookie may have been
 * cleared, or capped by the browser); the cookie is written again from it.
 */
export async function restore(fromCookie: ConsentRecord | null, config: ValidConfig): Promise<ConsentRecord | null> {
  const durable = await readStored();
  if (!durable || durable.updatedAt <= (fromCookie?.updatedAt ?? -1)) return null;
  writeCookie(durable, config.cookieDomain);
  return durable;
}
