// "Vos choix sont enregistrés." The banner and the preference center close as a choice is saved,
// so neither can say it (WCAG 4.1.3, status messages). A live region of its own says it, outside
// both, since the modal dialog makes the rest of the page inert while it is open. A chunk the UI
// imports on the first choice, not on every first visit: the region is put in the page empty, and
// its text half a second later (a region added with its text is not announced). Plain DOM: a
// class would cost more than these few lines. A withdrawal from the preference center reloads the
// page before it is said: the write path leaves a flag in this tab's sessionStorage, and the core
// has the next page say it (`afterReload`).
import type { Temoin } from '../core/types.js';
import { loadFirstStrings, translator } from './i18n/index.js';
import { sheet } from './sheet.js';
import { tokens } from './styles.js';

// Above the manage button, out of the way of clicks. Empty, it draws nothing.
const styles = sheet(`
  :host { position: fixed; bottom: 64px; left: 12px; right: 12px; z-index: var(--temoin-z-index, 2147483000); pointer-events: none; }
  p:not(:empty) { width: fit-content; padding: 8px 16px; background: var(--_bg); border: 2px solid var(--_accent); border-radius: var(--_radius); }
`);

/** How long the text stays on screen, in ms; a screen reader has said it by then. */
const SHOWN = 5000;

/**
 * Puts the `<temoin-status>` region at the end of the page; the function it returns says a text
 * in a language there, a moment later (once a closing dialog has given the page back; longer
 * the first time, so that screen readers have seen the new region empty), for a few seconds.
 */
function savedStatus(): (text: string, lang: string) => void {
  const host = document.createElement('temoin-status');
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [tokens(), styles()];
  root.innerHTML = '<p role="status" part="status"></p>';
  const region = root.firstChild as HTMLElement;
  document.body.append(host);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wait = 500;
  return (text, lang) => {
    clearTimeout(timer);
    region.textContent = '';
    timer = setTimeout(() => {
      region.lang = lang;
      region.textContent = text;
      timer = setTimeout(() => (region.textContent = ''), SHOWN);
    }, wait);
    wait = 100;
  };
}

let say: ((text: string, lang: string) => void) | undefined;

/** Says `text` (in `lang`, the dialog's, maybe not the page's) in the page's one status region, made on the first call. */
export const saySaved = (text: string, lang: string) => (say ??= savedStatus())(text, lang);

/**
 * On the page a withdrawal reloaded, says the decision in force is saved, in the language it was
 * made in; the flag that asked for it is cleared, so that it is said once. (No decision there:
 * the cookie could not keep it, and there is nothing to say.)
 */
export async function afterReload(temoin: Temoin): Promise<void> {
  delete sessionStorage.temoin;
  const lang = temoin.get()?.language;
  if (lang) saySaved(translator(temoin.config!, lang, await loadFirstStrings(lang))('saved'), lang);
}
