// Embeds of a template served from a host that belongs to another one: Google's "Embed a map"
// code is <iframe src="https://www.google.com/maps/embed?pb=…">, and www.google.com is
// reCAPTCHA's. Matched by host and path, by `temoin check` and `temoin scan` only: the browser's
// blocker matches hosts, so such an iframe must be marked (data-src).
export interface Embed {
  template: string;
  host: string;
  /** A path prefix, whole segments: `/maps` takes /maps, /maps/embed, /maps/d/embed, not /mapsx. */
  path: string;
}

export const EMBEDS: readonly Embed[] = [{ template: 'google-maps', host: 'www.google.com', path: '/maps' }];

/** The template whose embed `url` is, by host and path, or null. */
export function embedTemplate(url: URL): string | null {
  const found = EMBEDS.find(
    (e) =>
      url.hostname.toLowerCase() == e.host &&
      (url.pathname == e.path || url.pathname.startsWith(e.path.replace(/\/?$/, '/'))),
  );
  return found?.template ?? null;
}
