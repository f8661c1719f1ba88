// Markup that loads a tracker before consent: an element whose `src` a service's `hosts` take,
// without data-category. The browser's development build warns about it once the page has loaded
// it (src/core/blocker/warnings.ts); `temoin check` says it before any visitor does. Hosts match
// as the blocker matches them (core/blocker/host-rule.ts), paths included; a known service the
// config does not declare is found by the catalog's entries: an iframe by a path (a Google map from
// www.google.com/maps, even where a service of the config holds all of www.google.com), and any
// element of a tracker or embed template (Hotjar's script, X's widgets.js, a YouTube iframe), as
// `temoin scan`'s `undeclared` finding names it at run time. An inline script unmarked is named by
// the URLs its code writes, as a vendor's loader builds the tracker's src.
import { localize, type LocalizedText, type ValidConfig } from '../core/config.js';
import { hostRule } from '../core/blocker/host-rule.js';
import { templateForEntry, templateForUrl, templateOf } from '../scanner/attribution.js';
import { closest, closestEntry, isThirdParty, registrableDomain } from '../scanner/party.js';
import { TEMPLATES } from '../templates/catalog.js';
import type { LoadingElement, MarkedElement } from './page.js';
import { contentEntries, isContentEntry, NOT_THE_TRACKER, SOME_VERSION } from './vendor-content.js';

type Category = ValidConfig['categories'][number];
type Found = { category: Category; service: Category['services'][number] };

const services = (config: ValidConfig): Found[] =>
  config.categories.flatMap((category) => category.services.map((service) => ({ category, service })));

const hostsOf = (f: Found) => f.service.hosts ?? [];

/**
 * A service as messages name it: by id, which the markup and the config write, with its name in
 * parentheses where the two differ (`ga4 (Google Analytics 4)`); a template the config lacks by the
 * id the advice gives it.
 */
export function serviceLabel(service: { id: string; name?: LocalizedText }): string {
  const name = service.name === undefined ? '' : localize(service.name, 'en');
  return !name || name.toLowerCase() == service.id.toLowerCase() ? service.id : `${service.id} (${name})`;
}

const templateLabel = (item: string) => serviceLabel({ id: item, name: TEMPLATES[item]!.name });

/**
 * The config's service for the tracker template `item`: one that names it, or whose hosts are its
 * own, never a service for the vendor's content (its SDK, its frames), whose hosts the template
 * takes too.
 */
const trackerService = (config: ValidConfig, item: string) =>
  services(config).find((f) => templateOf(f.service) == item && !hostsOf(f).some(isContentEntry));

/** Whether `f` is the tracker `item`'s own service: named as its template, or holding a host of the tracker's, not its vendor's content alone. */
const isTrackers = (f: Found, item: string) =>
  templateOf({ name: f.service.name }) == item ||
  hostsOf(f).some((h) => !isContentEntry(h) && templateForEntry(h) == item);

/**
 * The config's service for the content of the vendor whose tracker template is `item`, if any;
 * never the tracker's own, though its hosts hold the vendor's SDK too: a frame added there would
 * wait for the tracker's consent.
 */
const contentService = (config: ValidConfig, item: string) =>
  services(config).find(
    (f) => !isTrackers(f, item) && hostsOf(f).some((h) => isContentEntry(h) && templateForEntry(h) == item),
  );

/** A vendor's tracker as messages name it: the config's service for it, else its template's name. */
const trackerLabel = (config: ValidConfig, item: string) => {
  const declared = trackerService(config, item);
  return declared ? serviceLabel(declared.service) : localize(TEMPLATES[item]!.name, 'en');
};

/** Entries as a message lists them. */
const quoted = (entries: string[]) => entries.map((e) => `"${e}"`).join(', ');

/** The services whose entries take `url` most closely, which decide it (core/blocker/policy.ts). */
function deciders(url: URL, config: ValidConfig): Found[] {
  const closeness = (f: Found) => closestEntry(url, hostsOf(f))?.closeness ?? -1;
  const top = Math.max(-1, ...services(config).map(closeness));
  return top < 0 ? [] : services(config).filter((f) => closeness(f) == top);
}

