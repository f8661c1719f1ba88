// First or third party: whether two hosts share a registrable domain ("eTLD+1"). A heuristic
// rather than the Public Suffix List, which would be a heavy dependency: the last two labels,
// or the last three under the second-level suffixes below (co.uk, qc.ca, …). IP addresses and
// single-label hosts stand for themselves. A site on a suffix missing here may see some of its
// own subdomains called third parties; declare them, or scan with --url per host.
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

/** Whether a host is one of `hosts` or a subdomain of one, as Témoin's blocker matches them. */
export function hostCovered(host: string, hosts: readonly string[]): string | undefined {
  const h = host.toLowerCase();
  return hosts.find((rule) => {
    const r = rule.replace(/^\*?\./, '').toLowerCase();
    return h == r || h.endsWith('.' + r);
  });
}
