import { sheet } from '../element.js';

export const preferencesStyles = sheet(`
  dialog {
    width: min(44rem, calc(100vw - 16px)); max-height: calc(100dvh - 16px); padding: 0; overflow: auto;
    color: var(--_fg); background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  }
  dialog::backdrop { background: rgb(0 0 0 / 50%); }
  /* The header (title, language, and the close button in its corner, in the room its padding keeps)
     stays; the body under it scrolls, clipped at its top: nothing ever passes under the close
     button, on a phone as on a long list of services. Under 20rem tall (400 % zoom) the whole
     dialog scrolls: a fixed header would leave the content too little room. No padding at the
     body's foot, where the actions sit: a sticky box keeps clear of its scroller's padding. */
  .body { display: grid; gap: 16px; padding: 16px 20px 0; }
  .header > .close { right: 16px; }
  .header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 20px 68px 16px 20px; border-bottom: 1px solid var(--_border); }
  /* The language switch beside a title of two lines on a phone: the header stays two lines high. */
  .header h2 { flex: 1 1 7.5em; }
  .header h2:focus { outline: none; }
  .language { border: 2px solid var(--_accent); background: none; color: var(--_accent); }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; }
  .category { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 12px 16px; display: grid; gap: 8px; }
  .row { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
  .row h3 { font-weight: 600; font-size: 1.125em; }
  /* A switch: the track outlined in the border colour, the thumb on the left when off; filled with
     the accent, thumb on the right, when on. Every part is 3:1 against what it touches (1.4.11). */
  .switch { position: relative; flex: none; width: 56px; min-width: 0; min-height: 0; height: 32px; padding: 0;
    border: 2px solid var(--_border); border-radius: 16px; background: var(--_bg); }
  .switch::before { content: ''; position: absolute; top: 4px; left: 4px; width: 20px; height: 20px; border-radius: 50%; background: var(--_border); }
  .switch[aria-checked='true'] { border-color: var(--_accent); background: var(--_accent); }
  .switch[aria-checked='true']::before { transform: translateX(24px); background: var(--_on-accent); }
  /* Some of the category's services: no thumb, neither on nor off, but a bar across the middle of
     the track, as a checkbox's dash, in the accent colour; the count beside it says how many. */
  .switch[aria-checked='mixed'] { border-color: var(--_accent); }
  .switch[aria-checked='mixed']::before { top: 12px; left: 12px; width: 28px; height: 4px; border-radius: 2px; background: var(--_accent); }
  .some { margin-left: auto; color: var(--_accent); font-size: .875em; font-weight: 600; text-align: end; }
  .switch[aria-disabled='true'] { cursor: not-allowed; }
  .switch svg { position: absolute; top: 8px; left: 32px; width: 12px; height: 12px; fill: var(--_accent); }
  @media (prefers-reduced-motion: no-preference) { .switch::before { transition: transform 0.15s; } }
  .note { color: var(--_muted); font-size: 0.9375em; }
  summary { cursor: pointer; min-height: 24px; color: var(--_accent); font-weight: 600; }
  dl { display: grid; grid-template-columns: minmax(8em, auto) 1fr; gap: 4px 12px; margin: 8px 0 0; }
  dt { color: var(--_muted); }
  dd { margin: 0; }
  .service + .service { margin-top: 12px; padding-top: 12px; border-top: 1px solid var(--_border); }
  .service h4 { margin: 0; }
  /* The three choices stay at the dialog's foot while the rest scrolls under them, above a rule; a
     focused control scrolls clear of their two rows at most (8em: 7.6em and the outline, 2.4.11).
     Accept and reject side by side, of one size; save, the longest words, below them when the three
     do not fit in a row. A screen under 20rem tall (zoomed to 400 %) keeps them in the flow: it has
     no room to spare. */
  .actions { margin: 0 -20px; padding: 12px 20px; background: var(--_bg); border-top: 1px solid var(--_border); }
  .action { padding: 8px; }
  .action:not(:last-child) { flex-basis: 8.5em; }
  @media (min-height: 20rem) {
    dialog[open] { display: flex; flex-direction: column; }
    .body { overflow: auto; scroll-padding-bottom: 8em; }
    .actions { position: sticky; bottom: 0; }
  }
  @media (max-width: 30rem) {
    dialog { width: 100vw; max-width: 100vw; max-height: 100dvh; border-radius: 0; }
    .header { padding: 16px 64px 16px 16px; }
    .body { padding: 16px 16px 0; }
    .actions { margin: 0 -16px; padding: 8px 16px; }
    dl { grid-template-columns: 1fr; }
    /* The count on a line of its own, under the title and the switch: the title keeps its width. */
    .row { flex-wrap: wrap; }
    .row h3 { flex: 1; }
    .some { order: 1; flex-basis: 100%; text-align: start; }
    dd { margin-bottom: 4px; }
  }
`);
