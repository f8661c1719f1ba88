// What a vendor serves beside its pixel that is not the pixel: Meta's SDK (social plugins, login:
// connect.facebook.net/<locale>/sdk.js, not the pixel's fbevents.js) and LinkedIn's plugins
// (platform.linkedin.com, not the Insight Tag's snap.licdn.com). The pixel's template takes the
// vendor's whole hosts (facebook.com, linkedin.com), and the entries naming a URL's path most
// closely decide it (core/blocker/policy.ts): a service for the SDK must name by path every URL the
// SDK loads in the page, its frames too, or they wait for the pixel's consent. A host alone ties
// with the pixel's, and then both must be granted. No file imports Node: the browser test of the
// advice (test/core/vendor-content.test.ts) applies these very entries.

/** A vendor's loader that is not its tracker, by host and path. */
export const NOT_THE_TRACKER = /^connect\.facebook\.net\/[\w-]+\/(sdk|all)\b|^platform\.linkedin\.com\//;

/** Said in place of the SDK's version when the page gives it neither in the SDK's URL nor to FB.init. */
export const SOME_VERSION = '<version>';

/**
 * An entry of a service for a vendor's content, not its pixel: a loader of NOT_THE_TRACKER, or a
 * path on the vendor's own site (www.facebook.com/plugins, www.linkedin.com/embed), where the pixel's
 * own request is /tr.
 */
export const isContentEntry = (entry: string) =>
  NOT_THE_TRACKER.test(entry.toLowerCase()) || /^www\.(facebook|linkedin)\.com\/(?!tr(\/|$))./i.test(entry);

/**
 * The Graph API version a page's code gives Meta's SDK, `FB.init({ …, version: 'v19.0' })` (the
 * SDK takes none of its own without `version=` in its URL), its key quoted or not, or undefined when
 * its scripts show none. Given code without comments: an old FB.init left commented out runs nothing.
 */
export const initVersion = (code: string): string | undefined =>
  /\bFB\.init\s*\(\s*\{[^}]*?(['"]?)\bversion\1\s*:\s*(['"`])(v\d+\.\d+)\2/.exec(code)?.[3];

/**
 * The hosts entries a service for the content loader at `url` needs, the loader's own first, or
 * null for a URL that is none. Meta's SDK puts its plugins' frames under the Graph API version it
 * runs (`sdk.js#xfbml=1&version=v19.0`, else FB.init's `version`, `init` when the page's code
 * shows it, else SOME_VERSION): www.facebook.com/v19.0/plugins/
 * page.php; the frames Meta's plugin pages give to paste are www.facebook.com/plugins/…; a login
 * status check (FB.init's `status`, FB.getLoginStatus) asks www.facebook.com/x/oauth/status.
 * A locale is its own path (`/fr_CA/`, `/en_US/`), and the pixel's fbevents.js sits under it too,
 * so each locale's sdk.js is an entry of its own. LinkedIn's in.js loads its framework from
 * platform.linkedin.com/js/ and frames its follow button from www.linkedin.com/pages-extensions/.
 */
export function contentEntries(url: URL, init?: string): string[] | null {
  const loader = url.hostname + url.pathname;
  if (!NOT_THE_TRACKER.test(loader)) return null;
  if (url.hostname == 'platform.linkedin.com')
    return [...new Set([loader, 'platform.linkedin.com/js', 'www.linkedin.com/pages-extensions'])];
  const version = /(?:^|[#&?])version=(v\d+\.\d+)(?:&|$)/.exec(url.hash + '&' + url.search.slice(1))?.[1] ?? init;
  return [
    loader,
    `www.facebook.com/${version ?? SOME_VERSION}/plugins`,
    'www.facebook.com/plugins',
    'www.facebook.com/x/oauth',
  ];
}
