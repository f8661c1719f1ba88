import { sheet } from '../element.js';

export const bannerStyles = sheet(`
  :host { position: fixed; inset: auto 0 0 0; z-index: var(--temoin-z-index, 2147483000); display: none; padding: 8px; }
  :host([open]) { display: block; }
  section {
    position: relative; max-width: 60rem; margin: 0 auto; padding: 20px 56px 20px 20px; display: grid; gap: 12px;
    background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
    box-shadow: 0 4px 24px rgb(0 0 0 / 25%);
  }
  section:focus { outline: none; }
  section:focus-visible { outline: 3px solid var(--_focus); }
  @media (prefers-reduced-motion: no-preference) {
    section { animation: rise 0.2s ease-out; }
    @keyframes rise { from { transform: translateY(16px); opacity: 0; } }
  }
  @media (max-width: 30rem) {
    :host { padding: 0; }
    section { padding: 16px 48px 16px 16px; border-radius: 0; max-height: 70vh; overflow: auto; }
  }
`);
