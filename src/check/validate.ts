// The SDK's own validator, run in Node with the development build's messages: the same code the
// browser runs, so `temoin check` and a visitor's browser can never disagree.
import './dev-mode.js';
import type { ValidConfig } from '../core/config.js';

type Validator = typeof import('../core/config.js');

let modules:
  Promise<[Validator, typeof import('../templates/expand.js'), typeof import('../receipts/size.js')]> | undefined;

/** The validator, loaded on first use: `temoin check` alone needs it. */
function load() {
  return (modules ??= Promise.all([
    import('../core/config.js'),
    import('../templates/expand.js'),
    import('../receipts/size.js'),
  ]));
}

/**
 * Problems of a config as the browser would report them, and the config when it is valid (with
 * `expanded`, the input with its templates expanded: what a seal is made over).
 */
export async function validateWithDevMessages(
  input: unknown,
  base: string,
): Promise<{ problems: string[]; config: ValidConfig | null; expanded?: object }> {
  const [{ ConfigError, usesTemplates, validateConfig }, { expandTemplates }, { receiptProblems }] = await load();
  // Relative URLs in the config resolve against the page, as in the browser.
  Object.defineProperty(globalThis, 'location', { value: new URL(base), configurable: true, writable: true });
  try {
    const expanded = (usesTemplates(input) ? expandTemplates(input) : input) as object;
    const config = validateConfig(expanded, receiptProblems);
    return { problems: [], config, expanded };
  } catch (e) {
    if (e instanceof ConfigError) return { problems: e.problems, config: null };
    throw e;
  }
}
