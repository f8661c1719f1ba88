import { sheet } from '../element.js';

// The three choices always show: the region is at most 60 % of the screen, 45 % on a phone (never
// less than room for the choices, never more than the screen), and the sentence yields, scrolling
// inside, above a rule. The layouts are attributes the banner sets from the config (`layout`,
// `position`); on a screen 30rem wide or less a box shows as a bar, so every layout keeps these
// guarantees. `--_gap` is the space around the region, `--_rise` where it rises from.
export const bannerStyles = sheet(`
  :host { --_gap: 8px; --_rise: 16px; position: fixed; inset: auto 0 0; z-index: var(--temoin-z-index, 2147483000); display: none; padding: var(--_gap); }
  :host([open]) { display: block; }
  :host([position=top]) { --_rise: -16px; inset: 0 0 auto; }
  section {
    position: relative; max-width: 60rem; margin: 0 auto; padding: 16px 20px; display: flex; flex-direction: column; gap: 12px;
    max-height: min(100dvh - 2 * var(--_gap), max(60dvh, 14rem));
    background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
    box-shadow: 0 4px 24px rgb(0 0 0 / 25%);
  }
  section > * { flex: none; }
  h2 { padding-right: 40px; }
  /* The sentence yields: once it scrolls, a rule above the choices says there is more. */
  #text { flex: 0 1 auto; min-height: calc(3em + 2px); overflow: auto; }
  #text[tabindex] { border-bottom: 2px solid var(--_border); }
  .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 8.5em), 1fr)); }
  .action { padding-inline: 8px; }
  section:focus { outline: none; }
  section:focus-visible { outline: 3px solid var(--_focus); }
  @media (prefers-reduced-motion: no-preference) {
    section { animation: rise 0.2s ease-out; }
    @keyframes rise { from { transform: translateY(var(--_rise)); opacity: 0; } }
  }
  /* A box: a column of choices in a corner, or in the middle of the screen. */
  @media not all and (max-width: 30rem) {
    :host([layout=box]) { --_gap: 16px; inset: auto 0 0 auto; width: 26rem; }
    :host([position=bottom-left]) { inset: auto auto 0 0; }
    :host([position=middle]) { inset: 0; margin: auto; height: fit-content; }
    :host([layout=box]) .actions { grid-template-columns: 1fr; }
  }
  /* A phone: the page stays readable above, so at most 45 % of the screen, in tighter type. */
  @media (max-width: 30rem) {
    :host { --_gap: 0px; }
    section { max-height: min(100dvh, max(45dvh, 14rem)); padding: 10px 12px; gap: 8px; border-radius: 0; border-width: 1px 0 0; }
    :host([position=top]) section { border-width: 0 0 1px; }
    h2 { font-size: 1em; }
    #text { font-size: 0.875em; line-height: 1.4; }
    .close { top: 2px; right: 2px; }
  }
  /* A screen under 16rem tall (a desktop zoomed to 400 %): tighter. Should a wide font still not
     fit, the region scrolls, the choices staying in view at its foot. */
  @media (max-height: 16rem) {
    section { padding-block: 8px; gap: 6px; overflow-y: auto; }
    h2 { font-size: 1em; }
    .actions { position: sticky; bottom: -8px; margin-bottom: -8px; padding-bottom: 8px; background: var(--_bg); }
    .action { min-height: 36px; padding-block: 4px; }
  }
`);
