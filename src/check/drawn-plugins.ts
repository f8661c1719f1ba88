// Meta's social plugins (XFBML): `<div class="fb-page" data-href=…>` (and fb-post, fb-video,
// fb-comments) is empty markup that Meta's SDK fills with a frame. While the SDK waits for consent
// the div stays empty: no frame to stand in for, so no placeholder, and the visitor cannot allow it
// there. A placeholder would need the first visit's files to know Meta's class names and which
// service is its SDK; the editor's fix is one attribute, as for X's and Instagram's posts (README,
// Placeholders): a button in the div, beside Meta's own fallback blockquote, that opens the
// preference center with the SDK's service switched on.
import type { ValidConfig } from '../core/config.js';
import { serviceLabel } from './unmarked.js';
import { NOT_THE_TRACKER } from './vendor-content.js';

/** The classes Meta's SDK draws into a frame. */
export const XFBML = /(^|\s)fb-(page|post|video|comments)(\s|$)/;

/** A plugin's div, and whether it holds a button that opens the preference center. */
export interface DrawnPlugin {
  line: number;
  markup: string;
  opens: boolean;
}

/** The service whose hosts hold Meta's SDK by path (vendor-content.ts), if the config has one. */
function sdkService(config: ValidConfig) {
  for (const category of config.categories)
    for (const service of category.services)
      if (service.hosts?.some((h) => h.startsWith('connect.facebook.net/') && NOT_THE_TRACKER.test(h)))
        return { category, service };
  return undefined;
}

/** Advice for each plugin div without a button that opens the preference center. */
export function drawnPluginNotes(plugins: DrawnPlugin[], config: ValidConfig, where: string): string[] {
  const sdk = sdkService(config);
  const open = sdk ? `${sdk.category.id}/${sdk.service.id}` : '<category>/<service>';
  const whose = sdk
    ? `, ${serviceLabel(sdk.service)}'s`
    : " (the config has no service for Meta's SDK, connect.facebook.net/<locale>/sdk.js, yet: declare it as check advises for the page's SDK script, then name its category and id here)";
  return plugins
    .filter((p) => !p.opens)
    .map(
      (p) =>
        `${where}:${p.line}: ${p.markup} stays empty while Meta's SDK waits for consent, and the visitor cannot allow it there: put inside it <button type="button" data-temoin-open="${open}">Afficher le contenu Facebook</button>, which opens the preference center with the SDK's service switched on${whose}`,
    );
}
