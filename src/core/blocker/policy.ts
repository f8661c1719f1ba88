// Which URLs may load now. Same-origin and non-HTTP URLs always; a cross-origin URL once every
// service whose `hosts` take it most closely (its host, or its host and the longest path) is
// granted (alone, or with its whole category), and in strict mode not at all when no service
// declares it. Until the config is known (or when it is invalid) every cross-origin URL is held:
// fail closed.
import type { ValidConfig } from '../config.js';
import type { Granted } from '../consent.js';
import { hostRule, rulePath, ruleTakes } from './host-rule.js';
import { settle, state, type HostEntry } from './state.js';
import { inertHTML } from './trusted.js';
import { warnOnce } from './warnings.js';

/** Category of URLs held before the config is known. */
export const UNKNOWN = '?';
/** Category of cross-origin URLs no service declares, held in strict mode (`"undeclared": "block"`). */
export const UNDECLARED = '!';

/**
 * The service that blocks a URL now, as `category/service` (or UNKNOWN, UNDECLARED), or undefined
 * when it may load; `quiet` for markup already loaded.
 */
export function blockedBy(url: string, quiet?: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(url, document.baseURI);
  } catch {
    return;
  }
  // A socket's `ws:` and `wss:` reach the host as `http:` and `https:` do (same origin included).
  u.protocol = u.protocol.replace(/^ws/, 'http');
  if (!u.protocol.startsWith('http') || u.origin == location.origin) return;
  const granted = state._granted;
  if (!granted) return UNKNOWN;
  // Already lower case; `www.google.com.` is the same host.
  const host = u.hostname.replace(/\.$/, '');
  const path = rulePath(u.pathname);
  const rules = state._hosts!.filter(([h, , p]) => ruleTakes(h, p, host, path));
  if (state._strict && !rules.length) {
    // A host that entries with a path declare is named with the URL's path: that path is what no
    // entry takes, and the editor's entry for the host may be the one to fix.
    const near = state._hosts!.filter(([h]) => ruleTakes(h, '/', host, path));
    const named = near.length ? host + u.pathname : host;
    if (!quiet)
      warnOnce(
        // Once per host, naming the first path: paths may carry ids, a warning each otherwise.
        host,
        `${named} is declared by no service` +
          (DEV_MODE
            ? ': blocked, as "undeclared": "block" asks; declare it in a service (a required one for what the site needs)' +
              (near.length
                ? `; this host's entries take other paths: ${near.map(([h, service, p]) => `${h}${p} (${service})`).join(', ')}`
                : '')
            : ''),
      );
    return UNDECLARED;
  }
  // The entries naming the URL's path most closely decide (`www.google.com/maps`, not a service's
  // whole `www.google.com`), as `temoin scan` counts it. Paths that take one URL are prefixes of one
  // another: the longer is the greater string.
  return rules.find(([, service, p]) => !granted[service] && rules.every(([, , q]) => q <= p))?.[1];
}

/**
 * A refused service whose host a text (in lower case) names, written plainly but for what the URL
 * parser maps or drops in a host: tabs and new lines, the characters IDNA maps (`ａds.example`,
 * `ads。example`; NFKC, as lower case again) or ignores (a soft hyphen, zero widths: all the
 * default ignorables). The config is known.
 */
export const namedIn = (
  lower: string,
  text = lower
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\t\n\r\p{DI}]/gu, '')
    .replaceAll('\u3002', '.'),
) => state._hosts!.find(([h, service]) => !state._granted![service] && text.includes(h))?.[1];

/**
 * The same for the value of an element URL attribute: a `srcset` or a `ping` is blocked by any of
 * its URLs (the descriptors between them are same-origin paths), a `srcdoc` by any host its HTML
 * names, as text or in a URL, once entities (those of srcdocs in it too) and JSON's `\/` are
 * decoded: its frame has no blocker, the whole document waits. It waits too while the config is
 * unknown, and for good in strict mode, where any code in it could reach any host unseen.
 */
export function blockedByAny(prop: string, value: string): string | undefined {
  // Whole too: the URL parser drops a tab or a new line inside a host (`ads.te<TAB>st`). An
  // animation's `values` are split by `;` alone: the URL parser trims each, and drops a tab there.
  let urls = [value, ...value.split(/[\s,]+/), ...value.split(';')];
  if (prop == 'srcdoc') {
    if (!state._granted) return UNKNOWN;
    if (state._strict) {
      warnOnce(prop, 'a srcdoc frame is blocked in strict mode' + (DEV_MODE ? ': its code could reach any host' : ''));
      return UNDECLARED;
    }
    // A textarea's text is the HTML it is given with the entities decoded, and nothing in it
    // loads; given without `<`, which no host holds, no tag can end it. Again until nothing
    // changes, for the srcdocs a srcdoc holds.
    // Its text only is read: on a Trusted Types page, it is parsed as trusted (trusted.ts).
    const decode = (html: string) =>
      Object.assign(document.createElement('textarea'), { innerHTML: inertHTML(html.replaceAll('<', ' ')) }).value;
    let text = decode(value);
    for (let last; text != last;) text = decode((last = text));
    text = text.toLowerCase().replaceAll('\\/', '/');
    const named = namedIn(text);
    if (named) return named;
    urls = (text.match(/\/\/[^\s"'<>&\\]+/g) ?? []).map((url) => location.protocol + url);
  }
  return urls.map((url) => blockedBy(url)).find(Boolean);
}

/** Runs `go` once the URL may load, or `refuse` when it may not; waits while the config loads. */
export function whenAllowed<T>(url: string, go: () => T, refuse: (category: string) => T): T | Promise<T> {
  const cat = blockedBy(url);
  if (!cat) return go();
  return cat == UNKNOWN && state._known ? state._known.then(() => whenAllowed(url, go, refuse)) : refuse(cat);
}

/** The config is known: from now on its hosts and what is granted decide. */
export function applyConfig(config: ValidConfig, granted: Granted): void {
  state._granted = granted;
  state._strict = config.undeclared == 'block';
  state._hosts = config.categories.flatMap((c) =>
    c.services.flatMap((service) =>
      (service.hosts ?? []).map((entry): HostEntry => {
        const [host, path] = hostRule(entry);
        return [host, c.id + '/' + service.id, path];
      }),
    ),
  );
  settle();
}
