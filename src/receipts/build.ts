// Builds the receipt of a decision in the browser, from the validated config the visitor saw and
// the record just made. The texts are those of the language the visitor read.
import { localize, type ValidConfig } from '../core/config.js';
import { grantedCategories, isCurrent, type ConsentRecord } from '../core/consent.js';
import { canonicalJson } from './canonical.js';
import { RECEIPT_VERSION, type Receipt, type ReceiptEvent, type UserAgentFamily } from './receipt.js';
import { sha256Hex } from './sha256.js';

/** What a new record means, given the record in force before it (if any). */
export function receiptEvent(config: ValidConfig, previous: ConsentRecord | null, next: ConsentRecord | null, now: number): ReceiptEvent {
  const optional = (r: ConsentRecord | null) =>
    config.categories.some((c) => !c.required && grantedCategories(config, r, false)[c.id]);
  const before = previous && isCurrent(previous, config, now) ? previous : null;
  if (!next) return 'withdrawn';
  if (!before) return optional(next) ? 'given' : 'refused';
  if (optional(next)) return 'updated';
  return optional(before) ? 'withdrawn' : 'refused';
}

/**
 * The receipt of a record. For a withdrawal by reset, or an expiry, the caller passes the last
 * record with every optional category refused.
 */
export async function buildReceipt(
  config: ValidConfig,
  record: ConsentRecord,
  event: ReceiptEvent,
  receiptId: string,
  previousReceiptId: string | null,
  now: number,
): Promise<Receipt> {
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
    configHash: await sha256Hex(canonicalJson(config)),
    purposes: config.categories.map((c) => ({
      category: c.id,
      title: localize(c.title, lang),
      required: !!c.required,
      decision: c.required || granted[c.id] ? 'granted' : 'refused',
      services: c.services.map((s) => ({
        id: s.id,
        name: localize(s.name, lang),
        provider: localize(s.provider, lang),
        purpose: localize(s.purpose, lang),
        data: s.data ?? [],
        retention: typeof s.retention == 'number' ? s.retention : s.retention ? localize(s.retention, lang) : null,
        hostedOutsideQuebec: s.hostedOutsideQuebec,
        thirdParty: Array.isArray(s.thirdParty) ? s.thirdParty.map((p) => localize(p, lang)) : s.thirdParty ?? false,
      })),
    })),
    signals: { gpc: record.signals.gpc },
    userAgentFamily: userAgentFamily(navigator.userAgent),
  };
}

/** The browser's family and whether it is a phone; nothing finer leaves the device. */
export function userAgentFamily(ua: string): UserAgentFamily {
  const family = /SamsungBrowser/.test(ua) ? 'Samsung Internet'
    : /Edg(e|A|iOS)?\//.test(ua) ? 'Edge'
    : /OPR\/|Opera/.test(ua) ? 'Opera'
    : /Firefox\/|FxiOS/.test(ua) ? 'Firefox'
    : /Chrome\/|CriOS/.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : 'Other';
  return /Mobi|Android|iPhone|iPad/.test(ua) ? `${family} mobile` : family;
}
