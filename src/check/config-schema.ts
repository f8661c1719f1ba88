// The config's JSON Schema, made from the validator's own rule table (CONFIG_RULES), so an
// editor's editor completes and checks the same fields the SDK does. `npm run schema` writes it to
// src/core/config.schema.json; a test fails when that file and this output differ. The validator
// stays the authority: a schema cannot say "ids are unique" or "the receipt fits in 64 KB".
import './dev-mode.js';
import { BANNER_POSITIONS, CONFIG_RULES, type Rule } from '../core/config.js';
import {
  MAX_CATEGORIES,
  MAX_DAYS,
  MAX_ID,
  MAX_NAME,
  MAX_PURPOSE,
  MAX_REVISION,
  MAX_SERVICES,
  MAX_THIRD_PARTIES,
  MAX_URL,
} from '../receipts/limits.js';
import { TEMPLATES } from '../templates/catalog.js';

type Schema = Record<string, unknown>;

/** A BCP 47 language tag, as the validator takes it (patterns have no flags: both cases by hand). */
const language: Schema = { type: 'string', maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' };
/** `{ language: value }`. */
const perLanguage = (value: Schema, minProperties = 1): Schema => ({
  type: 'object',
  minProperties,
  propertyNames: language,
  additionalProperties: value,
});
const localized = (max?: number): Schema => {
  const text = { type: 'string', minLength: 1, ...(max ? { maxLength: max } : {}) };
  return { oneOf: [text, perLanguage(text)] };
};
// http(s), or relative: no scheme before the first / ? or #. Case-insensitive by hand (patterns
// have no flags).
const url: Schema = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_URL,
  pattern: '^(?:[Hh][Tt][Tt][Pp][Ss]?:|[^:/?#\\s][^:/?#]*(?:[/?#]|$)|[/?#])',
};

/** Each check of the validator, as a schema. */
const CHECKS: Record<string, Schema> = {
  revision: { type: 'integer', minimum: 0, maximum: MAX_REVISION },
  days: { type: 'integer', minimum: 1, maximum: MAX_DAYS },
  duration: { oneOf: [{ type: 'number', minimum: 0 }, localized(MAX_NAME)] },
  text: localized(MAX_NAME),
  purpose: localized(MAX_PURPOSE),
  prose: localized(),
  url,
  urls: perLanguage(url),
  lang: { anyOf: [{ const: 'auto' }, language] },
  bool: { type: 'boolean' },
  false: { const: false },
  names: { type: 'array', maxItems: MAX_THIRD_PARTIES, items: localized(MAX_NAME) },
  corner: { enum: ['bottom-left', 'bottom-right'] },
  strings: perLanguage({ type: 'object', additionalProperties: { type: 'string' } }, 0),
  id: { type: 'string', maxLength: MAX_ID, pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
  host: { type: 'string', pattern: '^\\.?(\\*\\.)?([A-Za-z0-9-]+\\.)*[A-Za-z0-9-]+$' },
  hostPath: {
    type: 'string',
    pattern: "^\\.?(\\*\\.)?([A-Za-z0-9-]+\\.)*[A-Za-z0-9-]+(/[\\w~!$&'()+,=:@-][\\w.~!$&'()+,=:@-]*)*/?$",
    description: 'A host (its subdomains too), or a host and a path prefix such as www.google.com/maps.',
  },
  cookie: { type: 'string', pattern: "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$" },
  path: { type: 'string', pattern: '^/[^;\\s]*$' },
  region: { type: 'string', pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$' },
  seal: { type: 'string', pattern: '^\\w+\\.\\w+\\.[\\w-]+$' },
};

/** Counts the validator checks beside the rules, by path. */
const ARRAYS: Record<string, Schema> = {
  categories: { minItems: 1, maxItems: MAX_CATEGORIES },
  'categories.services': { maxItems: MAX_SERVICES },
  'categories.services.data': { uniqueItems: true },
};

function toSchema(rule: Rule, path: string): Schema {
  if (typeof rule == 'string') {
    const names = rule.split('|');
    return names.length == 1 ? CHECKS[names[0]!]! : { anyOf: names.map((n) => CHECKS[n]!) };
  }
  if (Array.isArray(rule)) return { enum: [...(rule as string[])] };
  const record = rule as Record<string, Rule>;
  if ('[]' in record) return { type: 'array', items: toSchema(record['[]'], path), ...ARRAYS[path] };
  const at = (key: string) => (path ? `${path}.` : '') + key;
  const properties = Object.fromEntries(
    Object.entries(record).map(([k, r]) => [k.replace('?', ''), toSchema(r, at(k.replace('?', '')))]),
  );
  const required = Object.keys(record).filter((k) => !k.endsWith('?'));
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

/** A service may name a template instead: the template fills every field the service leaves out. */
function withTemplates(service: Schema): Schema {
  const fields = service.properties as Record<string, Schema>;
  return {
    if: { type: 'object', required: ['template'] },
    then: {
      type: 'object',
      additionalProperties: false,
      required: ['template', 'id'],
      properties: {
        template: {
          enum: Object.keys(TEMPLATES),
          description: 'A service template of the catalog; the fields given here override it.',
        },
        ...fields,
      },
    },
    else: service,
  };
}

/** The config's JSON Schema (draft 2020-12). */
export function configSchema(): Schema {
  const schema = toSchema(CONFIG_RULES, '');
  const categories = (schema.properties as Record<string, Schema>).categories!;
  const category = categories.items as Schema;
  const services = (category.properties as Record<string, Schema>).services!;
  services.items = withTemplates(services.items as Schema);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://temoin.dev/schema/config.json',
    title: 'Témoin config',
    description:
      'The config of the Témoin consent banner. `temoin check config.json` checks everything this schema says and what it cannot (unique ids, receipt and cookie sizes).',
    ...schema,
    // The positions a layout takes, as the validator's development build checks them.
    if: { required: ['layout'], properties: { layout: { const: 'box' } } },
    then: { properties: { position: { enum: [...BANNER_POSITIONS.box] } } },
    else: { properties: { position: { enum: [...BANNER_POSITIONS.bar] } } },
  };
}
