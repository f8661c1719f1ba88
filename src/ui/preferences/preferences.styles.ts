import { sheet } from '../element.js';

export const preferencesStyles = sheet(`
  dialog {
    width: min(44rem, calc(100vw - 16px)); max-height: calc(100vh - 16px); padding: 0; overflow: auto;
    color: var(--_fg); background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  }
  dialog::backdrop { background: rgb(0 0 0 / 50%); }
  .body { position: relative; display: grid; gap: 16px; padding: 20px; }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding-right: 48px; }
  header h2 { flex: 1 1 12em; }
  header h2:focus { outline: none; }
  .language { border: 2px solid var(--_accent); background: none; color: var(--_accent); }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; }
  .category { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 12px 16px; display: grid; gap: 8px; }
  .row { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
  .row label { font-weight: 600; font-size: 1.125rem; }
  input[type='checkbox'] { width: 28px; height: 28px; margin: 0; accent-color: var(--_accent); flex: none; cursor: pointer; }
  .note { color: var(--_muted); font-size: 0.9375rem; }
  summary { cursor: pointer; min-height: 24px; color: var(--_accent); font-weight: 600; }
  dl { display: grid; grid-template-columns: minmax(8em, auto) 1fr; gap: 4px 12px; margin: 8px 0 0; }
  dt { color: var(--_muted); }
  dd { margin: 0; }
  .service + .service { margin-top: 12px; padding-top: 12px; border-top: 1px solid var(--_border); }
  .service h4 { margin: 0; }
  .status { min-height: 1.5em; }
  @media (max-width: 30rem) {
    dialog { width: 100vw; max-width: 100vw; max-height: 100vh; border-radius: 0; }
    .body { padding: 16px; }
    dl { grid-template-columns: 1fr; }
    dd { margin-bottom: 4px; }
  }
`);
