// The limits a config and a receipt share. The SDK refuses a config that could make a receipt the
// collector refuses, or a cookie the browser drops; the collector's schema (receipt.schema.json)
// states the same numbers, and a test holds the two equal.

/** Categories in a config, purposes in a receipt. */
export const MAX_CATEGORIES = 50;
/** Services in one category. */
export const MAX_SERVICES = 100;
/** Category and service ids. */
export const MAX_ID = 100;
/** Titles, names, providers, the controller's name and contact, retention in words. */
export const MAX_NAME = 300;
/** A service's purpose. */
export const MAX_PURPOSE = 2000;
/** Third parties named for one service. */
export const MAX_THIRD_PARTIES = 50;
/** The policy URL written in a receipt. */
export const MAX_URL = 2000;
/**
 * `expiresDays`: a receipt's `validUntil` must stay a date of four-digit year (beyond year 9999,
 * toISOString throws and no receipt is made). 100 years is a technical bound, not advice.
 */
export const MAX_DAYS = 36_500;
/**
 * Text neither store can keep alike: U+0000 (not in a PostgreSQL text), a lone surrogate (not in
 * its jsonb), and the other control characters but tab, line feed and carriage return. With the
 * `u` flag a surrogate pair is one code point, so `\p{Cs}` matches only a lone half.
 */
// eslint-disable-next-line no-control-regex -- finding them is the point
export const UNSTORABLE_TEXT = /[\0-\x08\x0b\x0c\x0e-\x1f\p{Cs}]/u;
/** `revision`: PostgreSQL's INTEGER, so both stores hold any revision the SDK accepts. */
export const MAX_REVISION = 2 ** 31 - 1;
/**
 * A receipt's body, UTF-8: the collector's body limit (64 KiB) and Chromium's keepalive quota
 * (64 KiB for all a page's keepalive requests in flight), less room for the request's framing.
 */
export const MAX_RECEIPT_BYTES = 64_000;
/** The `temoin` cookie, name and value: browsers drop a cookie over 4,096 bytes without a word. */
export const MAX_COOKIE_BYTES = 4000;
