// What a service does with data, in words: the preference center and the cookie declaration say it
// alike. No Lit here: `temoin declaration` prints the same words from Node.
import type { CategoryConfig, ServiceConfig, ValidConfig } from '../../core/config.js';
import { COOKIE_NAME } from '../../core/cookie.js';
import { duration } from './dates.js';
import type { Translator } from './index.js';

/** One declared cookie or pixel: its name (or pattern), its lifetime and what it is for, in words. */
export interface CookieFacts {
  name: string;
  lifetime: string;
  description: string;
}

/** A service's facts in words; a fact the config does not give is an empty string (or list). */
export interface ServiceFacts {
  name: string;
  provider: string;
  purpose: string;
  data: string;
  cookies: CookieFacts[];
  retention: string;
  /** In or outside Québec. */
  hosting: string;
  /** Yes, no, or their names. */
  thirdParties: string;
  privacyUrl: string;
}

export function serviceFacts(s: ServiceConfig, t: Translator): ServiceFacts {
  return {
    name: t.text(s.name),
    provider: t.text(s.provider),
    purpose: t.text(s.purpose),
    data: t.list((s.data ?? []).map((d) => t(`data.${d}`))),
    cookies: (s.cookies ?? []).map((c) => ({
      name: c.name,
      lifetime: c.lifetime === undefined ? '' : duration(t, c.lifetime),
      description: t.text(c.description),
    })),
    retention: s.retention === undefined ? '' : duration(t, s.retention),
    hosting: t(s.hostedOutsideQuebec ? 'outsideQuebec' : 'inQuebec'),
    // eslint-disable-next-line @typescript-eslint/unbound-method -- `text` is an arrow function (index.ts)
    thirdParties: Array.isArray(s.thirdParty) ? t.list(s.thirdParty.map(t.text)) : t(s.thirdParty ? 'yes' : 'no'),
    privacyUrl: s.privacyUrl ?? '',
  };
}

/**
 * The cookie that keeps the visitor's choices: the site's own, strictly necessary, declared as
 * such. What it holds is the decision's record (src/core/consent.ts, `ConsentRecord`, with the
 * write path's receipt id, and with a collector the count of receipts waiting); it lasts as long
 * as a decision (`expiresDays`). With a collector, a receipt of each choice also goes to the
 * controller: the visitor is told.
 */
function ownFacts(config: ValidConfig, t: Translator): ServiceFacts {
  const controller = t.text(config.controller?.name);
  const lifetime = duration(t, config.expiresDays);
  const collector = !!config.collector;
  return {
    name: t('bannerTitle'),
    provider: controller,
    purpose: t('ownPurpose') + (collector ? ` ${t('ownReceipt', { controller })}` : ''),
    data: t('ownData') + (collector ? t('ownDataUnsent') : ''),
    cookies: [{ name: COOKIE_NAME, lifetime, description: '' }],
    retention: t('ownRetention', { duration: lifetime }),
    hosting: collector ? t('ownHostingReceipts', { controller }) : t('ownHosting'),
    thirdParties: t('no'),
    privacyUrl: '',
  };
}

/**
 * What a category holds besides its services: Témoin's own cookie, for the config's first required
 * category (none for the others). The declaration and the preference center list it first.
 */
export const ownServices = (config: ValidConfig, category: CategoryConfig, t: Translator): ServiceFacts[] =>
  category == config.categories.find((c) => c.required) ? [ownFacts(config, t)] : [];
