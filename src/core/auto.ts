// The classic `<script src="temoin.js" data-config="…">` put first in <head>: reads the config
// from the tag (inline JSON or a URL) or from <script type="application/json" id="temoin-config">,
// and exposes the API as `window.temoin`.
import { createTemoin } from './temoin.js';
import type { CheckPath, ConfigSource, DurablePath, WritePath } from './types.js';

if (window.temoin) {
  console.warn('temoin: loaded twice' + (DEV_MODE ? '; the first script stays in force' : ''));
} else {
  const script = document.currentScript as HTMLScriptElement | null;
  const inline = () => document.getElementById('temoin-config')?.textContent ?? null;
  // A JSON config placed after this tag is read once the parser has reached it.
  const source: ConfigSource | null | Promise<ConfigSource | null> =
    script?.dataset.config ??
    inline() ??
    (document.readyState == 'loading'
      ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(inline())))
      : null);
  const base = script?.src || document.baseURI;
  /** A module beside this script, `temoin-<name>.js` (`.dev.js` in development), imported on call. */
  const beside =
    <T>(name: string) =>
    () =>
      import(new URL(`temoin-${name}${DEV_MODE ? '.dev' : ''}.js`, base).href) as Promise<T>;
  window.temoin = createTemoin(source, {
    _base: base,
    // The check and write paths are separate ES modules beside this script, imported on first need.
    _check: beside<CheckPath>('check'),
    _durable: beside<DurablePath>('durable'),
    _decisions: beside<WritePath>('decisions'),
  });
}
