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
// footer's "manage cookies" one, at the page's end); elsewhere when that hides the focused element
// or a control (`place`). Clicks pass through it; Escape, the next click or a control focused
// under it hides it. Empty, it draws nothing. A block, not a flex box: the quoted label, a <span>
// of its own language, stays in the text's lines.
const styles = sheet(`
  :host { position: fixed; bottom: 12px; left: 12px; right: 12px; z-index: var(--temoin-z-index, 2147483000); pointer-events: none; display: flex; font-size: medium; }
  p:not(:empty) { margin: 0; box-sizing: border-box; min-height: 32px; padding: 6px 12px; font-size: .875em; line-height: 1.2; background: var(--_bg); border: 2px solid var(--_accent); border-radius: var(--_radius); }
`);

/** How long the text stays on screen, in ms; a screen reader has said it by then. */
const SHOWN = 5000;
/** Beside the button only with this much room, in px (two short lines); above it otherwise. */
const BESIDE = 144;

/** What a visitor may click or type in, in the page (the status lets clicks through, but hides them). */
const CONTROLS = 'a[href],button,input,select,textarea,summary,[tabindex]:not([tabindex="-1"])';

/** Whether a box `r` shows and meets `box`. */
const overlaps = (r: DOMRect, box: DOMRect): boolean =>
  !!r.width && r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;

/** Whether an element's box shows and meets `box`. */
const meets = (el: Element, box: DOMRect): boolean => overlaps(el.getBoundingClientRect(), box);

/**
 * The page's controls, and the placeholders' text and buttons (in their shadow roots: the map's,
 * under the video that just loaded): what says why an embed is blocked is read, not just clicked.
 */
const controls = () => [
  ...document.querySelectorAll(CONTROLS),
  ...[...document.querySelectorAll('temoin-placeholder')].flatMap((p) => [
    ...p.shadowRoot!.querySelectorAll('p,button'),
  ]),
];

/** The element with focus, if not the page itself. Focus in a shadow root (a placeholder's button) gives its host. */
const focused = () => (document.activeElement == document.body ? null : document.activeElement);

/** What the status at `box` must never do, weighed above any control it hides: leave the screen, hide the focus. */
const harm = (box: DOMRect, focus: Element | null) =>
  (box.top < 0 || box.bottom > innerHeight ? 1e4 : 0) + (focus && meets(focus, box) ? 1e3 : 0);

/** Whether the status, where it is, hides nothing: on screen, off the focus, every control and placeholder text. */
function clear(region: HTMLElement): boolean {
  const box = region.getBoundingClientRect();
  return !harm(box, focused()) && !controls().some((el) => meets(el, box));
}

/**
 * Puts the status where it hides the least: never the element with focus (WCAG 2.4.11: a keyboard
 * visitor would not see where they are), then as few controls and placeholders' texts as it can,
 * trying `spots` (inline styles) in turn and keeping the first that hides nothing; a spot that hides
 * some is tried again just clear of them (below what it hides at the top, above at the bottom: a
 * placeholder under the top edge); last, just below or above the focused element, on screen.
 */
function placeAt(host: HTMLElement, region: HTMLElement, spots: string[]): void {
  const focus = focused();
  const near = focus?.getBoundingClientRect();
  if (near) spots.push(`top:${near.bottom + 8}px;bottom:auto`, `bottom:${innerHeight - near.top + 8}px`);
  let best = spots[0]!;
  let least = Infinity;
  // Read once: the spots move the status only, not the page (a long page's thousands of links
  // were read again for each spot, on each scroll event while it shows).
  const rects = controls().map((el) => el.getBoundingClientRect());
  for (const spot of spots) {
    // Inline, through the CSSOM: a strict Content Security Policy allows it.
    host.style.cssText = spot;
    const box = region.getBoundingClientRect();
    const hidden = rects.filter((r) => overlaps(r, box));
    const hides = harm(box, focus) + hidden.length;
    if (hides < least) [best, least] = [spot, hides];
    if (!hides) break;
    // Nothing hidden (only the focus, or off screen): no edge, and a declaration CSS drops.
    if (spots.length < 9)
      spots.push(
        box.top < innerHeight / 2
          ? `${spot};top:${Math.max(...hidden.map((r) => r.bottom)) + 8}px;bottom:auto`
          : `${spot};bottom:${innerHeight - Math.min(...hidden.map((r) => r.top)) + 8}px`,
      );
  }
  host.style.cssText = best;
}

/**
 * Beside the visible manage button, on the side away from its corner (two lines of it fit the
 * button's strip); above it when the screen is too narrow or the text longer (what "always allow"
 * says); without a button, centred on the bottom edge, where the banner was, as a toast. On the
 * top edge when the first place would hide the focused element or more of the page's controls.
 */