/** Whether `entry` (a host and a path) loads once `own` alone is granted, the config as it is. */
function decidedBy(own: Found, entry: string, config: ValidConfig): boolean {
  if (entry.includes(SOME_VERSION)) {
    // The version the page's FB.init names is not known: any version's plugins of its own will do.
    const prefix = entry.slice(0, entry.indexOf(SOME_VERSION)).toLowerCase();
    return hostsOf(own).some(
      (h) => h.toLowerCase().startsWith(prefix) && /^v\d+\.\d+\/plugins\b/i.test(h.slice(prefix.length)),
    );
  }
  const [host, path] = hostRule(entry);
  const found = deciders(new URL(`https://${host}${path}`), config);
  return found.length == 1 && found[0]!.service == own.service;
}

/** How to mark an element so that Témoin holds it. */
const marking = (el: LoadingElement, category: string, service: string) => {
  const mark = `data-category="${category}" data-service="${service}"`;
  return el.script ? `type="text/plain" ${mark}` : `${mark} with data-src instead of src`;
};

/**
 * What to write for `subject`, from a vendor's host, that no service of the config is for: declare
 * one taking `entries`, and why those, when it needs saying.
 */
const declareOne = (el: LoadingElement, subject: string, what: string, entries: string[], why = '') =>
  `${subject} loads ${what} before consent, and the config declares no service for it: declare one whose hosts include ${quoted(entries)} (who runs it, why, its cookies) in an optional category, then mark it ${marking(el, '<that category>', '<that service>')}${why}`;

/** Adding a template's service the config lacks, and marking `el` for it. */
function addTemplate(el: LoadingElement, config: ValidConfig, subject: string, item: string) {
  const optional = config.categories.filter((c) => !c.required).map((c) => c.id);
  const where = optional.length
    ? `one of the config's optional categories (${optional.join(', ')}) or a new one`
    : 'a new optional category';
  // Messages are in English, as every message of `temoin check`.
  return `${subject} loads ${templateLabel(item)} before consent, and the config declares no service for it: add { "template": "${item}", "id": "${item}" } to ${where}, then mark it ${marking(el, '<that category>', item)}`;
}

/** Why each entry of a vendor's content service is there, said once after the list. */
function entriesWhy(entries: string[], tracker: string, init?: string): string {
  const given = init && entries.some((e) => e.includes(`/${init}/plugins`));
  const version = entries.some((e) => e.includes(SOME_VERSION))
    ? `; ${SOME_VERSION} is the version the site's FB.init({ version }) names, such as v19.0 (the SDK's URL names none, and no inline script of the page calls FB.init with one), under which the SDK loads its plugins' frames`
    : given
      ? `; ${init} is the version the page's FB.init({ version }) names, under which the SDK loads its plugins' frames`
      : '';
  // The other locale of the two languages as the example: the page's own would read as already done.
  const other = /\/en_US\//i.test(entries[0]!) ? 'fr_CA' : 'en_US';
  const locale = entries[0]!.startsWith('connect.facebook.net/')
    ? `; if other pages of the site load the SDK in another locale, such as connect.facebook.net/${other}/sdk.js, add that path too`
    : '';
  return `; those are the SDK and the frames and requests it adds, by path: a host alone would also wait for consent to ${tracker}${version}${locale}`;
}

/** The service for a content loader at `url`: the one that holds it by path, else one holding the SDK in another locale. */
function loaderService(url: URL, config: ValidConfig): Found | undefined {
  const deciding = deciders(url, config);
  return (
    (deciding.length == 1 && (closestEntry(url, hostsOf(deciding[0]!))?.closeness ?? 0) > 0
      ? deciding[0]
      : undefined) ??
    services(config).find((f) =>
      hostsOf(f).some((h) => h.split('/')[0]!.toLowerCase() == url.hostname && NOT_THE_TRACKER.test(h.toLowerCase())),
    )
  );
}

/**
 * Meta's SDK with no version the page shows, held by `own` for some versions' plugins: a note that
 * the frames load only when the site's FB.init names one of those, which check cannot see.
 */
