// Markup that loads a tracker before consent: an element whose `src` is on a host a service
// declares, without data-category. The browser's development build warns about it once the page
// has loaded it (src/core/blocker/warnings.ts); `temoin check` says it before any visitor does.
import type { ValidConfig } from '../core/config.js';
import { hostCovered } from '../scanner/party.js';
import type { LoadingElement } from './page.js';

/** The first optional service whose hosts take `host`, as the blocker matches them. */
const optionalService = (config: ValidConfig, host: string) =>
  config.categories
    .filter((category) => !category.required)
    .flatMap((category) => category.services.map((service) => ({ category, service })))
    .find(({ service }) => hostCovered(host, service.hosts ?? []));

/**
 * Unmarked elements of a page at `pageUrl` that load, as the page is parsed, a cross-origin URL an
 * optional service declares: they run before any consent, and what to write instead.
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
    const found = optionalService(config, url.hostname);
    if (!found) return [];
    const mark = `data-category="${found.category.id}" data-service="${found.service.id}"`;
    return [
      `${where}:${el.line}: ${el.markup} loads ${found.service.id} before consent: mark it ${el.script ? `type="text/plain" ${mark}` : `${mark} with data-src instead of src`}`,
    ];
  });
}
