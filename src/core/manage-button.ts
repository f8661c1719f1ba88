// The persistent control that reopens the preference center. It is plain DOM in the core, not a
// Lit component: a returning visitor sees it without downloading the UI. Styled through an
// adopted stylesheet, so a strict Content Security Policy needs no 'unsafe-inline'.
//
// CSS parts: `button`. Custom properties: --temoin-accent, --temoin-bg,
// --temoin-radius, --temoin-font, --temoin-z-index (the same as the UI's), and
// --temoin-manage-room, on :root: the room it keeps at the page's end (56px).
import type { Language } from './config.js';
import { manageLabel, packOf, resolveLanguage } from './language.js';
import type { PageState, Temoin } from './types.js';

const CSS = /* css */ `:host{position:fixed;bottom:12px;left:12px;z-index:var(--temoin-z-index,2147483000);font-size:medium}
:host([data-corner=bottom-right]){left:auto;right:12px}
button{font-weight:600;font-size:.875em;line-height:1.2;font-family:var(--temoin-font);min-height:32px;padding:6px 12px;border:2px solid;
border-radius:var(--temoin-radius,6px);background:var(--temoin-bg,#fff);color:var(--temoin-accent,#095797)}
button:focus-visible{outline:3px solid;outline-offset:2px}
@media (prefers-color-scheme:dark){button{background:var(--temoin-bg,#1b1b1b);color:var(--temoin-accent,#9ccaf5)}}`;

// Room at the page's end while the button shows, so that what the page puts there can scroll
// clear of it, and a focused element is scrolled clear of it (WCAG 2.4.11). On the root, not
// the body, whose padding the banner sets while it shows. Of no specificity (:where): a site's own
// padding on <html> wins. `--temoin-manage-room: 0px` opts out (a page built to fill one screen).
const ROOM =
  ':where(html:has(>body>temoin-manage:not([hidden]))){padding-bottom:var(--temoin-manage-room,56px);scroll-padding-bottom:var(--temoin-manage-room,56px)}';

/** Creates the button; the caller shows it only while a decision is in force. */
export function createManageButton(
  corner: string,
  language: Language,
  label: string | undefined,
  open: () => void,
): HTMLElement {
  const host = document.createElement('temoin-manage');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const button = document.createElement('button');
  button.type = 'button';
  button.part.value = 'button';
  button.ariaHasPopup = 'dialog';
  button.textContent = label ?? manageLabel[packOf(language)]!;
  button.onclick = open;
  root.append(button);
  host.dataset.corner = corner;
  const room = new CSSStyleSheet();
  room.replaceSync(ROOM);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, room];
  document.body.append(host);
  return host;
}

/**
 * The ways back to the preference center: the site's own "manage cookies" links, and the button,
 * shown whenever a decision is in force unless the site opts out. Returns what shows or hides it.
 */
export function manageButton(page: PageState, temoin: Pick<Temoin, 'showPreferences'>): () => void {
  const open = () => void temoin.showPreferences();
  let button: HTMLElement | undefined;
  document.addEventListener('click', (e) => {
    // The target may be the document itself, which has no `closest`. A value (`media/x`) is what
    // to switch on there: a button beside an embed that has no placeholder.
    const link = (e.target as Partial<Element> | null)?.closest?.<HTMLElement>('[data-temoin-open]');
    if (link) {
      e.preventDefault();
      void temoin.showPreferences(link.dataset.temoinOpen);
    }
  });
  // Made once first needed (a visitor who is asked does not pay for it before the banner), and
  // once the page has a body.
  const show = () => {
    const config = page.config;
    // `document.body` is null while the <head> is parsed.
    if (!config || config.manageButton === false || !(document.body as HTMLElement | null) || !(button || page.current))
      return;
    const lang = resolveLanguage(config);
    button ??= createManageButton(config.manageButton ?? 'bottom-left', lang, config.strings?.[lang]?.manage, open);
    button.hidden = !page.current;
  };
  document.addEventListener('DOMContentLoaded', show);
  return show;
}
