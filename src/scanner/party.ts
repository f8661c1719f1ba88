// First or third party: whether two hosts share a registrable domain ("eTLD+1"). A heuristic
// rather than the Public Suffix List, which would be a heavy dependency: the last two labels,
// or the last three under the second-level suffixes below (co.uk, qc.ca, …). IP addresses and
// single-label hosts stand for themselves. A site on a suffix missing here may see some of its
// own subdomains called third parties; declare them, or scan with --url per host.
import { hostRule, rulePath, ruleTakes } from '../core/blocker/host-rule.js';

const SECOND_LEVEL = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'me.uk',
  'com.au',
  'net.au',
  'org.au',
  'gov.au',
  'co.nz',
  'org.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'com.br',
  'com.mx',
  'com.cn',
  'com.tw',
  'co.in',
  'co.za',
  'com.tr',
  'gouv.fr',
  'asso.fr',
  'ab.ca',
  'bc.ca',
  'mb.ca',
  'nb.ca',
  'nl.ca',
  'ns.ca',
  'nt.ca',
  'nu.ca',
  'on.ca',
  'pe.ca',
  'qc.ca',
  'sk.ca',
  'yk.ca',
  'gc.ca',
  'github.io',
  'netlify.app',
  'vercel.app',
  'pages.dev',
  'herokuapp.com',
  'azurewebsites.net',
  'cloudfront.net',
  'blogspot.com',
]);

export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/^\.+|\.+$/g, '');
  if (/^[\d.]+$/.test(h) || h.includes(':')) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const last2 = labels.slice(-2).join('.');
  return labels.slice(SECOND_LEVEL.has(last2) ? -3 : -2).join('.');
}

export const isThirdParty = (host: string, pageHost: string): boolean =>
  registrableDomain(host) != registrableDomain(pageHost);

/**
 * Whether a host is one of `hosts` or a subdomain of one, as Témoin's blocker matches them; an
 * entry with a path (`www.google.com/maps`) takes only its paths, so never a whole host or cookie domain.
 */
export function hostCovered(host: string, hosts: readonly string[]): string | undefined {
  return hosts.find((entry) => ruleTakes(...hostRule(entry), host.toLowerCase(), '/'));
}

/** The item that scores highest, at 0 or more (the first of equals), with its score. */
function best<T>(items: readonly T[], score: (item: T) => number): { item: T; closeness: number } | null {
  let found: { item: T; closeness: number } | null = null;
  for (const item of items) {
    const closeness = score(item);
    if (closeness > (found?.closeness ?? -1)) found = { item, closeness };
  }
  return found;
}

/**
 * The entry of `hosts` that takes a URL most closely, as the blocker matches them, with how closely:
 * the length of its path prefix (0 for a whole host). An entry that names the URL's path
 * (`www.google.com/maps`) is closer than one that holds the whole host (`www.google.com`).
 */
export function closestEntry(url: URL, hosts: readonly string[]) {
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const path = rulePath(url.pathname);
  return best(hosts, (entry) => {
    const [h, p] = hostRule(entry);
    // A whole host's path is `/`: 0.
    return ruleTakes(h, p, host, path) ? p.length - 1 : -1;
  });
}

/** The item whose hosts take a URL most closely (see `closestEntry`), or null when none does. */
export const closest = <T>(url: URL, items: readonly T[], hostsOf: (item: T) => readonly string[]) =>
  best(items, (item) => closestEntry(url, hostsOf(item))?.closeness ?? -1);
