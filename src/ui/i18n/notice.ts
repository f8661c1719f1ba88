// What the banner says is collected and why, as one natural sentence whatever the config holds:
// data kinds in a few groups, categories as purposes with their articles, never a list inside a list.
import type { CategoryConfig, DataKind, ServiceConfig } from '../../core/config.js';
import type { StringKey, Translator } from './index.js';

/** Each data kind's group, the first of a row winning: precise location says more than approximate. */
const GROUPS: [group: string, kinds: DataKind[]][] = [
  ['device', ['ip-address', 'device', 'browser']],
  ['viewing', ['pages-viewed', 'interactions']],
  ['precise-location', ['precise-location']],
  ['location', ['location']],
  ['activity', ['cross-site-activity']],
  ['visits', ['identifier']],
  ['contact', ['contact-details']],
  ['preferences', ['content-preferences']],
];
/** Groups that another one already says: an identifier is how activity across sites is followed. */
const COVERED: Record<string, string> = { location: 'precise-location', visits: 'activity' };

/** "your device, what you view and your approximate location" for these data kinds. */
export function collectedData(kinds: Iterable<DataKind>, t: Translator): string {
  const found = new Set(kinds);
  const groups = GROUPS.filter(([, members]) => members.some((k) => found.has(k))).map(([group]) => group);
  const said = groups.filter((group) => !groups.includes(COVERED[group]!));
  return said.length ? t.list(said.map((group) => t(`group.${group}` as StringKey))) : t('dataFallback');
}

/**
 * The purpose a category serves, read from its Consent Mode types and its id; a category we cannot
 * tell is named by its title, in quotes: a title is a name, not a phrase that fits the sentence.
 */
const PURPOSES: [purpose: string, clue: RegExp][] = [
  ['ads', /\bad_|market|advert|\bads?\b|pub/],
  ['measure', /analytic|statisti|audience|measure|mesure/],
  ['personalization', /personali/],
  ['features', /function|feature|fonction|prefer/],
  ['media', /media|embed|video|vidéo|map|carte|social/],
];

export function purposes(categories: CategoryConfig[], t: Translator): string {
  const phrases = [
    ...new Set(
      categories.map((c) => {
        const clues = `${c.id} ${(c.consentMode ?? []).join(' ')}`.toLowerCase();
        const purpose = PURPOSES.find(([, clue]) => clue.test(clues))?.[0];
        return purpose ? t(`purpose.${purpose}` as StringKey) : t('purpose.other', { title: t.text(c.title) });
      }),
    ),
  ];
  // Past four, the sentence would be a list: the preference center, one step away, has them all.
  return t.list(
    phrases.length > 4 ? [...phrases.slice(0, 3), t('purposesMore')] : phrases.length ? phrases : [t('purposesMore')],
  );
}

/**
 * The banner's sentence for the optional categories of a config; and, when one of their services
 * is hosted outside Québec, a second one that says so: the visitor knows it before choosing.
 */
export function notice(categories: (CategoryConfig & { services: ServiceConfig[] })[], t: Translator): string {
  const optional = categories.filter((c) => !c.required);
  const services = optional.flatMap((c) => c.services);
  return t('bannerText', {
    purposes: purposes(optional, t),
    data: collectedData(
      services.flatMap((s) => s.data ?? []),
      t,
    ),
    outside: services.some((s) => s.hostedOutsideQuebec) ? ' ' + t('bannerOutside') : '',
  });
}
