// The check path (dist/temoin-check.js): what a page load needs from the durable side before any
// decision is made. It validates a config this device has not seen (failing closed), and reads the
// decision IndexedDB keeps when the cookie has none. A first visit downloads it with the banner;
// building and storing a decision (write-path.ts) waits until the visitor reaches for a choice.
import type { ConsentRecord } from './consent.js';
import { readStored } from './storage.js';
import type { PageState } from './types.js';

export { checkConfig } from './config-check.js';

/**
 * The decision kept in IndexedDB when it is newer than the cookie's (the cookie may have been
 * cleared, or capped by the browser, or expired), else null. The write path restores it.
 */
export async function durable(page: PageState): Promise<ConsentRecord | null> {
  const stored = await readStored();
  return stored && stored.updatedAt > (page.stored?.updatedAt ?? -1) ? stored : null;
}
