// Which scripts the parser runs in document order, each waiting for the one before it: those the
// blocker releases in that order, and those it holds behind a script held before them.

/**
 * Category of the parser's scripts held behind one held until the config is known (a CDN's
 * library, say): each would run before the one it may need. They run in document order once the
 * config's answer on those before them is in, whatever it is: a config that fails keeps those
 * before them held, not the site's own scripts after them.
 */
export const BEHIND = '<';

/**
 * Whether the browser runs `script` in order: not `async`, and of a type it runs. It runs the HTML
 * spec's JavaScript MIME types and `module`, any case, but not `nomodule` where modules run (every
 * browser Témoin supports). A module marked `nomodule`, or a type with spaces around it, which
 * Chromium still runs, runs out of order. Without a type, a `language` names it (`text/` and the
 * language).
 */
export function runsInOrder(script: HTMLScriptElement): boolean {
  const language = script.getAttribute('language');
  return (
    !script.hasAttribute('async') &&
    !script.noModule &&
    /^(module|(text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript)|)$/i.test(
      script.hasAttribute('type') || !language ? script.type : 'text/' + language,
    )
  );
}
