// Who a host or a cookie belongs to: a service the site's config declares, Témoin itself, the
// site, a well-known service of the template catalog, or nobody we know.
import type { CookieDeclaration, LocalizedText, ValidConfig } from '../core/config.js';
import { TEMPLATES } from '../templates/catalog.js';
import { hostRule } from '../core/blocker/host-rule.js';
import { closest, hostCovered, isThirdParty } from './party.js';
import type { Attribution } from './types.js';

interface Declared {
  service: string;
  category: string;
  required: boolean;
  hosts: string[];
  cookies: CookieDeclaration[];
}

export interface Attributor {
  /**
   * A request: to the service whose hosts take it most closely (by host and path, as the blocker
   * matches), or to a template of the catalog that takes it more closely than any declared
   * service (a Google map from www.google.com/maps, where the config declares all of www.google.com).
   */
  request(url: URL, pageHost: string): Attribution;
  cookie(name: string, domain: string, pageHost: string): Attribution;
  /** Every declared service, for the `unused` finding. */
  readonly declared: readonly Declared[];
  /** Whether a category is required (always granted). */
  required(category: string): boolean;
}

/** A cookie name pattern of a declaration: `*` stands for any characters. */
const nameMatches = (pattern: string, name: string) =>
  new RegExp(
    '^' +
      pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  ).test(name);

const cookieDeclared = (cookies: readonly CookieDeclaration[], name: string, domain: string) =>
  cookies.find((c) => nameMatches(c.name, name) && (!c.domain || !!hostCovered(domain, [c.domain])));

/** Matches the catalog: by host (entries with a path aside), then by a cookie it declares. */
function templateForHost(host: string): string | null {
  return Object.entries(TEMPLATES).find(([, t]) => hostCovered(host, t.hosts ?? []))?.[0] ?? null;
}

/** The template whose hosts take a URL most closely, with how closely (see `closestEntry`). */
export function templateForUrl(url: URL) {
  return closest(url, Object.keys(TEMPLATES), (id) => TEMPLATES[id]!.hosts ?? []);
}

/** The template a `hosts` entry belongs to: the one that takes its host and path most closely. */
export const templateForEntry = (entry: string): string | null => {
  const [host, path] = hostRule(entry);
  return templateForUrl(new URL(`https://${host}${path}`))?.item ?? null;
};

function templateForCookie(name: string, domain: string): string | null {
  return (
    Object.entries(TEMPLATES).find(
      ([, t]) =>
        cookieDeclared(t.cookies ?? [], name, domain) &&
        // A name without a domain (`_ga`) matches on any site; one with a domain only there.
        (t.cookies ?? []).some((c) => nameMatches(c.name, name)),
    )?.[0] ?? templateForHost(domain)
  );
}

/** A name's texts, in every language it has. */
const texts = (name: LocalizedText): string[] => (typeof name == 'string' ? [name] : Object.values(name));

/**
 * Whether two names are one service's: a text in common, in whatever language (a config may write
 * "Meta Pixel" alone, where the catalog has it in French and English).
 */
const sameName = (a: LocalizedText, b: LocalizedText) => texts(a).some((text) => texts(b).includes(text));

/** Which template a declared service came from: the same name and hosts as one of the catalog. */
export function templateOf(service: { name: LocalizedText; hosts?: string[] }): string | null {
  return (
    Object.entries(TEMPLATES).find(([, t]) => sameName(t.name, service.name))?.[0] ??
    (service.hosts ?? []).map(templateForEntry).find(Boolean) ??
    null
  );
}

export function attributor(config: ValidConfig | null, site?: string): Attributor {
  const declared: Declared[] = (config?.categories ?? []).flatMap((c) =>
    c.services.map((s) => ({
      service: s.id,
      category: c.id,
      required: !!c.required,
      hosts: s.hosts ?? [],
      cookies: s.cookies ?? [],
    })),
  );
  const templates = new Map(
    (config?.categories ?? []).flatMap((c) => c.services.map((s) => [s.id, templateOf(s)] as const)),
  );
  const collectorHost = config?.collector ? new URL(config.collector, site).hostname : null;
  const as = (d: Declared): Attribution => ({
    status: 'declared',
    service: d.service,
    category: d.category,
    template: templates.get(d.service) ?? null,
  });
  const other = (template: string | null, thirdParty: boolean, ours: boolean): Attribution => ({
    status: !thirdParty ? 'first-party' : ours ? 'temoin' : template ? 'known' : 'unknown',
    service: null,
    category: null,
    template,
  });
  return {
    declared,
    required: (category) => !!config?.categories.find((c) => c.id == category)?.required,
    request(url, pageHost) {
      const d = closest(url, declared, (s) => s.hosts);
      const template = templateForUrl(url);
      const thirdParty = isThirdParty(url.hostname, pageHost);
      if (template && template.closeness > (d?.closeness ?? -1)) {
        const ofTemplate = declared.find((s) => templates.get(s.service) == template.item);
        return ofTemplate ? as(ofTemplate) : other(template.item, thirdParty, false);
      }
      return d ? as(d.item) : other(template?.item ?? null, thirdParty, url.hostname == collectorHost);
    },
    cookie(name, domain, pageHost) {
      const d =
        declared.find((s) => cookieDeclared(s.cookies, name, domain)) ??
        declared.find((s) => hostCovered(domain, s.hosts));
      if (d) return as(d);
      // Témoin's own decision cookie.
      if (name == 'temoin' && !isThirdParty(domain, pageHost))
        return { status: 'temoin', service: null, category: null, template: null };
      // A first-party cookie named as a known service's (`_ga`, `_fbp`) is that service's.
      const template = templateForCookie(name, domain);
      return {
        status: template ? 'known' : isThirdParty(domain, pageHost) ? 'unknown' : 'first-party',
        service: null,
        category: null,
        template,
      };
    },
  };
}

/** The declared lifetime of a cookie in days, when the config gives it as a number. */
export function declaredLifetime(
  config: ValidConfig | null,
  service: string,
  name: string,
  domain: string,
): number | null {
  const s = config?.categories.flatMap((c) => c.services).find((x) => x.id == service);
  const lifetime = s && cookieDeclared(s.cookies ?? [], name, domain)?.lifetime;
  return typeof lifetime == 'number' ? lifetime : null;
}
