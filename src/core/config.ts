// The config's public module: its types (from config-types.ts), defaults and validation.
// Validation stays in every build: a config we cannot trust must never open the gate, and the web
// editor needs to know exactly what to fix.
import {
  MAX_CATEGORIES,
  MAX_COOKIE_BYTES,
  MAX_DAYS,
  MAX_ID,
  MAX_NAME,
  MAX_PURPOSE,
  MAX_REVISION,
  MAX_SERVICES,
  MAX_THIRD_PARTIES,
  MAX_URL,
  UNSTORABLE_TEXT,
} from '../receipts/limits.js';
import {
  BANNER_POSITIONS,
  CONSENT_MODE_TYPES,
  DATA_KINDS,
  type Language,
  type LocalizedText,
  type TemoinConfig,
  type ValidConfig,
} from './config-types.js';
import { largestCookie } from './cookie.js';

export { BANNER_POSITIONS, CONSENT_MODE_TYPES, DATA_KINDS } from './config-types.js';
export { resolveLanguage } from './language.js';
export type {
  BannerLayout,
  BannerPosition,
  CategoryConfig,
  ConsentModeType,
  CookieDeclaration,
  DataKind,
  Duration,
  Language,
  LocalizedText,
  ServiceConfig,
  TemoinConfig,
  ValidConfig,
} from './config-types.js';

/**
 * A config that cannot be used, with every problem: in the development build, sentences that say
 * what to write; in the production build, the path of each field in question, and where to read
 * the sentences (they would cost every first visit their bytes).
 */
export class ConfigError extends Error {
  readonly code = 'TEMOIN_ERR_CONFIG';
  constructor(readonly problems: string[]) {
    super(
      `temoin: invalid config${DEV_MODE ? '' : ' (temoin.dev.js or npx temoin check says why)'}:\n- ${problems.join('\n- ')}\n`,
    );
  }
}

type Json = Record<string, unknown>;

/**
 * The config's shape. A string names one or more checks (`url|false`); an array of strings lists
 * the allowed values; `{ '[]': rule }` is an array of items; any other object is a record whose
 * keys ending in `?` are optional. Unknown keys are errors, so a typo never silently drops a rule.
 */
export type Rule = string | readonly string[] | { readonly [key: string]: Rule };

/**
 * A BCP 47 language tag, as far as a config needs (`fr`, `pt-BR`, `zh-Hant-TW`), and as the
 * receipt's schema takes it: a receipt names the language the visitor read.
 */
const isLanguage = (v: unknown): boolean =>
  typeof v == 'string' && v.length <= 35 && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(v);
/** `{ language: value }`, each value passing `valid`. */
const perLanguage = (v: unknown, valid: (value: unknown) => boolean): boolean =>
  typeof v == 'object' &&
  !!v &&
  !Array.isArray(v) &&
  Object.entries(v).every(([k, value]) => isLanguage(k) && valid(value));
const isText = (v: unknown): boolean =>
  typeof v == 'string'
    ? !!v
    : typeof v == 'object' &&
      !!v &&
      !Array.isArray(v) &&
      Object.keys(v).length > 0 &&
      perLanguage(v, (t) => typeof t == 'string' && !!t);
/**
 * http(s), or relative to the page: a link to `javascript:` (in any case, with tabs or spaces the
 * URL parser strips) would run script in the site's origin when the visitor clicks it.
 */
const isUrl = (v: unknown) =>
  typeof v == 'string' && URL.canParse(v, location.href) && /^https?:$/.test(new URL(v, location.href).protocol);
const HOST = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/i;

