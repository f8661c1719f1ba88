// `temoin check`: a config file, or a page (URL or HTML file) with its config and its marked
// markup, checked as the browser's development build would, before a visitor meets the mistake.
import './dev-mode.js';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { usesTemplates, type ValidConfig } from '../core/config.js';
import { TEMPLATES } from '../templates/catalog.js';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EDITABLE, noConfigYet, sealCommand, staleSeal } from './editable.js';
import { jsonErrorOffset, lineAndColumn, type TextStart } from './json-error.js';
import { located } from './locate.js';
import { readPage, siteOrigin, type ConfigSource, type MarkedElement, type PageFacts } from './page.js';
import { orderProblems } from './script-order.js';
import { checkVersion, SEAL_BASE, sealMatches, sealed, servedForm } from './seal.js';
import { drawnPluginNotes } from './drawn-plugins.js';
import { stringProblems } from './strings.js';
import { markedContentProblems, serviceLabel, unmarkedProblems } from './unmarked.js';
import { validateWithDevMessages } from './validate.js';

export interface CheckReport {
  /** What was checked, for the first line. */
  target: string;
  /** Where the config came from. */
  configFrom: string | null;
  problems: string[];
  /** Said but not wrong: what was found, for a person reading along. */
  notes: string[];
}

/** A target `temoin check` cannot read at all (exit 2, not 1). */
export class CheckError extends Error {}

const isWebUrl = (target: string) => /^https?:\/\//i.test(target);

/** A file's or a URL's text, and the URL it came from once redirects are followed. */
async function fetched(url: URL): Promise<{ text: string; at: URL }> {
  if (url.protocol == 'file:') {
    try {
      return { text: await readFile(url, 'utf8'), at: url };
    } catch (e) {
      throw new CheckError(
        `cannot read ${url.pathname}: ${(e as NodeJS.ErrnoException).code == 'ENOENT' ? 'no such file' : (e as Error).message}`,
      );
    }
  }
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    throw new CheckError(
      `cannot fetch ${url.href}: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`,
    );
  }
  if (!response.ok) throw new CheckError(`cannot fetch ${url.href}: HTTP ${response.status}`);
  return { text: await response.text(), at: new URL(response.url || url) };
}

const load = (url: URL) => fetched(url).then(({ text }) => text);

