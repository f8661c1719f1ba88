// A service's `hosts` entry: a host, which covers its subdomains, and optionally a path prefix
// for a service that shares its host with others (`www.google.com/maps`: Google's map embeds;
// `www.google.com/recaptcha`: reCAPTCHA). The browser's blocker, `temoin check` and `temoin scan`
// all match entries here, so that what the tools say is what the browser does.

/** An entry as its host (lower case, without `*.`) and its path prefix (`/` for any path, else `/maps/`). */
export type HostRule = [host: string, path: string];

/** A path as rules compare it: lower case, one slash between segments and one at the end. */
const slashed = (path: string) => (path + '/').toLowerCase().replace(/\/+/g, '/');

/**
 * A URL's path as rules compare it, each escape decoded (one bad `%zz` leaves the others decoded)
 * and without `;` parameters. A rule's match holds a URL, so every spelling a server may take for
 * the same path must match it (`/%6Daps`, `//maps`, `/MAPS`, `/maps;x/embed`). Rules' own paths are
 * plain ASCII (config.ts), so char codes are enough.
 */
export const rulePath = (path: string): string =>
  slashed(path.replace(/%([\da-f]{2})|;[^/]*/gi, (_, hex?: string) => (hex ? String.fromCharCode(+('0x' + hex)) : '')));

export function hostRule(entry: string): HostRule {
  const host = entry.split('/')[0]!;
  return [host.replace(/^\*?\./, '').toLowerCase(), slashed(entry.slice(host.length))];
}

/** Whether a rule takes a host (lower case) and a path (from `rulePath`): whole segments only. */
export const ruleTakes = (h: string, p: string, host: string, path: string): boolean =>
  (host == h || host.endsWith('.' + h)) && path.startsWith(p);
