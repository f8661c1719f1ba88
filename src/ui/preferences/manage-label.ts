// The manage button is the core's (plain DOM, src/core/manage-button.ts), labelled in the page's
// language when it is made. Only the preference center switches languages: it relabels the button
// as it closes (a modal dialog covers the button until then), so the core pays nothing for it.
import type { Translator } from '../i18n/index.js';

/** Labels the manage button, if the page has one, in `t`'s language. */
export function labelManageButton(t: Translator): void {
  const button = document.querySelector('temoin-manage')?.shadowRoot?.querySelector('button');
  if (!button) return;
  button.textContent = t('manage');
  button.lang = t.lang;
}
