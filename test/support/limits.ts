// A config at every limit the SDK and the collector share, tuned to the byte: its largest `temoin`
// cookie is exactly MAX_COOKIE_BYTES and its largest receipt exactly MAX_RECEIPT_BYTES, in French
// text of two- and four-byte characters.
import {
  DATA_KINDS,
  normalizeConfig,
  type CategoryConfig,
  type ServiceConfig,
  type TemoinConfig,
} from '../../src/core/config.js';
import type { ConsentRecord } from '../../src/core/consent.js';
import {
  MAX_CATEGORIES,
  MAX_COOKIE_BYTES,
  MAX_DAYS,
  MAX_ID,
  MAX_NAME,
  MAX_PURPOSE,
  MAX_RECEIPT_BYTES,
  MAX_REVISION,
  MAX_SERVICES,
  MAX_THIRD_PARTIES,
  MAX_URL,
} from '../../src/receipts/limits.js';
import { largestReceipt } from '../../src/receipts/size.js';

const UUID = '00000000-0000-4000-8000-000000000000';

/**
 * The longest record a config can make, written out here rather than taken from the SDK: optional
 * categories refused but for all their services except the one of shortest id (each category
 * granted in part), 16-digit times, the longest method, the largest count of waiting receipts.
 */
export const largestRecord = (config: TemoinConfig): ConsentRecord => {
  const services = config.categories
    .filter((c) => !c.required)
    .flatMap((c) => {
      const ids = (c.services ?? []).map((s) => s.id);
      const shortest = ids.reduce((a, b) => (b.length < a.length ? b : a), ids[0] ?? '');
      return ids.filter((id) => id != shortest);
    });
  return {
    id: UUID,
    revision: config.revision,
    choices: Object.fromEntries(config.categories.map((c) => [c.id, !!c.required])),
    ...(services.length ? { services } : {}),
    createdAt: 9e15,
    updatedAt: 9e15,
    expiresAt: 9e15 + 864e5 * (config.expiresDays ?? 365),
    language: 'fr',
    signals: { gpc: false },
    method: 'preferences',
    receiptId: UUID,
    ...(config.collector ? { unsent: Number.MAX_SAFE_INTEGER } : {}),
  };
};

/** Name and value of the `temoin` cookie, as browsers count them against their limit. */
export const cookieBytes = (record: ConsentRecord) => ('temoin=' + encodeURIComponent(JSON.stringify(record))).length;

/** The largest receipt of a config, in bytes, in its larger language. */
export const receiptBytes = (config: TemoinConfig) => {
  const valid = normalizeConfig(config);
  return Math.max(largestReceipt(valid, 'fr'), largestReceipt(valid, 'en'));
};

const service = (id: string, fields: Partial<ServiceConfig> = {}): ServiceConfig => ({
  id,
  name: 'S',
  provider: 'P',
  purpose: 'p',
  hostedOutsideQuebec: false,
  ...fields,
});

export function configAtLimits(collector: string): TemoinConfig {
  const categories: CategoryConfig[] = Array.from({ length: MAX_CATEGORIES }, (_, i) => ({
    id: `c${i}`,
    title: { fr: `Catégorie nº ${i}`, en: `Category ${i}` },
  }));
  categories[0]!.required = true;
  categories[1]!.services = Array.from({ length: MAX_SERVICES }, (_, j) => service(`s${j}`));
  categories[2]!.title = { fr: '😀'.repeat(MAX_NAME), en: 'é'.repeat(MAX_NAME) };
  categories[2]!.services = [
    service('x'.repeat(MAX_ID), {
      name: 'é'.repeat(MAX_NAME),
      provider: 'Fournisseur à Montréal '.padEnd(MAX_NAME, 'ô'),
      purpose: { fr: 'Mesurer l’audience — '.padEnd(MAX_PURPOSE, 'é'), en: 'Audience' },
      data: [...DATA_KINDS],
      retention: { fr: 'Treize mois après la dernière visite, '.padEnd(MAX_NAME, 'è'), en: 'Thirteen months' },
      thirdParty: Array.from({ length: MAX_THIRD_PARTIES }, (_, k) =>
        k ? `Société ${k}` : 'Société générale de données du Québec '.padEnd(MAX_NAME, 'é'),
      ),
      privacyUrl: 'https://fournisseur.test/' + 'v'.repeat(MAX_URL - 25),
    }),
  ];
  const config: TemoinConfig = {
    revision: MAX_REVISION,
    expiresDays: MAX_DAYS,
    collector,
    controller: {
      name: 'Ville de Québec — '.padEnd(MAX_NAME, 'é'),
      contact: 'vie.privée@ville.test — '.padEnd(MAX_NAME, 'ç'),
    },
    policyUrl: 'https://ville.test/' + 'p'.repeat(MAX_URL - 19),
    ui: false,
    categories,
  };
  // The cookie: longer category ids, up to MAX_ID each, until it is exactly at its limit.
  for (let i = MAX_CATEGORIES - 1; cookieBytes(largestRecord(config)) < MAX_COOKIE_BYTES; i--) {
    const room = MAX_COOKIE_BYTES - cookieBytes(largestRecord(config));
    categories[i]!.id += 'i'.repeat(Math.min(room, MAX_ID - categories[i]!.id.length));
  }
  // The receipt: services with ASCII purposes (one byte a character) until it is exactly at its limit,
  // in the required category: its services are never listed in the cookie, which is at its limit already.
  const fill: ServiceConfig[] = (categories[0]!.services = []);
  for (let k = 0; receiptBytes(config) < MAX_RECEIPT_BYTES; k++) {
    const filler = service(`f${k}`, { purpose: 'x'.repeat(1000) });
    fill.push(filler);
    const over = receiptBytes(config) - MAX_RECEIPT_BYTES;
    if (over >= 1000) {
      fill.pop();
      fill.at(-1)!.purpose = (fill.at(-1)!.purpose as string) + 'x'.repeat(MAX_RECEIPT_BYTES - receiptBytes(config));
    } else if (over >= 0) {
      filler.purpose = 'x'.repeat(1000 - over);
    }
  }
  return config;
}