function unknownVersionNote(url: URL, own: Found | undefined, markup: string, init?: string): string | null {
  if (!own || !contentEntries(url, init)!.some((e) => e.includes(SOME_VERSION))) return null;
  const held = hostsOf(own).filter((h) => /^www\.facebook\.com\/v\d+\.\d+\/plugins\b/i.test(h));
  if (!held.length) return null;
  const versions = held.map((h) => h.split('/')[1]).join(' or ');
  return `${markup} names no version, and no inline script of the page calls FB.init({ version }): the SDK loads its plugins' frames under the version the site's FB.init names, and ${serviceLabel(own.service)} holds ${quoted(held)}, so its frames load on its consent only if FB.init names ${versions}; else add www.facebook.com/<that version>/plugins to its hosts`;
}

/**
 * Meta's SDK or LinkedIn's plugins unmarked (vendor-content.ts): what to declare, or what the
 * service holding it lacks, so that its frames load on its consent alone; null when the config
 * holds it all already (the element is then named for that service, as any other).
 */
function contentAdvice(
  el: LoadingElement,
  url: URL,
  config: ValidConfig,
  subject: string,
  tracker: string,
  init?: string,
) {
  const entries = contentEntries(url, init)!;
  const loader = entries[0]!;
  const own = loaderService(url, config);
  if (!own)
    return declareOne(el, subject, `${loader}, which is not ${tracker},`, entries, entriesWhy(entries, tracker, init));
  if (own.category.required) return null;
  const missing = entries.filter((e) => !decidedBy(own, e, config));
  if (!missing.length) return null;
  return `${subject} loads ${serviceLabel(own.service)} before consent: add ${quoted(missing)} to its hosts, and mark it ${marking(el, own.category.id, own.service.id)}${entriesWhy(missing, tracker, init)}`;
}

/**
 * A frame from an advertising vendor's own site (a Facebook page plugin, a LinkedIn post), which
 * that vendor's pixel's template takes whole: the entry a service of its own needs, by its path
 * (www.facebook.com/plugins, www.facebook.com/v19.0/plugins, www.linkedin.com/embed) so that the
 * frame waits for that service, not for the pixel too.
 */
const frameEntry = (url: URL) => {
  const [first, second] = url.pathname.split('/').slice(1);
  return (
    url.hostname + (first ? `/${first}` : '') + (first && /^v\d+(\.\d+)?$/.test(first) && second ? `/${second}` : '')
  );
};

/**
 * A frame from a vendor's own site that no service holds by its path: the path to add to the
 * config's service for that vendor's content (its SDK, its other frames), else a service to declare.
 */
function vendorFrame(el: LoadingElement, url: URL, config: ValidConfig, subject: string, item: string) {
  const tracker = trackerLabel(config, item);
  const own = contentService(config, item);
  if (!own) return declareOne(el, subject, `${url.host}, which is not ${tracker},`, [frameEntry(url)]);
  // Needing no consent, it needs no marking: only the path, or the frame waits for the pixel's consent.
  if (own.category.required)
    return `${subject} is taken for ${tracker}, whose template holds ${url.host} whole: ${serviceLabel(own.service)} (in ${own.category.id}, which needs no consent) does not hold it by its path; add "${frameEntry(url)}" to its hosts`;
  return `${subject} loads ${serviceLabel(own.service)} before consent, which does not hold it by its path: add "${frameEntry(url)}" to its hosts, and mark it ${marking(el, own.category.id, own.service.id)}; a host alone would also wait for consent to ${tracker}`;
}

/**
 * gtag.js for a Google Ads or Floodlight id (`?id=AW-…`, `DC-…`) is Google Ads' tag, though served
 * under googletagmanager.com/gtag, which GA4's template takes: the marking the tag needs is Google
 * Ads', and it waits for whatever else holds that path too.
 */