/** Parses JSON, naming the line and column of a syntax error. */
function parseJson(text: string, where: string, start?: TextStart): { value?: unknown; problem?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const offset = jsonErrorOffset(text);
    const found = offset >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(text[offset])}`;
    return {
      problem:
        offset < 0
          ? `${where} is not valid JSON: ${(e as Error).message}`
          : `${where} is not valid JSON at ${lineAndColumn(text, offset, start)}: ${found}`,
    };
  }
}

/** A config's text parsed and validated: its problems, or the config (and `expanded`, what a seal is made over). */
async function validateText(text: string, where: string, base: string, start?: TextStart) {
  const parsed = parseJson(text, where, start);
  if (parsed.problem) return { input: undefined, problems: [parsed.problem], config: null };
  const checked = await validateWithDevMessages(parsed.value, base);
  const problems = located(text, checked.config ? stringProblems(checked.config) : checked.problems, start);
  return { ...checked, input: parsed.value, problems };
}

/**
 * A valid config's seal, when it has one: a note when it matches this package's browser files, a
 * problem when it does not (the production script then validates the config on every first visit).
 * `file` is the config's own file, when it is one.
 */
async function sealFindings(input: { seal?: unknown }, where: string, file?: string) {
  if (input.seal === undefined) return { problems: [], notes: [] };
  if (sealMatches(input, await checkVersion())) {
    return { problems: [], notes: ['sealed for this release: the production script starts without validating it'] };
  }
  return {
    problems: [
      `${where}: its seal was made for another text or another Témoin release, so the production script validates it on each first visit (it downloads temoin-check.js); run npx temoin check <your config> --seal ${file ?? '<the file you serve>'} again, or remove "seal"`,
    ],
    notes: [],
  };
}

/** What of a valid config's own text the findings below read. */
type ConfigInput = {
  seal?: unknown;
  categories?: { services?: { template?: unknown; id?: unknown; thirdParty?: unknown }[] }[];
};

/** A service of the config as every message names it: its id, with its name where they differ. */
const labelIn = (config: ValidConfig) => (id: unknown) =>
  serviceLabel(config.categories.flatMap((c) => c.services).find((s) => s.id == id) ?? { id: String(id) });

/**
 * A tag manager's container loads the tags set in it, which no file shows: each must be a service
 * of its own, or Témoin holds none of them (a config with Google Tag Manager alone passes).
 */
function containerNotes(input: ConfigInput, config: ValidConfig): string[] {
  const services = (input.categories ?? []).flatMap((c) => c.services ?? []);
  const label = labelIn(config);
  // The tags it may set that the config declares already: a tracker's template, or a service of its own.
  const kind = (s: { template?: unknown }) => TEMPLATES[String(s.template)]?.kind;
  const tags = services
    .filter((s) => s.template === undefined || kind(s) == 'analytics' || kind(s) == 'marketing')
    .filter((s) => s.template != 'google-tag-manager')
    .map((s) => label(s.id));
  const declared = tags.length ? ` (the config declares ${tags.join(', ')}: any other)` : '';
  return services
    .filter((s) => s.template == 'google-tag-manager')
    .map(
      (s) =>
        `${label(s.id)} loads the tags set in its container, which this check cannot see: declare each (Google Analytics 4, Google Ads, Meta Pixel…)${declared} as a service of its own, or it is not held (or, in strict mode, never loads); npx temoin scan <your site> lists what it loads`,
    );
}

/**
 * A service written by hand that says nothing of `thirdParty`: the preference center, the cookie
 * declaration and its receipts then say it shares nothing with third parties, which the editor
 * never said (a template says it for its vendor).
 */
const unsaidNotes = (input: ConfigInput, config: ValidConfig): string[] =>
  (input.categories ?? [])
    .flatMap((c) => c.services ?? [])
    .filter((s) => s.template === undefined && s.thirdParty === undefined)
    .map(
      (s) =>
        `${labelIn(config)(s.id)} says nothing of thirdParty, so visitors are told it shares nothing with third parties («\u00a0Communication à des tiers\u00a0: Non\u00a0», "Shared with third parties: No") and its receipts record false: give "thirdParty": true, false, or the names of those who receive its data`,
    );

async function checkConfigText(text: string, where: string, base: string, start?: TextStart, file?: string) {
  const checked = await validateText(text, where, base, start);
  if (!checked.config) return { ...checked, notes: [] };
  const input = checked.input as ConfigInput;
  const seal = await sealFindings(input, where, file);
  return {
    ...checked,
    problems: [...checked.problems, ...seal.problems],
    notes: [...containerNotes(input, checked.config), ...unsaidNotes(input, checked.config), ...seal.notes],
  };
}

/** Markup naming a category or service the config does not have: it would stay blocked for good. */
function markupProblems(
  marked: MarkedElement[],
  categories: { id: string; services: { id: string }[] }[],
  where: string,
): string[] {
  const categoryIds = categories.map((c) => c.id);
  const serviceIds = categories.flatMap((c) => c.services.map((s) => s.id));
  const problems: string[] = [];
  for (const el of marked) {
    if (el.category !== undefined && !categoryIds.includes(el.category)) {
      problems.push(
        `${where}:${el.line}: data-category="${el.category}" is not a category of the config, so ${el.markup} stays blocked for good; known: ${categoryIds.join(', ')}`,
      );
    }
    if (el.service !== undefined && !serviceIds.includes(el.service)) {
      problems.push(
        `${where}:${el.line}: data-service="${el.service}" is not a service of the config (${el.markup}); known: ${serviceIds.join(', ') || 'none'}`,
      );
    }
  }
  return problems;
}

/**
 * What a page's markup gets wrong against its valid config (none to judge against when invalid):
 * marked elements, then unmarked ones; `unmarked` counts the latter's problems.
 */
function markupFindings(page: PageFacts, config: ValidConfig | null, at: URL, where: string, site: URL | undefined) {
  if (!config) return { problems: [], notes: [], unmarked: 0 };
  const unmarked = unmarkedProblems(page.unmarked, config, at, where, { site, sdkVersion: page.sdkVersion });
  const content = markedContentProblems(page.marked, config, at, where, page.sdkVersion);
  return {
    problems: [...markupProblems(page.marked, config.categories, where), ...content.problems, ...unmarked.problems],
    notes: [...unmarked.notes, ...content.notes],
    unmarked: unmarked.problems.length,
  };
}

/** A config a page names that cannot be read: where the path came from, and for a file, where it was looked for. */
const fromPage = (ref: string, target: string, root: string | undefined, file?: string) => (e: unknown) => {
  if (!(e instanceof CheckError)) throw e;
  const underRoot = !isWebUrl(target) && ref.startsWith('/') && !ref.startsWith('//');
  const under = !underRoot ? '' : `, under ${root ?? dirname(target)} (--root names the site's folder)`;
  // Not sealed yet, as the steps of `temoin assets` go.
  const write = file && e.message.endsWith('no such file') ? `; seal your config into it: ${sealCommand(file)}` : '';
  throw new CheckError(`${e.message} (the page's data-config="${ref}"${under})${write}`);
};

/**
 * A sealed config file's text checked, and named when it is not what sealing the editor's config
 * now writes: the page does not load what the editor wrote. Checked alone or through its page.
 */
