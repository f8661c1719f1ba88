// "Vos choix sont enregistrés." The banner and the preference center close as a choice is saved,
// so neither can say it (WCAG 4.1.3, status messages). A live region of its own says it, outside
// both, since the modal dialog makes the rest of the page inert while it is open. A chunk the UI
// imports on the first choice, not on every first visit: the region is put in the page empty, and
// its text half a second later (a region added with its text is not announced). Plain DOM: a
// class would cost more than these few lines. A withdrawal from the preference center reloads the
// page before it is said: the write path leaves a flag in this tab's sessionStorage, and the core
// has the next page say it (`afterReload`).
import type { Language } from '../core/config-types.js';
import { manageLabel, packOf } from '../core/language.js';
import type { Temoin } from '../core/types.js';
import { alwaysAllowed } from './i18n/always-allowed.js';
import { loadFirstStrings, translator } from './i18n/index.js';
import type { PackLanguage } from './i18n/table.js';
import { sheet } from './sheet.js';
import { tokens } from './styles.js';

// In the strip at the bottom that the page keeps clear for the manage button (its room at the
// page's end), beside the button, not above it, where it would hide the page's own links (the
// footer's "manage cookies" one, at the page's end). Clicks pass through it; Escape, the next
// click or a control focused under it hides it. Empty, it draws nothing.
const styles = sheet(`
  :host { position: fixed; bottom: 12px; left: 12px; right: 12px; z-index: var(--temoin-z-index, 2147483000); pointer-events: none; display: flex; font-size: medium; }
  p:not(:empty) { margin: 0; display: flex; align-items: center; box-sizing: border-box; min-height: 32px; padding: 3px 12px; font-size: .875em; line-height: 1.2; background: var(--_bg); border: 2px solid var(--_accent); border-radius: var(--_radius); }
`);

/** How long the text stays on screen, in ms; a screen reader has said it by then. */
const SHOWN = 5000;
/** Beside the button only with this much room, in px (two short lines); above it otherwise. */
const BESIDE = 144;

/** What a visitor may click or type in, in the page (the status lets clicks through, but hides them). */
const CONTROLS = 'a[href],button,input,select,textarea,summary,[tabindex]:not([tabindex="-1"])';

/** Whether an element's box shows and meets `box`. */
function meets(el: Element, box: DOMRect): boolean {
  const r = el.getBoundingClientRect();
  return !!r.width && r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
}

/** How many of the page's controls a box hides. */
const covered = (box: DOMRect) => [...document.querySelectorAll(CONTROLS)].filter((el) => meets(el, box)).length;

/**
 * Without a manage button, centred on the bottom edge, where the banner was, as a toast; on the
 * top edge when that hides fewer of the page's links and buttons than the bottom one does.
 */
function atEdge(host: HTMLElement, region: HTMLElement): void {
  const bottom = 'justify-content:center';
  host.style.cssText = bottom;
  const below = covered(region.getBoundingClientRect());
  if (!below) return;
  host.style.cssText = `${bottom};top:12px;bottom:auto`;
  if (covered(region.getBoundingClientRect()) >= below) host.style.cssText = bottom;
}

/**
 * Puts the status beside the visible manage button, on the side away from its corner (two lines
 * of it fit the button's strip); above it when the screen is too narrow; on an edge when there is
 * no button.
 */
function place(host: HTMLElement, region: HTMLElement): void {
  const button = document.querySelector<HTMLElement>('body>temoin-manage:not([hidden])');
  const box = button?.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  const end = button?.dataset.corner == 'bottom-right';
  if (!box?.width) return atEdge(host, region);
  const room = (end ? box.left : width - box.right) - 20;
  const above = `bottom:${innerHeight - box.top + 8}px`;
  // Inline, through the CSSOM: a strict Content Security Policy allows it.
  host.style.cssText =
    room < BESIDE
      ? above
      : end
        ? `right:${width - box.left + 8}px;justify-content:flex-end`
        : `left:${box.right + 8}px`;
  // A text longer than the strip's two lines (what "always allow" says) goes above, as wide as the screen.
  if (region.offsetHeight > box.height + 8) host.style.cssText = above;
}

/**
 * Puts the `<temoin-status>` region at the end of the page; the function it returns says a text
 * in a language there, a moment later (once a closing dialog has given the page back; longer
 * the first time, so that screen readers have seen the new region empty), for a few seconds.
 */
function savedStatus(): (text: string, lang: string) => void {
  const host = document.createElement('temoin-status');
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [tokens(), styles()];
  // Built, not parsed: a page that enforces Trusted Types refuses an HTML string.
  const region = root.appendChild(document.createElement('p'));
  region.setAttribute('role', 'status');
  region.setAttribute('part', 'status');
  document.body.append(host);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wait = 500;
  const hide = () => {
    clearTimeout(timer);
    region.textContent = '';
  };
  // Once said, the visitor's next click or Escape hides it: they have moved on (capture: a page
  // that stops the event still hides it). Not before: it would never be said.
  const dismiss = (e: Event) =>
    region.textContent && (e.type == 'click' || (e as KeyboardEvent).key == 'Escape') && hide();
  for (const type of ['keydown', 'click']) document.addEventListener(type, dismiss, true);
  // Nor may it hide what the keyboard reaches (WCAG 2.4.11): a control focused under it hides it,
  // once the browser has scrolled the control into view (capture too). Not the element that had
  // focus, focused again as the page gets focus back (a top-level page does as the embed a
  // placeholder gave focus to loads from another site; so does a tab the visitor comes back to):
  // the visitor has not moved, and the text would go unsaid. It may have had focus before this
  // module came. Nothing shown, nothing to check.
  let focused = document.activeElement;
  document.addEventListener(
    'focusin',
    (e) => {
      const el = e.composedPath()[0] as Element;
      if (region.textContent && el != focused)
        requestAnimationFrame(() => region.textContent && meets(el, region.getBoundingClientRect()) && hide());
      focused = el;
    },
    true,
  );
  // A rotated phone or a resized window moves the button's room: placed again while it shows
  // (resize events come once a frame at most, and place reads a few boxes).
  addEventListener('resize', () => region.textContent && place(host, region));
  return (text, lang) => {
    hide();
    timer = setTimeout(() => {
      region.lang = lang;
      region.textContent = text;
      // Placed with its text, in the same frame: an edge is chosen by what the text would hide.
      place(host, region);
      timer = setTimeout(hide, SHOWN);
    }, wait);
    wait = 100;
  };
}

let say: ((text: string, lang: string) => void) | undefined;

/** Says `text` (in `lang`, the dialog's, maybe not the page's) in the page's one status region, made on the first call. */
export const saySaved = (text: string, lang: string) => (say ??= savedStatus())(text, lang);

/**
 * Says that "always allow" on a placeholder changed the saved decision (the placeholder goes with
 * the embed it loads): `service` is allowed now, and the manage button, by its label, changes it
 * back; without one, the page's own "manage cookies" link (`data-temoin-open` without a value), by
 * what it reads if that is short, else the built-in label.
 */
export const sayAllowed = (service: string, lang: Language) => {
  const own = document.querySelector<HTMLElement>('[data-temoin-open=""]')?.innerText.trim();
  saySaved(
    alwaysAllowed[packOf(lang) as PackLanguage](
      service,
      document.querySelector('temoin-manage')?.shadowRoot?.querySelector('button')?.textContent ??
        (own && own.length < 50 ? own : manageLabel[packOf(lang)]!),
    ),
    lang,
  );
};

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
