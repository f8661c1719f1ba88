// The largest receipt a config can make, checked with the config: a body over the limit is refused
// by the collector and never leaves a page by fetch keepalive, so it would wait in the outbox forever.
import type { Language, ValidConfig } from '../core/config.js';
import { makeRecord, rejectAllChoices, uuid } from '../core/consent.js';
import { buildReceipt } from './build.js';
import { MAX_RECEIPT_BYTES } from './limits.js';

/**
 * The UTF-8 bytes of the longest receipt in one language, as the outbox posts it, made by the real
 * builder with the longest value of every field the config does not set: `withdrawn`,
 * `preferences`, a date in `validUntil`, a previous receipt, no GPC (`false` is longer than
 * `true`), the longest browser family.
 */
export function largestReceipt(config: ValidConfig, language: Language): number {
  const id = uuid();
  const record = makeRecord(config, null, rejectAllChoices(config), { gpc: false, language, method: 'preferences' }, 0);
  const receipt = buildReceipt(config, record, {
    receiptId: id,
    previousReceiptId: id,
    event: 'withdrawn',
    configHash: '0'.repeat(64),
    userAgentFamily: 'Samsung Internet mobile',
    now: 0,
  });
  return new Blob([JSON.stringify({ ...receipt, validUntil: receipt.timestamp })]).size;
}

/**
 * The languages a receipt of this config may be made in, as far as its size goes: those its texts
 * and strings name, and its default.
 */
function languages(config: ValidConfig): Language[] {
  // `auto` measures as `und` does: a language the texts fall back from.
  const found = new Set(['fr', 'en', config.lang, ...Object.keys(config.strings ?? {})]);
  const texts = [
    config.policyUrl,
    config.controller?.name,
    config.controller?.contact,
    ...config.categories.flatMap((c) => [
      c.title,
      ...c.services.flatMap((s) => [s.name, s.provider, s.purpose, s.retention, ...[s.thirdParty].flat()]),
    ]),
  ];
  for (const text of texts) if (typeof text == 'object') for (const lang of Object.keys(text)) found.add(lang);
  return [...found];
}

/** The config's receipts are too large for the collector, in any of its languages: the problem. */
export function receiptProblems(config: ValidConfig): string[] {
  const bytes = config.collector ? Math.max(...languages(config).map((lang) => largestReceipt(config, lang))) : 0;
  return bytes > MAX_RECEIPT_BYTES
    ? [
        DEV_MODE
          ? `categories: a receipt could take ${bytes} bytes, over the ${MAX_RECEIPT_BYTES} a collector takes; shorten the texts or name fewer services`
          : 'categories',
      ]
    : [];
}
