// The preference center and the history inside it, in a chunk of their own: a first visit that
// only answers the banner never downloads them.
import { TemoinConsentId } from './consent-id/consent-id.js';
import { define } from './define.js';
import { TemoinHistory } from './history/history.js';
import { TemoinPreferences } from './preferences/preferences.js';

define({
  'temoin-preferences': TemoinPreferences,
  'temoin-history': TemoinHistory,
  'temoin-consent-id': TemoinConsentId,
});

export { TemoinConsentId, TemoinHistory, TemoinPreferences };

// What the receipt's chunk (receipt/receipt-document.ts, loaded on a download click) takes from
// this one. Exported here, by name, they keep this module the face of its chunk, so that the
// banner's import() of it needs no namespace object: its chunk does not grow.
export { choices, receiptStatus } from './history/history.js';
export { date, duration } from './i18n/dates.js';
export { table } from './i18n/table.js';