/** Each check. */
const CHECKS: Record<string, (v: unknown) => boolean> = {
  revision: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_REVISION,
  days: (v) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_DAYS,
  // Finite: JSON's 1e999 parses as Infinity, which JSON.stringify writes back as null.
  duration: (v) => (typeof v == 'number' ? v >= 0 && v < 1 / 0 : isText(v)),
  text: isText,
  purpose: isText,
  prose: isText,
  url: isUrl,
  urls: (v) => isText(v) && typeof v == 'object' && Object.values(v as Json).every(isUrl),
  bool: (v) => typeof v == 'boolean',
  false: (v) => v === false,
  names: (v) => Array.isArray(v) && v.every(isText),
  corner: (v) => v == 'bottom-left' || v == 'bottom-right',
  lang: (v) => v == 'auto' || isLanguage(v),
  strings: (v) =>
    perLanguage(
      v,
      (texts) =>
        typeof texts == 'object' &&
        !!texts &&
        !Array.isArray(texts) &&
        Object.values(texts).every((t) => typeof t == 'string'),
    ),
  id: (v) => typeof v == 'string' && /^[a-z][a-z0-9_-]*$/i.test(v),
  host: (v) => typeof v == 'string' && HOST.test(v.replace(/^\./, '')),
  // A service's `hosts` entry may add a path prefix (core/blocker/host-rule.ts), in plain
  // segments: a `*`, `%` or `.` segment would be taken literally, match nothing and hold nothing.
  hostPath: (v) =>
    typeof v == 'string' &&
    /^[^/]+(\/[\w~!$&'()+,=:@-][\w.~!$&'()+,=:@-]*)*\/?$/.test(v) &&
    HOST.test(v.split('/')[0]!.replace(/^\./, '')),
  cookie: (v) => typeof v == 'string' && /^[!#$%&'*+\-.^_`|~0-9a-z]+$/i.test(v),
  path: (v) => typeof v == 'string' && /^\/[^;\s]*$/.test(v),
  region: (v) => typeof v == 'string' && /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(v),
  seal: (v) => typeof v == 'string' && /^\w+\.\w+\.[\w-]+$/.test(v),
};

/** What each check expects, in words; production messages give only the path. */
const EXPECTED: Record<string, string> = DEV_MODE
  ? {
      revision: `an integer from 0 to ${MAX_REVISION}`,
      days: `a whole number of days from 1 to ${MAX_DAYS}`,
      duration: 'a number of days ≥ 0 or a text',
      text: 'a non-empty string or { "fr": "…", "en": "…" } (any language tag)',
      purpose: 'a non-empty string or { "fr": "…", "en": "…" } (any language tag)',
      prose: 'a non-empty string or { "fr": "…", "en": "…" } (any language tag)',
      url: 'an http(s) or relative URL',
      urls: '{ "fr": URL, "en": URL } of http(s) or relative URLs',
      lang: '"auto" or a language tag such as "fr", "es" or "pt-BR"',
      bool: 'true or false',
      false: 'false',
      names: 'an array of names',
      strings: '{ "es": { "key": "text", … }, … }, by language tag',
      corner: '"bottom-left" or "bottom-right"',
      id: 'an id of letters, digits, - or _, starting with a letter',
      host: 'a host name',
      hostPath: 'a host name, or a host and a path such as www.google.com/maps (no *, % or . segment in the path)',
      cookie: 'a cookie name (use * as a wildcard)',
      path: 'a path starting with /',
      region: 'an ISO 3166 code such as CA-QC',
      seal: 'the seal npx temoin check --seal wrote (remove it, or seal the config again)',
    }
  : {};

/**
 * The most characters (code points, as the collector's schema counts) each check takes: receipts
 * carry these texts. Descriptions (`prose`) and interface strings stay on the page.
 */
const LONGEST: Record<string, number> = {
  id: MAX_ID,
  text: MAX_NAME,
  names: MAX_NAME,
  duration: MAX_NAME,
  purpose: MAX_PURPOSE,
  url: MAX_URL,
  urls: MAX_URL,
};

/** Each string in a value, with its path: a text's languages, a list's items. */
const texts = (v: unknown, path: string): [string, string][] =>
  typeof v == 'string'
    ? [[path, v]]
    : typeof v == 'object' && v
      ? Object.entries(v).flatMap(([k, x]) => texts(x, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`))
      : [];

const SERVICE: Rule = {
  id: 'id',
  name: 'text',
  provider: 'text',
  purpose: 'purpose',
  'data?': { '[]': DATA_KINDS },
  'hosts?': { '[]': 'hostPath' },
  'cookies?': {
    '[]': { name: 'cookie', 'domain?': 'host', 'path?': 'path', 'lifetime?': 'duration', 'description?': 'prose' },
  },
  'retention?': 'duration',
  hostedOutsideQuebec: 'bool',
  'thirdParty?': 'bool|names',
  'privacyUrl?': 'url',
};
export const CONFIG_RULES: Rule = {
  '$schema?': 'url',
  revision: 'revision',
  'lang?': 'lang',
  'policyUrl?': 'url|urls',
  'collector?': 'url',
  'expiresDays?': 'days',
  'controller?': { name: 'text', 'contact?': 'text' },
  'jurisdiction?': 'region',
  categories: {
    '[]': {
      id: 'id',
      'required?': 'bool',
      title: 'text',
      'description?': 'prose',
      'gpc?': ['deny', 'ignore'],
      'consentMode?': { '[]': CONSENT_MODE_TYPES },
      'services?': { '[]': SERVICE },
    },
  },
  'ui?': 'url|false',
  'undeclared?': ['block', 'allow'],
  'reloadOnWithdraw?': 'bool',
  'cookieDomain?': 'host',
  'manageButton?': 'corner|false',
  'layout?': ['bar', 'box'],
  'position?': ['bottom', 'top', 'bottom-left', 'bottom-right', 'middle'],
  'strings?': 'strings',
  'seal?': 'seal',
};

/** Edits between two words: a typo is one or two away from the field it meant. */
const distance = (a: string, b: string): number => {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] == b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
};

/** The known name a typo meant: the nearest, when it is near enough (development build). */
export const nearest = (key: string, known: string[]): string | undefined => {
  const [best] = known
    .map((k) => [k, distance(key.toLowerCase(), k.toLowerCase())] as const)
    .sort((x, y) => x[1] - y[1]);
  return best && best[1] <= Math.max(2, key.length / 3) ? best[0] : undefined;
};

/** The development build's hint for an unknown field: the nearest known one, or the list. */
const suggest = (key: string, rule: Record<string, Rule>): string => {
  const known = Object.keys(rule).map((k) => k.replace('?', ''));
  const best = nearest(key, known);
  if (best) return `; did you mean "${best}"?`;
  // The colours people look for in the config are the page's CSS.
  const look = /colou?r|theme|style|css|font|dark/i.test(key)
    ? '; the look is set in CSS, not in the config: custom properties such as --temoin-accent, --temoin-bg and --temoin-font on :root (README, "Theming")'
    : '';
  return `${look}; known fields: ${known.join(', ')}`;
};

/** What a rule takes, in words, for a missing field (development build). */
export const describeRule = (rule: Rule): string =>
  typeof rule == 'string'
    ? rule
        .split('|')
        .map((n) => EXPECTED[n] ?? n)
        .join(' or ')
    : Array.isArray(rule)
      ? 'one of ' + rule.join(', ')
      : '[]' in rule
        ? 'an array'
        : 'an object';

/** The wrong value itself, after what was expected (development build): a string, number or boolean. */
const given = (v: unknown): string => {
  if (typeof v != 'string' && typeof v != 'number' && typeof v != 'boolean') return '';
  // Cut by code points, never inside a surrogate pair.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points are enough for a hint
  const text = [...(typeof v == 'string' ? JSON.stringify(v) : String(v))];
  return `, not ${text.length > 80 ? text.slice(0, 79).join('') + '…' : text.join('')}`;
};

function check(v: unknown, rule: Rule, path: string, problems: string[]): void {
  const fail = (expected: string, hint = '') =>
    void problems.push(DEV_MODE ? `${path} must be ${expected}${given(v)}${hint}` : path);
  if (typeof rule == 'string') {
    const names = rule.split('|');
    const name = names.find((n) => CHECKS[n]!(v));
    if (!name) return fail(DEV_MODE ? names.map((n) => EXPECTED[n] ?? n).join(' or ') : '');
    for (const [at, text] of texts(v, path)) {
      // A URL goes into the receipt as the page resolves it.
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points are what the schema counts
      const length = name.startsWith('url') ? new URL(text, location.href).href.length : [...text].length;
      const max = LONGEST[name] ?? Infinity;
      if (length > max)
        problems.push(DEV_MODE ? `${at} must be at most ${max} characters long (it has ${length})` : at);
      if (UNSTORABLE_TEXT.test(text)) {
        problems.push(
          DEV_MODE ? `${at} must not contain control characters (but tab and new line) or unpaired surrogates` : at,
        );
      }
    }
  } else if (Array.isArray(rule)) {
    if (!(rule as unknown[]).includes(v)) {
      const meant = DEV_MODE && typeof v == 'string' && nearest(v, rule as string[]);
      fail(DEV_MODE ? 'one of ' + rule.join(', ') : '', meant ? `; did you mean "${meant}"?` : '');
    }
  } else if ('[]' in rule) {
    if (!Array.isArray(v)) fail(DEV_MODE ? 'an array' : '');
    else v.forEach((item, i) => check(item, (rule as Json)['[]'] as Rule, `${path}[${i}]`, problems));
  } else if (typeof v != 'object' || !v || Array.isArray(v)) {
    fail(DEV_MODE ? 'an object' : '');
  } else {
    const at = path ? path + '.' : '';
    for (const key of Object.keys(v)) {
      // Own keys only: `constructor`, `toString` or `__proto__` must not pass as fields.
      if (!(Object.hasOwn(rule, key) || Object.hasOwn(rule, key + '?'))) {
        problems.push(
          DEV_MODE ? `${at}${key} is not a known field${suggest(key, rule as Record<string, Rule>)}` : at + key,
        );
      }
    }
    for (const [key, r] of Object.entries(rule as Record<string, Rule>)) {
      const name = key.replace('?', '');
      const value = (v as Json)[name];
      if (value !== undefined) check(value, r, at + name, problems);
      else if (name == key)
        problems.push(DEV_MODE ? `${at}${name} is missing: it takes ${describeRule(r)}` : at + name);
    }
  }
}

// The checks after the shape step over what is not shaped right (its problem is already named):
// a list that is none walks as empty, an item that is no object is skipped. Only the development
// build needs this; production runs those checks on a config of the right shape alone.
const listed = <T>(v: T[] | undefined): T[] => (DEV_MODE ? (Array.isArray(v) ? v : []) : (v ?? []));
/** Whether to skip a value that should be an object (development build; always false in production). */
const misshapen = (v: unknown): boolean => (DEV_MODE ? typeof v != 'object' || !v : false);

/**
 * Checks a config and fills defaults; throws a ConfigError listing every problem found. `more`
 * adds the checks of a valid config that need other modules (the check path's receipt size).
 */
export function validateConfig(input: unknown, more?: (config: ValidConfig) => string[]): ValidConfig {
  const problems: string[] = [];
  check(input, CONFIG_RULES, '', problems);
  const categories = (input as Partial<TemoinConfig> | null)?.categories;
  // The development build runs the checks after the shape beside the shape's problems too: a typo
  // does not hide a duplicate id.
  const shaped = !problems.length;
  if (DEV_MODE || shaped) {
    // Each id with where it first was, for the development build's message.
    const ids = new Map<string, string>();
    const unique = (id: string, path: string) => {
      if (DEV_MODE && typeof id != 'string') return;
      if (ids.has(id))
        problems.push(
          DEV_MODE ? `${path}.id "${id}" is used twice (first at ${ids.get(id)}): ids must be unique` : path + '.id',
        );
      else ids.set(id, path);
    };
    if ((!DEV_MODE || Array.isArray(categories)) && !categories!.length)
      problems.push(DEV_MODE ? 'categories must not be empty' : 'categories');
    const c = (misshapen(input) ? {} : input) as TemoinConfig;
    // (Strict tests in development only, where the shape may be wrong: a wrong controller or
    // `required` has its own problem already. Production sees only a config of the right shape.)
    if (c.collector && (DEV_MODE ? c.controller === undefined : !c.controller)) {
      problems.push(
        DEV_MODE
          ? 'controller is missing: receipts sent to the collector must name who controls the data'
          : 'controller',
      );
    }
    // A position the layout does not take falls back to the layout's first: a development error
    // only, since it costs no safety.
    if (DEV_MODE && shaped && c.position) {
      const layout = c.layout ?? 'bar';
      const positions: readonly string[] = BANNER_POSITIONS[layout];
      const other = layout == 'box' ? 'bar' : 'box';
      if (!positions.includes(c.position)) {
        problems.push(
          `position "${c.position}" does not fit the ${layout} layout, which takes ${positions.map((p) => `"${p}"`).join(', ')}: ` +
            `use one of those, or "layout": "${other}" for a ${other} at "${c.position}"`,
        );
      }
    }
    // The collector refuses a receipt with more purposes, services or third parties.
    const most = (list: unknown[] | undefined, max: number, path: string) =>
      (list?.length ?? 0) > max &&
      problems.push(DEV_MODE ? `${path} must list at most ${max} entries (it has ${list!.length})` : path);
    most(listed(categories), MAX_CATEGORIES, 'categories');
    listed(categories).forEach((cat, i) => {
      if (misshapen(cat)) return;
      const at = `categories[${i}]`;
      unique(cat.id, at);
      if ((DEV_MODE ? cat.required === true : cat.required) && cat.gpc == 'deny')
        problems.push(DEV_MODE ? `${at}.gpc cannot be "deny" on a required category` : at + '.gpc');
      most(listed(cat.services), MAX_SERVICES, at + '.services');
      listed(cat.services).forEach((s, j) => {
        if (misshapen(s)) return;
        unique(s.id, `${at}.services[${j}]`);
        if (Array.isArray(s.thirdParty)) most(s.thirdParty, MAX_THIRD_PARTIES, `${at}.services[${j}].thirdParty`);
        const data = listed(s.data);
        const twice = data.find((d, k) => (!DEV_MODE || typeof d == 'string') && data.indexOf(d) != k);
        if (twice)
          problems.push(DEV_MODE ? `${at}.services[${j}].data lists "${twice}" twice` : `${at}.services[${j}].data`);
      });
    });
  }
  // Sizes last, from a config whose every field is right.
  const valid = !problems.length && normalizeConfig(input as TemoinConfig);
  if (valid) {
    const cookie = largestCookie(valid);
    if (cookie > MAX_COOKIE_BYTES) {
      problems.push(
        DEV_MODE
          ? `categories: the temoin cookie could take ${cookie} bytes, over the ${MAX_COOKIE_BYTES} a browser keeps; use fewer categories or services, or shorter ids`
          : 'categories',
      );
    }
    problems.push(...(more?.(valid) ?? []));
  }
  if (!valid || problems.length) throw new ConfigError(problems);
  return valid;
}

/** Whether a config names a service template: those are expanded in the check path. */
export const usesTemplates = (input: unknown): boolean =>
  (input as { categories?: unknown } | null)?.categories instanceof Array &&
  (input as { categories: unknown[] }).categories.some(
    (c) =>
      (c as { services?: unknown } | null)?.services instanceof Array &&
      (c as { services: unknown[] }).services.some((s) => typeof s == 'object' && !!s && 'template' in s),
  );

/**
 * Fills the defaults of a config that is known to be valid, without its seal: a config is the same,
 * and has the same hash in receipts, sealed or not.
 */
export function normalizeConfig({ seal: _, ...valid }: TemoinConfig): ValidConfig {
  return {
    ...valid,
    lang: valid.lang ?? 'auto',
    expiresDays: valid.expiresDays ?? 365,
    reloadOnWithdraw: valid.reloadOnWithdraw ?? true,
    categories: valid.categories.map((cat) => ({ ...cat, services: cat.services ?? [] })),
  };
}

/**
 * Picks the text for a language: its own, its primary language's (`pt` for `pt-BR`), English, or
 * the first there is.
 */
export function localize(text: LocalizedText | undefined, lang: Language): string {
  if (typeof text != 'object') return text ?? '';
  return text[lang] ?? text[lang.split('-')[0]!] ?? text.en ?? Object.values(text)[0] ?? '';
}