function googleAdsTag(el: LoadingElement, url: URL, config: ValidConfig, subject: string) {
  const ads = services(config).find(({ service }) => templateOf(service) == 'google-ads');
  if (!ads) return addTemplate(el, config, subject, 'google-ads');
  if (ads.category.required) return null;
  const also = closest(
    url,
    services(config).filter((f) => f.service != ads.service && !f.category.required),
    hostsOf,
  )?.item;
  const id = url.searchParams.get('id')!.slice(0, 3).toUpperCase();
  const held = also
    ? `; ${serviceLabel(also.service)} holds "${closestEntry(url, hostsOf(also))!.item}" too, so it loads once both are granted`
    : '';
  return `${subject} loads ${serviceLabel(ads.service)} before consent (gtag.js for ${id}… is Google Ads' tag): mark it ${marking(el, ads.category.id, ads.service.id)}${held}`;
}

/**
 * An unmarked element of a known service that the catalog takes more closely than any service of
 * the config (an iframe by a path, or a tracker's or an embed's element): what to add and write, or
 * null. reCAPTCHA's script is left to the site, which may count it as necessary; a host of the
 * site's own (`site`, when known) is never a template's, whatever its name.
 */
function undeclaredTemplate(el: LoadingElement, url: URL, config: ValidConfig, subject: string, page: PageContext) {
  const { site, sdkVersion } = page;
  const template = templateForUrl(url);
  if (!template || (site && !isThirdParty(url.hostname, site.hostname))) return null;
  if (/^(AW|DC)-/i.test(url.searchParams.get('id') ?? '') && template.item == 'google-analytics-4')
    return googleAdsTag(el, url, config, subject);
  const name = trackerLabel(config, template.item);
  if (contentEntries(url)) return contentAdvice(el, url, config, subject, name, sdkVersion);
  const embed = TEMPLATES[template.item]!.kind == 'media' || (el.tag == 'iframe' && template.closeness);
  const taker = closest(url, services(config), hostsOf);
  const entry = closestEntry(url, TEMPLATES[template.item]!.hosts!)!.item;
  // An advertising pixel's template that takes its vendor's whole site (facebook.com, linkedin.com)
  // takes the site's share links and profiles, which inline code names and nothing loads, and its
  // frames (a page plugin, a post), which are not that pixel: declared or not, the pixel's service
  // would hold them. A script there (Google Ads' conversion.js) still is; an analytics vendor's
  // site serves its loaders (www.clarity.ms/tag/).
  if (
    TEMPLATES[template.item]!.kind == 'marketing' &&
    !template.closeness &&
    (el.tag == 'iframe' || (el.inline && !url.pathname.endsWith('.js'))) &&
    entry == registrableDomain(entry) &&
    url.hostname.replace(/^www\./, '') == entry &&
    (!taker || (!taker.closeness && templateOf(taker.item.service) == template.item))
  )
    return el.inline ? null : vendorFrame(el, url, config, subject, template.item);
  if ((!embed && TEMPLATES[template.item]!.kind == 'security') || template.closeness <= (taker?.closeness ?? -1))
    return null;
  const found = trackerService(config, template.item);
  if (found?.category.required) return null;
  if (found) {
    // Held by that service alone already (no other takes the URL as closely): marking it is enough.
    const closeness = (f: Found) => closestEntry(url, hostsOf(f))?.closeness ?? -1;
    const top = Math.max(...services(config).map(closeness));
    const takers = services(config).filter((f) => top >= 0 && closeness(f) == top);
    if (takers.length == 1 && takers[0]!.service == found.service) return null;
    return `${subject} loads ${serviceLabel(found.service)} before consent: add "${entry}" to its hosts, and mark it ${marking(el, found.category.id, found.service.id)}`;
  }
  return addTemplate(el, config, subject, template.item);
}

/** What of a page the advice reads beside its elements: its site's origin, and the version its FB.init gives Meta's SDK. */
export type PageContext = { site?: URL | undefined; sdkVersion?: string | undefined };

/** The optional service of the config whose hosts take `url` most closely, if any. */
const heldBy = (url: URL, config: ValidConfig) =>
  closest(
    url,
    services(config).filter(({ category }) => !category.required),
    hostsOf,
  )?.item;