async function sealedFileChecked(text: string, file: string | undefined, where: string, base: string) {
  const checked = await checkConfigText(text, where, base, undefined, file);
  if (file && (checked.input as ConfigInput | undefined)?.seal !== undefined)
    checked.problems.unshift(...(await staleSeal(file, checked.input as object)));
  return checked;
}

/**
 * The config a page loads from `url`, checked; `failed` says, of the file when it is one, why it
 * could not be read.
 */
async function servedConfig(url: URL, from: string, base: string, failed: (file?: string) => (e: unknown) => never) {
  const file = url.protocol == 'file:' ? localPath(url) : undefined;
  return sealedFileChecked(await load(url).catch(failed(file)), file, from, base);
}

/** A page file's config is a file too: named by its path, as the editor would open it. */
function localPath(url: URL): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    // Not a file on this machine (a file: URL with a host, an encoded slash): reading it says why.
    return undefined;
  }
}

const describeSource = (source: ConfigSource, where: string) =>
  source.kind == 'url'
    ? source.url
    : `${where}:${source.line} (${source.kind == 'inline' ? 'the data-config attribute' : '<script id="temoin-config">'})`;

/** A page whose Témoin script has no config: that, and where the script stands. */
const withoutConfig = (where: string, order: { problems: string[]; notes: string[] }): CheckReport => ({
  target: where,
  configFrom: null,
  notes: order.notes,
  problems: [
    `${where}: the Témoin script has no config: give it data-config (a URL or inline JSON) or add <script type="application/json" id="temoin-config">`,
    ...order.problems,
  ],
});

/**
 * The origin a page is served from, which Témoin never holds: `--origin`, else for a file the
 * one its markup states, else a live page's own (after redirects); with a note saying which.
 */
function siteOf(page: URL, given: string | undefined, stated: PageFacts['origin']) {
  if (given)
    return { site: new URL(given), note: `origin ${siteOrigin(given)} (--origin): its URLs are the site's own` };
  if (page.protocol != 'file:') return { site: page, note: null };
  return stated
    ? {
        site: new URL(stated.origin),
        note: `origin ${stated.origin} (the page's ${stated.from}; --origin gives another): its URLs are the site's own`,
      }
    : {
        site: undefined,
        note: 'origin unknown: the page states none (<link rel="canonical">, og:url, <base href>), so its own absolute URLs are judged as another site\'s; --origin https://… gives it',
      };
}

/**
 * A config file that does not exist, as in a folder where nothing is set up yet: the steps that
 * make one, not just "no such file".
 */
const startFrom = (target: string) => (e: unknown) => {
  if (e instanceof CheckError && /\.json$/i.test(target) && !isWebUrl(target) && e.message.endsWith('no such file'))
    throw new CheckError(noConfigYet(target));
  throw e;
};

/** What `temoin check` without a target checks: the editor's config in the folder it runs in, as the steps name it. */
export const DEFAULT_TARGET = `./${EDITABLE}`;

/**
 * Checks a config file (`.json`), or a page given by URL or as an HTML file. A file's
 * root-relative URLs (`/temoin/config.json`) are read from `root`, by default its own folder;
 * `origin`, the site's address, is where the page is served from (siteOf).
 */
