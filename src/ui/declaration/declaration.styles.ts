import { sheet } from '../element.js';

// The table needs 56rem: in a narrower container (the element's width, not the screen's: a sidebar
// on a desktop is as narrow as a phone) each service's facts stack instead, each label above its
// value. Only one of the two shows, so assistive technologies meet one.
export const declarationStyles = sheet(`
  :host { display: block; background: var(--_bg); }
  .body { display: grid; gap: 24px; container-type: inline-size; }
  .category { display: grid; gap: 8px; }
  .title { margin: 0; font-size: 1.25em; font-weight: 700; line-height: 1.25; }
  .note { color: var(--_muted); }
  .choice { font-weight: 600; }
  .change { justify-self: start; flex: none; }
  /* A wide table scrolls within its own box: the page around it keeps the phone's width. */
  .scroll { overflow-x: auto; border: 1px solid var(--_border); border-radius: var(--_radius); }
  table { width: 100%; min-width: 56rem; border-collapse: collapse; font-size: 0.9375em; }
  th, td { padding: 8px 12px; text-align: start; vertical-align: top; border-bottom: 1px solid var(--_border); }
  tbody tr:last-child > * { border-bottom: 0; }
  thead th { font-weight: 600; color: var(--_muted); }
  tbody th { font-weight: 600; }
  ul { margin: 0; padding-inline-start: 1.25em; }
  /* A name wraps at its own punctuation (<wbr>); only a part too long for the line breaks inside. */
  code { font-family: ui-monospace, monospace; overflow-wrap: break-word; }
  .stack { display: none; list-style: none; padding: 0; gap: 12px; }
  .service { padding: 12px 16px; border: 1px solid var(--_border); border-radius: var(--_radius); }
  .name { font-weight: 600; }
  dt { margin-top: 8px; color: var(--_muted); }
  dd { margin: 0; }
  @container (width < 56rem) {
    .scroll { display: none; }
    .stack { display: grid; }
  }
`);