/**
 * Unmarked elements of a page at `pageUrl` that load, as the page is parsed, a cross-origin URL an
 * optional service declares (or a known tracker or embed the config lacks): they run before any
 * consent, and what to write instead. `site` is where the page is served from (`--origin`, a file's
 * stated origin, else a live page's own): its URLs, by either scheme, are the page's own, which
 * Témoin never holds; an element's relative URLs resolve against its `base` (a `<base href>`). An inline script
 * is named by the first URL its code writes that one takes (a vendor's loader builds the tracker's
 * src so), said as a URL it names: a settings object that names its API's host runs before consent
 * too, and marked, runs as it did, before the loader. An element in a `<template>` loads once the
 * page's code puts it in the page, where Témoin holds it when a service declares its URL: a note.
 */
export function unmarkedProblems(
  unmarked: LoadingElement[],
  config: ValidConfig,
  pageUrl: URL,
  where: string,
  { site, sdkVersion }: PageContext = {},
): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const judged = { site: site ?? (pageUrl.protocol == 'file:' ? undefined : pageUrl), sdkVersion };
  for (const el of unmarked) {
    const base = el.base ? new URL(el.base) : pageUrl;
    for (const written of el.inline ?? [el.src]) {
      // A file's protocol-relative URL (`//www.instagram.com/embed.js`, as vendors publish it) is
      // the site's scheme's once served, never file:.
      const src = base.protocol == 'file:' ? written.trim().replace(/^\/\//, 'https://') : written;
      const url = URL.canParse(src, base) ? new URL(src, base) : null;
      // The site's own host, by http or https (a canonical link may still name http://).
      if (!url || !url.protocol.startsWith('http') || url.host == pageUrl.host || url.host == site?.host) continue;
      const subject =
        (el.inline ? `${el.markup} (inline code naming ${url.host})` : el.markup) +
        (el.inTemplate ? " (in a <template>: it loads once the page's code puts it in the page)" : '');
      const undeclared = undeclaredTemplate(el, url, config, subject, judged);
      const held = !undeclared && heldBy(url, config);
      const version = contentEntries(url) && unknownVersionNote(url, loaderService(url, config), el.markup, sdkVersion);
      if (version) notes.push(`${where}:${el.line}: ${version}`);
      if (undeclared) problems.push(`${where}:${el.line}: ${undeclared}`);
      else if (held && el.inTemplate)
        notes.push(
          `${where}:${el.line}: ${el.markup} is in a <template>: when the page's code puts it in the page, Témoin holds it for ${serviceLabel(held.service)}, which declares its host`,
        );
      else if (held)
        problems.push(
          `${where}:${el.line}: ${subject} loads ${serviceLabel(held.service)} before consent: mark it ${marking(el, held.category.id, held.service.id)}`,
        );
      if (undeclared || held) break;
    }
  }
  return { problems, notes };
}

/**
 * Meta's SDK or LinkedIn's plugins marked for a service of the config that does not hold by path
 * all they load (as `temoin check` advised before): released on that service's consent, their
 * frames and requests still wait for the pixel's. What to add to its hosts.
 */
export function markedContentProblems(
  marked: MarkedElement[],
  config: ValidConfig,
  pageUrl: URL,
  where: string,
  sdkVersion?: string,
): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  for (const el of marked) {
    const base = el.base ? new URL(el.base) : pageUrl;
    const url = el.src && URL.canParse(el.src, base) ? new URL(el.src, base) : null;
    const entries = url && contentEntries(url, sdkVersion);
    const own = entries && services(config).find((f) => f.service.id == el.service && !f.category.required);
    const missing = own ? entries.filter((e) => !decidedBy(own, e, config)) : [];
    const tracker = url && templateForUrl(url)?.item;
    // Without the vendor's pixel, nothing holds what the SDK loads once released.
    const pixel = tracker && trackerService(config, tracker);
    if (own && missing.length && pixel && pixel.service != own.service) {
      problems.push(
        `${where}:${el.line}: ${el.markup} is marked for ${serviceLabel(own.service)}, whose hosts lack ${quoted(missing)}: add ${missing.length == 1 ? 'it' : 'them'} to its hosts${entriesWhy(missing, serviceLabel(pixel.service), sdkVersion)}`,
      );
    }
    const version = own && pixel && unknownVersionNote(url, own, el.markup, sdkVersion);
    if (version) notes.push(`${where}:${el.line}: ${version}`);
  }
  return { problems, notes };
}
