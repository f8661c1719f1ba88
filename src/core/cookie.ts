// The cookie mirror: one first-party cookie holds the current record, so the next page load
// decides synchronously and servers can read it. It works alone when IndexedDB is blocked.
import type { ValidConfig } from './config-types.js';
import { makeRecord, parseRecord, rejectAllChoices, uuid, type ConsentRecord } from './consent.js';

export const COOKIE_NAME = 'temoin';

/** The record in the `temoin` cookie: URL-encoded JSON of the ConsentRecord. */
export function readCookie(): ConsentRecord | null {
  const raw = document.cookie.split('; ').find((c) => c.startsWith(COOKIE_NAME + '='));
  try {
    return parseRecord(JSON.parse(decodeURIComponent(raw!.slice(COOKIE_NAME.length + 1))));
  } catch {
    // No cookie (`raw` is undefined), or not one we can read: no decision.
    return null;
  }
}

const cookieValue = (record: ConsentRecord) => encodeURIComponent(JSON.stringify(record));

export function writeCookie(record: ConsentRecord | null, domain?: string): void {
  const age = record ? Math.round((record.expiresAt - Date.now()) / 1000) : 0;
  document.cookie =
    `${COOKIE_NAME}=${record ? cookieValue(record) : ''}; Path=/; Max-Age=${age}; SameSite=Lax` +
    (domain ? '; Domain=' + domain : '') +
    (location.protocol == 'https:' ? '; Secure' : '');
}

/**
 * The bytes of the largest `temoin` cookie a config can make (name and value, which browsers
 * limit): optional categories refused (`false` is longer than `true`) but for every service of
 * each but its shortest id (granted in part), the longest method, 16-digit times (real ones have
 * 13 until 2286), the largest count of receipts waiting.
 */
export function largestCookie(config: ValidConfig): number {
  const services = config.categories.flatMap((c) =>
    c.required
      ? []
      : c.services
          .map((s) => s.id)
          .sort((a, b) => b.length - a.length)
          .slice(0, -1),
  );
  const record = makeRecord(
    config,
    null,
    rejectAllChoices(config),
    { gpc: false, language: 'fr', method: 'preferences' },
    9e15,
  );
  return (
    COOKIE_NAME.length +
    1 +
    cookieValue({
      ...record,
      ...(services.length ? { services } : {}),
      receiptId: uuid(),
      ...(config.collector ? { unsent: Number.MAX_SAFE_INTEGER } : {}),
    }).length
  );
}
