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
  const problemsOf = (config: unknown): string[] => {
    try {
      validateConfig(usesTemplates(config) ? expandTemplates(config) : config, receiptProblems);
      return [];
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
  };
  try {
    const expanded = (usesTemplates(input) ? expandTemplates(input) : input) as object;
    const config = validateConfig(expanded, receiptProblems);
    return { problems: [], config, expanded };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const unknown = unknownTemplates(e.problems);
    const others = unknown.length ? otherProblems(problemsOf(withoutTemplates(input, unknown)), unknown) : [];
    return { problems: [...e.problems, ...others], config: null };
  }
}

/** Where the services whose template is unknown are (`categories[0].services[1]`), from the expansion's problems. */
const unknownTemplates = (problems: string[]) =>
  problems.flatMap((problem) => /^(categories\[\d+\]\.services\[\d+\])\.template /.exec(problem)?.[1] ?? []);

/**
 * The config with those services' `template` taken out, so that it can be validated for the
 * problems an unknown template must not hide.
 */
function withoutTemplates(input: unknown, unknown: string[]): unknown {
  const copy = structuredClone(input) as { categories: { services: Record<string, unknown>[] }[] };
  for (const path of unknown) {
    const [, i, j] = /(\d+)\D+(\d+)/.exec(path)!;
    delete copy.categories[Number(i)]!.services[Number(j)]!.template;
  }
  return copy;
}

/** Problems not about those services: their template would have given the fields found missing. */
const otherProblems = (problems: string[], unknown: string[]) =>
  problems.filter(
    (problem) => !unknown.some((path) => problem.startsWith(`${path}.`) || problem.startsWith(`${path} `)),
  );
