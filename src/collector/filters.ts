// Analysts' filters, the same from a query string or the CLI's flags: each parameter's JSON schema
// with the message that names the problem, then what a schema cannot say (a real date, `from`
// before `to`, `decision` with a category). Dates may be days (2026-11-23) or ISO 8601 times.
import { MAX_REVISION } from '../receipts/limits.js';
import { calendarDay } from './calendar-day.js';
import { TemoinError } from './errors.js';
import { checkQuery, parameter, parameters } from './query-schema.js';
import type { ReceiptFilter } from './store/store.js';

export const EVENTS = ['given', 'refused', 'updated', 'withdrawn', 'expired'] as const;

/** A UUID in either case: ids are looked up in lower case, as the SDK writes them. */
export const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A visitor's UUID, or its start (8 characters at least) as the dashboard and the visitor's copy show it. */
const PRINCIPAL = '^[0-9a-fA-F]{8}[-0-9a-fA-F]{0,28}$';

const timeMessage = (name: string) => `${name} must be a date (2026-11-23) or an ISO 8601 time, not "{value}"`;
const time = (name: string) => parameter({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' }, timeMessage(name));

export const TIME_RANGE = { from: time('from'), to: time('to') };

export const FILTER_PARAMETERS = {
  ...TIME_RANGE,
  category: parameter(
    { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$' },
    'category must be a category id, not "{value}"',
  ),
  decision: parameter({ enum: ['granted', 'refused'] }, 'decision must be granted or refused, not "{value}"'),
  event: parameter({ enum: EVENTS }, `event must be one of ${EVENTS.join(', ')}, not "{value}"`),
  revision: parameter(
    { type: 'integer', minimum: 0, maximum: MAX_REVISION },
    `revision must be a whole number from 0 to ${MAX_REVISION}, not "{value}"`,
  ),
  principal: parameter(
    { type: 'string', pattern: PRINCIPAL },
    'principal must be a visitor\'s UUID or its first 8 characters or more (as the dashboard shows it), not "{value}"',
  ),
};

/** The filter parameters as their schemas leave them. */
export interface FilterQuery {
  from?: string;
  to?: string;
  category?: string;
  decision?: 'granted' | 'refused';
  event?: (typeof EVENTS)[number];
  revision?: number;
  principal?: string;
}

/** An empty filter (`?category=`, `--from ''`) filters nothing, as when it is left out. */
export function withoutEmptyFilters<T extends Record<string, unknown>>(query: T): T {
  const kept = Object.entries(query).filter(
    ([name, value]) => value !== undefined && !(name in FILTER_PARAMETERS && value === ''),
  );
  return Object.fromEntries(kept) as T;
}

/** The parameters that hold an id, which people paste, often with a space or a line break around it. */
const ID_PARAMETERS = ['principal', 'receipt'];

/**
 * Ids without the white space around them, so a pasted id is read as the id it is. An id of
 * white space only is left as it is, to be refused: it must never become an empty filter.
 */
export function trimmedIds<T extends Record<string, unknown>>(query: T): T {
  const trimmed = Object.entries(query).map(([name, value]) =>
    ID_PARAMETERS.includes(name) && typeof value == 'string' && value.trim() ? [name, value.trim()] : [name, value],
  );
  return Object.fromEntries(trimmed) as T;
}

/** A date or time the schema let through, as a UTC time; days start at midnight UTC. */
function isoTime(value: string, name: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  // A time without offset is UTC, as the collector keeps and answers times: never its host's zone.
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const time = new Date(day ? value + 'T00:00:00Z' : zoned ? value : value + 'Z');
  if (Number.isNaN(time.getTime()) || !calendarDay(value) || /T24/i.test(value))
    throw new TemoinError('TEMOIN_ERR_INVALID_QUERY', timeMessage(name).replace('{value}', value));
  return time.toISOString();
}

/** `from` and `to` as UTC times, each when given. */
export function toTimeRange(q: { from?: string | undefined; to?: string | undefined }): { from?: string; to?: string } {
  return { ...(q.from ? { from: isoTime(q.from, 'from') } : {}), ...(q.to ? { to: isoTime(q.to, 'to') } : {}) };
}

/** How a message names a parameter: as the query string spells it, or as the CLI's flag. */
type Naming = (parameter: string) => string;
const asParameter: Naming = (parameter) => parameter;
const asFlag: Naming = (parameter) => `--${parameter}`;

/** The store's filter from checked parameters: times in UTC, the visitor's id in lower case. */
export function toFilter(q: FilterQuery, name = asParameter): ReceiptFilter {
  const filter: ReceiptFilter = toTimeRange(q);
  if (filter.from && filter.to && filter.from >= filter.to)
    throw new TemoinError('TEMOIN_ERR_INVALID_QUERY', `${name('from')} must be before ${name('to')}`);
  if (q.event) filter.event = q.event;
  if (q.revision !== undefined) filter.revision = q.revision;
  if (q.category) filter.category = q.category;
  if (q.decision) {
    if (!q.category)
      throw new TemoinError(
        'TEMOIN_ERR_INVALID_QUERY',
        `${name('decision')} needs ${name('category')}: the decision on which category`,
      );
    filter.decision = q.decision;
  }
  if (q.principal) filter.principal = q.principal.toLowerCase();
  return filter;
}

const FILTER_QUERY = parameters(FILTER_PARAMETERS);
const TIME_RANGE_QUERY = parameters(TIME_RANGE);

/** A parameter's own message ("from must be a date…") as the CLI's flag ("--from must be…"). */
function namingFlags<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof TemoinError && /^[a-z]+ /.test(e.message)) throw new TemoinError(e.code, `--${e.message}`);
    throw e;
  }
}

/** The CLI's filter flags, checked as the API checks its query string. */
export const parseFilter = (flags: Record<string, string | undefined>): ReceiptFilter =>
  namingFlags(() => toFilter(checkQuery(FILTER_QUERY, withoutEmptyFilters(trimmedIds(flags))), asFlag));

/** The CLI's --from and --to, checked as the API checks them. */
export const parseTimeRange = (flags: { from?: string | undefined; to?: string | undefined }) =>
  namingFlags(() => toTimeRange(checkQuery(TIME_RANGE_QUERY, withoutEmptyFilters(flags))));
