// Query strings and path parameters, checked by the JSON schema beside each route. Each
// parameter's schema carries the message the API answers when a value does not fit it
// (`errorMessage`, where `{value}` stands for the value sent), so a refusal names the parameter
// and what it takes. The CLI checks its filter flags with the same schemas (checkQuery).
import type { Ajv, ErrorObject } from 'ajv';
import { createRequire } from 'node:module';
import { TemoinError } from './errors.js';

/** Longest part of a refused value repeated in a message: the answer names the problem, it does not echo a payload. */
const SHOWN = 100;

// Query strings are text: whole numbers are read as numbers (`revision=2`) and defaults fill what
// is left out. Unknown parameters are kept, to be refused: a typo must never silently widen an
// export. (Receipt bodies are never coerced; server.ts gives Fastify its own strict options.)
let ajv: Ajv | undefined;
/**
 * The validator, made at the first query checked: loading ajv and making it was a third of the CPU
 * time of `temoin stats` and `temoin receipts export` (bench/README), and most of their
 * runs check no flag at all (checkQuery).
 */
const validator = () =>
  (ajv ??= new (createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv }).Ajv({
    coerceTypes: true,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    // The refused value and its parameter's schema, for the message.
    verbose: true,
    keywords: ['errorMessage'],
  }));

export interface ParameterSchema {
  errorMessage: string;
  [keyword: string]: unknown;
}

/** One parameter: its JSON schema, and the message naming the problem when a value does not fit. */
export const parameter = (schema: Record<string, unknown>, errorMessage: string): ParameterSchema => ({
  ...schema,
  errorMessage,
});

/** A query string (or path) of these parameters and no other. */
export const parameters = (properties: Record<string, ParameterSchema>) => ({
  type: 'object',
  properties,
  additionalProperties: false,
});

/** The message for ajv's error; `sent` is the query as it came, before numbers were read. */
function message(error: ErrorObject, sent: Record<string, unknown>): string {
  if (error.keyword == 'additionalProperties') {
    const known = Object.keys((error.parentSchema as { properties: object }).properties);
    const unknown = Object.keys(sent).filter((name) => !known.includes(name));
    return `unknown parameter ${unknown.join(', ')}; known: ${known.join(', ')}`;
  }
  const name = error.instancePath.slice(1);
  const template: unknown = error.parentSchema?.errorMessage;
  if (typeof template != 'string') return `${name} ${error.message ?? 'is not valid'}`;
  // A value as sent: text, or a list when the parameter is repeated.
  return template.replace('{value}', () => String(sent[name]).slice(0, SHOWN));
}

/** Checks a query string (or path) against a route's schema: numbers read, defaults filled in, or a TemoinError naming the problem. */
export function queryValidator({ schema }: { schema: object }) {
  // ajv keeps each compiled schema by its object, so compiling again is a lookup.
  const validate = validator().compile(schema);
  return (sent: Record<string, unknown>): { value: Record<string, unknown> } | { error: TemoinError } => {
    const value = { ...sent };
    if (validate(value)) return { value };
    return {
      error: new TemoinError(
        'TEMOIN_ERR_INVALID_QUERY',
        validate.errors?.[0] ? message(validate.errors[0], sent) : 'invalid query',
      ),
    };
  };
}

/** Whether an empty query passes `schema` as it is: no parameter required, no default to fill in. */
function emptyFits(schema: { required?: unknown[]; properties?: Record<string, object> }): boolean {
  return !schema.required?.length && Object.values(schema.properties ?? {}).every((p) => !('default' in p));
}

/** `query` checked against `schema` and completed, as the API does it; throws the API's TemoinError. */
export function checkQuery(schema: object, query: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(query).length && emptyFits(schema)) return {};
  const result = queryValidator({ schema })(query);
  if ('error' in result) throw result.error;
  return result.value;
}
