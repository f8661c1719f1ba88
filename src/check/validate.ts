// The SDK's own validator, run in Node with the development build's messages: the same code the
// browser runs, so `temoin check` and a visitor's browser can never disagree.
import './dev-mode.js';
import type { ValidConfig } from '../core/config.js';

type Validator = typeof import('../core/config.js');
type Json = Record<string, unknown>;

let modules:
  | Promise<
      [
        Validator,
        typeof import('../templates/expand.js'),
        typeof import('../receipts/size.js'),
        typeof import('../templates/catalog.js'),
      ]
    >
  | undefined;

/** The validator, loaded on first use: `temoin check` alone needs it. */
function load() {
  return (modules ??= Promise.all([
    import('../core/config.js'),
    import('../templates/expand.js'),
    import('../receipts/size.js'),
    import('../templates/catalog.js'),
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
    if (!(e instanceof ConfigError)) throw e;
    return { problems: [...e.problems, ...besideUnknownTemplates(input, await load())], config: null };
  }
}

/**
 * The config's other problems, which an unknown template must not hide: the config validated
 * again with a known template in its place, without what is said about those services or the
 * receipt's size (both the stand-in's).
 */
function besideUnknownTemplates(
  input: unknown,
  [{ ConfigError, validateConfig }, { expandTemplates }, , { TEMPLATES }]: Awaited<ReturnType<typeof load>>,
): string[] {
  const unknownAt = unknownTemplates(input, TEMPLATES);
  if (!unknownAt.length) return [];
  try {
    validateConfig(expandTemplates(withTemplate(input, unknownAt, Object.keys(TEMPLATES)[0]!)));
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.filter((problem) => !unknownAt.some(({ path }) => aboutService(problem, path)));
  }
}

interface ServiceAt {
  category: number;
  service: number;
  /** As problems name it: `categories[0].services[1]`. */
  path: string;
}

/** Where the services naming a template the catalog does not have are. */
function unknownTemplates(input: unknown, templates: object): ServiceAt[] {
  const categories = (input as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(categories)) return [];
  return categories.flatMap((category: unknown, i) => {
    const services = (category as { services?: unknown } | null)?.services;
    if (!Array.isArray(services)) return [];
    return services.flatMap((service: unknown, j) => {
      const template = (service as Json | null)?.template;
      const known = typeof template == 'string' && Object.hasOwn(templates, template);
      return template === undefined || known
        ? []
        : [{ category: i, service: j, path: `categories[${i}].services[${j}]` }];
    });
  });
}

/** The config with `template` as the template of those services. */
function withTemplate(input: unknown, at: ServiceAt[], template: string): unknown {
  const copy = structuredClone(input) as { categories: { services: Json[] }[] };
  for (const { category, service } of at) copy.categories[category]!.services[service]!.template = template;
  return copy;
}

/** Whether a problem is about the service at `path` (`categories[0].services[1]`, not `…services[10]`). */
const aboutService = (problem: string, path: string) =>
  problem.startsWith(`${path}.`) || problem.startsWith(`${path} `);
