import { sheet } from '../element.js';

// On a phone the three choices always show: the region is at most 60 % of the screen (never
// less than room for the choices, never more than the screen), and the sentence yields, scrolling
// inside, above a rule.
export const bannerStyles = sheet(`
  :host { position: fixed; inset: auto 0 0 0; z-index: var(--temoin-z-index, 2147483000); display: none; padding: 8px; }
  :host([open]) { display: block; }
  section {
    position: relative; max-width: 60rem; margin: 0 auto; padding: 16px 20px; display: flex; flex-direction: column; gap: 12px;
    max-height: min(100dvh - 16px, max(60dvh, 14rem));
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
    @keyframes rise { from { transform: translateY(16px); opacity: 0; } }
  }
  @media (max-width: 30rem) {
    :host { padding: 0; }
    section { max-height: min(100dvh, max(60dvh, 14rem)); padding: 12px 16px; gap: 8px; border-radius: 0; border-width: 1px 0 0; }
    h2 { font-size: 1.125rem; }
    #text { font-size: 15px; }
  }
`);
