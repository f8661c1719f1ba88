// Markup that loads a tracker before consent: an element whose `src` a service's `hosts` take,
// without data-category. The browser's development build warns about it once the page has loaded
// it (src/core/blocker/warnings.ts); `temoin check` says it before any visitor does. Hosts match
// as the blocker matches them (core/blocker/host-rule.ts), paths included; a known service the
// config does not declare is found by the catalog's entries: an iframe by a path (a Google map from
// www.google.com/maps, even where a service of the config holds all of www.google.com), and any
// element of a tracker or embed template (Hotjar's script, X's widgets.js, a YouTube iframe), as
// `temoin scan`'s `undeclared` finding names it at run time. An inline script unmarked is named by
// the URLs its code writes, as a vendor's loader builds the tracker's src.
import { localize, type ValidConfig } from '../core/config.js';
import { templateForUrl, templateOf } from '../scanner/attribution.js';
import { closest, closestEntry, isThirdParty, registrableDomain } from '../scanner/party.js';
import { TEMPLATES } from '../templates/catalog.js';
import type { LoadingElement } from './page.js';

type Category = ValidConfig['categories'][number];
type Found = { category: Category; service: Category['services'][number] };

const services = (config: ValidConfig): Found[] =>
  config.categories.flatMap((category) => category.services.map((service) => ({ category, service })));

const hostsOf = (f: Found) => f.service.hosts ?? [];

/** How to mark an element so that Témoin holds it. */
const marking = (el: LoadingElement, category: string, service: string) => {
  const mark = `data-category="${category}" data-service="${service}"`;
  return el.script ? `type="text/plain" ${mark}` : `${mark} with data-src instead of src`;
};

/**
 * An unmarked element of a known service that the catalog takes more closely than any service of
 * the config (an iframe by a path, or a tracker's or an embed's element): what to add and write, or
 * null. reCAPTCHA's script is left to the site, which may count it as necessary; a host of the
 * site's own (`site`, when known) is never a template's, whatever its name.
 */
function undeclaredTemplate(el: LoadingElement, url: URL, config: ValidConfig, subject: string, site?: URL) {
  const template = templateForUrl(url);
  const embed = template && (TEMPLATES[template.item]!.kind == 'media' || (el.tag == 'iframe' && template.closeness));
  if (
    !template ||
    (!embed && TEMPLATES[template.item]!.kind == 'security') ||
    (site && !isThirdParty(url.hostname, site.hostname)) ||
    template.closeness <= (closest(url, services(config), hostsOf)?.closeness ?? -1)
  )
    return null;
  const found = services(config).find(({ service }) => templateOf(service) == template.item);
  if (found?.category.required) return null;
  const entry = closestEntry(url, TEMPLATES[template.item]!.hosts!)!.item;
  // An advertising pixel's template that takes its vendor's whole site (facebook.com, linkedin.com)
  // takes the site's share links and profiles, which inline code names and nothing loads, and its
  // frames (a page plugin, a post), which are not that pixel. A script there (Google Ads'
  // conversion.js) still is; an analytics vendor's site serves its loaders (www.clarity.ms/tag/).
  if (
    TEMPLATES[template.item]!.kind == 'marketing' &&
    !template.closeness &&
    (el.tag == 'iframe' || (el.inline && !url.pathname.endsWith('.js'))) &&
    entry == registrableDomain(entry) &&
    url.hostname.replace(/^www\./, '') == entry
  )
    return el.inline
      ? null
      : `${subject} loads ${url.host} before consent, and the config declares no service for it: declare one whose hosts include "${entry}" (who runs it, why, its cookies) in an optional category, then mark it ${marking(el, '<that category>', '<that service>')}`;
  // Messages are in English, as every message of `temoin check`.
  const name = localize(TEMPLATES[template.item]!.name, 'en');
  if (found) {
    // Held by that service alone already (no other takes the URL as closely): marking it is enough.
    const closeness = (f: Found) => closestEntry(url, hostsOf(f))?.closeness ?? -1;
    const top = Math.max(...services(config).map(closeness));
    const takers = services(config).filter((f) => top >= 0 && closeness(f) == top);
    if (takers.length == 1 && takers[0]!.service == found.service) return null;
    return `${subject} loads ${found.service.id} (${embed ? `a ${name} embed` : name}) before consent: add "${entry}" to its hosts, and mark it ${marking(el, found.category.id, found.service.id)}`;
  }
  const optional = config.categories.filter((c) => !c.required).map((c) => c.id);
  const where = optional.length
    ? `one of the config's optional categories (${optional.join(', ')}) or a new one`
    : 'a new optional category';
  return `${subject} loads ${name} before consent, and the config declares no service for it: add { "template": "${template.item}", "id": "${template.item}" } to ${where}, then mark it ${marking(el, '<that category>', template.item)}`;
}

/** What an element that loads `url` before consent should become, said of `subject`, or null. */
function problem(el: LoadingElement, url: URL, config: ValidConfig, subject: string, site?: URL): string | null {
  const undeclared = undeclaredTemplate(el, url, config, subject, site);
  if (undeclared) return undeclared;
  const found = closest(
    url,
    services(config).filter(({ category }) => !category.required),
    hostsOf,
  )?.item;
  return found
    ? `${subject} loads ${found.service.id} before consent: mark it ${marking(el, found.category.id, found.service.id)}`
    : null;
}

/**
 * Unmarked elements of a page at `pageUrl` that load, as the page is parsed, a cross-origin URL an
 * optional service declares (or a known tracker or embed the config lacks): they run before any
 * consent, and what to write instead. `site` is where the page is served from (`--origin`, a file's
 * stated origin, else a live page's own): its URLs are the page's own, which Témoin never holds. An
 * inline script is named by the first URL its code writes that one takes (a vendor's loader builds
 * the tracker's src so), said as a URL it names: a settings object that names its API's host runs
 * before consent too, and marked, runs as it did, before the loader.
 */
export function unmarkedProblems(
  unmarked: LoadingElement[],
  config: ValidConfig,
  pageUrl: URL,
  where: string,
  site?: URL,
): string[] {
  return unmarked.flatMap((el) => {
    for (const written of el.inline ?? [el.src]) {
      // A file's protocol-relative URL (`//www.instagram.com/embed.js`, as vendors publish it) is
      // the site's scheme's once served, never file:.
      const src = pageUrl.protocol == 'file:' ? written.trim().replace(/^\/\//, 'https://') : written;
      const url = URL.canParse(src, pageUrl) ? new URL(src, pageUrl) : null;
      if (!url || !url.protocol.startsWith('http') || url.origin == pageUrl.origin || url.origin == site?.origin)
        continue;
      const subject = el.inline ? `${el.markup} (inline code naming ${url.host})` : el.markup;
      const said = problem(el, url, config, subject, site ?? (pageUrl.protocol == 'file:' ? undefined : pageUrl));
      if (said) return [`${where}:${el.line}: ${said}`];
    }
    return [];
  });
}