function place(host: HTMLElement, region: HTMLElement): void {
  const button = document.querySelector<HTMLElement>('body>temoin-manage:not([hidden])');
  const box = button?.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  const centred = 'justify-content:center';
  const top = `${centred};top:12px;bottom:auto`;
  if (!box?.width) return placeAt(host, region, [centred, top]);
  const end = button!.dataset.corner == 'bottom-right';
  const room = (end ? box.left : width - box.right) - 20;
  const above = `bottom:${innerHeight - box.top + 8}px`;
  const beside = end ? `right:${width - box.left + 8}px;justify-content:flex-end` : `left:${box.right + 8}px`;
  host.style.cssText = beside;
  // A text longer than the strip's two lines goes above, as wide as the screen.
  const fits = room >= BESIDE && region.offsetHeight <= box.height + 8;
  placeAt(host, region, fits ? [beside, above, top] : [above, top]);
}

/**
 * Puts the `<temoin-status>` region at the end of the page; the function it returns says a text
 * (its parts, a quote in another language among them) in a language there, a moment later (once a closing dialog has given the page back; longer
 * the first time, so that screen readers have seen the new region empty), for a few seconds.
 */
function savedStatus(): (text: (string | Node)[], lang: string) => void {
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
  // A rotated phone or a resized window moves the button's room: placed again while it shows. A
  // scroll may bring a control or a placeholder's text under it: placed again only then (started
  // over from the first spot at each scroll, it flipped between the edges). These events come once
  // a frame at most; each reads the controls' boxes once.
  for (const type of ['resize', 'scroll'])
    addEventListener(type, () => region.textContent && !(type == 'scroll' && clear(region)) && place(host, region));
  return (text, lang) => {
    hide();
    timer = setTimeout(() => {
      region.lang = lang;
      region.replaceChildren(...text);
      // Placed with its text, in the same frame: an edge is chosen by what the text would hide.
      place(host, region);
      timer = setTimeout(hide, SHOWN);
    }, wait);
    wait = 100;
  };
}

let say: ((text: (string | Node)[], lang: string) => void) | undefined;

/** Says `text` (in `lang`, the dialog's, maybe not the page's) in the page's one status region, made on the first call. */
export const saySaved = (text: string, lang: string) => (say ??= savedStatus())([text], lang);

/**
 * Whether `el` shows; where the browser has no `checkVisibility` (before Safari 17.4, Chrome 105,
 * Firefox 106: calling it threw, and nothing was said), whether it has a box.
 */
const shows = (el: Element, options?: CheckVisibilityOptions) =>
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- missing in older browsers
  el.checkVisibility?.(options) ?? el.getClientRects().length > 0;

/**
 * What a visitor sees and hears of a link: its label, else its text, none of the text hidden from
 * sight or from screen readers (an icon's `aria-hidden` glyph, a `visibility: hidden` word).
 */
function nameOf(el: Element): string {
  let text = '';
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement!;
    if (!parent.closest('[aria-hidden="true"]') && shows(parent, { visibilityProperty: true }))
      text += (walker.currentNode as Text).data;
  }
  return (el.ariaLabel || text).replace(/\s+/g, ' ').trim();
}

/**
 * The page's own "manage cookies" link (`data-temoin-open` without a value) the visitor finds:
 * of those that show, one in view, else the first (a closed menu's is hidden; a footer's is there).
 */
function ownLink(): Element | undefined {
  const shown = [...document.querySelectorAll('[data-temoin-open=""]')].filter((el) => shows(el));
  return shown.find((el) => meets(el, new DOMRect(0, 0, innerWidth, innerHeight))) ?? shown[0];
}

/**
 * Says that "always allow" on a placeholder changed the saved decision (the placeholder goes with
 * the embed it loads): `service` is allowed now, and the manage button, by its label, changes it
 * back; without one, the page's own "manage cookies" link, by its accessible name if that is
 * short, else the built-in label. The label quoted keeps its own language (the page's may not be
 * the dialog's): a screen reader says it as it says the button or link.
 */
export const sayAllowed = (service: string, lang: Language) => {
  const button = document.querySelector('body>temoin-manage:not([hidden])')?.shadowRoot?.querySelector('button');
  const link = button ?? ownLink();
  const own = link && nameOf(link);
  const quote = document.createElement('span');
  const [before, after] = alwaysAllowed[packOf(lang) as PackLanguage](service, '\0').split('\0');
  if (link && own && (button || own.length < 50)) {
    quote.textContent = own;
    // The button's own (the preference center's language, once switched there), else the page's.
    quote.lang = (link.closest<HTMLElement>('[lang]') ?? document.documentElement).lang || lang;
  } else quote.textContent = manageLabel[packOf(lang)]!;
  (say ??= savedStatus())([before!, quote, after!], lang);
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
