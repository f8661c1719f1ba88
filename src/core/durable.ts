// The decision IndexedDB keeps, read on a visit whose cookie has none. The check path holds it
// (it is loaded anyway when a config is validated), and so does `temoin-durable.js`, alone, for a
// visit that validates nothing: a sealed config's, when the origin has Témoin's database.
import type { ConsentRecord } from './consent.js';
import { readStored } from './storage.js';
import type { PageState } from './types.js';

/**
 * The decision kept in IndexedDB when it is newer than the cookie's (the cookie may have been
 * cleared, or capped by the browser, or expired), else null. The write path restores it.
 */
export async function durable(page: PageState): Promise<ConsentRecord | null> {
  const stored = await readStored();
  return stored && stored.updatedAt > (page.stored?.updatedAt ?? -1) ? stored : null;
}