export async function check(
  target: string,
  { root, origin }: { root?: string; origin?: string } = {},
): Promise<CheckReport> {
  if (origin !== undefined && !siteOrigin(origin))
    throw new CheckError(`--origin takes the site's address, such as https://www.ville.example, not "${origin}"`);
  const url = isWebUrl(target) ? new URL(target) : pathToFileURL(target);
  const siteRoot = pathToFileURL((root ?? dirname(target)) + '/');
  const where = isWebUrl(target) ? url.href : target;
  const { text, at } = await fetched(url).catch(startFrom(target));
  // A config file, by name or, for a URL, by content.
  if (isWebUrl(target) ? /^\s*{/.test(text) : /\.json$/i.test(target)) {
    const file = isWebUrl(target) ? undefined : target;
    const { problems, notes } = await sealedFileChecked(text, file, where, 'https://www.example.org/');
    return { target: where, configFrom: where, problems, notes };
  }
  const page = readPage(text, at.href);
  // A live page's URLs resolve as the browser's do: against where it landed, redirects followed, or
  // a <base href> before the Témoin script.
  const resolve = (ref: string) =>
    isWebUrl(target) || !ref.startsWith('/') || ref.startsWith('//')
      ? new URL(ref, page.base)
      : new URL('.' + ref, siteRoot);
  if (!page.script) {
    return {
      target: where,
      configFrom: null,
      notes: [],
      problems: [
        `${where}: no Témoin script found; put <script src="/temoin/temoin.js" data-config="/temoin/config.json"></script> first in <head> (npx temoin assets writes the files)`,
      ],
    };
  }
  // Said whatever the config: where the tag stands matters as much as what it loads.
  const order = orderProblems(page.tag!, page.before, where);
  if (!page.config) return withoutConfig(where, order);
  const source = page.config;
  const configUrl = source.kind == 'url' && URL.canParse(source.url) ? resolve(source.ref) : null;
  const from = (!isWebUrl(target) && configUrl && localPath(configUrl)) || describeSource(source, where);
  // A page's relative URLs resolve against the page; a file's against a stand-in https origin.
  const base = isWebUrl(target) ? at.href : 'https://www.example.org/';
  // A live page's config is fetched over http(s) only: a page must not make check read this
  // machine's files (file:) or anything but the web.
  let checked: Awaited<ReturnType<typeof checkConfigText>>;
  if (source.kind == 'url') {
    if (!configUrl || (isWebUrl(target) && !/^https?:$/.test(configUrl.protocol))) {
      return {
        target: where,
        configFrom: from,
        notes: [],
        problems: [
          `${where}:${source.line}: data-config="${source.ref}" is not an http(s) or relative URL`,
          ...order.problems,
        ],
      };
    }
    checked = await servedConfig(configUrl, from, base, (file) => fromPage(source.ref, target, root, file));
  } else {
    checked = await checkConfigText(source.text, from, base, source.start);
  }
  const { problems, config } = checked;
  const { site, note } = siteOf(at, origin, page.origin);
  const markup = markupFindings(page, config, at, where, site);
  const marked = `${page.marked.length} marked element${page.marked.length == 1 ? '' : 's'}`;
  const notes = [
    `script ${page.script}`,
    `config from ${from}`,
    // Markup is checked against the config's categories and services: an invalid config has none.
    config || !page.marked.length ? marked : `${marked}, checked once the config is valid`,
    // An unknown origin matters only to the tags named unmarked: one may be the site's own.
    ...(note && (site || markup.unmarked) ? [note] : []),
    ...checked.notes,
    ...order.notes,
    ...markup.notes,
    ...(config ? drawnPluginNotes(page.drawn, config, where) : []),
  ];
  return {
    target: where,
    configFrom: from,
    notes,
    problems: [...order.problems, ...problems, ...markup.problems],
  };
}

/** Whether the file at `path` is a config that names templates (one a person wrote, never a sealed one). */
const namesTemplates = (path: string) =>
  readFile(path, 'utf8').then(
    (text) => usesTemplates(JSON.parse(text)),
    () => false,
  );

/** Writes `text` to `path` whole or not at all: a server may be serving the file meanwhile. */
async function writeWhole(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    // Its folder missing: the steps' order skipped (`temoin assets` makes it), not a disk's failure.
    if ((e as NodeJS.ErrnoException).code == 'ENOENT')
      throw new CheckError(
        `cannot write ${path}: its folder ${dirname(path)} does not exist; run npx temoin assets ${dirname(path)} first (it copies the browser files there), or create it`,
      );
    throw new CheckError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/**
 * `temoin check config.json --seal sealed.json`: checks the config file and, when it has no
 * problem, writes it to `out` with its templates expanded and a seal of its own (seal.ts). Nothing
 * is written when it has a problem. Throws a CheckError when the file cannot be read or written.
 */
export async function sealConfigFile(target: string, out: string): Promise<CheckReport> {
  if (isWebUrl(target) || !/\.json$/i.test(target)) {
    throw new CheckError(`--seal takes a config file (.json), not ${target}: seal the config the page loads`);
  }
  const source = await load(pathToFileURL(target)).catch(startFrom(target));
  const checked = await validateText(source, target, SEAL_BASE);
  const report = { target, configFrom: target, problems: checked.problems, notes: [] as string[] };
  if (checked.problems.length || !checked.expanded) return report;
  if (await namesTemplates(out)) {
    throw new CheckError(
      `--seal ${out} would write over a config that names templates, and lose their names: keep the config you write apart (say temoin.config.json, as npx temoin assets says) and seal it into the file you serve`,
    );
  }
  const text = sealed(servedForm(checked.expanded), await checkVersion());
  // The browser trusts the text as written: it is validated again as the browser would read it.
  const written = await validateText(text, out, SEAL_BASE);
  if (written.problems.length) return { ...report, problems: written.problems };
  await writeWhole(out, text);
  report.notes.push(
    `sealed: wrote ${out} (${Buffer.byteLength(text)} bytes) from ${target}: serve it, and seal again after each change to ${target} or Témoin update`,
  );
  return report;
}

/**
 * A config file read and validated as `temoin check` reads it: the valid config, or its problems
 * (a seal gone stale aside: the config is no less valid). Throws a CheckError when the file cannot
 * be read.
 */
export async function readConfigFile(path: string): Promise<{ problems: string[]; config: ValidConfig | null }> {
  return validateText(await load(pathToFileURL(path)), path, 'https://www.example.org/');
}
