// Builds the receipt of a decision in the browser, from the validated config the visitor saw and
// the record just made. The texts are those of the language the visitor read. The hash and the
// browser come from the caller: the check path also builds the largest receipt a config can make,
// to check it fits.
import { localize, type ValidConfig } from '../core/config.js';
import { grantedCategories, type ConsentRecord } from '../core/consent.js';
import { RECEIPT_VERSION, type Receipt } from './receipt.js';

/** What a receipt says beyond the config and the record; `now` is when the visitor decided. */
export type ReceiptContext = Pick<
  Receipt,
  'receiptId' | 'previousReceiptId' | 'event' | 'configHash' | 'userAgentFamily'
> & { now: number };

/**
 * The receipt of a record. For a withdrawal by reset, or an expiry, the caller passes the last
 * record with every optional category refused.
 */
export function buildReceipt(
  config: ValidConfig,
  record: ConsentRecord,
  { receiptId, previousReceiptId, event, configHash, userAgentFamily, now }: ReceiptContext,
): Receipt {
  const lang = record.language;
  // The visitor's own choices: a GPC signal is recorded beside them, in `signals`.
  const granted = grantedCategories(config, record, false);
  return {
    version: RECEIPT_VERSION,
    receiptId,
    previousReceiptId,
    jurisdiction: config.jurisdiction ?? 'CA-QC',
    timestamp: new Date(now).toISOString(),
    event,
    validUntil: event == 'expired' || event == 'withdrawn' ? null : new Date(record.expiresAt).toISOString(),
    collectionMethod: record.method,
    language: lang,
    principal: record.id,
    controller: {
      name: config.controller ? localize(config.controller.name, lang) : location.hostname,
      ...(config.controller?.contact ? { contact: localize(config.controller.contact, lang) } : {}),
    },
    policyUrl: config.policyUrl ? new URL(localize(config.policyUrl, lang), location.href).href : null,
    revision: record.revision,
    configHash,
    purposes: config.categories.map((c) => ({
      category: c.id,
      title: localize(c.title, lang),
      required: !!c.required,
      decision: c.required || granted[c.id] ? 'granted' : 'refused',
      services: c.services.map((s) => ({
        id: s.id,
        decision: granted[c.id + '/' + s.id] ? 'granted' : 'refused',
        name: localize(s.name, lang),
        provider: localize(s.provider, lang),
        purpose: localize(s.purpose, lang),
        data: s.data ?? [],
        retention: typeof s.retention == 'number' ? s.retention : s.retention ? localize(s.retention, lang) : null,
        hostedOutsideQuebec: s.hostedOutsideQuebec,
        thirdParty: Array.isArray(s.thirdParty) ? s.thirdParty.map((p) => localize(p, lang)) : (s.thirdParty ?? false),
      })),
    })),
    signals: { gpc: record.signals.gpc },
    userAgentFamily,
  };
}
