// Design tokens shared by every component. Sites theme Témoin with the public custom properties
// (--temoin-*); the private ones (--_*) pick the light or dark default for each.
import { sheet } from './sheet.js';

/**
 * @cssproperty --temoin-bg - Background of banner, dialog and placeholders.
 * @cssproperty --temoin-fg - Text colour.
 * @cssproperty --temoin-muted - Secondary text colour.
 * @cssproperty --temoin-accent - Buttons, links and switches.
 * @cssproperty --temoin-on-accent - Text on accent-coloured buttons.
 * @cssproperty --temoin-border - Borders and separators.
 * @cssproperty --temoin-focus - Focus outline colour.
 * @cssproperty --temoin-radius - Corner radius.
 * @cssproperty --temoin-font - Font family (default: the page's own).
 * @cssproperty --temoin-z-index - Stacking order of the banner and manage button.
 */
export const tokens = sheet(`
  :host {
    --_bg: var(--temoin-bg, #fff);
    --_fg: var(--temoin-fg, #1b1b1b);
    --_muted: var(--temoin-muted, #4a4a4a);
    --_accent: var(--temoin-accent, #095797);
    --_on-accent: var(--temoin-on-accent, #fff);
    --_border: var(--temoin-border, #6b6b6b);
    --_focus: var(--temoin-focus, #1b1b1b);
    --_radius: var(--temoin-radius, 6px);
    font-size: medium;
    line-height: 1.5;
    /* Unset, this inherits the page's font: it fits the site, and a first visit pays no system
       font lookup before the banner shows (about 100 ms on a throttled CPU, bench/README.md). */
    font-family: var(--temoin-font);
    color: var(--_fg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--temoin-bg, #1b1b1b);
      --_fg: var(--temoin-fg, #f2f2f2);
      --_muted: var(--temoin-muted, #c8c8c8);
      --_accent: var(--temoin-accent, #9ccaf5);
      --_on-accent: var(--temoin-on-accent, #0b1b2b);
      --_border: var(--temoin-border, #9a9a9a);
      --_focus: var(--temoin-focus, #f2f2f2);
    }
  }
  * { box-sizing: border-box; }
  p { margin: 0; }
  button { font: inherit; min-height: 44px; min-width: 44px; padding: 8px 16px; border-radius: var(--_radius); cursor: pointer; }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; }
  /* Equal weight: every choice looks the same and takes the same room. */
  .action { flex: 1 1 12em; border: 2px solid var(--_accent); background: var(--_accent); color: var(--_on-accent); font-weight: 600; }
`);

/** What the Lit elements share beyond the placeholders' needs: headings, links, the close button. */
export const layers = sheet(`
  h2, h3 { margin: 0; line-height: 1.25; }
  a { color: var(--_accent); }
  .close { position: absolute; top: 8px; right: 8px; padding: 0; border: 0; background: none; color: inherit; font-size: 1.75em; line-height: 1; }
`);
