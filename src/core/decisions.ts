// The write path, imported the first time a decision is made or the durable copy must be read:
// validating a config this device has not seen, building records, persisting them, deleting
// withdrawn cookies, reading history. A returning
// visitor whose cookie already answers never downloads it; the <head> script keeps the read path.
import { resolveLanguage, type ValidConfig } from './config.js';
import { makeRecord, type Choices, type ConsentRecord } from './consent.js';
import type { DecisionOptions } from './temoin.js';
import { deleteCookies } from './cookie-cleaner.js';
import { writeCookie, writeStored } from './storage.js';

export { acceptAllChoices, changeChoices, rejectAllChoices } from './consent.js';
export { readHistory, readStored, writeCookie } from './storage.js';
export { validateConfig } from './config.js';

/** Writes the cookie at once (the next page load reads it) and waits for IndexedDB. */
export async function persist(record: ConsentRecord | null, config: ValidConfig): Promise<void> {
  writeCookie(record, config.cookieDomain);
  await writeStored(record);
}

/** Deletes the cookies declared by every service of a refused category. */
export function deleteRefusedCookies(config: ValidConfig, granted: Choices): void {
  deleteCookies(config.categories.filter((c) => !granted[c.id]).flatMap((c) => c.services.flatMap((s) => s.cookies ?? [])));
}

/** A new record for these choices, in the page's language unless the UI says otherwise. */
export function newRecord(
  config: ValidConfig,
  previous: ConsentRecord | null,
  choices: Choices,
  gpc: boolean,
  { language = resolveLanguage(config), method = 'api' }: DecisionOptions,
): ConsentRecord {
  return makeRecord(config, previous, choices, { gpc, language, method }, Date.now());
}
