// Markup that loads a tracker before consent: an element whose `src` is on a host a service
// declares, without data-category. The browser's development build warns about it once the page
// has loaded it (src/core/blocker/warnings.ts); `temoin check` says it before any visitor does.
// An iframe showing a known embed on a shared host (a Google map from www.google.com/maps, a host
// reCAPTCHA holds) is found by its path too: no host rule of the blocker can hold it.
import type { ValidConfig } from '../core/config.js';
import { templateOf } from '../scanner/attribution.js';
import { hostCovered } from '../scanner/party.js';
import { TEMPLATES } from '../templates/catalog.js';
import { embedTemplate } from '../templates/embeds.js';
import type { LoadingElement } from './page.js';

type Category = ValidConfig['categories'][number];
type Found = { category: Category; service: Category['services'][number] };

const services = (config: ValidConfig): Found[] =>
  config.categories.flatMap((category) => category.services.map((service) => ({ category, service })));

/** The first optional service whose hosts take `host`, as the blocker matches them. */
const optionalService = (config: ValidConfig, host: string) =>
  services(config).find(({ category, service }) => !category.required && hostCovered(host, service.hosts ?? []));

/** How to mark an element so that Témoin holds it. */
const marking = (el: LoadingElement, category: string, service: string) => {
  const mark = `data-category="${category}" data-service="${service}"`;
  return el.script ? `type="text/plain" ${mark}` : `${mark} with data-src instead of src`;
};

/** An unmarked iframe showing a known embed: what it loads, and what to write, or null when it may load. */
function embedProblem(el: LoadingElement, url: URL, config: ValidConfig): string | null {
  const template = el.tag == 'iframe' ? embedTemplate(url) : null;
  if (!template) return null;
  const found = services(config).find(({ service }) => templateOf(service) == template);
  if (found?.category.required) return null;
  const name = TEMPLATES[template]!.name;
  if (found) {
    return `${el.markup} loads ${found.service.id} (a ${name} embed) before consent, and no host rule can hold it: mark it ${marking(el, found.category.id, found.service.id)}`;
  }
  const optional = config.categories.filter((c) => !c.required).map((c) => c.id);
  const where = optional.length
    ? `one of the config's optional categories (${optional.join(', ')}) or a new one`
    : 'a new optional category';
  return `${el.markup} loads ${name} before consent, and the config declares no service for it: add { "template": "${template}", "id": "${template}" } to ${where}, then mark it ${marking(el, '<that category>', template)}`;
}

/**
 * Unmarked elements of a page at `pageUrl` that load, as the page is parsed, a cross-origin URL an
 * optional service declares (or a known embed of one): they run before any consent, and what to
 * write instead.
 */
export function unmarkedProblems(
  unmarked: LoadingElement[],
  config: ValidConfig,
  pageUrl: URL,
  where: string,
): string[] {
  return unmarked.flatMap((el) => {
    const url = URL.canParse(el.src, pageUrl) ? new URL(el.src, pageUrl) : null;
    if (!url || !url.protocol.startsWith('http') || url.origin == pageUrl.origin) return [];
    const embed = embedProblem(el, url, config);
    if (embed) return [`${where}:${el.line}: ${embed}`];
    const found = optionalService(config, url.hostname);
    if (!found) return [];
    return [
      `${where}:${el.line}: ${el.markup} loads ${found.service.id} before consent: mark it ${marking(el, found.category.id, found.service.id)}`,
    ];
  });
}
